using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Payesh.Domain.Calendar;
using Payesh.Domain.Progress;
using Payesh.Web.Features.Figures;
using Payesh.Web.Tests.Infrastructure;
using Payesh.Web.Tests.Reporting;

namespace Payesh.Web.Tests.Dashboard;

/// <summary>Issue 12 § 6, where it is heading: the axes' delivery-confidence ratings (rules, history, shown beside the
/// status), the «نیازمند تصمیم» panel (its counts are its lists' counts) and the projected landing (the domain's).</summary>
public abstract class DeliveryFeatures(Func<PayeshFactory> app)
{
    private PayeshFactory App => app();

    private static string Url(long plan, long axis) => $"/api/v1/plans/{plan}/axes/{axis}/confidence";

    private Task<int> RatingsAsync(long plan) => App.InDbAsync(db => db.AxisConfidenceRatings.CountAsync(r => r.PlanId == plan));

    private Task<int> AuditedRatingsAsync() => App.InDbAsync(db => db.AuditEntries.CountAsync(e => e.EntityType == "AxisConfidenceRating"));

    [SkippableFact]
    public async Task The_secretariat_rates_an_axis_and_the_history_keeps_every_rating()
    {
        var (plan, nodes) = await ReportingPlans.CreateAsync(App, TestPlans.Small("برنامه آزمون اطمینان تحقق"));
        var secretariat = await App.ApiClientAsync("secretariat");
        int audited = await AuditedRatingsAsync();

        var first = await (await secretariat.PostAsJsonAsync(Url(plan, nodes["S"]), new { level = "on-track", comment = "پیشرفت صنعت طبق برنامه است." }))
            .JsonAsync(HttpStatusCode.Created);
        Assert.Equal("on-track", (string)first["level"]!);
        Assert.Equal("1405/06/31", (string)first["ratedOn"]!);
        // Persian level names and ي/ك are read as well.
        var second = await (await secretariat.PostAsJsonAsync(Url(plan, nodes["S"]), new { level = "نيازمند توجه", comment = "  تأمين مالي دو اقدام معطل است.  " }))
            .JsonAsync(HttpStatusCode.Created);
        Assert.Equal("needs-attention", (string)second["level"]!);
        Assert.Equal("تأمین مالی دو اقدام معطل است.", (string)second["comment"]!);

        var history = await (await App.ApiClientAsync("governor")).GetJsonAsync(Url(plan, nodes["S"]));
        var ratings = history["ratings"]!.AsArray();
        Assert.Equal(["needs-attention", "on-track"], ratings.Select(r => (string)r!["level"]!));
        Assert.False((bool)history["canRate"]!);
        Assert.Equal(2, await RatingsAsync(plan));
        Assert.Equal(audited + 2, await AuditedRatingsAsync());

        // Beside the computed status: the dashboard's axis table, the plan tree and the axis page (with its history).
        var governor = await Browser.SignedInAsync(App, "governor");
        var dashboard = await governor.PageAsync($"/?plan={plan}");
        var axes = Regex.Match(dashboard, "<table[^>]*axes-table.*?</table>", RegexOptions.Singleline).Value;
        Assert.Contains("data-confidence=\"needs-attention\"", axes);
        Assert.Contains("نیازمند توجه", axes);
        Assert.Contains("data-confidence=\"needs-attention\"", await governor.PageAsync($"/Plans/{plan}"));
        var axisPage = await governor.PageAsync($"/Plans/{plan}?node=S");
        Assert.Contains("تأمین مالی دو اقدام معطل است.", axisPage);
        Assert.Contains("پیشرفت صنعت طبق برنامه است.", axisPage);
        // Time travel: a day before the ratings shows none.
        Assert.DoesNotContain("data-confidence=", await governor.PageAsync($"/?plan={plan}&asOf=1405/06/30"));
    }

