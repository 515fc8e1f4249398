using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Payesh.Web.Data.Model;
using Payesh.Web.Tests.Infrastructure;
using static Payesh.Web.Tests.Infrastructure.TestPlans;

namespace Payesh.Web.Tests.Reports;

/// <summary>The rules of a progress report (docs/api.md), each with its answer. Today is 1405/06/31.</summary>
public abstract class ReportRules(Func<PayeshFactory> app)
{
    private PayeshFactory App => app();

    private async Task<long> NewPlanAsync(JsonObject? plan = null) =>
        await App.CreateApprovedPlanAsync(plan ?? Small());

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, long planId, object report) =>
        client.PostAsJsonAsync($"/api/v1/plans/{planId}/reports", report);

    private static Task<HttpResponseMessage> PostBatchAsync(HttpClient client, long planId, params object[] reports) =>
        client.PostAsJsonAsync($"/api/v1/plans/{planId}/reports/batch", new { reports });

    private static async Task<double> ActualAsync(HttpClient client, long planId, string node, string? asOf = null) =>
        (double)(await client.ProgressAsync(planId, asOf, node))["actual"]!;

    private static async Task<JsonNode> Created(Task<HttpResponseMessage> response) =>
        await (await response).JsonAsync(HttpStatusCode.Created);

    private static async Task<string> RefusedAsync(HttpResponseMessage response, string path) =>
        (await response.ProblemAsync(HttpStatusCode.UnprocessableEntity)).At(path)[0];

    [SkippableFact]
    public async Task Report_of_the_agencys_own_action_is_accepted_and_counts()
    {
        long plan = await NewPlanAsync();
        var reporter = await App.ApiClientAsync("smt.reporter");

        var created = await PostAsync(reporter, plan, new { action = SmtAction, date = "1405/06/30", percent = 42.5, note = "پیشرفت خوب" });

        var id = (long)(await created.JsonAsync(HttpStatusCode.Created))["id"]!;
        Assert.Equal($"/api/v1/reports/{id}", created.Headers.Location?.OriginalString);
        Assert.Equal(42.5, await ActualAsync(reporter, plan, SmtAction));
        Assert.Equal(0, await ActualAsync(reporter, plan, SmtAction, "1405/06/29"));
    }

    [SkippableFact]
    public async Task Percent_must_be_a_number_from_0_to_100_with_at_most_two_decimals()
    {
        long plan = await NewPlanAsync();
        var reporter = await App.ApiClientAsync("smt.reporter");

        foreach (var percent in new object?[] { 100.01, -1, 12.345, "چهل", null, true })
            await RefusedAsync(await PostAsync(reporter, plan, new { action = SmtAction, date = "1405/06/31", percent }), "percent");
        await RefusedAsync(await PostAsync(reporter, plan, new { action = SmtAction, date = "1405/06/31" }), "percent");

        await Created(PostAsync(reporter, plan, new { action = SmtAction, date = "1405/06/31", percent = 12.34 }));
        await Created(PostAsync(reporter, plan, new { action = SmtSecondAction, date = "1405/06/31", percent = 100 }));
        Assert.Equal(0, await App.InDbAsync(db => db.ProgressReports.CountAsync(r => r.PlanId == plan && r.PercentHundredths > 10000)));
    }

    [SkippableFact]
    public async Task Date_must_be_a_valid_Jalali_day_within_the_plan_and_not_after_today()
    {
        long plan = await NewPlanAsync(Small(start: "1405/02/01", end: "1405/05/31"));
        long running = await NewPlanAsync();
        var admin = await App.ApiClientAsync("admin");
        const string reason = "ثبت سابقه";

        foreach (var date in new[] { "1405/13/01", "1405/05/32", "1404/12/30", "31/05/1405", "دیروز", "" })
            Api.AssertPersian(await RefusedAsync(await PostAsync(admin, plan, new { action = SmtAction, date, percent = 10, backdateReason = reason }), "date"));
        await RefusedAsync(await PostAsync(admin, plan, new { action = SmtAction, date = "1405/01/31", percent = 10, backdateReason = reason }), "date");
        await RefusedAsync(await PostAsync(admin, plan, new { action = SmtAction, date = "1405/06/01", percent = 10, backdateReason = reason }), "date");
        await RefusedAsync(await PostAsync(admin, running, new { action = SmtAction, date = "1405/07/01", percent = 10 }), "date");

        await Created(PostAsync(admin, plan, new { action = SmtAction, date = "1405/02/01", percent = 10, backdateReason = reason }));
        await Created(PostAsync(admin, plan, new { action = SmtAction, date = "1405/05/31", percent = 20, backdateReason = reason }));
        Assert.Equal(2, await App.ReportCountAsync(plan));
    }

    [SkippableFact]
    public async Task Persian_and_Arabic_Indic_digits_are_accepted_in_dates()
    {
        long plan = await NewPlanAsync();
        var reporter = await App.ApiClientAsync("smt.reporter");

        await Created(PostAsync(reporter, plan, new { action = SmtAction, date = "۱۴۰۵/۰۶/۲۹", percent = 10 }));
        await Created(PostAsync(reporter, plan, new { action = SmtAction, date = "١٤٠٥-٠٦-٣٠", percent = 20 }));

        Assert.Equal(10, await ActualAsync(reporter, plan, SmtAction, "1405/06/29"));
        Assert.Equal(20, await ActualAsync(reporter, plan, SmtAction, "1405/06/30"));
    }

    [SkippableFact]
    public async Task A_value_below_the_one_in_force_that_day_needs_a_justification()
    {
        long plan = await NewPlanAsync();
        var reporter = await App.ApiClientAsync("smt.reporter");
        await Created(PostAsync(reporter, plan, new { action = SmtAction, date = "1405/06/29", percent = 40 }));

        var later = await RefusedAsync(await PostAsync(reporter, plan, new { action = SmtAction, date = "1405/06/30", percent = 30 }), "justification");
        var sameDay = await RefusedAsync(await PostAsync(reporter, plan, new { action = SmtAction, date = "1405/06/29", percent = 39.99 }), "justification");
        Api.AssertPersian(later);
        Api.AssertPersian(sameDay);
        await Created(PostAsync(reporter, plan, new { action = SmtAction, date = "1405/06/28", percent = 5 }));
        await Created(PostAsync(reporter, plan, new { action = SmtAction, date = "1405/06/30", percent = 30, justification = "بازدید میدانی نشان داد درصد قبلی زیاد بود." }));

        Assert.Equal(5, await ActualAsync(reporter, plan, SmtAction, "1405/06/28"));
        Assert.Equal(40, await ActualAsync(reporter, plan, SmtAction, "1405/06/29"));
        Assert.Equal(30, await ActualAsync(reporter, plan, SmtAction, "1405/06/30"));
    }

    [SkippableFact]
    public async Task Batch_compares_each_item_with_the_value_in_force_on_its_own_day()
    {
        long plan = await NewPlanAsync();
        var admin = await App.ApiClientAsync("admin");
        const string reason = "ثبت سابقه";
        await Created(PostAsync(admin, plan, new { action = SmtAction, date = "1405/06/20", percent = 50, backdateReason = reason }));

        // The first item is dated before the stored 50 %, so on 1405/06/25 the 50 % is still in force.
        var refused = await PostBatchAsync(admin, plan,
            new { action = SmtAction, date = "1405/06/10", percent = 20, backdateReason = reason },
            new { action = SmtAction, date = "1405/06/25", percent = 40, backdateReason = reason });
        var sameBatch = await PostBatchAsync(admin, plan,
            new { action = SmtSecondAction, date = "1405/06/26", percent = 60, backdateReason = reason },
            new { action = SmtSecondAction, date = "1405/06/27", percent = 55, backdateReason = reason });

        Api.AssertPersian(await RefusedAsync(refused, "reports[1].justification"));
        await RefusedAsync(sameBatch, "reports[1].justification");
        Assert.Equal(1, await App.ReportCountAsync(plan));
    }

    [SkippableFact]
    public async Task Action_must_be_an_action_of_that_plan()
    {
        long plan = await NewPlanAsync();
        var admin = await App.ApiClientAsync("admin");

        Api.AssertPersian(await RefusedAsync(await PostAsync(admin, plan, new { action = "ZZ.99", date = "1405/06/31", percent = 10 }), "action"));
        await RefusedAsync(await PostAsync(admin, plan, new { action = "S", date = "1405/06/31", percent = 10 }), "action");
        await RefusedAsync(await PostAsync(admin, plan, new { date = "1405/06/31", percent = 10 }), "action");
        await RefusedAsync(await PostAsync(admin, plan, new { action = "01.01.01", date = "1405/06/31", percent = 10 }), "action");
        Assert.Equal(0, await App.ReportCountAsync(plan));
    }

    [SkippableFact]
    public async Task Agency_users_report_only_the_actions_their_agency_leads()
    {
        long plan = await NewPlanAsync();
        var smt = await App.ApiClientAsync("smt.reporter");
        var smtManager = await App.ApiClientAsync("smt.manager");
        var tax = await App.ApiClientAsync("tax.reporter");
        var secretariat = await App.ApiClientAsync("secretariat");
        var viewer = await App.ApiClientAsync("governor");

        var problem = await (await PostAsync(smt, plan, new { action = TaxAction, date = "1405/06/31", percent = 10 })).ProblemAsync(HttpStatusCode.Forbidden);
        Api.AssertPersian(problem.Detail);
        await (await PostAsync(viewer, plan, new { action = SmtAction, date = "1405/06/31", percent = 10 })).ProblemAsync(HttpStatusCode.Forbidden);
        await (await PostBatchAsync(smt, plan,
            new { action = SmtAction, date = "1405/06/31", percent = 10 },
            new { action = TaxAction, date = "1405/06/31", percent = 10 })).ProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(0, await App.ReportCountAsync(plan));

        await Created(PostAsync(tax, plan, new { action = TaxAction, date = "1405/06/31", percent = 10 }));
        await Created(PostAsync(smtManager, plan, new { action = SmtAction, date = "1405/06/31", percent = 10 }));
        await Created(PostAsync(secretariat, plan, new { action = TaxAction, date = "1405/06/31", percent = 20 }));
        Assert.Equal(3, await App.ReportCountAsync(plan));
    }

    [SkippableFact]
    public async Task Unknown_plan_is_not_found()
    {
        var admin = await App.ApiClientAsync("admin");

        await (await PostAsync(admin, 987654, new { action = SmtAction, date = "1405/06/31", percent = 10 })).ProblemAsync(HttpStatusCode.NotFound);
        await (await PostBatchAsync(admin, 987654, new { action = SmtAction, date = "1405/06/31", percent = 10 })).ProblemAsync(HttpStatusCode.NotFound);
        await (await admin.GetAsync("/api/v1/plans/987654")).ProblemAsync(HttpStatusCode.NotFound);
    }

    [SkippableFact]
    public async Task Agency_users_back_date_only_as_far_as_the_plan_allows_and_staff_further_with_a_reason()
    {
        long plan = await NewPlanAsync();
        long lenient = await NewPlanAsync(Small(backdateDays: 10));
        var reporter = await App.ApiClientAsync("smt.reporter");
        var secretariat = await App.ApiClientAsync("secretariat");

        Api.AssertPersian(await RefusedAsync(await PostAsync(reporter, plan, new { action = SmtAction, date = "1405/06/27", percent = 10 }), "date"));
        await Created(PostAsync(reporter, plan, new { action = SmtAction, date = "1405/06/28", percent = 10 }));
        await RefusedAsync(await PostAsync(reporter, lenient, new { action = SmtAction, date = "1405/06/20", percent = 10 }), "date");
        await Created(PostAsync(reporter, lenient, new { action = SmtAction, date = "1405/06/21", percent = 10 }));

        Api.AssertPersian(await RefusedAsync(await PostAsync(secretariat, plan, new { action = TaxAction, date = "1405/03/01", percent = 10 }), "backdateReason"));
        await Created(PostAsync(secretariat, plan, new { action = TaxAction, date = "1405/03/01", percent = 10, backdateReason = "نامه دستگاه دیر رسید." }));
        var stored = await App.InDbAsync(db => db.ProgressReports.Where(r => r.PlanId == plan).OrderBy(r => r.Id).Select(r => r.BackdateReason).ToListAsync());
        Assert.Equal([null, "نامه دستگاه دیر رسید."], stored);
    }

    [SkippableFact]
    public async Task Batch_is_all_or_nothing()
    {
        long plan = await NewPlanAsync();
        var reporter = await App.ApiClientAsync("smt.reporter");
        var before = await reporter.ProgressAsync(plan);

        var refused = await PostBatchAsync(reporter, plan,
            new { action = SmtAction, date = "1405/06/30", percent = 10 },
            new { action = SmtSecondAction, date = "1405/06/30", percent = 150 },
            new { action = SmtSecondAction, date = "1405/06/44", percent = 10 },
            new { action = "NOPE", date = "1405/06/31", percent = 10 });

        var problem = await refused.ProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal(["reports[1].percent", "reports[2].date", "reports[3].action"], problem.Errors.Keys.Order());
        Assert.Equal(0, await App.ReportCountAsync(plan));
        Assert.Equal(before.ToJsonString(), (await reporter.ProgressAsync(plan)).ToJsonString());
        await (await reporter.PostAsJsonAsync($"/api/v1/plans/{plan}/reports/batch", new { reports = Array.Empty<object>() }))
            .ProblemAsync(HttpStatusCode.UnprocessableEntity);

        var accepted = await (await PostBatchAsync(reporter, plan,
            new { action = SmtAction, date = "1405/06/30", percent = 10 },
            new { action = SmtSecondAction, date = "1405/06/30", percent = 15 },
            new { action = SmtSecondAction, date = "1405/06/31", percent = 25.5 })).JsonAsync();

        Assert.Equal(3, (int)accepted["accepted"]!);
        Assert.Equal(3, await App.ReportCountAsync(plan));
        Assert.Equal(25.5, await ActualAsync(reporter, plan, SmtSecondAction));
    }

    [SkippableFact]
    public async Task Rejected_report_stops_counting_but_stays_listed()
    {
        long plan = await NewPlanAsync();
        var reporter = await App.ApiClientAsync("smt.reporter");
        var secretariat = await App.ApiClientAsync("secretariat");
        await reporter.PostReportAsync(plan, new { action = SmtAction, date = "1405/06/29", percent = 30 });
        long wrong = await reporter.PostReportAsync(plan, new { action = SmtAction, date = "1405/06/30", percent = 60 });
        Assert.Equal(60, await ActualAsync(reporter, plan, SmtAction));
        var axisBefore = (double)(await reporter.ProgressAsync(plan, node: "S"))["actual"]!;

        await (await secretariat.PostAsJsonAsync($"/api/v1/reports/{wrong}/reject", new { reason = "مستندات با درصد اعلام‌شده هم‌خوانی ندارد." })).JsonAsync();

        Assert.Equal(30, await ActualAsync(reporter, plan, SmtAction));
        Assert.Equal(axisBefore - 15, (double)(await reporter.ProgressAsync(plan, node: "S"))["actual"]!, 9);
        var row = await App.InDbAsync(db => db.ProgressReports.SingleAsync(r => r.Id == wrong));
        Assert.Equal(ReportStatus.Rejected, row.Status);
        Assert.Equal(6000, row.PercentHundredths);
        await RefusedAsync(await secretariat.PostAsJsonAsync($"/api/v1/reports/{wrong}/reject", new { reason = "دوباره" }), "");

        var page = await (await Browser.SignedInAsync(App, "secretariat")).PageAsync($"/Plans/{plan}/Action/{row.NodeId}");
        Assert.Contains("ردشده", page);
        Assert.Contains("مستندات با درصد اعلام‌شده هم‌خوانی ندارد.", page);
        Assert.Contains("۶۰٪", page);
    }

    [SkippableFact]
    public async Task Only_the_secretariat_or_an_admin_rejects_and_with_a_reason()
    {
        long plan = await NewPlanAsync();
        var reporter = await App.ApiClientAsync("smt.reporter");
        var manager = await App.ApiClientAsync("smt.manager");
        var admin = await App.ApiClientAsync("admin");
        long id = await reporter.PostReportAsync(plan, new { action = SmtAction, date = "1405/06/30", percent = 60 });

        await (await reporter.PostAsJsonAsync($"/api/v1/reports/{id}/reject", new { reason = "نه" })).ProblemAsync(HttpStatusCode.Forbidden);
        await (await manager.PostAsJsonAsync($"/api/v1/reports/{id}/reject", new { reason = "نه" })).ProblemAsync(HttpStatusCode.Forbidden);
        Api.AssertPersian(await RefusedAsync(await admin.PostAsJsonAsync($"/api/v1/reports/{id}/reject", new { reason = " " }), "reason"));
        await (await admin.PostAsJsonAsync("/api/v1/reports/987654321/reject", new { reason = "نیست" })).ProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(60, await ActualAsync(reporter, plan, SmtAction));

        await admin.RejectAsync(id);
        Assert.Equal(0, await ActualAsync(reporter, plan, SmtAction));
    }

    [SkippableFact]
    public async Task Malformed_report_bodies_are_refused_without_a_500()
    {
        long plan = await NewPlanAsync();
        var reporter = await App.ApiClientAsync("smt.reporter");

        foreach (var body in new[] { "{\"action\": ", "[1, 2]", "{\"action\": 5, \"date\": \"1405/06/31\", \"percent\": 1}", "{\"date\": [\"x\"]}", "null", "\"text\"" })
            await (await reporter.PostRawAsync($"/api/v1/plans/{plan}/reports", body)).ProblemAsync(HttpStatusCode.UnprocessableEntity);
        await (await reporter.PostRawAsync($"/api/v1/plans/{plan}/reports/batch", "{\"reports\": {\"a\": 1}}")).ProblemAsync(HttpStatusCode.UnprocessableEntity);
        await (await reporter.PostRawAsync($"/api/v1/plans/{plan}/reports/batch", "{\"reports\": [null]}")).ProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal(0, await App.ReportCountAsync(plan));
    }
}

public sealed class ReportRulesOnSqlite(SqliteDemoApp app) : ReportRules(() => app), IClassFixture<SqliteDemoApp>;

public sealed class ReportRulesOnPostgres(PostgresDemoApp app) : ReportRules(() => app.Factory), IClassFixture<PostgresDemoApp>;
