using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Payesh.Domain.Calendar;
using Payesh.Domain.Plans;
using Payesh.Web.Data.Model;
using Payesh.Web.Features.Plans;
using Payesh.Web.Features.Reports;
using Payesh.Web.Infrastructure;

namespace Payesh.Web.Data.Demo;

/// <summary>
/// The demo: Qom's 1398 plan with a deterministic year of daily reports, the same plan moved to the
/// current Jalali year with reports up to yesterday, and one demo user per role.
/// </summary>
public sealed class DemoSeeder(PayeshDb db, UserManager<AppUser> users, PayeshClock clock, IConfiguration config, ILogger<DemoSeeder> log, IServiceProvider services)
{
    public const string ResourceName = "Payesh.Demo.qom-1398-plan.json";

    public static PlanDocument LoadDocument()
    {
        using var stream = typeof(DemoSeeder).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException("The demo plan is not embedded.");
        return JsonSerializer.Deserialize<PlanDocument>(stream, Payesh.Web.Infrastructure.Input.ApiInput.Json)!;
    }

    public async Task SeedAsync(CancellationToken ct)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        var (plan, errors) = PlanDocumentReader.Read(LoadDocument(), new HashSet<string>());
        if (plan is null) throw new InvalidOperationException("The demo plan is invalid: " + string.Join("; ", errors.Select(e => $"{e.Path}: {e.Message}")));

        db.Actor.Is(null, "demo");
        var today = clock.Today;
        var phases = new System.Text.StringBuilder();
        var cpuAtStart = Environment.CpuUsage.TotalTime;
        // Wall and process CPU time at the end of each step: on a shared machine the CPU time is what the step cost.
        void Phase(string name) => phases.Append(System.Globalization.CultureInfo.InvariantCulture,
            $"{(phases.Length > 0 ? "; " : "")}{name} at {started.Elapsed.TotalSeconds:0.00} s, CPU {(Environment.CpuUsage.TotalTime - cpuAtStart).TotalSeconds:0.00} s");
        long historic = await PlanStore.CreateAsync(db, plan, clock.Now, ct);
        Phase("plan");
        int historicReports = await SeedReportsAsync(historic, plan.End, ct);
        Phase("reports");

        var moved = MoveToYear(plan, today.Year);
        long current = await PlanStore.CreateAsync(db, moved, clock.Now, ct);
        int currentReports = await SeedReportsAsync(current, today.AddDays(-1), ct);
        Phase("second plan and reports");
        await db.Plans.Where(p => p.Id == historic || p.Id == current)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.State, PlanState.Approved), ct);
        foreach (var id in new[] { historic, current })
            await db.AuditAsync("update", EntityNames.Plan, id.ToString(System.Globalization.CultureInfo.InvariantCulture),
                $"{{\"Id\":{id},\"State\":\"{PlanState.Approved}\"}}", ct);
        // Approved plans have their first baseline (progress-spec § Baselines).
        await PlanBaselines.RecordAsync(db, historic, plan.Start, "تصویب و ابلاغ برنامه", "داده نمونه", clock.Now, (null, "demo"), ct);
        await PlanBaselines.RecordAsync(db, current, moved.Start, "تصویب و ابلاغ برنامه", "داده نمونه", clock.Now, (null, "demo"), ct);

        Phase("baselines");
        var accounts = await SeedUsersAsync(ct);
        Phase("users");
        await ActivatorUtilities.CreateInstance<DemoObstacles>(services).SeedAsync(current, today, ct);
        Phase("obstacles");
        await db.AuditAsync("seed", "Demo", null,
            $"{{\"plans\":[{historic},{current}],\"reports\":{historicReports + currentReports}}}", ct);

        log.DemoSeeded(
            started.Elapsed.TotalSeconds, phases.ToString(), historic, historicReports, current, today.Year, currentReports,
            string.Join("\n", accounts.Select(a => $"  {a.UserName,-16} {a.Password,-18} {a.Role}")));
    }

    /// <summary>The same plan in another Jalali year: every date keeps its month and day.</summary>
    public static Plan MoveToYear(Plan plan, int year) => PlanCopy.ToYear(plan, year);

    private async Task<int> SeedReportsAsync(long planId, JalaliDate until, CancellationToken ct)
    {
        var nodes = await db.PlanNodes.AsNoTracking().Where(n => n.PlanId == planId && n.IsAction)
            .Include(n => n.Milestones).OrderBy(n => n.Id).ToListAsync(ct);
        var agencies = await db.Agencies.AsNoTracking().ToDictionaryAsync(a => a.Id, a => a.Code, ct);
        var rows = DemoReports.Generate(nodes, id => agencies[id], until.DayNumber, planId);
        // The batch endpoint's bulk path (multi-row inserts on SQLite, binary COPY on PostgreSQL), not the change tracker:
        // a fresh demo is ready in seconds (docs/benchmarks.md § start-up).
        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            await ReportRows.InsertAsync(db, rows, reviewed: true, ct);
            await tx.CommitAsync(ct);
        });
        await db.Plans.Where(p => p.Id == planId).ExecuteUpdateAsync(s => s.SetProperty(p => p.DataVersion, p => p.DataVersion + 1), ct);
        // One entry for the bulk load: the rows exist by the seed, their values are not recorded one by one (AuditRows).
        if (rows.Count > 0)
            await db.AuditAsync(AuditRows.BulkSeedAction, nameof(ProgressReport), $"{rows.Min(r => r.Id)}-{rows.Max(r => r.Id)}", null, ct);
        return rows.Count;
    }

    private sealed record Account(string UserName, string Password, string Role);

    private async Task<List<Account>> SeedUsersAsync(CancellationToken ct)
    {
        var agencies = await db.Agencies.AsNoTracking().ToDictionaryAsync(a => a.Code, ct);
        var fixedPassword = config["Payesh:DemoPassword"];
        var specs = new (string User, string Display, string Role, string? Agency)[]
        {
            ("secretariat", "کارشناس دبیرخانه ستاد", Roles.Secretariat, null),
            ("governor", "استاندار قم", Roles.Viewer, null),
            ("smt.manager", "مدیر سازمان صنعت، معدن و تجارت", Roles.AgencyManager, "SMT"),
            ("smt.reporter", "کارشناس سازمان صنعت، معدن و تجارت", Roles.AgencyReporter, "SMT"),
            ("tax.reporter", "کارشناس اداره کل امور مالیاتی", Roles.AgencyReporter, "TAX"),
            ("bmi.reporter", "کارشناس بانک ملی", Roles.AgencyReporter, "BMI"),
        };
        var result = new List<Account>();
        foreach (var (name, display, role, agency) in specs)
        {
            if (await users.FindByNameAsync(name) is not null) continue;
            if (agency is not null && !agencies.ContainsKey(agency)) continue;
            var password = string.IsNullOrEmpty(fixedPassword) ? DatabaseStartup.NewPassword() : fixedPassword;
            var user = new AppUser
            {
                UserName = name,
                DisplayName = display,
                AgencyId = agency is null ? null : agencies[agency].Id,
                CreatedAt = clock.Now,
            };
            var created = await users.CreateAsync(user, password);
            if (!created.Succeeded)
                throw new InvalidOperationException($"Cannot create demo user {name}: " + string.Join("; ", created.Errors.Select(e => e.Description)));
            await users.AddToRoleAsync(user, role);
            result.Add(new Account(name, string.IsNullOrEmpty(fixedPassword) ? password : "(Payesh:DemoPassword)", role));
        }
        return result;
    }
}