    [SkippableFact]
    public async Task Bad_ratings_get_a_Persian_answer_and_nothing_is_stored()
    {
        var (plan, nodes) = await ReportingPlans.CreateAsync(App, TestPlans.Small("برنامه آزمون ارزیابی نادرست"));
        var (draft, draftNodes) = await ReportingPlans.CreateAsync(App, TestPlans.Small("پیش‌نویس آزمون ارزیابی"), approve: false);
        var secretariat = await App.ApiClientAsync("secretariat");
        int audited = await AuditedRatingsAsync();

        async Task RefusedAsync(HttpClient client, string url, object body, HttpStatusCode status, string? path = null)
        {
            var problem = await (await client.PostAsJsonAsync(url, body)).ProblemAsync(status);
            Api.AssertPersian(problem.Detail);
            if (path is not null) Api.AssertPersian(Assert.Single(problem.At(path)));
        }

        await RefusedAsync(secretariat, Url(plan, nodes["S"]), new { level = "green", comment = "خوب" }, HttpStatusCode.UnprocessableEntity, "level");
        await RefusedAsync(secretariat, Url(plan, nodes["S"]), new { level = "on-track", comment = "   " }, HttpStatusCode.UnprocessableEntity, "comment");
        await RefusedAsync(secretariat, Url(plan, nodes["S"]), new { level = "on-track", comment = new string('م', 1001) }, HttpStatusCode.UnprocessableEntity, "comment");
        await RefusedAsync(secretariat, Url(draft, draftNodes["S"]), new { level = "on-track", comment = "پیش‌نویس" }, HttpStatusCode.UnprocessableEntity);
        // An action is not an axis; another plan's axis is not this plan's.
        await RefusedAsync(secretariat, Url(plan, nodes[TestPlans.SmtAction]), new { level = "on-track", comment = "اقدام" }, HttpStatusCode.NotFound);
        await RefusedAsync(secretariat, Url(plan, draftNodes["S"]), new { level = "on-track", comment = "دیگری" }, HttpStatusCode.NotFound);
        foreach (var who in new[] { "governor", "smt.manager", "tax.reporter" })
            await RefusedAsync(await App.ApiClientAsync(who), Url(plan, nodes["S"]), new { level = "on-track", comment = "نظر من" }, HttpStatusCode.Forbidden);
        // A draft does not exist for anyone but staff.
        await RefusedAsync(await App.ApiClientAsync("governor"), Url(draft, draftNodes["S"]), new { level = "on-track", comment = "نظر" }, HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.NotFound, (await (await App.ApiClientAsync("governor")).GetAsync(Url(draft, draftNodes["S"]))).StatusCode);

        // The form: an empty post shows its Persian errors (422) and stores nothing.
        var page = await Browser.SignedInAsync(App, "secretariat");
        var token = await PageForms.TokenAsync(page, $"/Plans/{plan}/Confidence/{nodes["S"]}");
        var form = await PageForms.PostAsync(page, $"/Plans/{plan}/Confidence/{nodes["S"]}", token, [new("Level", "on-track"), new("Comment", "")]);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, form.StatusCode);
        Assert.Contains("تفسیر کوتاه دبیرخانه را بنویسید.", WebUtility.HtmlDecode(await form.Content.ReadAsStringAsync()));

