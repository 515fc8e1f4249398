using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Payesh.Domain.Obstacles;
using Payesh.Web.Data;
using Payesh.Web.Features.Dashboard;
using Payesh.Web.Features.Meetings;
using Payesh.Web.Tests.Infrastructure;
using Xunit.Abstractions;
using static Payesh.Web.Tests.Infrastructure.TestPlans;

namespace Payesh.Web.Tests.Dashboard;

/// <summary>
/// Issue 12 item 1 (the dashboard ≤ 100 ms): the discipline grid, the stopped and overdue lists and the slipping actions
/// are kept by the engine for their day; the decision panel counts in SQL; the proposed agenda is kept while the audit
/// head is unchanged. Kept figures equal what a fresh instance computes, before and after a report from another instance,
/// and an obstacle changed in another instance shows at once.
/// </summary>
public abstract class DashboardKeeping(TestProvider provider, ITestOutputHelper output)
{
    private sealed record Shown(DashboardView View, DecisionPanel.Panel Panel, int Commands)
    {
        /// <summary>Everything the dashboard shows that the keeping touches, as text to compare; without
        /// <paramref name="registers"/>, only the figures of the day shown (not today's registers and proposed agenda).</summary>
        public string Figures(bool registers = true)
        {
            var b = new StringBuilder();
            var v = View;
            b.Append(CultureInfo.InvariantCulture, $"root {v.Root.Planned:F4} {v.Root.Actual:F4}; stopped {v.StoppedTotal}; overdue {v.OverdueTotal}\n");
            foreach (var a in v.Stopped.Concat(v.Overdue)) b.Append(CultureInfo.InvariantCulture, $"{a.Code} {a.Title} {a.Agency} {a.Days} {a.Figures.Actual:F4}\n");
            foreach (var s in v.League) b.Append(CultureInfo.InvariantCulture, $"{s.Code} {s.Rank} {s.Score:F4} {s.Discipline.Required}/{s.Discipline.Reported}\n");
            foreach (var r in v.Heat.Rows) b.Append(r.Code).Append(' ').AppendJoin(',', r.Cells.Select(c => $"{c.Reported}/{c.Required}")).Append('\n');
            foreach (var p in registers ? Panel.Parts : [Panel.Slipping])
                b.Append(CultureInfo.InvariantCulture, $"{p.Key} {p.Count}: ").AppendJoin(" | ", p.Entries.Select(e => $"{e.Text} {e.Link} {e.Note}")).Append('\n');
            return b.ToString();
        }
    }

    private static async Task<Shown> ShowAsync(PayeshFactory app, long planId, string? asOf = null)
    {
        using var scope = app.Services.CreateScope();
        var sp = scope.ServiceProvider;
        var db = sp.GetRequiredService<PayeshDb>();
        var plan = await db.Plans.AsNoTracking().FirstAsync(p => p.Id == planId);
        var user = await db.CurrentUserAsync("admin");
        return await SqlCommands.CountAsync(async () =>
        {
            var view = (await sp.GetRequiredService<DashboardQueries>().ShowAsync(user, plan, asOf, default)).Value!;
            var panel = await sp.GetRequiredService<DecisionPanel>().ComputeAsync(user, planId, view.Trends.Now, view.Trends, view.Day, default);
            return (view, panel);
        }, (r, n) => new Shown(r.view, r.panel, n));
    }

