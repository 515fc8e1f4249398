using System.Net;
using Microsoft.EntityFrameworkCore;
using Payesh.Web.Tests.Admin;
using Payesh.Web.Tests.Authoring;
using Payesh.Web.Tests.Infrastructure;
using static Payesh.Web.Tests.Infrastructure.TestPlans;

namespace Payesh.Web.Tests.Reporting;

/// <summary>Issue 11 item 4: a missed day is reported from the Today page within the plan's back-date window
/// (<c>backdateDays</c>, editable in the plan's settings page); the secretariat may go further back with a reason.
/// Today is 1405/06/31.</summary>
public abstract class MissedDays(Func<PayeshFactory> app)
{
    private PayeshFactory App => app();

    private static string DayUrl(long plan, string day, string? agency = null) => TodayRows.Url(plan, agency) + "&day=" + Uri.EscapeDataString(day);

    private Task<List<(DateOnly Date, int Value, string? Reason)>> ReportsAsync(long nodeId) =>
        App.InDbAsync(async db => (await db.ProgressReports.Where(r => r.NodeId == nodeId).OrderBy(r => r.Id)
            .Select(r => new { r.ReportDate, r.PercentHundredths, r.BackdateReason }).ToListAsync())
            .Select(r => (r.ReportDate, r.PercentHundredths, r.BackdateReason)).ToList());

