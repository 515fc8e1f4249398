using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Payesh.Web.Tests.Admin;
using Payesh.Web.Tests.Infrastructure;
using static Payesh.Web.Tests.Infrastructure.TestPlans;

namespace Payesh.Web.Tests.Reporting;

/// <summary>گزارش روزانه: one htmx form per action row; a saved row comes back green, a refused one red with the
/// Persian reason and what was typed, and nothing is stored. Today is 1405/06/31.</summary>
public abstract class TodayPage(Func<PayeshFactory> app)
{
    private PayeshFactory App => app();

    /// <summary>The small plan plus an SMT action that starts next quarter and one that will be complete.</summary>
    private static JsonObject PlanWithInactiveActions()
    {
        var plan = Small("برنامه آزمون گزارش روزانه");
        ReportingPlans.WithAction(plan, Action("S3", "اقدام آینده صنعت", "SMT", "1405/10/01", "1405/12/29"));
        ReportingPlans.WithAction(plan, Action("S4", "اقدام تمام‌شده صنعت", "SMT", "1405/01/01", "1405/12/29"));
        return plan;
    }

    private async Task<double> ActualAsync(long plan, string node) =>
        (double)(await (await App.ApiClientAsync("governor")).ProgressAsync(plan, node: node))["actual"]!;

