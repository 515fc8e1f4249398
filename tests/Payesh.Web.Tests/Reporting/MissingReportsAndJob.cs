using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Payesh.Domain.Calendar;
using Payesh.Web.Data;
using Payesh.Web.Data.Model;
using Payesh.Web.Features.Progress;
using Payesh.Web.Features.Reports;
using Payesh.Web.Tests.Admin;
using Payesh.Web.Tests.Infrastructure;
using static Payesh.Web.Tests.Infrastructure.TestPlans;

namespace Payesh.Web.Tests.Reporting;

/// <summary>گزارش‌های نرسیده: on a working day every running action owes a report; none are owed on Thursday, Friday
/// or a holiday. The reminder job runs once a day however many instances share the database.</summary>
public abstract class MissingReportsAndJob(TestProvider provider, Func<PayeshFactory> app)
{
    private PayeshFactory App => app();

    private static readonly JalaliDate Today = TestClock.DefaultToday;

    private static JalaliDate Last(int dayOfWeek, JalaliDate before)
    {
        var d = before.AddDays(-1);
        while (d.DayOfWeek != dayOfWeek) d = d.AddDays(-1);
        return d;
    }

    private async Task<MissingReports.Result> ComputeAsync(long plan, JalaliDate day, long? agency = null)
    {
        using var scope = App.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PayeshDb>();
        return await MissingReports.ComputeAsync(db, scope.ServiceProvider.GetRequiredService<PlanEngines>(), plan, day, agency, CancellationToken.None);
    }

    private Task<long> AgencyAsync(string code) => App.InDbAsync(db => db.Agencies.Where(a => a.Code == code).Select(a => a.Id).SingleAsync());

    [SkippableFact]
    public async Task On_a_working_day_the_actions_without_a_report_are_listed_by_agency()
    {
        Assert.True(Today.DayOfWeek <= 4, "1405/06/31 is a working day (Saturday–Wednesday)");
        var (plan, nodes) = await ReportingPlans.CreateAsync(App, Small("برنامه آزمون گزارش‌های نرسیده"));
        await (await App.ApiClientAsync("smt.reporter")).PostReportAsync(plan, new { action = SmtAction, date = Today.ToString(), percent = 10 });
        // A rejected report is no report.
        long rejected = await (await App.ApiClientAsync("tax.reporter")).PostReportAsync(plan, new { action = TaxAction, date = Today.ToString(), percent = 10 });
        await (await App.ApiClientAsync("secretariat")).RejectAsync(rejected);
        // Yesterday's report does not count for today.
        await (await App.ApiClientAsync("smt.reporter")).PostReportAsync(plan, new { action = SmtSecondAction, date = Today.AddDays(-1).ToString(), percent = 5 });

        var all = await ComputeAsync(plan, Today);
        var smtOnly = await ComputeAsync(plan, Today, await AgencyAsync("SMT"));

        Assert.True(all.WorkingDay);
        Assert.Null(all.WhyNot);
        Assert.Equal(3, all.Due);
        Assert.Equal(2, all.MissingCount);
        var smt = all.Agencies.Single(a => a.AgencyCode == "SMT");
        var tax = all.Agencies.Single(a => a.AgencyCode == "TAX");
        Assert.Equal(2, smt.Due);
        Assert.Equal(new[] { SmtSecondAction }, smt.Missing.Select(m => m.Code));
        Assert.Equal(nodes[SmtSecondAction], smt.Missing[0].NodeId);
        Assert.Equal(1, tax.Due);
        Assert.Equal(new[] { TaxAction }, tax.Missing.Select(m => m.Code));
        Assert.Equal(2, all.Agencies.Count);
        Assert.Equal(new[] { "SMT" }, smtOnly.Agencies.Select(a => a.AgencyCode));
        Assert.Equal(new[] { SmtSecondAction }, smtOnly.Agencies[0].Missing.Select(m => m.Code));
    }

