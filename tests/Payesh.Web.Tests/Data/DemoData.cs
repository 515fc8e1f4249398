using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Payesh.Web.Data.Model;
using Payesh.Web.Tests.Infrastructure;

namespace Payesh.Web.Tests.Data;

/// <summary>What a new database gets: the two demo plans with a realistic history and one user per role.</summary>
public abstract class DemoData(Func<PayeshFactory> app)
{
    private PayeshFactory App => app();

    [SkippableFact]
    public async Task Demo_has_two_plans_of_261_actions_with_tens_of_thousands_of_reports()
    {
        var plans = await App.InDbAsync(db => db.Plans.AsNoTracking().OrderBy(p => p.Id).ToListAsync());

        Assert.Equal([1398, TestClock.DefaultToday.Year], plans.Select(p => p.Year));
        Assert.All(plans, p => Assert.Equal(PlanState.Approved, p.State));
        foreach (var plan in plans)
        {
            Assert.Equal(261, await App.InDbAsync(db => db.PlanNodes.CountAsync(n => n.PlanId == plan.Id && n.IsAction)));
            Assert.Equal(27, await App.InDbAsync(db => db.PlanNodes.CountAsync(n => n.PlanId == plan.Id && n.ParentId == null)));
        }
        var reports = await App.InDbAsync(db => db.ProgressReports.AsNoTracking().ToListAsync());
        Assert.InRange(reports.Count, 20_000, 200_000);
        var historic = reports.Where(r => r.PlanId == plans[0].Id).ToList();
        var current = reports.Where(r => r.PlanId == plans[1].Id).ToList();
        Assert.True(historic.Count > 10_000 && current.Count > 5_000, $"{historic.Count} and {current.Count} reports");
        Assert.True(historic.Max(r => r.ReportDate) <= plans[0].EndDate);
        var yesterday = TestClock.DefaultToday.AddDays(-1).ToDateOnly();
        Assert.Equal(yesterday, current.Max(r => r.ReportDate));
        Assert.Contains(reports, r => r.Status == ReportStatus.Rejected && r.ReviewReason is not null);
        Assert.Contains(reports, r => r.Status == ReportStatus.Verified);
        Assert.Contains(reports, r => r.Status == ReportStatus.Submitted);
        Assert.All(reports, r => Assert.InRange(r.PercentHundredths, 0, 10_000));

        // Downward corrections: below the action's previous counting report, always with a justification.
        int corrections = 0;
        foreach (var action in reports.Where(r => r.Status != ReportStatus.Rejected).GroupBy(r => r.NodeId))
        {
            int previous = 0;
            foreach (var r in action.OrderBy(r => r.ReportDate).ThenBy(r => r.SubmittedAt))
            {
                if (r.PercentHundredths < previous)
                {
                    corrections++;
                    Assert.False(string.IsNullOrWhiteSpace(r.Justification), $"report {r.Id} goes down without a justification");
                }
                previous = r.PercentHundredths;
            }
        }
        Assert.True(corrections > 0);
    }

    [SkippableFact]
    public async Task Demo_users_have_their_roles_and_agencies()
    {
        using var scope = App.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();

        foreach (var (name, role, agency) in new (string, string, string?)[]
        {
            ("admin", Roles.Admin, null), ("secretariat", Roles.Secretariat, null), ("governor", Roles.Viewer, null),
            ("smt.manager", Roles.AgencyManager, "SMT"), ("smt.reporter", Roles.AgencyReporter, "SMT"),
            ("tax.reporter", Roles.AgencyReporter, "TAX"), ("bmi.reporter", Roles.AgencyReporter, "BMI"),
        })
        {
            var user = await users.Users.Include(u => u.Agency).SingleAsync(u => u.UserName == name);
            Assert.Equal([role], await users.GetRolesAsync(user));
            Assert.Equal(agency, user.Agency?.Code);
            Assert.True(user.IsActive);
            Assert.True(await users.CheckPasswordAsync(user, name == "admin" ? PayeshFactory.AdminPassword : PayeshFactory.DemoPassword));
            Api.AssertPersian(user.DisplayName);
        }
    }
}

public sealed class DemoDataOnSqlite(SqliteDemoApp app) : DemoData(() => app), IClassFixture<SqliteDemoApp>;

public sealed class DemoDataOnPostgres(PostgresDemoApp app) : DemoData(() => app.Factory), IClassFixture<PostgresDemoApp>;
