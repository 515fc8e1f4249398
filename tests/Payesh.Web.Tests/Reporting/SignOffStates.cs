using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Payesh.Web.Data.Model;
using Payesh.Web.Tests.Infrastructure;
using static Payesh.Web.Tests.Infrastructure.TestPlans;

namespace Payesh.Web.Tests.Reporting;

/// <summary>Two-level sign-off (issue 11, item 5): in a plan that asks for it, an agency reporter's report waits for the
/// agency manager, who confirms it (on to the secretariat) or returns it with a reason (it stops counting); the
/// manager's and the secretariat's own reports do not wait; figures follow the plan's verified-only rule.</summary>
public abstract class SignOffStates(Func<PayeshFactory> app)
{
    private PayeshFactory App => app();

    private async Task<long> PlanAsync(bool signOff = true, bool verifiedOnly = false)
    {
        var document = Small("برنامه با تأیید مدیر دستگاه");
        document["settings"] = new JsonObject { ["managerSignOff"] = signOff, ["verifiedOnly"] = verifiedOnly };
        return (await ReportingPlans.CreateAsync(App, document)).Id;
    }

    private Task<ReportStatus> StatusAsync(long report) =>
        App.InDbAsync(db => db.ProgressReports.Where(r => r.Id == report).Select(r => r.Status).SingleAsync());

    private async Task<double> ActualAsync(long plan, string node) =>
        (double)(await (await App.ApiClientAsync("governor")).ProgressAsync(plan, node: node))["actual"]!;

