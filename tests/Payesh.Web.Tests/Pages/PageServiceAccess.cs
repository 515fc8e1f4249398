using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Payesh.Web.Data;
using Payesh.Web.Data.Model;
using Payesh.Web.Features.Account;
using Payesh.Web.Features.Accountability;
using Payesh.Web.Features.Admin;
using Payesh.Web.Features.Admin.Calendar;
using Payesh.Web.Features.Agencies;
using Payesh.Web.Features.Audit;
using Payesh.Web.Features.Dashboard;
using Payesh.Web.Features.Meetings;
using Payesh.Web.Features.Obstacles;
using Payesh.Web.Features.Plans;
using Payesh.Web.Features.Reports;
using Payesh.Web.Infrastructure;
using Payesh.Web.Tests.Infrastructure;
using Payesh.Web.Tests.Obstacles;
using Payesh.Web.Tests.Reporting;
using static Payesh.Web.Tests.Infrastructure.TestPlans;

namespace Payesh.Web.Tests.Pages;

/// <summary>
/// The page-side feature services (issue 10 § 1) decide who may see what themselves, called directly with a user and no
/// request: a draft plan does not exist for anyone but staff, an agency user's sheet is their own agency's, the audit trail
/// and the reminders are staff's, and the missing-reports list is not a reporter's.
/// </summary>
public abstract class PageServiceAccess(Func<PayeshFactory> app)
{
    private PayeshFactory App => app();


    /// <summary>Calls <paramref name="body"/> with the services of one scope and the user named.</summary>
    private async Task<T> AsAsync<T>(string userName, Func<IServiceProvider, CurrentUser, Task<T>> body)
    {
        using var scope = App.Services.CreateScope();
        var user = await scope.ServiceProvider.GetRequiredService<PayeshDb>().CurrentUserAsync(userName);
        return await body(scope.ServiceProvider, user);
    }

    private Task<PlanRow> RowAsync(long plan) => App.InDbAsync(db => db.Plans.AsNoTracking().SingleAsync(p => p.Id == plan));

    [SkippableFact]
    public async Task A_reporter_sees_another_agencys_card_but_not_an_unknown_agency()
    {
        var (plan, _) = await ReportingPlans.CreateAsync(App, Small("برنامه کارنامه"));
        var row = await RowAsync(plan);
        var other = await AsAsync("tax.reporter", (s, u) => s.GetRequiredService<AgencyQueries>().CardAsync(u, "SMT", row, null, default));
        // Cards are public to every signed-in user, like the league on the dashboard: TAX's reporter reads SMT's card.
        Assert.True(other.Ok, other.Detail);
        Assert.Equal("SMT", other.Value!.Agency.Code);
        Assert.Equal(2, other.Value.Actions.Count);
        var unknown = await AsAsync("tax.reporter", (s, u) => s.GetRequiredService<AgencyQueries>().CardAsync(u, "NOPE", row, null, default));
        Assert.Equal(OutcomeKind.NotFound, unknown.Kind);
    }

    [SkippableTheory]
    [InlineData("governor")]
    [InlineData("smt.manager")]
    [InlineData("smt.reporter")]
    public async Task A_draft_is_not_found_by_the_dashboard_card_and_accountability_services_for_non_staff(string who)
    {
        var (plan, _) = await ReportingPlans.CreateAsync(App, Small("پیش‌نویس خدمات"), approve: false);
        var row = await RowAsync(plan);
        Assert.Equal(OutcomeKind.NotFound, (await AsAsync(who, (s, u) => s.GetRequiredService<DashboardQueries>().ShowAsync(u, row, null, default))).Kind);
        Assert.Equal(OutcomeKind.NotFound, (await AsAsync(who, (s, u) => s.GetRequiredService<DashboardQueries>().CurveAsync(u, row, null, "S", default))).Kind);
        Assert.Equal(OutcomeKind.NotFound, (await AsAsync(who, (s, u) => s.GetRequiredService<AgencyQueries>().CardAsync(u, "SMT", row, null, default))).Kind);
        Assert.Equal(OutcomeKind.NotFound, (await AsAsync(who, (s, u) => s.GetRequiredService<AccountabilityReports>().ReportAsync(u, row, null, default))).Kind);
        // A forged "plan shown" does not open the daily sheet of a draft either.
        var sheet = await AsAsync(who, (s, u) => s.GetRequiredService<TodayQueries>()
            .SheetAsync(u, Outcome.Done(new PlanShown(row, [], true)), null, null, false, default));
        Assert.Equal(TodayQueries.NotTakingReports, sheet.Message);
        Assert.Empty(sheet.Rows);
    }

