using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Payesh.Web.Data;
using Payesh.Web.Features.Accountability;
using Payesh.Web.Tests.Infrastructure;
using static Payesh.Web.Tests.Infrastructure.TestPlans;

namespace Payesh.Web.Tests.Progress;

/// <summary>
/// Issue 14 item 4: the accountability report is cached per plan version and day, and any change it reads —
/// a report through this instance or another, an agency renamed — is seen by the very next request.
/// </summary>
public abstract class AccountabilityCaching(TestProvider provider)
{
    private static async Task<AccountabilityReports.Report> BuildAsync(PayeshFactory app, long planId, string? asOf = null)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PayeshDb>();
        var plan = await db.Plans.AsNoTracking().FirstAsync(p => p.Id == planId);
        return (await scope.ServiceProvider.GetRequiredService<AccountabilityReports>().BuildAsync(plan, asOf, default))!;
    }

    /// <summary>Every figure and evidence line of a report, to compare two instances' reports.</summary>
    private static string Text(AccountabilityReports.Report r) => string.Join('\n', r.Entries.Select(e =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"{e.Score.Code} {e.Score.Rank} {e.Score.Score:F6} {e.Score.Discipline.Reported}/{e.Score.Discipline.Required} {e.Score.Figures.Actual:F6}: ")
        + string.Join(" | ", new[] { e.Stopped, e.Overdue, e.Behind }.Select(list =>
            string.Join(",", list.Select(x => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{x.Code} {x.Days} {x.Figures.Actual:F4}")))))))
        + $"\nroot {r.Root.Actual}";

    [SkippableFact]
    public async Task A_cached_report_is_used_until_anything_it_reads_changes_in_any_instance()
    {
        if (provider == TestProvider.Postgres) TestDatabases.RequirePostgres();
        using var a = new PayeshFactory(provider, seedDemo: false);
        using var b = new PayeshFactory(provider, seedDemo: false, connectionString: a.ConnectionString);
        var throughA = await a.ApiClientAsync("admin");
        long plan = await a.CreateApprovedPlanAsync(Small());
        var cache = a.Services.GetRequiredService<AccountabilityCache>();

        var first = await BuildAsync(a, plan);
        long hits = cache.Hits;
        var again = await BuildAsync(a, plan);
        Assert.Same(first.Entries, again.Entries);
        Assert.Equal(hits + 1, cache.Hits);
        var pastDay = await BuildAsync(a, plan, "1405/03/31");
        Assert.NotSame(first.Entries, pastDay.Entries);
        Assert.Same(pastDay.Entries, (await BuildAsync(a, plan, "1405/03/31")).Entries);

        // A report through this instance.
        await throughA.PostReportAsync(plan, new { action = SmtAction, date = "1405/06/30", percent = 40 });
        var afterReport = await BuildAsync(a, plan);
        Assert.NotSame(first.Entries, afterReport.Entries);
        Assert.True(afterReport.Root.Actual > first.Root.Actual, $"{afterReport.Root.Actual} after the report, {first.Root.Actual} before");
        var smt = afterReport.Entries.Single(x => x.Score.Code == "SMT");
        Assert.True(smt.Score.Figures.Actual > first.Entries.Single(x => x.Score.Code == "SMT").Score.Figures.Actual);

        // A report through another instance: this one's cache does not answer with the old figures.
        var throughB = await b.ApiClientAsync("admin");
        await throughB.PostReportAsync(plan, new { action = TaxAction, date = "1405/06/30", percent = 70 });
        var afterOther = await BuildAsync(a, plan);
        Assert.True(afterOther.Entries.Single(x => x.Score.Code == "TAX").Score.Figures.Actual
            > afterReport.Entries.Single(x => x.Score.Code == "TAX").Score.Figures.Actual);

        // What this instance brought up to date after the two reports equals what a fresh instance computes.
        using (var fresh = new PayeshFactory(provider, seedDemo: false, connectionString: a.ConnectionString))
            Assert.Equal(Text(afterOther), Text(await BuildAsync(fresh, plan)));

        // A change outside the plan's reports (an agency renamed, audited like every change) in the other instance.
        using (var scope = b.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PayeshDb>();
            var agency = await db.Agencies.FirstAsync(x => x.Code == "SMT");
            agency.Name = "سازمان نام‌تازه";
            await db.SaveChangesAsync();
        }
        var afterRename = await BuildAsync(a, plan);
        Assert.Equal("سازمان نام‌تازه", afterRename.Entries.Single(x => x.Score.Code == "SMT").Score.Name);
        Assert.Same(afterRename.Entries, (await BuildAsync(a, plan)).Entries);
    }
}

public sealed class AccountabilityCachingOnSqlite() : AccountabilityCaching(TestProvider.Sqlite);

public sealed class AccountabilityCachingOnPostgres() : AccountabilityCaching(TestProvider.Postgres);