    [SkippableFact]
    public async Task Lists_only_the_active_actions_of_the_users_agency()
    {
        var (plan, nodes) = await ReportingPlans.CreateAsync(App, PlanWithInactiveActions());
        await (await App.ApiClientAsync("smt.reporter")).PostReportAsync(plan, new { action = "S4", date = "1405/06/30", percent = 100 });
        var smt = await Browser.SignedInAsync(App, "smt.reporter");
        var tax = await Browser.SignedInAsync(App, "tax.reporter");

        var smtPage = await smt.PageAsync(TodayRows.Url(plan));
        var taxPage = await tax.PageAsync(TodayRows.Url(plan));

        Assert.NotNull(TodayRows.Row(smtPage, nodes[SmtAction]));
        Assert.NotNull(TodayRows.Row(smtPage, nodes[SmtSecondAction]));
        Assert.Null(TodayRows.Row(smtPage, nodes["S3"]));   // starts in three months
        Assert.Null(TodayRows.Row(smtPage, nodes["S4"]));   // complete before today
        Assert.Null(TodayRows.Row(smtPage, nodes[TaxAction])); // TAX's
        Assert.Contains("۱ اقدام تکمیل‌شده نشان داده نشده", smtPage);
        Assert.Equal(2, System.Text.RegularExpressions.Regex.Count(smtPage, "<tr id=\"r\\d+\""));
        Assert.NotNull(TodayRows.Row(taxPage, nodes[TaxAction]));
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(taxPage, "<tr id=\"r\\d+\""));
    }

    [SkippableFact]
    public async Task A_saved_row_stores_the_report_and_comes_back_alone_as_saved()
    {
        var (plan, nodes) = await ReportingPlans.CreateAsync(App, Small());
        var smt = await Browser.SignedInAsync(App, "smt.reporter");

        var (response, html) = await TodayRows.PostAsync(smt, TodayRows.Url(plan), nodes[SmtAction],
            new RowEntry("۴۲٫۵", "بازدید از واحدهای صنعتی انجام شد"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("<tr id=\"r" + nodes[SmtAction] + "\"", html.TrimStart());
        Assert.DoesNotContain("<html", html);
        Assert.Contains("row-saved", TodayRows.ClassesOf(html, nodes[SmtAction]));
        Assert.DoesNotContain("row-error", TodayRows.ClassesOf(html, nodes[SmtAction]));
        Assert.Contains("ثبت شد: ۴۲٫۵٪", html);
        Assert.Equal(42.5, await ActualAsync(plan, SmtAction));
        var stored = await App.InDbAsync(db => db.ProgressReports.SingleAsync(r => r.NodeId == nodes[SmtAction]));
        Assert.Equal(4250, stored.PercentHundredths);
        Assert.Equal("بازدید از واحدهای صنعتی انجام شد", stored.Note);
        Assert.Equal(TestClock.DefaultToday.ToDateOnly(), stored.ReportDate);
    }

    [SkippableFact]
    public async Task Without_htmx_the_whole_page_comes_back_with_the_message()
    {
        var (plan, nodes) = await ReportingPlans.CreateAsync(App, Small());
        var smt = await Browser.SignedInAsync(App, "smt.reporter");

        var (response, html) = await TodayRows.PostAsync(smt, TodayRows.Url(plan), nodes[SmtSecondAction], new RowEntry("12"), htmx: false);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<html", html);
        Assert.Contains("گزارش ذخیره شد.", html);
        Assert.Contains("row-saved", TodayRows.ClassesOf(html, nodes[SmtSecondAction]));
        Assert.Equal(12, await ActualAsync(plan, SmtSecondAction));
    }

    [SkippableTheory]
    [InlineData("150", "درصد پیشرفت باید بین ۰ و ۱۰۰ باشد.")]
    [InlineData("abc", "درصد پیشرفت باید عدد باشد.")]
    [InlineData("12.345", "درصد پیشرفت حداکثر دو رقم اعشار می‌پذیرد.")]
    [InlineData("-1", "درصد پیشرفت باید بین ۰ و ۱۰۰ باشد.")]
    [InlineData("", "درصد پیشرفت الزامی است.")]
    public async Task A_bad_percent_comes_back_in_the_row_with_the_typed_value_and_nothing_is_stored(string typed, string message)
    {
        var (plan, nodes) = await ReportingPlans.CreateAsync(App, Small());
        var smt = await Browser.SignedInAsync(App, "smt.reporter");
        var node = nodes[SmtAction];

        var (response, html) = await TodayRows.PostAsync(smt, TodayRows.Url(plan), node, new RowEntry(typed, "شرح کار"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var row = TodayRows.Row(html, node);
        Assert.NotNull(row);
        Assert.Contains("row-error", TodayRows.ClassesOf(html, node));
        Assert.DoesNotContain("row-saved", TodayRows.ClassesOf(html, node));
        Assert.Contains(message, row);
        Assert.Equal(typed, TodayRows.TypedPercent(row!));
        Assert.Equal("شرح کار", Forms.Field(row!, "Note"));
        Assert.Equal(0, await ReportingPlans.ReportsOfNodeAsync(App, node));
        Assert.Equal(0, await ActualAsync(plan, SmtAction));
    }

    [SkippableFact]
    public async Task A_lower_value_needs_a_justification_and_is_stored_with_one()
    {
        var (plan, nodes) = await ReportingPlans.CreateAsync(App, Small());
        var node = nodes[SmtAction];
        await (await App.ApiClientAsync("smt.reporter")).PostReportAsync(plan, new { action = SmtAction, date = "1405/06/30", percent = 40 });
        var smt = await Browser.SignedInAsync(App, "smt.reporter");

        var (_, refused) = await TodayRows.PostAsync(smt, TodayRows.Url(plan), node, new RowEntry("30"));

        var row = TodayRows.Row(refused, node)!;
        Assert.Contains("row-error", TodayRows.ClassesOf(refused, node));
        Assert.Contains("درصد ۳۰ کمتر از مقدار قبلی (۴۰) است؛ دلیل اصلاح را بنویسید.", row);
        Assert.Equal("30", TodayRows.TypedPercent(row));
        Assert.Equal(1, await ReportingPlans.ReportsOfNodeAsync(App, node));
        Assert.Equal(40, await ActualAsync(plan, SmtAction));

        const string why = "بازدید میدانی نشان داد درصد قبلی بیش از واقع بود.";
        var (_, saved) = await TodayRows.PostAsync(smt, TodayRows.Url(plan), node, new RowEntry("30", Justification: why));

        Assert.Contains("row-saved", TodayRows.ClassesOf(saved, node));
        Assert.Equal(30, await ActualAsync(plan, SmtAction));
        var stored = await App.InDbAsync(db => db.ProgressReports.Where(r => r.NodeId == node).OrderBy(r => r.Id).LastAsync());
        Assert.Equal(why, stored.Justification);
        Assert.Equal(3000, stored.PercentHundredths);
    }

    [SkippableFact]
    public async Task The_secretariat_chooses_the_agency_and_reports_for_it()
    {
        var (plan, nodes) = await ReportingPlans.CreateAsync(App, Small());
        var secretariat = await Browser.SignedInAsync(App, "secretariat");
        var url = TodayRows.Url(plan, "TAX");

        var page = await secretariat.PageAsync(url);
        var (response, html) = await TodayRows.PostAsync(secretariat, url, nodes[TaxAction], new RowEntry("15", "به نمایندگی از دستگاه"));

        Assert.NotNull(TodayRows.Row(page, nodes[TaxAction]));
        Assert.Null(TodayRows.Row(page, nodes[SmtAction]));
        Assert.Contains("<option value=\"TAX\" selected=\"selected\">", page);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(TodayRows.ClassesOf(html, nodes[TaxAction]).Contains("row-saved"), TodayRows.Shorten(html));
        Assert.Equal(15, await ActualAsync(plan, TaxAction));
        Assert.Equal(0, await ActualAsync(plan, SmtAction));
    }

    [SkippableFact]
    public async Task An_agency_cannot_report_an_action_it_only_collaborates_on_or_does_not_lead()
    {
        var (plan, nodes) = await ReportingPlans.CreateAsync(App, ReportingPlans.WithCollaborators(Small(), SmtAction, "BMI"));
        var bmi = await Browser.SignedInAsync(App, "bmi.reporter");
        var tax = await Browser.SignedInAsync(App, "tax.reporter");

        foreach (var (client, name) in new[] { (bmi, "bmi"), (tax, "tax") })
        {
            var page = await client.PageAsync(TodayRows.Url(plan));
            Assert.Null(TodayRows.Row(page, nodes[SmtAction]));
            var token = Forms.Field(page, "__RequestVerificationToken")!;
            var answer = await PageForms.PostMultipartAsync(client, "/Reports/Today?handler=Row", token,
                [new("Plan", plan.ToString(CultureInfo.InvariantCulture)), new("NodeId", nodes[SmtAction].ToString(CultureInfo.InvariantCulture)), new("Percent", "50")]);
            var html = WebUtility.HtmlDecode(await answer.Content.ReadAsStringAsync());
            Assert.True(html.Contains("این اقدام در فهرست امروز شما نیست.", StringComparison.Ordinal), $"{name}: {TodayRows.Shorten(html)}");
        }
        Assert.Equal(0, await ReportingPlans.ReportsOfNodeAsync(App, nodes[SmtAction]));
    }

    [SkippableFact]
    public async Task A_viewer_gets_403_and_stores_nothing()
    {
        var (plan, nodes) = await ReportingPlans.CreateAsync(App, Small());
        var governor = await Browser.SignedInAsync(App, "governor");

        PageForms.AssertDenied(await governor.GetAsync(TodayRows.Url(plan)), "viewer GET /Reports/Today");
        var token = await PageForms.TokenAsync(governor, "/Notifications");
        var post = await PageForms.PostMultipartAsync(governor, "/Reports/Today?handler=Row", token,
            [new("Plan", plan.ToString(CultureInfo.InvariantCulture)), new("NodeId", nodes[SmtAction].ToString(CultureInfo.InvariantCulture)), new("Percent", "50")]);

        PageForms.AssertDenied(post, "viewer POST /Reports/Today?handler=Row");
        Assert.Equal(0, await App.ReportCountAsync(plan));
        Assert.DoesNotContain("href=\"/Reports/Today\"", await governor.PageAsync("/Plans"));
    }
}

public sealed class TodayPageOnSqlite(SqliteDemoApp app) : TodayPage(() => app), IClassFixture<SqliteDemoApp>;

public sealed class TodayPageOnPostgres(PostgresDemoApp app) : TodayPage(() => app.Factory), IClassFixture<PostgresDemoApp>;