    private static async Task<(HttpResponseMessage Response, string Html)> DecideAsync(HttpClient manager, long plan, string handler, long id, string? reason = null)
    {
        var token = await PageForms.TokenAsync(manager, $"/Reports/SignOff?plan={plan}");
        var response = await PageForms.PostAsync(manager, $"/Reports/SignOff?plan={plan}&handler={handler}&id={id}", token,
            reason is null ? [] : [new("reason", reason)]);
        return (response, WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));
    }

    [SkippableFact]
    public async Task A_reporters_report_waits_for_the_manager_and_then_reaches_the_secretariat()
    {
        long plan = await PlanAsync();
        long waiting = await (await App.ApiClientAsync("smt.reporter")).PostReportAsync(plan, new { action = SmtAction, date = "1405/06/31", percent = 40 });
        long own = await (await App.ApiClientAsync("smt.manager")).PostReportAsync(plan, new { action = SmtSecondAction, date = "1405/06/31", percent = 10 });
        long staffs = await (await App.ApiClientAsync("secretariat")).PostReportAsync(plan, new { action = TaxAction, date = "1405/06/31", percent = 5 });
        var manager = await Browser.SignedInAsync(App, "smt.manager");
        var secretariat = await Browser.SignedInAsync(App, "secretariat");

        Assert.Equal(ReportStatus.AwaitingManager, await StatusAsync(waiting));
        Assert.Equal(ReportStatus.Submitted, await StatusAsync(own));
        Assert.Equal(ReportStatus.Submitted, await StatusAsync(staffs));
        Assert.Equal(40, await ActualAsync(plan, SmtAction)); // an ordinary plan counts it, as a submitted report
        var queue = await manager.PageAsync($"/Reports/SignOff?plan={plan}");
        Assert.Contains($"data-report-id=\"{waiting}\"", queue);
        Assert.DoesNotContain($"data-report-id=\"{own}\"", queue);
        Assert.Contains("۱ گزارش در انتظار تأیید شما", queue);
        Assert.Matches("کارشناس[^<]*</span>\\s*<span class=\"num\">۱ گزارش", queue); // who reported today
        Assert.DoesNotContain($"data-report-id=\"{waiting}\"", await secretariat.PageAsync($"/Reports/Review?plan={plan}"));

        var (_, confirmed) = await DecideAsync(manager, plan, "Confirm", waiting);

        Assert.Contains("تأیید شد و به دبیرخانه رفت", confirmed);
        Assert.Equal(ReportStatus.Submitted, await StatusAsync(waiting));
        Assert.Contains($"data-report-id=\"{waiting}\"", await secretariat.PageAsync($"/Reports/Review?plan={plan}"));
        Assert.Equal(ReportStatus.Submitted, (await App.InDbAsync(db => db.ReportReviews.SingleAsync(r => r.ReportId == waiting))).Decision);

        // Confirming twice: a Persian message, nothing changes.
        var (again, twice) = await DecideAsync(manager, plan, "Confirm", waiting);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Contains("این گزارش دیگر در انتظار تأیید شما نیست (وضعیت: در انتظار بررسی)", twice);
        Assert.Equal(1, await App.InDbAsync(db => db.ReportReviews.CountAsync(r => r.ReportId == waiting)));
    }

    [SkippableFact]
    public async Task A_returned_report_needs_a_reason_stops_counting_and_the_reporter_is_told()
    {
        long plan = await PlanAsync();
        var reporter = await App.ApiClientAsync("smt.reporter");
        long first = await reporter.PostReportAsync(plan, new { action = SmtAction, date = "1405/06/30", percent = 20 });
        long second = await reporter.PostReportAsync(plan, new { action = SmtAction, date = "1405/06/31", percent = 45 });
        var manager = await Browser.SignedInAsync(App, "smt.manager");
        await DecideAsync(manager, plan, "Confirm", first);
        Assert.Equal(45, await ActualAsync(plan, SmtAction));

        var (_, blank) = await DecideAsync(manager, plan, "Return", second, "  ");
        Assert.Contains("دلیل بازگرداندن را بنویسید؛ کارشناس آن را می‌بیند.", blank);
        Assert.Equal(ReportStatus.AwaitingManager, await StatusAsync(second));

        await DecideAsync(manager, plan, "Return", second, "عدد با صورت‌جلسه کارگاه نمی‌خواند");

        Assert.Equal(ReportStatus.Returned, await StatusAsync(second));
        Assert.Equal(20, await ActualAsync(plan, SmtAction));
        var told = await App.InDbAsync(db => db.Notifications.Where(n => n.Body == "عدد با صورت‌جلسه کارگاه نمی‌خواند")
            .Join(db.Users, n => n.UserId, u => u.Id, (n, u) => u.UserName).ToListAsync());
        Assert.Equal(["smt.reporter"], told);
        var (_, afterReturn) = await DecideAsync(manager, plan, "Confirm", second);
        Assert.Contains("(وضعیت: بازگشت به کارشناس)", afterReturn);

        // The reporter corrects it with a new report, which waits again.
        long corrected = await reporter.PostReportAsync(plan, new { action = SmtAction, date = "1405/06/31", percent = 30 });
        Assert.Equal(ReportStatus.AwaitingManager, await StatusAsync(corrected));
        Assert.Equal(30, await ActualAsync(plan, SmtAction));
    }

    [SkippableFact]
    public async Task Only_the_manager_of_the_lead_agency_decides_and_a_plan_without_sign_off_skips_it()
    {
        long plan = await PlanAsync();
        long tax = await (await App.ApiClientAsync("tax.reporter")).PostReportAsync(plan, new { action = TaxAction, date = "1405/06/31", percent = 15 });
        var manager = await Browser.SignedInAsync(App, "smt.manager");

        Assert.Equal(ReportStatus.AwaitingManager, await StatusAsync(tax));
        Assert.DoesNotContain($"data-report-id=\"{tax}\"", await manager.PageAsync($"/Reports/SignOff?plan={plan}"));
        var (refused, _) = await DecideAsync(manager, plan, "Confirm", tax);
        PageForms.AssertDenied(refused, "SMT's manager confirming TAX's report");
        Assert.Equal(ReportStatus.AwaitingManager, await StatusAsync(tax));

        long ordinary = await PlanAsync(signOff: false);
        long direct = await (await App.ApiClientAsync("smt.reporter")).PostReportAsync(ordinary, new { action = SmtAction, date = "1405/06/31", percent = 15 });
        Assert.Equal(ReportStatus.Submitted, await StatusAsync(direct));
        Assert.False(await App.InDbAsync(db => db.Plans.Where(p => p.Id == ordinary).Select(p => p.ManagerSignOff).SingleAsync()));
    }

    [SkippableFact]
    public async Task In_a_verified_only_plan_a_report_counts_once_the_secretariat_verifies_it()
    {
        long plan = await PlanAsync(verifiedOnly: true);
        long report = await (await App.ApiClientAsync("smt.reporter")).PostReportAsync(plan, new { action = SmtAction, date = "1405/06/31", percent = 50 });
        var manager = await Browser.SignedInAsync(App, "smt.manager");

        Assert.Equal(0, await ActualAsync(plan, SmtAction));
        await DecideAsync(manager, plan, "Confirm", report);
        Assert.Equal(0, await ActualAsync(plan, SmtAction));
        await (await (await App.ApiClientAsync("secretariat")).PostAsync($"/api/v1/reports/{report}/verify", null)).JsonAsync();
        Assert.Equal(50, await ActualAsync(plan, SmtAction));
    }
}

public sealed class SignOffStatesOnSqlite(SqliteDemoApp app) : SignOffStates(() => app), IClassFixture<SqliteDemoApp>;

public sealed class SignOffStatesOnPostgres(PostgresDemoApp app) : SignOffStates(() => app.Factory), IClassFixture<PostgresDemoApp>;