    [SkippableFact]
    public async Task Staff_read_a_draft_through_the_same_services()
    {
        var (plan, _) = await ReportingPlans.CreateAsync(App, Small("پیش‌نویس دبیرخانه"), approve: false);
        var row = await RowAsync(plan);
        var dashboard = await AsAsync("secretariat", (s, u) => s.GetRequiredService<DashboardQueries>().ShowAsync(u, row, null, default));
        Assert.True(dashboard.Ok, dashboard.Detail);
        Assert.Equal(2, dashboard.Value!.League.Count);
        Assert.True((await AsAsync("secretariat", (s, u) => s.GetRequiredService<AgencyQueries>().CardAsync(u, "TAX", row, null, default))).Ok);
        Assert.Equal(OutcomeKind.NotFound, (await AsAsync("secretariat", (s, u) => s.GetRequiredService<DashboardQueries>().CurveAsync(u, row, null, "NO-SUCH", default))).Kind);
    }

    [SkippableFact]
    public async Task An_agency_user_gets_their_own_agencys_sheet_whatever_agency_they_ask_for()
    {
        var (plan, nodes) = await ReportingPlans.CreateAsync(App, Small("برنامه برگه روزانه"));
        var row = await RowAsync(plan);
        var shown = Outcome.Done(new PlanShown(row, [], true));
        var sheet = await AsAsync("tax.reporter", (s, u) => s.GetRequiredService<TodayQueries>().SheetAsync(u, shown, "SMT", null, false, default));
        Assert.Null(sheet.Message);
        Assert.Equal("TAX", sheet.Agency!.Code);
        Assert.Equal(new[] { nodes[TaxAction] }, sheet.Rows.Select(r => r.NodeId));
        Assert.False(sheet.CanChooseAgency);
        var staff = await AsAsync("secretariat", (s, u) => s.GetRequiredService<TodayQueries>().SheetAsync(u, shown, "SMT", null, false, default));
        Assert.Equal("SMT", staff.Agency!.Code);
        Assert.True(staff.CanChooseAgency);
    }

    [SkippableFact]
    public async Task The_excel_day_sheet_gives_an_agency_user_their_own_agency_and_never_a_draft()
    {
        var (plan, _) = await ReportingPlans.CreateAsync(App, Small("برنامه برگه اکسل"));
        var shown = Outcome.Done(new PlanShown(await RowAsync(plan), [], true));
        var form = await AsAsync("tax.reporter", (s, u) => s.GetRequiredService<SheetQueries>().FormAsync(u, shown, "SMT", null, default));
        Assert.True(form.Ready, form.Message);
        Assert.Equal("TAX", form.Agency!.Code);
        Assert.Empty(form.Agencies);
        var staff = await AsAsync("secretariat", (s, u) => s.GetRequiredService<SheetQueries>().FormAsync(u, shown, "SMT", "۱۳۰۰/۰۱/۰۱", default));
        Assert.Equal("SMT", staff.Agency!.Code);
        Assert.NotNull(staff.DayError);
        // A forged "plan shown" (a draft) gives no sheet: the service asks PlanQueries and the plans that take reports again.
        var (draft, _) = await ReportingPlans.CreateAsync(App, Small("پیش‌نویس برگه اکسل"), approve: false);
        var forged = Outcome.Done(new PlanShown(await RowAsync(draft), [], true));
        foreach (var who in new[] { "smt.reporter", "secretariat" })
        {
            var refused = await AsAsync(who, (s, u) => s.GetRequiredService<SheetQueries>().FormAsync(u, forged, null, null, default));
            Assert.Equal(SheetQueries.NoPlanRunning, refused.Message);
            Assert.Null(refused.Plan);
        }
    }