        Assert.Equal(0, await RatingsAsync(plan));
        Assert.Equal(0, await RatingsAsync(draft));
        Assert.Equal(audited, await AuditedRatingsAsync());
    }

    [SkippableFact]
    public async Task Decision_panel_counts_are_the_counts_of_the_lists_it_links_to()
    {
        foreach (var who in new[] { "governor", "smt.manager" })
        {
            var client = await Browser.SignedInAsync(App, who);
            var html = await client.PageAsync("/");
            int Count(string part) => int.Parse(Regex.Match(html, $"data-part=\"{part}\".*?data-count=\"(\\d+)\"", RegexOptions.Singleline).Groups[1].Value, CultureInfo.InvariantCulture);

            var obstacles = await client.PageAsync("/Obstacles?Filter.State=open&Filter.Escalated=true");
            var obstacleTable = Regex.Match(obstacles, "<table[^>]*ob-table.*?</table>", RegexOptions.Singleline).Value;
            int listed = Regex.Matches(obstacleTable, "<a href=\"/Obstacles/(\\d+)\"").Select(m => m.Groups[1].Value).Distinct().Count();
            Assert.Equal(listed, Count("escalated"));

            var resolutions = await client.PageAsync("/Resolutions?Filter.Overdue=true");
            var resolutionTable = Regex.Match(resolutions, "<table[^>]*resolutions-table.*?</table>", RegexOptions.Singleline).Value;
            int late = Regex.Matches(resolutionTable, "<a href=\"/Resolutions/(\\d+)\"").Select(m => m.Groups[1].Value).Distinct().Count();
            Assert.Equal(late, Count("late-resolutions"));

            var agendaLink = Regex.Match(html, "data-part=\"agenda\".*?<a href=\"(/Meetings[^\"]*)\"", RegexOptions.Singleline).Groups[1].Value;
            if (agendaLink.StartsWith("/Meetings/", StringComparison.Ordinal))
                Assert.Equal(Regex.Count(await client.PageAsync(agendaLink), "<li data-kind="), Count("agenda"));
            // Every entry links to its own page.
            var panel = Regex.Match(html, "<section[^>]*decision-panel.*?</section>", RegexOptions.Singleline).Value;
            foreach (Match link in Regex.Matches(panel, "<li><a href=\"([^\"]+)\""))
                Assert.Matches("^/(Obstacles|Resolutions|Meetings|Plans)/", link.Groups[1].Value);
        }
    }

    [SkippableFact]
    public async Task Escalated_obstacle_appears_in_the_panel_and_its_list()
    {
        var governor = await Browser.SignedInAsync(App, "governor");
        int before = int.Parse(Regex.Match(await governor.PageAsync("/"), "data-part=\"escalated\".*?data-count=\"(\\d+)\"", RegexOptions.Singleline).Groups[1].Value, CultureInfo.InvariantCulture);
        long id = await App.InDbAsync(async db =>
        {
            var o = new Payesh.Web.Data.Model.Obstacle
            {
                Title = "مانع ارجاعی آزمون پنل تصمیم", Description = "شرح", ReportedByName = "آزمون", ReportedOn = TestClock.DefaultToday.ToDateOnly(),
                State = Payesh.Domain.Obstacles.ObstacleState.Assigned, Escalation = Payesh.Domain.Obstacles.EscalationLevel.Governor,
                Severity = Payesh.Domain.Obstacles.ObstacleSeverity.Critical, ReportedAt = App.Clock.UtcNow,
            };
            db.Obstacles.Add(o);
            await db.SaveChangesAsync();
            return o.Id;
        });
        var html = await governor.PageAsync("/");
        int after = int.Parse(Regex.Match(html, "data-part=\"escalated\".*?data-count=\"(\\d+)\"", RegexOptions.Singleline).Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.Equal(before + 1, after);
        Assert.Contains($"href=\"/Obstacles/{id}\">مانع ارجاعی آزمون پنل تصمیم</a>", html);
    }

    [SkippableFact]
    public async Task Projected_landing_on_the_curve_is_the_domain_computation()
    {
        var (plan, _) = await ReportingPlans.CreateAsync(App, TestPlans.Small("برنامه آزمون فرود پیش‌بینی‌شده"));
        var admin = await App.ApiClientAsync("admin");
        await admin.PostReportAsync(plan, new { action = TestPlans.SmtAction, date = "1405/04/01", percent = 10, backdateReason = "گزارش دیرکرد آزمون" });
        await admin.PostReportAsync(plan, new { action = TestPlans.SmtAction, date = "1405/06/20", percent = 16, backdateReason = "گزارش دیرکرد آزمون" });
        await admin.PostReportAsync(plan, new { action = TestPlans.TaxAction, date = "1405/06/10", percent = 5, backdateReason = "گزارش دیرکرد آزمون" });
        var day = new JalaliDate(1405, 6, 31);
        var now = await admin.ProgressAsync(plan, day.ToString());
        var before = await admin.ProgressAsync(plan, day.AddDays(-30).ToString());
        var expected = PaceProjection.Of((double)now["actual"]!, (double)before["actual"]!, day.DayNumber, new JalaliDate(1405, 12, 29).DayNumber);
        Assert.True(expected.Rate > 0 && expected.Landing < 100, "the plan should have a pace that lands short of 100");

        var governor = await Browser.SignedInAsync(App, "governor");
        foreach (var url in new[] { $"/?plan={plan}&asOf={day}", $"/Plans/{plan}?asOf={day}" })
        {
            var html = await governor.PageAsync(url);
            var landing = Regex.Match(html, "data-landing=\"([^\"]+)\" data-landing-day=\"(\\d+)\"");
            Assert.True(landing.Success, url);
            Assert.Equal(Math.Round(expected.Landing, 2), double.Parse(landing.Groups[1].Value, CultureInfo.InvariantCulture));
            Assert.Equal(expected.End, int.Parse(landing.Groups[2].Value, CultureInfo.InvariantCulture));
            // Named in Persian beside the chart, in its description and in its data table.
            var text = NodeForecast.LandingText(expected);
            Assert.Contains(Fa(expected.Landing), text);
            Assert.True(Regex.Count(html, Regex.Escape(text)) >= 3, url);
            Assert.Contains("\"projected\":[[", html);
        }
    }

    [SkippableFact]
    public async Task An_agencys_change_over_7_and_30_days_is_the_same_on_its_card_and_in_the_league_and_is_the_engines()
    {
        var (plan, _) = await ReportingPlans.CreateAsync(App, TestPlans.Small("برنامه آزمون تغییر کارنامه دستگاه"));
        var admin = await App.ApiClientAsync("admin");
        await admin.PostReportAsync(plan, new { action = TestPlans.SmtAction, date = "1405/05/20", percent = 10, backdateReason = "گزارش دیرکرد آزمون" });
        await admin.PostReportAsync(plan, new { action = TestPlans.SmtAction, date = "1405/06/28", percent = 30, backdateReason = "گزارش دیرکرد آزمون" });
        var day = new JalaliDate(1405, 6, 31);
        async Task<(double Actual, double Deviation)> SmtAsync(JalaliDate d)
        {
            var smt = (await admin.GetJsonAsync($"/api/v1/plans/{plan}/agencies?asOf={d}")).AsArray().Single(a => (string)a!["code"]! == "SMT")!;
            return ((double)smt["actual"]!, (double)smt["deviation"]!);
        }
        var (now, week, month) = (await SmtAsync(day), await SmtAsync(day.AddDays(-7)), await SmtAsync(day.AddDays(-30)));
        Assert.True(now.Actual > week.Actual, "the test's reports should move the agency within the week");
        string Signed(double v) => Payesh.Web.Infrastructure.Fa.SignedPct(v);
        string[] expected =
        [
            $"۷ روز: {Signed(now.Actual - week.Actual)}", $"۳۰ روز: {Signed(now.Actual - month.Actual)}",
            $"۷ روز: {Signed(now.Deviation - week.Deviation)}", $"۳۰ روز: {Signed(now.Deviation - month.Deviation)}",
        ];

        var governor = await Browser.SignedInAsync(App, "governor");
        var card = await governor.PageAsync($"/Agencies/SMT?plan={plan}&asOf={day}");
        static List<string> Changes(string html) =>
            [.. Regex.Matches(html, "data-change=\"(?:7|30)\"[^>]*>([^<]+)</span>").Select(m => System.Net.WebUtility.HtmlDecode(m.Groups[1].Value).Trim())];
        Assert.Equal(expected, Changes(card));
        // The league on the dashboard shows the deviation's change for the same agency and day.
        var dashboard = await governor.PageAsync($"/?plan={plan}&asOf={day}");
        var row = Regex.Match(dashboard, "<tr[^>]*>(?:(?!</tr>).)*?/Agencies/SMT\\?(?:(?!</tr>).)*?data-change(?:(?!</tr>).)*</tr>", RegexOptions.Singleline).Value;
        Assert.Equal(expected[2..], Changes(row));
    }

    private static string Fa(double pct) => Payesh.Web.Infrastructure.Fa.Pct(pct);
}

public sealed class DeliveryFeaturesOnSqlite(SqliteDemoApp app) : DeliveryFeatures(() => app), IClassFixture<SqliteDemoApp>;

public sealed class DeliveryFeaturesOnPostgres(PostgresDemoApp app) : DeliveryFeatures(() => app.Factory), IClassFixture<PostgresDemoApp>;
