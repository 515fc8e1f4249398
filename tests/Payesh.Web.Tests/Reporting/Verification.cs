using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Payesh.Web.Data.Model;
using Payesh.Web.Tests.Infrastructure;
using static Payesh.Web.Tests.Infrastructure.TestPlans;

namespace Payesh.Web.Tests.Reporting;

/// <summary>تأیید دبیرخانه: the queue of submitted reports per plan; verify, reject with a reason (which the agency is
/// told and sees), verify many; a rejected report stops counting; a verified-only plan counts verified reports only.</summary>
public abstract class Verification(Func<PayeshFactory> app)
{
    private PayeshFactory App => app();

    private const string Reason = "عدد اعلام‌شده با صورت‌جلسه پیوست نمی‌خواند.";

    private static string Queue(long plan) => $"/Reports/Review?plan={plan}";

    private async Task<double> ActualAsync(long plan, string node) =>
        (double)(await (await App.ApiClientAsync("governor")).ProgressAsync(plan, node: node))["actual"]!;

    private Task<ReportStatus> StatusAsync(long report) =>
        App.InDbAsync(db => db.ProgressReports.Where(r => r.Id == report).Select(r => r.Status).SingleAsync());

    /// <summary>Posts a review form of the queue page as the secretariat would (the form's antiforgery token).</summary>
    private static async Task<(HttpResponseMessage Response, string Html)> ReviewAsync(HttpClient staff, long plan, string handler, long? id,
        IEnumerable<KeyValuePair<string, string>> fields, bool htmx = false)
    {
        var token = await PageForms.TokenAsync(staff, Queue(plan));
        var response = await PageForms.PostAsync(staff, $"/Reports/Review?handler={handler}" + (id is null ? "" : $"&id={id}"), token, fields, htmx);
        return (response, WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));
    }

    [SkippableFact]
    public async Task The_queue_lists_the_submitted_reports_of_the_chosen_plan()
    {
        var (plan, _) = await ReportingPlans.CreateAsync(App, Small("برنامه آزمون صف بررسی"));
        var (other, _) = await ReportingPlans.CreateAsync(App, Small("برنامه دیگر صف بررسی"));
        long smt = await (await App.ApiClientAsync("smt.reporter")).PostReportAsync(plan, new { action = SmtAction, date = "1405/06/31", percent = 25, note = "گزارش صنعت" });
        long tax = await (await App.ApiClientAsync("tax.reporter")).PostReportAsync(plan, new { action = TaxAction, date = "1405/06/31", percent = 5 });
        long elsewhere = await (await App.ApiClientAsync("smt.reporter")).PostReportAsync(other, new { action = SmtAction, date = "1405/06/31", percent = 7 });
        var admin = await App.ApiClientAsync("admin");
        long verified = await admin.PostReportAsync(plan, new { action = SmtSecondAction, date = "1405/06/31", percent = 9 });
        await (await admin.PostAsync($"/api/v1/reports/{verified}/verify", null)).JsonAsync();
        var staff = await Browser.SignedInAsync(App, "secretariat");

        var queue = await staff.PageAsync(Queue(plan));
        var otherQueue = await staff.PageAsync(Queue(other));
        var onlyTax = await staff.PageAsync(Queue(plan) + "&agency=TAX");

        Assert.Contains($"id=\"q{smt}\"", queue);
        Assert.Contains($"id=\"q{tax}\"", queue);
        Assert.Contains("گزارش صنعت", queue);
        Assert.DoesNotContain($"id=\"q{elsewhere}\"", queue);
        Assert.DoesNotContain($"id=\"q{verified}\"", queue);
        Assert.Contains("۲ گزارش در انتظار بررسی", queue);
        Assert.Contains($"id=\"q{elsewhere}\"", otherQueue);
        Assert.DoesNotContain($"id=\"q{smt}\"", otherQueue);
        Assert.Contains($"id=\"q{tax}\"", onlyTax);
        Assert.DoesNotContain($"id=\"q{smt}\"", onlyTax);
    }

    [SkippableFact]
    public async Task Verify_marks_the_report_verified_and_takes_it_off_the_queue()
    {
        var (plan, _) = await ReportingPlans.CreateAsync(App, Small());
        var reporter = await App.ApiClientAsync("smt.reporter");
        long first = await reporter.PostReportAsync(plan, new { action = SmtAction, date = "1405/06/30", percent = 20 });
        long second = await reporter.PostReportAsync(plan, new { action = SmtSecondAction, date = "1405/06/30", percent = 30 });
        var staff = await Browser.SignedInAsync(App, "secretariat");

        var (page, html) = await ReviewAsync(staff, plan, "Verify", first, []);
        var (fragment, row) = await ReviewAsync(staff, plan, "Verify", second, [], htmx: true);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("تأیید شد", html);
        Assert.Equal(HttpStatusCode.OK, fragment.StatusCode);
        Assert.StartsWith($"<tr id=\"q{second}\" class=\"table-success\" data-report-id=\"{second}\"", row);
        Assert.Equal(ReportStatus.Verified, await StatusAsync(first));
        Assert.Equal(ReportStatus.Verified, await StatusAsync(second));
        var review = await App.InDbAsync(db => db.ReportReviews.SingleAsync(r => r.ReportId == first));
        Assert.Equal(ReportStatus.Verified, review.Decision);
        Assert.DoesNotContain($"id=\"q{first}\"", await staff.PageAsync(Queue(plan)));
        Assert.Equal(20, await ActualAsync(plan, SmtAction)); // a verified report goes on counting
    }

    [SkippableFact]
    public async Task Verify_all_verifies_the_chosen_reports()
    {
        var (plan, _) = await ReportingPlans.CreateAsync(App, Small());
        var reporter = await App.ApiClientAsync("smt.reporter");
        long a = await reporter.PostReportAsync(plan, new { action = SmtAction, date = "1405/06/31", percent = 11 });
        long b = await reporter.PostReportAsync(plan, new { action = SmtSecondAction, date = "1405/06/31", percent = 12 });
        long untouched = await (await App.ApiClientAsync("tax.reporter")).PostReportAsync(plan, new { action = TaxAction, date = "1405/06/31", percent = 13 });
        var staff = await Browser.SignedInAsync(App, "secretariat");

        var (response, html) = await ReviewAsync(staff, plan, "VerifyAll", null, [new("ids", a.ToString(CultureInfo.InvariantCulture)), new("ids", b.ToString(CultureInfo.InvariantCulture))]);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("۲ گزارش تأیید شد.", html);
        Assert.Equal(ReportStatus.Verified, await StatusAsync(a));
        Assert.Equal(ReportStatus.Verified, await StatusAsync(b));
        Assert.Equal(ReportStatus.Submitted, await StatusAsync(untouched));
    }

    [SkippableFact]
    public async Task Reject_needs_a_reason_then_the_report_stops_counting_and_the_agency_is_told()
    {
        var (plan, nodes) = await ReportingPlans.CreateAsync(App, Small());
        var reporter = await App.ApiClientAsync("smt.reporter");
        await reporter.PostReportAsync(plan, new { action = SmtAction, date = "1405/06/30", percent = 20 });
        long claimed = await reporter.PostReportAsync(plan, new { action = SmtAction, date = "1405/06/31", percent = 35 });
        var staff = await Browser.SignedInAsync(App, "secretariat");
        string link = $"/Plans/{plan}/Action/{nodes[SmtAction]}";
        Task<List<Notification>> NotificationsAsync() => App.InDbAsync(db => db.Notifications.Where(n => n.Link == link).ToListAsync());

        var (_, noReason) = await ReviewAsync(staff, plan, "Reject", claimed, [new("reason", "  ")]);

        Assert.Contains("دلیل رد گزارش را بنویسید؛ دستگاه آن را می‌بیند.", noReason);
        Assert.Equal(ReportStatus.Submitted, await StatusAsync(claimed));
        Assert.Equal(0, await App.InDbAsync(db => db.ReportReviews.CountAsync(r => r.ReportId == claimed)));
        Assert.Empty(await NotificationsAsync());
        Assert.Equal(35, await ActualAsync(plan, SmtAction));

        var (_, rejected) = await ReviewAsync(staff, plan, "Reject", claimed, [new("reason", Reason)]);

        Assert.Contains("رد شد", rejected);
        var report = await App.InDbAsync(db => db.ProgressReports.SingleAsync(r => r.Id == claimed));
        Assert.Equal(ReportStatus.Rejected, report.Status);
        Assert.Equal(Reason, report.ReviewReason);
        Assert.Equal(20, await ActualAsync(plan, SmtAction));
        Assert.Equal(20, (double)(await (await App.ApiClientAsync("admin")).ProgressAsync(plan, node: "S"))["children"]![0]!["actual"]!);

        // The lead agency's users (manager and reporter) are told, with the reason; TAX is not.
        var told = await NotificationsAsync();
        var users = await App.InDbAsync(db => db.Users.Where(u => told.Select(n => n.UserId).Contains(u.Id)).Select(u => u.UserName!).ToListAsync());
        Assert.Contains("smt.reporter", users);
        Assert.Contains("smt.manager", users);
        Assert.DoesNotContain("tax.reporter", users);
        Assert.Equal(told.Count, told.Select(n => n.UserId).Distinct().Count());
        Assert.All(told, n => Assert.Contains(Reason, n.Body));
        Assert.All(told, n => Assert.Contains("رد شد", n.Title));

        var smt = await Browser.SignedInAsync(App, "smt.reporter");
        Assert.Contains(told[0].Title, await smt.PageAsync("/Notifications"));
        var today = await smt.PageAsync(TodayRows.Url(plan));
        var rejections = today[today.IndexOf("class=\"mb-0 small rejections\"", StringComparison.Ordinal)..];
        Assert.Contains(Reason, rejections[..rejections.IndexOf("</ul>", StringComparison.Ordinal)]);
        Assert.Contains("گزارش‌های ردشده توسط دبیرخانه", today);
        var tax = await Browser.SignedInAsync(App, "tax.reporter");
        Assert.DoesNotContain(Reason, await tax.PageAsync(TodayRows.Url(plan)));

        // A rejected report is not reviewed again: a decision made on the queue's "submitted" is told it was rejected meanwhile.
        var (_, again) = await ReviewAsync(staff, plan, "Verify", claimed, [new("seen", "submitted")]);
        Assert.Contains("هم‌زمان بررسی شده است (اکنون: «ردشده»)", again);
        Assert.Equal(ReportStatus.Rejected, await StatusAsync(claimed));
    }

    [SkippableFact]
    public async Task A_rejection_through_the_API_tells_the_agency_too()
    {
        var (plan, nodes) = await ReportingPlans.CreateAsync(App, Small());
        long report = await (await App.ApiClientAsync("tax.reporter")).PostReportAsync(plan, new { action = TaxAction, date = "1405/06/31", percent = 50 });

        await (await App.ApiClientAsync("secretariat")).RejectAsync(report, Reason);

        var link = $"/Plans/{plan}/Action/{nodes[TaxAction]}";
        var told = await App.InDbAsync(db => db.Notifications.Where(n => n.Link == link)
            .Join(db.Users, n => n.UserId, u => u.Id, (n, u) => new { u.UserName, n.Body }).ToListAsync());
        Assert.Contains(told, n => n.UserName == "tax.reporter" && n.Body!.Contains(Reason, StringComparison.Ordinal));
        Assert.Equal(0, await ActualAsync(plan, TaxAction));
    }

    [SkippableFact]
    public async Task A_verified_only_plan_counts_verified_reports_and_the_action_page_shows_claimed_and_verified()
    {
        var document = Small("برنامه فقط تأییدشده");
        document["settings"] = new JsonObject { ["verifiedOnly"] = true };
        var (plan, nodes) = await ReportingPlans.CreateAsync(App, document);
        var reporter = await App.ApiClientAsync("smt.reporter");
        var staff = await Browser.SignedInAsync(App, "secretariat");
        var page = await Browser.SignedInAsync(App, "smt.reporter");
        string action = $"/Plans/{plan}/Action/{nodes[SmtAction]}?asOf=1405/06/31";

        long forty = await reporter.PostReportAsync(plan, new { action = SmtAction, date = "1405/06/30", percent = 40 });
        Assert.Equal(0, await ActualAsync(plan, SmtAction));

        await ReviewAsync(staff, plan, "Verify", forty, []);
        Assert.Equal(40, await ActualAsync(plan, SmtAction));

        long sixty = await reporter.PostReportAsync(plan, new { action = SmtAction, date = "1405/06/31", percent = 60 });
        Assert.Equal(40, await ActualAsync(plan, SmtAction));
        var html = await page.PageAsync(action);
        Assert.Contains("آخرین درصد اعلام‌شده: <span class=\"num\">۶۰٪</span>", html);
        Assert.Contains("آخرین درصد تأییدشده دبیرخانه: <span class=\"num\">۴۰٪</span>", html);

        await ReviewAsync(staff, plan, "Verify", sixty, []);
        Assert.Equal(60, await ActualAsync(plan, SmtAction));
        Assert.Contains("آخرین درصد تأییدشده دبیرخانه: <span class=\"num\">۶۰٪</span>", await page.PageAsync(action));

        // An ordinary plan counts the same claimed report at once.
        var (ordinary, _) = await ReportingPlans.CreateAsync(App, Small());
        await reporter.PostReportAsync(ordinary, new { action = SmtAction, date = "1405/06/31", percent = 60 });
        Assert.Equal(60, await ActualAsync(ordinary, SmtAction));
        Assert.True(await App.InDbAsync(db => db.Plans.Where(p => p.Id == plan).Select(p => p.VerifiedOnly).SingleAsync()));
    }
}

public sealed class VerificationOnSqlite(SqliteDemoApp app) : Verification(() => app), IClassFixture<SqliteDemoApp>;

public sealed class VerificationOnPostgres(PostgresDemoApp app) : Verification(() => app.Factory), IClassFixture<PostgresDemoApp>;