    [SkippableFact]
    public async Task The_obstacle_page_is_forbidden_to_an_agency_it_does_not_concern()
    {
        long id = await (await App.ApiClientAsync("smt.reporter")).RegisterAsync(ObstacleApi.NewObstacle("مانع صفحه بی‌درخواست"));
        var other = await AsAsync("tax.reporter", (s, u) => s.GetRequiredService<ObstacleQueries>().PageAsync(u, id, default));
        Assert.Equal(OutcomeKind.Forbidden, other.Kind);
        foreach (var who in new[] { "smt.reporter", "secretariat", "governor" })
        {
            var page = await AsAsync(who, (s, u) => s.GetRequiredService<ObstacleQueries>().PageAsync(u, id, default));
            Assert.True(page.Ok, $"{who}: {page.Detail}");
            Assert.Equal(id, page.Value!.Obstacle.Id);
        }
        Assert.Equal(OutcomeKind.NotFound, (await AsAsync("secretariat", (s, u) => s.GetRequiredService<ObstacleQueries>().PageAsync(u, -1, default))).Kind);
    }

    [SkippableFact]
    public async Task A_meetings_page_offers_its_editing_choices_to_the_hq_only()
    {
        var staffApi = await App.ApiClientAsync("secretariat");
        long id = (long)(await (await staffApi.PostAsJsonAsync("/api/v1/meetings", new { date = "۱۴۰۵/۰۷/۰۳", attendees = new[] { "استاندار" } }))
            .JsonAsync(HttpStatusCode.Created))["id"]!;
        var governor = await AsAsync("governor", (s, u) => s.GetRequiredService<MeetingQueries>().ShowAsync(u, id, default));
        Assert.True(governor.Ok, governor.Detail);
        Assert.False(governor.Value!.CanManage);
        Assert.Empty(governor.Value.Agencies);
        Assert.Empty(governor.Value.Obstacles);
        var staff = await AsAsync("secretariat", (s, u) => s.GetRequiredService<MeetingQueries>().ShowAsync(u, id, default));
        Assert.True(staff.Value!.CanManage);
        Assert.Contains(staff.Value.Agencies, a => a.Code == "SMT");
        Assert.Equal(OutcomeKind.NotFound, (await AsAsync("governor", (s, u) => s.GetRequiredService<MeetingQueries>().ShowAsync(u, -1, default))).Kind);
        Assert.Equal(OutcomeKind.NotFound, (await AsAsync("governor", (s, u) => s.GetRequiredService<MeetingQueries>().MinutesAsync(-1, default))).Kind);
    }

    [SkippableFact]
    public async Task The_one_row_query_gives_the_row_the_sheet_shows_and_nothing_of_another_agency()
    {
        var (plan, nodes) = await ReportingPlans.CreateAsync(App, Small("برنامه ردیف تنها"));
        var shown = Outcome.Done(new PlanShown(await RowAsync(plan), [], true));
        var sheet = await AsAsync("smt.reporter", (s, u) => s.GetRequiredService<TodayQueries>().SheetAsync(u, shown, null, null, false, default));
        var one = await AsAsync("smt.reporter", (s, u) => s.GetRequiredService<TodayQueries>().RowAsync(u, shown, null, null, nodes[SmtAction], default));
        var expected = sheet.Rows.Single(r => r.NodeId == nodes[SmtAction]);
        var row = Assert.Single(one.Rows);
        Assert.Equal((expected.Code, expected.Title, expected.Start, expected.End, expected.Figures, expected.ReportedOnDay, expected.Day, expected.PlanId),
            (row.Code, row.Title, row.Start, row.End, row.Figures, row.ReportedOnDay, row.Day, row.PlanId));
        // TAX's action is not on SMT's sheet, whichever agency is asked for.
        var other = await AsAsync("smt.reporter", (s, u) => s.GetRequiredService<TodayQueries>().RowAsync(u, shown, "TAX", null, nodes[TaxAction], default));
        Assert.Equal("SMT", other.Agency!.Code);
        Assert.Empty(other.Rows);
    }