    [SkippableFact]
    public async Task An_agency_reports_a_missed_day_within_the_window_from_the_Today_page()
    {
        var (plan, nodes) = await ReportingPlans.CreateAsync(App, Small("برنامه روز جاافتاده", backdateDays: 3));
        var smt = await Browser.SignedInAsync(App, "smt.reporter");

        var page = await smt.PageAsync(DayUrl(plan, "۱۴۰۵/۰۶/۲۸"));
        Assert.Contains("گزارش روز", page);
        Assert.Contains("data-jdp-min=\"۱۴۰۵/۰۶/۲۸\" data-jdp-max=\"۱۴۰۵/۰۶/۳۱\"", page);
        var (response, html) = await TodayRows.PostAsync(smt, DayUrl(plan, "1405/06/28"), nodes[SmtAction], new RowEntry("۱۲"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("row-saved", TodayRows.ClassesOf(html, nodes[SmtAction]));
        Assert.Equal([(new DateOnly(2026, 9, 19), 1200, (string?)null)], await ReportsAsync(nodes[SmtAction]));
        // After a reload the day's value stands in its row and the counter counts it.
        var again = await smt.PageAsync(DayUrl(plan, "1405/06/28"));
        Assert.Equal("۱۲", TodayRows.TypedPercent(TodayRows.Row(again, nodes[SmtAction])!));
        Assert.Contains("۱ از ۲ ثبت شد", again);
    }

    [SkippableFact]
    public async Task A_day_outside_the_window_is_refused_with_a_Persian_message_and_nothing_is_stored()
    {
        var (plan, nodes) = await ReportingPlans.CreateAsync(App, Small("برنامه روز بیرون از مهلت", backdateDays: 3));
        var smt = await Browser.SignedInAsync(App, "smt.reporter");

        var page = await smt.PageAsync(DayUrl(plan, "1405/06/27"));
        Assert.Contains("گزارش را تا ۳ روز گذشته می‌توان ثبت کرد", page);
        Assert.Null(TodayRows.Row(page, nodes[SmtAction]));
        var future = await smt.PageAsync(DayUrl(plan, "1405/07/01"));
        Assert.Contains("پس از امروز", future);
        var wrong = await smt.PageAsync(DayUrl(plan, "1405/13/01"));
        Assert.Contains("ماه ۱۳ نامعتبر است", wrong);

        // A hand-made post with an old day in the row's form: refused, nothing stored.
        var (response, html) = await TodayRows.PostAsync(smt, TodayRows.Url(plan), nodes[SmtAction], new RowEntry("۱۲", Day: "1405/06/20"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("گزارش را تا ۳ روز گذشته می‌توان ثبت کرد", html);
        Assert.Empty(await ReportsAsync(nodes[SmtAction]));
    }

    [SkippableFact]
    public async Task The_secretariat_goes_further_back_only_with_a_reason()
    {
        var (plan, nodes) = await ReportingPlans.CreateAsync(App, Small("برنامه گزارش قدیمی دبیرخانه", backdateDays: 3));
        var staff = await Browser.SignedInAsync(App, "secretariat");
        var url = DayUrl(plan, "1405/06/01", "SMT");

        var page = await staff.PageAsync(url);
        Assert.Contains("backdate-reason", TodayRows.Row(page, nodes[SmtAction]));
        Assert.Contains("data-jdp-min=\"۱۴۰۵/۰۱/۰۱\"", page);
        var (_, refused) = await TodayRows.PostAsync(staff, url, nodes[SmtAction], new RowEntry("۵"));
        Assert.Contains("row-error", TodayRows.ClassesOf(refused, nodes[SmtAction]));
        Assert.Contains("دلیل را بنویسید", refused);
        Assert.Empty(await ReportsAsync(nodes[SmtAction]));

        var (_, saved) = await TodayRows.PostAsync(staff, url, nodes[SmtAction], new RowEntry("۵", BackdateReason: "گزارش کتبی دستگاه دیر رسید"));
        Assert.Contains("row-saved", TodayRows.ClassesOf(saved, nodes[SmtAction]));
        Assert.Equal([(new DateOnly(2026, 8, 23), 500, (string?)"گزارش کتبی دستگاه دیر رسید")], await ReportsAsync(nodes[SmtAction]));
        // Within the window no reason is asked.
        var recent = await staff.PageAsync(DayUrl(plan, "1405/06/30", "SMT"));
        Assert.DoesNotContain("backdate-reason", TodayRows.Row(recent, nodes[SmtAction]));
    }

    [SkippableFact]
    public async Task The_window_is_edited_in_the_plans_settings_page()
    {
        var (plan, nodes) = await ReportingPlans.CreateAsync(App, Small("برنامه مهلت ویرایش‌شده", backdateDays: 3));
        var staff = await Browser.SignedInAsync(App, "secretariat");
        var settings = $"/Plans/{plan}/Edit/Plan";
        var fields = AuthoringKit.FormFields(await staff.PageAsync(settings), "plan-form");
        Assert.Equal("۳", fields["Input.BackdateDays"]);

        fields["Input.BackdateDays"] = "۱۰";
        var answer = await staff.SubmitAsync(settings, settings, fields);
        Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
        Assert.Equal(10, await App.InDbAsync(db => db.Plans.Where(p => p.Id == plan).Select(p => p.BackdateDays).FirstAsync()));

        var smt = await Browser.SignedInAsync(App, "smt.reporter");
        var (_, html) = await TodayRows.PostAsync(smt, DayUrl(plan, "1405/06/21"), nodes[SmtAction], new RowEntry("۷"));
        Assert.Contains("row-saved", TodayRows.ClassesOf(html, nodes[SmtAction]));
        Assert.Equal(new DateOnly(2026, 9, 12), (await ReportsAsync(nodes[SmtAction])).Single().Date);

        // A window that is not a whole number of days is refused in Persian, and nothing changes.
        fields = AuthoringKit.FormFields(await staff.PageAsync(settings), "plan-form");
        fields["Input.BackdateDays"] = "ده";
        var bad = await staff.SubmitAsync(settings, settings, fields);
        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        Assert.Contains("مهلت ثبت با تاریخ گذشته", WebUtility.HtmlDecode(await bad.Content.ReadAsStringAsync()));
        Assert.Equal(10, await App.InDbAsync(db => db.Plans.Where(p => p.Id == plan).Select(p => p.BackdateDays).FirstAsync()));
    }
}

public sealed class MissedDaysOnSqlite(SqliteDemoApp app) : MissedDays(() => app), IClassFixture<SqliteDemoApp>;

public sealed class MissedDaysOnPostgres(PostgresDemoApp app) : MissedDays(() => app.Factory), IClassFixture<PostgresDemoApp>;