    [SkippableFact]
    public async Task Kept_figures_equal_a_fresh_instances_before_and_after_a_report_and_an_obstacle_shows_at_once()
    {
        if (provider == TestProvider.Postgres) TestDatabases.RequirePostgres();
        using var a = new PayeshFactory(provider, seedDemo: false);
        using var b = new PayeshFactory(provider, seedDemo: false, connectionString: a.ConnectionString);
        long plan = await a.CreateApprovedPlanAsync(Small());
        await SqlCommands.ListenAsync();
        var throughB = await b.ApiClientAsync("admin");
        await throughB.PostReportAsync(plan, new { action = SmtAction, date = "1405/05/01", percent = 20, backdateReason = "گزارش دیرکرد آزمون" });
        await throughB.PostReportAsync(plan, new { action = TaxAction, date = "1405/06/10", percent = 15, backdateReason = "گزارش دیرکرد آزمون" });

        // Cold, then kept: the same figures, the heat map's cells the very objects kept, fewer SQL commands.
        var cold = await ShowAsync(a, plan);
        var warm = await ShowAsync(a, plan);
        Assert.Equal(cold.Figures(), warm.Figures());
        Assert.Same(cold.View.Heat.Rows[0].Cells[0], warm.View.Heat.Rows[0].Cells[0]);
        Assert.True(warm.Commands <= cold.Commands, $"{warm.Commands} SQL commands kept, {cold.Commands} cold");
        output.WriteLine($"SQL commands per dashboard (view + panel): cold {cold.Commands}, kept {warm.Commands}");
        var proposals = a.Services.GetRequiredService<ProposalCache>();
        Assert.True(proposals.Hits >= 1, "the proposed agenda (no meeting planned) was kept");

        // A fresh instance on the same database computes the same.
        using (var fresh = new PayeshFactory(provider, seedDemo: false, connectionString: a.ConnectionString))
            Assert.Equal(warm.Figures(), (await ShowAsync(fresh, plan)).Figures());

        // A report from the other instance reaching back into the discipline window: the next load shows it, and equals
        // what a fresh instance computes.
        var pastDay = await ShowAsync(a, plan, "1405/06/20");
        await throughB.PostReportAsync(plan, new { action = SmtAction, date = "1405/06/24", percent = 35, backdateReason = "گزارش دیرکرد آزمون" });
        var after = await ShowAsync(a, plan);
        Assert.NotEqual(warm.Figures(), after.Figures());
        using (var fresh = new PayeshFactory(provider, seedDemo: false, connectionString: a.ConnectionString))
            Assert.Equal(after.Figures(), (await ShowAsync(fresh, plan)).Figures());
        // A report repeating the action's value changes no figure but is a report: the discipline counts it at once.
        await throughB.PostReportAsync(plan, new { action = SmtAction, date = "1405/06/25", percent = 35, backdateReason = "گزارش دیرکرد آزمون" });
        var repeated = await ShowAsync(a, plan);
        Assert.NotEqual(after.Figures(), repeated.Figures());
        using (var fresh = new PayeshFactory(provider, seedDemo: false, connectionString: a.ConnectionString))
            Assert.Equal(repeated.Figures(), (await ShowAsync(fresh, plan)).Figures());
        // A day before the report keeps its figures (the same objects).
        var pastAgain = await ShowAsync(a, plan, "1405/06/20");
        Assert.Equal(pastDay.Figures(registers: false), pastAgain.Figures(registers: false));
        Assert.Same(pastDay.View.Heat.Rows[0].Cells[0], pastAgain.View.Heat.Rows[0].Cells[0]);

        // An obstacle escalated in the other instance: the panel's count, its first entries and the proposed agenda at once.
        long id = await b.InDbAsync(async db =>
        {
            var o = new Payesh.Web.Data.Model.Obstacle
            {
                Title = "مانع ارجاعی آزمون نگه‌داشت پیشخوان", Description = "شرح", ReportedByName = "آزمون", ReportedOn = TestClock.DefaultToday.ToDateOnly(),
                State = ObstacleState.Assigned, Escalation = EscalationLevel.NationalHq, Severity = ObstacleSeverity.Critical, ReportedAt = b.Clock.UtcNow,
            };
            db.Obstacles.Add(o);
            await db.SaveChangesAsync();
            return o.Id;
        });
        var withObstacle = await ShowAsync(a, plan);
        Assert.Equal(after.Panel.Escalated.Count + 1, withObstacle.Panel.Escalated.Count);
        Assert.Equal($"/Obstacles/{id}", withObstacle.Panel.Escalated.Entries[0].Link);
        Assert.Equal(after.Panel.Agenda.Count + 1, withObstacle.Panel.Agenda.Count);
        Assert.Contains(withObstacle.Panel.Agenda.Entries, e => e.Link == $"/Obstacles/{id}");
        using (var fresh = new PayeshFactory(provider, seedDemo: false, connectionString: a.ConnectionString))
            Assert.Equal(withObstacle.Figures(), (await ShowAsync(fresh, plan)).Figures());

        // Resolved in the other instance: gone at once.
        await b.InDbAsync(async db =>
        {
            var o = await db.Obstacles.SingleAsync(x => x.Id == id);
            o.State = ObstacleState.Resolved;
            await db.SaveChangesAsync();
            return 0;
        });
        var resolved = await ShowAsync(a, plan);
        Assert.Equal(after.Panel.Escalated.Count, resolved.Panel.Escalated.Count);
        Assert.DoesNotContain(resolved.Panel.Agenda.Entries, e => e.Link == $"/Obstacles/{id}");
    }