    [SkippableFact]
    public async Task Missing_reports_are_not_a_reporters_and_reminders_are_staffs()
    {
        var (plan, _) = await ReportingPlans.CreateAsync(App, Small("برنامه گزارش‌های نرسیده"));
        Assert.Equal(OutcomeKind.Forbidden, (await AsAsync("smt.reporter", (s, u) => s.GetRequiredService<MissingQueries>().ShowAsync(u, plan, null, default))).Kind);
        var manager = await AsAsync("smt.manager", (s, u) => s.GetRequiredService<MissingQueries>().ShowAsync(u, plan, null, default));
        Assert.True(manager.Ok, manager.Detail);
        Assert.All(manager.Value!.Result.Agencies, a => Assert.Equal("SMT", a.AgencyCode));
        var staff = await AsAsync("secretariat", (s, u) => s.GetRequiredService<MissingQueries>().ShowAsync(u, plan, null, default));
        Assert.Contains(staff.Value!.Result.Agencies, a => a.AgencyCode == "TAX");
        Assert.Equal(OutcomeKind.Forbidden, (await AsAsync("smt.manager", (s, u) => s.GetRequiredService<MissingCommands>().RemindAsync(u, plan, null, default))).Kind);
        // A draft owes no reports: not found, even to staff.
        var (draft, _) = await ReportingPlans.CreateAsync(App, Small("پیش‌نویس گزارش‌های نرسیده"), approve: false);
        Assert.Equal(OutcomeKind.NotFound, (await AsAsync("secretariat", (s, u) => s.GetRequiredService<MissingQueries>().ShowAsync(u, draft, null, default))).Kind);
    }

    [SkippableTheory]
    [InlineData("governor")]
    [InlineData("smt.manager")]
    [InlineData("tax.reporter")]
    public async Task The_audit_trail_is_staffs_only(string who)
    {
        var filter = new AuditFilter(null, null, null, null, null, null);
        Assert.Equal(OutcomeKind.Forbidden, (await AsAsync(who, (s, u) => s.GetRequiredService<AuditQueries>().TrailAsync(u, filter, 1, default))).Kind);
        Assert.Equal(OutcomeKind.Forbidden, (await AsAsync(who, (s, u) => s.GetRequiredService<AuditQueries>().HistoryAsync(u, "Agency", "1", default))).Kind);
        Assert.Equal(OutcomeKind.Forbidden, (await AsAsync(who, (s, u) => s.GetRequiredService<AuditQueries>().OfUserAsync(u, u.Id, 5, default))).Kind);
        Assert.Equal(OutcomeKind.Forbidden, (await AsAsync(who, (s, u) => s.GetRequiredService<AuditQueries>().VerifyAsync(u, default))).Kind);
    }

    [SkippableFact]
    public async Task The_audit_trail_refuses_a_bad_date_by_field_and_reads_for_staff()
    {
        await ReportingPlans.CreateAsync(App, Small("برنامه سابقه"));
        var bad = await AsAsync("secretariat", (s, u) => s.GetRequiredService<AuditQueries>()
            .TrailAsync(u, new AuditFilter(null, null, null, null, "۱۴۰۵/۱۳/۰۱", null), 1, default));
        Assert.Equal(OutcomeKind.Invalid, bad.Kind);
        Assert.Equal("From", Assert.Single(bad.Errors).Path);
        var trail = await AsAsync("secretariat", (s, u) => s.GetRequiredService<AuditQueries>()
            .TrailAsync(u, new AuditFilter("Plan", null, null, null, null, null), 1, default));
        Assert.True(trail.Ok, trail.Detail);
        Assert.NotEmpty(trail.Value!.Rows);
        Assert.All(trail.Value.Rows, r => Assert.Equal("Plan", r.EntityType));
    }