    [SkippableFact]
    public async Task Each_gap_links_to_the_Today_form_of_its_agency_and_day_for_those_who_may_fill_it()
    {
        var (plan, nodes) = await ReportingPlans.CreateAsync(App, Small("برنامه پیوند گزارش نرسیده"));
        var day = Today.AddDays(-1).ToString();

        var staff = await (await Browser.SignedInAsync(App, "secretariat")).PageAsync($"/Reports/Missing?plan={plan}&day={Uri.EscapeDataString(day)}");
        Assert.Contains($"href=\"/Reports/Today?plan={plan}&agency=SMT&day={Uri.EscapeDataString(day)}#r{nodes[SmtAction]}\"", staff);
        Assert.Contains($"href=\"/Reports/Today?plan={plan}&agency=TAX&day={Uri.EscapeDataString(day)}#r{nodes[TaxAction]}\"", staff);
        // The manager fills his own agency's gaps; the governor (a viewer) reads them without a form to go to.
        var manager = await (await Browser.SignedInAsync(App, "smt.manager")).PageAsync($"/Reports/Missing?plan={plan}&day={Uri.EscapeDataString(day)}");
        Assert.Contains($"#r{nodes[SmtAction]}\"", manager);
        var governor = await (await Browser.SignedInAsync(App, "governor")).PageAsync($"/Reports/Missing?plan={plan}&day={Uri.EscapeDataString(day)}");
        Assert.DoesNotContain("fill-link", governor);
        // The link opens the Today page on that day with the action's row.
        var today = await (await Browser.SignedInAsync(App, "smt.reporter")).PageAsync($"/Reports/Today?plan={plan}&agency=SMT&day={Uri.EscapeDataString(day)}");
        Assert.Contains("گزارش روز", today);
        Assert.NotNull(TodayRows.Row(today, nodes[SmtAction]));
    }

    [SkippableFact]
    public async Task An_action_completed_before_the_day_owes_nothing_and_one_not_yet_started_is_not_due()
    {
        var plan = Small("برنامه آزمون گزارش‌های نرسیده ۲");
        ReportingPlans.WithAction(plan, Action("S9", "اقدام آینده", "SMT", "1405/10/01", "1405/12/29"));
        var (id, _) = await ReportingPlans.CreateAsync(App, plan);
        await (await App.ApiClientAsync("smt.reporter")).PostReportAsync(id, new { action = SmtAction, date = Today.AddDays(-1).ToString(), percent = 100 });

        var result = await ComputeAsync(id, Today);

        var smt = result.Agencies.Single(a => a.AgencyCode == "SMT");
        Assert.Equal(1, smt.Due);
        Assert.Equal(new[] { SmtSecondAction }, smt.Missing.Select(m => m.Code));
    }

    [SkippableFact]
    public async Task Nothing_is_owed_on_Thursday_Friday_or_a_holiday()
    {
        var (plan, _) = await ReportingPlans.CreateAsync(App, Small("برنامه آزمون روزهای تعطیل"));
        var thursday = Last(5, Today);
        var friday = Last(6, Today);
        var holiday = Last(0, Today); // a Saturday, made a holiday
        await App.InDbAsync(async db =>
        {
            db.Holidays.Add(new Holiday { Date = holiday.ToDateOnly(), Title = "تعطیل آزمون" });
            return await db.SaveChangesAsync();
        });

        var onThursday = await ComputeAsync(plan, thursday);
        var onFriday = await ComputeAsync(plan, friday);
        var onHoliday = await ComputeAsync(plan, holiday);
        var dayAfter = await ComputeAsync(plan, holiday.AddDays(1));

        foreach (var (day, result) in new[] { (thursday, onThursday), (friday, onFriday), (holiday, onHoliday) })
        {
            Assert.False(result.WorkingDay, $"{day} should not be a working day");
            Assert.Empty(result.Agencies);
            Assert.Equal(0, result.MissingCount);
            Api.AssertPersian(result.WhyNot);
        }
        Assert.Contains(thursday.WeekdayName, onThursday.WhyNot);
        Assert.Contains(friday.WeekdayName, onFriday.WhyNot);
        Assert.Equal("تعطیل: تعطیل آزمون", onHoliday.WhyNot);
        Assert.True(dayAfter.WorkingDay);
        Assert.Equal(3, dayAfter.MissingCount);
    }