    [SkippableFact]
    public async Task Two_hundred_kept_dashboards_of_the_demo_plan_take_few_SQL_commands_each()
    {
        if (provider == TestProvider.Postgres) TestDatabases.RequirePostgres();
        using var app = new PayeshFactory(provider);
        long plan = await app.InDbAsync(db => db.Plans.Where(p => p.Year == TestClock.DefaultToday.Year).Select(p => p.Id).FirstAsync());
        await SqlCommands.ListenAsync();
        var cold = await ShowAsync(app, plan);
        var watch = Stopwatch.StartNew();
        int commands = 0;
        for (int i = 0; i < 200; i++) commands += (await ShowAsync(app, plan)).Commands;
        watch.Stop();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"demo plan {plan}: cold {cold.Commands} SQL commands; kept: {commands / 200.0:F1} commands and {watch.Elapsed.TotalMilliseconds / 200:F2} ms per dashboard (view + panel, 200 loads)"));
        Assert.True(commands / 200 <= cold.Commands);
    }
}

/// <summary>Counts the SQL commands EF Core runs inside one asynchronous flow (other tests' commands are not counted).</summary>
internal static class SqlCommands
{
    private static readonly AsyncLocal<StrongBox<int>?> Current = new();
    private static int _subscribed;

    /// <summary>Listens from now on. EF Core caches whether anyone listens for a second (its logging cache time), so a
    /// test waits that long after the first call before it counts.</summary>
    public static async Task ListenAsync()
    {
        if (Interlocked.Exchange(ref _subscribed, 1) == 0)
        {
            DiagnosticListener.AllListeners.Subscribe(new Listeners());
            await Task.Delay(TimeSpan.FromSeconds(1.5));
        }
    }

    public static async Task<TOut> CountAsync<T, TOut>(Func<Task<T>> run, Func<T, int, TOut> result)
    {
        await ListenAsync();
        var box = new StrongBox<int>();
        Current.Value = box;
        try
        {
            var value = await run();
            return result(value, box.Value);
        }
        finally { Current.Value = null; }
    }

    private sealed class Listeners : IObserver<DiagnosticListener>
    {
        public void OnNext(DiagnosticListener value)
        {
            if (value.Name == DbLoggerCategory.Name) value.Subscribe(new Events());
        }

        public void OnCompleted() { }
        public void OnError(Exception error) { }
    }

    private sealed class Events : IObserver<KeyValuePair<string, object?>>
    {
        public void OnNext(KeyValuePair<string, object?> value)
        {
            if (value.Key == RelationalEventId.CommandExecuted.Name && Current.Value is { } box) Interlocked.Increment(ref box.Value);
        }

        public void OnCompleted() { }
        public void OnError(Exception error) { }
    }
}

public sealed class DashboardKeepingOnSqlite(ITestOutputHelper output) : DashboardKeeping(TestProvider.Sqlite, output);

public sealed class DashboardKeepingOnPostgres(ITestOutputHelper output) : DashboardKeeping(TestProvider.Postgres, output);
