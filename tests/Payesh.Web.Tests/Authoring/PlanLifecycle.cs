using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Payesh.Domain.Calendar;
using Payesh.Web.Data.Model;
using Payesh.Web.Tests.Admin;
using Payesh.Web.Tests.Infrastructure;
using static Payesh.Web.Tests.Authoring.AuthoringKit;

namespace Payesh.Web.Tests.Authoring;

/// <summary>Draft → approved and communicated (ابلاغ) → closed at year end; and copying a plan to a new year.</summary>
public abstract class PlanLifecycle(Func<PayeshFactory> app)
{
    private PayeshFactory App => app();

    [SkippableFact]
    public async Task Approval_shows_the_blocking_findings_and_is_refused_while_there_are_any()
    {
        var staff = await Browser.SignedInAsync(App, "secretariat");
        var (plan, nodes) = await ApprovablePlanAsync(App, "برنامه با اقدام مبهم");
        await EditNodeAsync(staff, plan, nodes["T1"], new Dictionary<string, string?> { ["Node.Deliverable"] = "" });

        var page = await staff.PageAsync($"/Plans/{plan}/Approve");
        Assert.Contains("۱ مورد بازدارنده", page);
        Assert.Contains("نه خروجی دارد نه شاخص", page);
        Assert.Contains($"/Plans/{plan}/Edit/Node/{nodes["T1"]}", page);
        var refused = await (await ApproveAsync(staff, plan)).HtmlAsync();

        Assert.Contains("تا رفع آن‌ها برنامه تصویب و ابلاغ نمی‌شود", refused);
        Assert.Equal(PlanState.Draft, await StateAsync(App, plan));
        Assert.Equal(0, await App.InDbAsync(db => db.PlanBaselines.CountAsync(b => b.PlanId == plan)));
    }

    [SkippableFact]
    public async Task Approval_freezes_baseline_1_and_tells_the_agencies_who_then_see_their_actions()
    {
        var staff = await Browser.SignedInAsync(App, "secretariat");
        var (plan, _) = await ApprovablePlanAsync(App, "برنامه ابلاغ آزمون");
        var (taxUser, taxName) = await Forms.NewUserAsync(App, Roles.AgencyReporter, "TAX");

        var answer = await ApproveAsync(staff, plan, "مصوبه ۵ ستاد");
        var outline = await staff.FollowAsync(answer, $"/Plans/{plan}/Edit");

        Assert.Contains("ابلاغ‌شده", outline);
        Assert.Equal(PlanState.Approved, await StateAsync(App, plan));
        var baseline = await App.InDbAsync(db => db.PlanBaselines.AsNoTracking().SingleAsync(b => b.PlanId == plan));
        Assert.Equal((1, new DateOnly(2026, 3, 21), "مصوبه ۵ ستاد", "secretariat"),
            (baseline.Number, baseline.EffectiveFrom, baseline.DecisionRef, baseline.CreatedByName));
        // TAX leads T1 and collaborates on S1 and S2.
        var note = await App.InDbAsync(db => db.Notifications.AsNoTracking().SingleAsync(n => n.UserId == taxUser && n.Title.Contains("برنامه ابلاغ آزمون")));
        Assert.Contains("۱ اقدام به مسئولیت دستگاه شما", note.Body);
        Assert.Contains("۲ اقدام با همکاری دستگاه شما", note.Body);
        var tax = await Forms.SignedInAsync(App, taxName, "Test-Pass-2024");
        Assert.Contains("برنامه ابلاغ آزمون", await tax.PageAsync("/Notifications"));
        Assert.Contains(TestPlans.TaxAction, await tax.PageAsync($"/Reports/Today?plan={plan}"));
        // Approved plans are not approved twice.
        Assert.Contains("فقط برنامه پیش‌نویس تصویب و ابلاغ می‌شود", await (await ApproveAsync(staff, plan)).HtmlAsync());
    }