    [SkippableFact]
    public async Task The_page_shows_every_agency_to_staff_and_only_its_own_to_an_agency_manager()
    {
        var (plan, _) = await ReportingPlans.CreateAsync(App, Small("برنامه آزمون صفحه نرسیده‌ها"));
        await (await App.ApiClientAsync("smt.reporter")).PostReportAsync(plan, new { action = SmtAction, date = Today.ToString(), percent = 10 });
        string url = $"/Reports/Missing?plan={plan}&day={Today}";
        const string smtName = "سازمان صنعت، معدن و تجارت استان قم";
        const string taxName = "اداره کل امور مالیاتی استان قم";
        static string Table(string html)
        {
            int start = html.IndexOf("missing-table", StringComparison.Ordinal);
            Assert.True(start >= 0, "no table of missing reports on the page");
            return html[start..html.IndexOf("</table>", start, StringComparison.Ordinal)];
        }

        var staff = await (await Browser.SignedInAsync(App, "secretariat")).PageAsync(url);
        var viewer = await (await Browser.SignedInAsync(App, "governor")).PageAsync(url);
        var manager = await (await Browser.SignedInAsync(App, "smt.manager")).PageAsync(url);

        foreach (var page in new[] { staff, viewer })
        {
            Assert.Contains("۲ از ۳ گزارش لازم نرسیده", page);
            Assert.Contains(smtName, Table(page));
            Assert.Contains(taxName, Table(page));
            Assert.Contains("S۲", Table(page));
            Assert.Contains("T۱", Table(page));
        }
        Assert.Contains("فرستادن یادآوری به دستگاه‌ها", staff);
        Assert.DoesNotContain("فرستادن یادآوری به دستگاه‌ها", viewer);
        Assert.Contains("۱ از ۲ گزارش لازم نرسیده", manager);
        Assert.Contains(smtName, Table(manager));
        Assert.DoesNotContain(taxName, Table(manager));
        Assert.DoesNotContain("T۱", Table(manager));
        Assert.DoesNotContain("فرستادن یادآوری به دستگاه‌ها", manager);
        PageForms.AssertDenied(await (await Browser.SignedInAsync(App, "smt.reporter")).GetAsync(url), "reporter GET /Reports/Missing");
    }

    [SkippableFact]
    public async Task The_reminder_job_runs_once_when_two_instances_race_for_the_day()
    {
        if (provider == TestProvider.Postgres) TestDatabases.RequirePostgres();
        using var first = new QuietFactory(provider, seedDemo: false);
        using var second = new QuietFactory(provider, seedDemo: false, connectionString: first.ConnectionString);
        await ReportingPlans.CreateAsync(first, Small("برنامه آزمون یادآوری"));
        var (smtUser, _) = await Forms.NewUserAsync(first, Roles.AgencyReporter, "SMT");
        var (taxUser, _) = await Forms.NewUserAsync(first, Roles.AgencyManager, "TAX");
        await Forms.NewUserAsync(first, Roles.Viewer);
        _ = second.Services;
        static async Task<bool> RunAsync(PayeshFactory instance)
        {
            using var scope = instance.Services.CreateScope();
            return await MissingReportsJob.RunOnceAsync(scope.ServiceProvider, Today, CancellationToken.None);
        }
        Task<List<Notification>> RemindersAsync() => first.InDbAsync(db => db.Notifications.Where(n => n.Link == "/Reports/Today").ToListAsync());

        using var start = new ManualResetEventSlim();
        var racers = new[] { first, second, first, second }
            .Select(instance => Task.Run(async () => { start.Wait(); return await RunAsync(instance); })).ToArray();
        start.Set();
        var ran = await Task.WhenAll(racers);

        Assert.Equal(1, ran.Count(r => r));
        var run = Assert.Single(await first.InDbAsync(db => db.JobRuns.ToListAsync()));
        Assert.Equal(MissingReportsJob.Name, run.Job);
        Assert.Equal(Today.ToDateOnly(), run.Day);
        Assert.Equal("plans 1, missing 3, users reminded 2", run.Result);
        // One set: each agency user once, with its own agency's count; nobody else.
        var reminders = await RemindersAsync();
        Assert.Equal(2, reminders.Count);
        Assert.Equal($"یادآوری: ۲ گزارش پیشرفت برای {Today.ToPersianString()} ثبت نشده است", reminders.Single(n => n.UserId == smtUser).Title);
        Assert.Equal("S۱، S۲", reminders.Single(n => n.UserId == smtUser).Body);
        Assert.Equal($"یادآوری: ۱ گزارش پیشرفت برای {Today.ToPersianString()} ثبت نشده است", reminders.Single(n => n.UserId == taxUser).Title);

        // Later runs that day, from either instance, do nothing.
        Assert.False(await RunAsync(second));
        Assert.False(await RunAsync(first));
        Assert.Equal(2, (await RemindersAsync()).Count);
        Assert.Single(await second.InDbAsync(db => db.JobRuns.ToListAsync()));
    }
}

public sealed class MissingReportsAndJobOnSqlite(SqliteDemoApp app)
    : MissingReportsAndJob(TestProvider.Sqlite, () => app), IClassFixture<SqliteDemoApp>;

public sealed class MissingReportsAndJobOnPostgres(PostgresDemoApp app)
    : MissingReportsAndJob(TestProvider.Postgres, () => app.Factory), IClassFixture<PostgresDemoApp>;