    [SkippableTheory]
    [InlineData("secretariat")]
    [InlineData("governor")]
    [InlineData("smt.manager")]
    public async Task Administration_services_refuse_everyone_but_administrators(string who)
    {
        Assert.Equal(OutcomeKind.Forbidden, (await AsAsync(who, (s, u) => s.GetRequiredService<AdminQueries>().UsersAsync(u, new UserFilter(null, null, null, null), default))).Kind);
        Assert.Equal(OutcomeKind.Forbidden, (await AsAsync(who, (s, u) => s.GetRequiredService<AdminQueries>().AgenciesAsync(u, null, null, default))).Kind);
        Assert.Equal(OutcomeKind.Forbidden, (await AsAsync(who, (s, u) => s.GetRequiredService<AdminQueries>().TokensAsync(u, null, null, default))).Kind);
        Assert.Equal(OutcomeKind.Forbidden, (await AsAsync(who, (s, u) => s.GetRequiredService<CalendarQueries>().ShowAsync(u, default))).Kind);
        Assert.Equal(OutcomeKind.Forbidden, (await AsAsync(who, (s, u) => s.GetRequiredService<CalendarCommands>().AddHolidayAsync(u, "1405/07/01", "تعطیلی", default))).Kind);
        Assert.Equal(0, await App.InDbAsync(db => db.Holidays.CountAsync(h => h.Title == "تعطیلی")));
        // The administration forms' writes (AdminCommands): refused before anything is read or stored.
        var governorId = await App.InDbAsync(db => db.Users.Where(u => u.UserName == "governor").Select(u => u.Id).SingleAsync());
        int users = await App.InDbAsync(db => db.Users.CountAsync()), tokens = await App.InDbAsync(db => db.ApiTokens.CountAsync());
        Assert.Equal(OutcomeKind.Forbidden, (await AsAsync(who, (s, u) => s.GetRequiredService<AdminCommands>().CreateUserAsync(u,
            new NewUser("intruder.made", "ساخته نفوذی", Roles.Admin, null, true, "Str0ng-Passw0rd!", "Str0ng-Passw0rd!"), default))).Kind);
        Assert.Equal(OutcomeKind.Forbidden, (await AsAsync(who, (s, u) => s.GetRequiredService<AdminCommands>().UpdateUserAsync(u, governorId,
            new UserProfile("تغییر نفوذی", Roles.Admin, null, null), default))).Kind);
        Assert.Equal(OutcomeKind.Forbidden, (await AsAsync(who, (s, u) => s.GetRequiredService<AdminCommands>().SetUserActiveAsync(u, governorId, false, null, default))).Kind);
        Assert.Equal(OutcomeKind.Forbidden, (await AsAsync(who, (s, u) => s.GetRequiredService<AdminCommands>().ResetPasswordAsync(u, governorId, null, default))).Kind);
        Assert.Equal(OutcomeKind.Forbidden, (await AsAsync(who, (s, u) => s.GetRequiredService<AdminCommands>().SaveAgencyAsync(u, null,
            new AgencyFields("INTRUDER", "دستگاه نفوذی", "Government", 0), default))).Kind);
        Assert.Equal(OutcomeKind.Forbidden, (await AsAsync(who, (s, u) => s.GetRequiredService<AdminCommands>().SetAgencyActiveAsync(u, 1, false, 0, default))).Kind);
        Assert.Equal(OutcomeKind.Forbidden, (await AsAsync(who, (s, u) => s.GetRequiredService<AdminCommands>().IssueTokenAsync(u,
            new TokenRequest(governorId, "توکن نفوذی", "30"), default))).Kind);
        Assert.Equal(OutcomeKind.Forbidden, (await AsAsync(who, (s, u) => s.GetRequiredService<AdminCommands>().RevokeTokenAsync(u, 1, default))).Kind);
        Assert.Equal(OutcomeKind.Forbidden, (await AsAsync(who, (s, u) => s.GetRequiredService<AdminQueries>().UserAsync(u, governorId, 5, default))).Kind);
        Assert.Equal(OutcomeKind.Forbidden, (await AsAsync(who, (s, u) => s.GetRequiredService<AdminQueries>().AgencyAsync(u, 1, default))).Kind);
        Assert.Equal(users, await App.InDbAsync(db => db.Users.CountAsync()));
        Assert.Equal(tokens, await App.InDbAsync(db => db.ApiTokens.CountAsync()));
        Assert.Equal(0, await App.InDbAsync(db => db.Agencies.CountAsync(a => a.Code == "INTRUDER")));
        Assert.True(await App.InDbAsync(db => db.Users.Where(u => u.Id == governorId).Select(u => u.IsActive).SingleAsync()));
    }

