using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Payesh.Domain.Calendar;
using Payesh.Web.Data;
using Payesh.Web.Features.Progress;
using Payesh.Web.Features.Reports;
using Payesh.Web.Tests.Infrastructure;

namespace Payesh.Web.Tests.Admin;

/// <summary>The admin sets holidays and a plan's working weekdays; no report is due on them.</summary>
public abstract class ReportingCalendar(Func<PayeshFactory> app)
{
    private PayeshFactory App => app();

    private async Task<MissingReports.Result> MissingAsync(long plan, JalaliDate day)
    {
        using var scope = App.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PayeshDb>();
        return await MissingReports.ComputeAsync(db, scope.ServiceProvider.GetRequiredService<PlanEngines>(), plan, day, null, default);
    }

    [SkippableFact]
    public async Task A_holiday_added_by_the_admin_owes_no_report_and_a_bad_date_changes_nothing()
    {
        var admin = await Browser.SignedInAsync(App);
        var plan = await App.InDbAsync(db => db.Plans.OrderByDescending(p => p.Year).Select(p => p.Id).FirstAsync());
        var day = new JalaliDate(1405, 6, 14); // a Saturday
        Assert.True((await MissingAsync(plan, day)).WorkingDay);

        var bad = await admin.SubmitAsync("/Admin/Calendar", "/Admin/Calendar?handler=Add",
            new Dictionary<string, string?> { ["Date"] = "1405/12/31", ["Title"] = "روز ناموجود" });
        var html = await bad.HtmlAsync();
        Assert.Contains("وجود ندارد", System.Net.WebUtility.HtmlDecode(html));
        Assert.False(await App.InDbAsync(db => db.Holidays.AnyAsync(h => h.Title == "روز ناموجود")));

        var ok = await admin.SubmitAsync("/Admin/Calendar", "/Admin/Calendar?handler=Add",
            new Dictionary<string, string?> { ["Date"] = "۱۴۰۵/۰۶/۱۴", ["Title"] = "تعطیلی آزمون" });
        await admin.FollowAsync(ok, "/Admin/Calendar");
        var missing = await MissingAsync(plan, day);
        Assert.False(missing.WorkingDay);
        Assert.Contains("تعطیلی آزمون", missing.WhyNot);
    }

    [SkippableFact]
    public async Task A_plans_working_weekdays_decide_which_days_owe_reports()
    {
        var admin = await Browser.SignedInAsync(App);
        var plan = await App.InDbAsync(db => db.Plans.OrderBy(p => p.Year).FirstAsync());
        var thursday = new JalaliDate(1398, 6, 28);
        Assert.Equal(5, thursday.DayOfWeek);
        Assert.False((await MissingAsync(plan.Id, thursday)).WorkingDay);

        var answer = await admin.SubmitAsync("/Admin/Calendar", "/Admin/Calendar?handler=Days", new Dictionary<string, string?>
        {
            ["plan"] = plan.Id.ToString(CultureInfo.InvariantCulture),
            ["version"] = plan.Version.ToString(CultureInfo.InvariantCulture),
        }.Concat(new[] { 0, 1, 2, 3, 4, 5 }.Select(d => KeyValuePair.Create("days", (string?)d.ToString(CultureInfo.InvariantCulture)))).ToDictionary(k => k.Key + (k.Key == "days" ? "[" + k.Value + "]" : ""), k => k.Value));
        await admin.FollowAsync(answer, "/Admin/Calendar");
        Assert.True((await MissingAsync(plan.Id, thursday)).WorkingDay);

        // A stale form (the old version) changes nothing and says so.
        var stale = await admin.SubmitAsync("/Admin/Calendar", "/Admin/Calendar?handler=Days", new Dictionary<string, string?>
        {
            ["plan"] = plan.Id.ToString(CultureInfo.InvariantCulture),
            ["version"] = plan.Version.ToString(CultureInfo.InvariantCulture),
            ["days[0]"] = "0",
        });
        Assert.Contains("هم‌زمان", System.Net.WebUtility.HtmlDecode(await stale.HtmlAsync()));
        Assert.Equal("0,1,2,3,4,5", await App.InDbAsync(db => db.Plans.Where(p => p.Id == plan.Id).Select(p => p.WorkingDays).FirstAsync()));
    }
}

public sealed class ReportingCalendarOnSqlite(SqliteDemoApp app) : ReportingCalendar(() => app), IClassFixture<SqliteDemoApp>;

public sealed class ReportingCalendarOnPostgres(PostgresDemoApp app) : ReportingCalendar(() => app.Factory), IClassFixture<PostgresDemoApp>;