    [SkippableFact]
    public async Task A_plan_closes_at_its_year_end_and_then_takes_no_reports()
    {
        var staff = await Browser.SignedInAsync(App, "secretariat");
        var (plan, _) = await ApprovablePlanAsync(App, "برنامه بستنی");
        await ApproveAsync(staff, plan);
        async Task<HttpResponseMessage> CloseAsync()
        {
            // A new sign-in: moving the clock ends the session of the day before.
            staff = await Browser.SignedInAsync(App, "secretariat");
            var page = await staff.PageAsync($"/Plans/{plan}/Approve");
            return await staff.SubmitAsync($"/Plans/{plan}/Approve", $"/Plans/{plan}/Approve?handler=Close",
                new Dictionary<string, string?> { ["Version"] = Forms.Field(page, "Version") });
        }

        Assert.Contains("برنامه در پایان سال بسته می‌شود", await (await CloseAsync()).HtmlAsync());
        App.Clock.SetToday(new JalaliDate(1405, 12, 29));
        try
        {
            Assert.Equal(HttpStatusCode.Redirect, (await CloseAsync()).StatusCode);
            Assert.Equal(PlanState.Closed, await StateAsync(App, plan));
            var report = await (await App.ApiClientAsync("smt.reporter")).PostAsync($"/api/v1/plans/{plan}/reports",
                new StringContent("""{"action":"S1","date":"1405/12/29","percent":50}""", System.Text.Encoding.UTF8, "application/json"));
            var problem = await report.ProblemAsync(HttpStatusCode.UnprocessableEntity);
            Assert.Contains(problem.Errors.Values.SelectMany(v => v), m => m.Contains("بسته شده است"));
        }
        finally
        {
            App.Clock.SetToday(TestClock.DefaultToday);
        }
    }

    [SkippableFact]
    public async Task A_copy_to_the_next_year_moves_every_date_and_carries_no_progress()
    {
        var staff = await Browser.SignedInAsync(App, "secretariat");
        var (plan, _) = await ApprovablePlanAsync(App, "برنامه ۱۴۰۵ رونوشت");
        // Reports go to communicated plans only (issue 10 § 2): the plan copied is the running, approved one.
        await App.InDbAsync(db => db.Plans.Where(p => p.Id == plan).ExecuteUpdateAsync(x => x.SetProperty(p => p.State, PlanState.Approved)));
        await (await App.ApiClientAsync("smt.reporter")).PostReportAsync(plan, new { action = "S1", date = "1405/06/31", percent = 30 });

        var answer = await staff.SubmitAsync($"/Plans/{plan}/Copy", new Dictionary<string, string?> { ["Year"] = "۱۴۰۶" });
        await staff.FollowAsync(answer);
        long copy = long.Parse(System.Text.RegularExpressions.Regex.Match(answer.Headers.Location!.OriginalString, @"/Plans/(\d+)/Edit").Groups[1].Value, CultureInfo.InvariantCulture);

        var row = await App.InDbAsync(db => db.Plans.AsNoTracking().SingleAsync(p => p.Id == copy));
        Assert.Equal(("برنامه ۱۴۰۶ رونوشت", 1406, PlanState.Draft), (row.Title, row.Year, row.State));
        Assert.Equal(new JalaliDate(1406, 12, 29), JalaliDate.FromDateOnly(row.EndDate));
        var s1 = await App.InDbAsync(db => db.PlanNodes.AsNoTracking().Include(n => n.RequirementItems).SingleAsync(n => n.PlanId == copy && n.Code == "S1"));
        Assert.Equal(new JalaliDate(1406, 1, 1), JalaliDate.FromDateOnly(s1.StartDate!.Value));
        var requirement = await App.InDbAsync(db => db.NodeRequirements.AsNoTracking().SingleAsync(r => db.PlanNodes.Any(n => n.Id == r.NodeId && n.PlanId == copy)));
        Assert.Equal(new JalaliDate(1406, 2, 1), JalaliDate.FromDateOnly(requirement.Deadline!.Value));
        Assert.Equal(0, await App.ReportCountAsync(copy));
        Assert.Equal(0, await App.InDbAsync(db => db.PlanBaselines.CountAsync(b => b.PlanId == copy)));
    }
}

public sealed class PlanLifecycleOnSqlite(SqliteDemoApp app) : PlanLifecycle(() => app), IClassFixture<SqliteDemoApp>;

public sealed class PlanLifecycleOnPostgres(PostgresDemoApp app) : PlanLifecycle(() => app.Factory), IClassFixture<PostgresDemoApp>;