    [SkippableFact]
    public async Task An_admins_form_writes_are_audited_under_the_admins_name_and_invalid_input_is_keyed_by_field()
    {
        var bad = await AsAsync("admin", (s, u) => s.GetRequiredService<AdminCommands>().CreateUserAsync(u,
            new NewUser("کاربر", " ", Roles.AgencyReporter, null, false, null, null), default));
        Assert.Equal(OutcomeKind.Invalid, bad.Kind);
        Assert.Equal(["AgencyId", "DisplayName", "UserName"], bad.Errors.Select(e => e.Path).Order(StringComparer.Ordinal));

        var name = "svc." + Guid.NewGuid().ToString("N")[..8];
        var made = await AsAsync("admin", (s, u) => s.GetRequiredService<AdminCommands>().CreateUserAsync(u,
            new NewUser(name, "کاربر سرویس", Roles.Viewer, null, false, null, null), default));
        Assert.True(made.Ok, made.Detail);
        Assert.NotNull(made.Value!.Password);
        var issued = await AsAsync("admin", (s, u) => s.GetRequiredService<AdminCommands>().IssueTokenAsync(u, new TokenRequest(made.Value.Id, "ادغام", "۳۰"), default));
        Assert.True(issued.Ok, issued.Detail);
        var revoked = await AsAsync("admin", (s, u) => s.GetRequiredService<AdminCommands>().RevokeTokenAsync(u, 
            s.GetRequiredService<PayeshDb>().ApiTokens.Where(t => t.UserId == made.Value.Id).Select(t => t.Id).Single(), default));
        Assert.Equal("ادغام", revoked.Value);

        var adminId = await App.InDbAsync(db => db.Users.Where(u => u.UserName == "admin").Select(u => u.Id).SingleAsync());
        var audited = await App.InDbAsync(db => db.AuditEntries.AsNoTracking()
            .Where(e => (e.EntityType == "AppUser" && e.EntityId == made.Value.Id) || e.EntityType == "ApiToken").OrderByDescending(e => e.Id).Take(3)
            .Select(e => new { e.EntityType, e.UserId }).ToListAsync());
        Assert.Contains(audited, e => e.EntityType == "AppUser");
        Assert.All(audited, e => Assert.Equal(adminId, e.UserId));
    }

    [SkippableFact]
    public async Task The_calendar_refuses_a_bad_holiday_by_field_and_changes_nothing()
    {
        int before = await App.InDbAsync(db => db.Holidays.CountAsync());
        var bad = await AsAsync("admin", (s, u) => s.GetRequiredService<CalendarCommands>().AddHolidayAsync(u, "۱۴۰۵/۰۷/۴۰", "تعطیلی نادرست", default));
        Assert.Equal(OutcomeKind.Invalid, bad.Kind);
        Assert.Equal("Date", Assert.Single(bad.Errors).Path);
        var untitled = await AsAsync("admin", (s, u) => s.GetRequiredService<CalendarCommands>().AddHolidayAsync(u, "۱۴۰۵/۰۷/۰۲", "  ", default));
        Assert.Equal("Title", Assert.Single(untitled.Errors).Path);
        Assert.Equal(before, await App.InDbAsync(db => db.Holidays.CountAsync()));
        var admins = await AsAsync("admin", (s, u) => s.GetRequiredService<AdminQueries>().UsersAsync(u, new UserFilter(Roles.Admin, null, null, null), default));
        Assert.Contains(admins.Value!, r => r.UserName == "admin");
    }
}

public sealed class PageServiceAccessOnSqlite(SqliteDemoApp app) : PageServiceAccess(() => app), IClassFixture<SqliteDemoApp>;

public sealed class PageServiceAccessOnPostgres(PostgresDemoApp app) : PageServiceAccess(() => app.Factory), IClassFixture<PostgresDemoApp>;
