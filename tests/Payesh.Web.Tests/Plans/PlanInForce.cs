using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Payesh.Domain.Calendar;
using Payesh.Web.Data.Model;
using Payesh.Web.Features.Plans;
using Payesh.Web.Tests.Infrastructure;
using Payesh.Web.Tests.Reporting;

namespace Payesh.Web.Tests.Plans;

/// <summary>
/// The plan a page shows when the user has not said (issue 11 § 2): the user's last explicit choice, else the
/// communicated plan running today, else the latest one that has ended; never a draft or a plan not yet started.
/// Today is 1405/06/31; the demo has the ended 1398 plan and the running 1405 one.
/// </summary>
public abstract class PlanInForce(Func<PayeshFactory> app)
{
    private PayeshFactory App => app();

    private async Task<(long Historic, long Running)> DemoPlansAsync()
    {
        var plans = (await (await App.ApiClientAsync("governor")).GetJsonAsync("/api/v1/plans")).AsArray();
        long First(int year) => plans.Where(p => (int)p!["year"]! == year && (string)p["state"]! == "approved").Min(p => (long)p!["id"]!);
        return (First(1398), First(1405));
    }

    private static JsonObject NextYear(string title) => TestPlans.Small(title, start: "1406/01/01", end: "1406/12/29");

    [SkippableFact]
    public async Task Approving_next_years_plan_early_leaves_every_page_on_the_running_one()
    {
        var (_, running) = await DemoPlansAsync();
        var (next, _) = await ReportingPlans.CreateAsync(App, NextYear("برنامه ابلاغ‌شده سال آینده"));
        var (draft, _) = await ReportingPlans.CreateAsync(App, TestPlans.Small("پیش‌نویس امسال"), approve: false);

        var governor = await Browser.SignedInAsync(App, "governor");
        Assert.Equal(running, PlanPicker.Shown(await governor.PageAsync("/")));
        var accountability = await governor.PageAsync("/Accountability");
        Assert.Equal(running, PlanPicker.Shown(accountability));
        Assert.Contains("از ۱۴۰۵/۰۱/۰۱ تا پایان روز", accountability);
        Assert.Equal(running, PlanPicker.Shown(await governor.PageAsync("/Agencies/SMT")));
        var staff = await Browser.SignedInAsync(App, "secretariat");
        Assert.Equal(running, PlanPicker.Shown(await staff.PageAsync("/Reports/Review")));
        Assert.Equal(running, PlanPicker.Shown(await staff.PageAsync("/Reports/Missing")));
        Assert.Equal(running, PlanPicker.Shown(await staff.PageAsync("/")));
        // Both are offered, each named with its period.
        Assert.Contains($"value=\"{next}\"", PlanPicker.Of(await staff.PageAsync("/")));
        Assert.Contains($"value=\"{draft}\"", PlanPicker.Of(await staff.PageAsync("/")));
        Assert.Contains("۱۴۰۶/۰۱/۰۱ تا ۱۴۰۶/۱۲/۲۹", PlanPicker.Of(await staff.PageAsync("/")));

        // Asked for, next year's plan is shown from its first day: its period never reads backwards.
        var ahead = await governor.PageAsync($"/Accountability?plan={next}");
        Assert.Equal(next, PlanPicker.Shown(ahead));
        Assert.Contains("از ۱۴۰۶/۰۱/۰۱ تا پایان روز", ahead);
        Assert.DoesNotContain("۱۴۰۵", ahead[ahead.IndexOf("از ۱۴۰۶/۰۱/۰۱", StringComparison.Ordinal)..][..80]);
    }

    [SkippableFact]
    public async Task A_chosen_plan_is_remembered_by_every_page_until_another_is_chosen()
    {
        var (historic, running) = await DemoPlansAsync();
        var viewer = await Browser.SignedInAsync(App, "governor");
        Assert.Equal(historic, PlanPicker.Shown(await viewer.PageAsync($"/?plan={historic}")));
        Assert.Equal(historic, PlanPicker.Shown(await viewer.PageAsync("/")));
        Assert.Equal(historic, PlanPicker.Shown(await viewer.PageAsync("/Accountability")));
        Assert.Equal(historic, PlanPicker.Shown(await viewer.PageAsync("/Agencies/SMT")));
        Assert.Equal(running, PlanPicker.Shown(await viewer.PageAsync($"/Accountability?plan={running}")));
        Assert.Equal(running, PlanPicker.Shown(await viewer.PageAsync("/")));
        // Another user (another browser) is not affected.
        Assert.Equal(running, PlanPicker.Shown(await (await Browser.SignedInAsync(App, "governor")).PageAsync("/")));
    }

    [SkippableFact]
    public async Task A_plan_asked_for_that_is_unknown_or_hidden_is_a_Persian_404_and_a_remembered_plan_that_became_hidden_gives_way()
    {
        var (_, running) = await DemoPlansAsync();
        var (draft, _) = await ReportingPlans.CreateAsync(App, TestPlans.Small("پیش‌نویس پنهان از دستگاه"), approve: false);
        var (lastYear, _) = await ReportingPlans.CreateAsync(App, TestPlans.Small("برنامه سال گذشته", start: "1404/01/01", end: "1404/12/29"));
        var agency = await Browser.SignedInAsync(App, "smt.manager");

        // Asked for by address: a draft (an agency never sees one) and a plan that does not exist are Persian 404 pages,
        // and neither is remembered.
        foreach (var url in new[] { $"/?plan={draft}", "/?plan=987654", $"/Accountability?plan={draft}" })
        {
            var answer = await agency.GetAsync(url);
            Assert.Equal(HttpStatusCode.NotFound, answer.StatusCode);
            Assert.Contains("پیدا نشد", WebUtility.HtmlDecode(await answer.Content.ReadAsStringAsync()));
        }
        Assert.Equal(running, PlanPicker.Shown(await agency.PageAsync("/")));
        Assert.DoesNotContain($"value=\"{draft}\"", PlanPicker.Of(await agency.PageAsync("/")));
        // Not a number: the plan in force, not an error.
        Assert.Equal(running, PlanPicker.Shown(await agency.PageAsync("/?plan=%DB%B1%DB%B2abc")));

        // Chosen and remembered, then withdrawn to a draft: the remembered choice gives way to the plan in force.
        Assert.Equal(lastYear, PlanPicker.Shown(await agency.PageAsync($"/?plan={lastYear}")));
        Assert.Equal(lastYear, PlanPicker.Shown(await agency.PageAsync("/Accountability")));
        await App.InDbAsync(db => db.Plans.Where(p => p.Id == lastYear).ExecuteUpdateAsync(u => u.SetProperty(p => p.State, PlanState.Draft)));
        Assert.Equal(running, PlanPicker.Shown(await agency.PageAsync("/")));
        Assert.Equal(running, PlanPicker.Shown(await agency.PageAsync("/Accountability")));
        Assert.DoesNotContain($"value=\"{lastYear}\"", PlanPicker.Of(await agency.PageAsync("/")));
    }

    [SkippableFact]
    public async Task Between_plans_the_latest_ended_one_is_the_default()
    {
        var (ended, _) = await ReportingPlans.CreateAsync(App, NextYear("برنامه پایان‌یافته ۱۴۰۶"));
        var before = App.Clock.UtcNow;
        try
        {
            App.Clock.SetToday(new JalaliDate(1407, 3, 1));
            var governor = await Browser.SignedInAsync(App, "governor");
            var html = await governor.PageAsync("/");
            Assert.Equal(ended, PlanPicker.Shown(html));
            Assert.Contains("۲۹ اسفند ۱۴۰۶", html);
        }
        finally
        {
            App.Clock.UtcNow = before;
        }
    }
}

public sealed class PlanInForceOnSqlite : PlanInForce, IDisposable
{
    private readonly PayeshFactory _app;
    public PlanInForceOnSqlite() : this(new PayeshFactory(TestProvider.Sqlite)) { }
    private PlanInForceOnSqlite(PayeshFactory app) : base(() => app) => _app = app;
    public void Dispose() => _app.Dispose();
}

public sealed class PlanInForceOnPostgres(PostgresDemoApp app) : PlanInForce(() => app.Factory), IClassFixture<PostgresDemoApp>;

/// <summary>The rule itself, day by day.</summary>
public sealed class PlanInForceRule
{
    private static PlanChoice Plan(long id, string start, string end, PlanState state = PlanState.Approved) =>
        new(id, "برنامه " + id, int.Parse(start[..4], System.Globalization.CultureInfo.InvariantCulture),
            JalaliDate.Parse(start).ToDateOnly(), JalaliDate.Parse(end).ToDateOnly(), state);

    private static readonly PlanChoice[] Plans =
    [
        Plan(1, "1404/01/01", "1404/12/29", PlanState.Closed),
        Plan(2, "1405/01/01", "1405/12/29"),
        Plan(3, "1406/01/01", "1406/12/29"),
        Plan(4, "1405/01/01", "1405/12/29", PlanState.Draft),
    ];

    private static long? On(string day) => PlanQueries.InForce(Plans, JalaliDate.Parse(day).ToDateOnly())?.Id;

    [Fact] public void The_running_plan_wins_over_an_approved_plan_not_yet_started() => Assert.Equal(2, On("1405/06/31"));
    [Fact] public void A_plan_runs_on_its_first_and_last_day() => Assert.Equal((2L, 2L), (On("1405/01/01")!.Value, On("1405/12/29")!.Value));
    [Fact] public void The_next_plan_takes_over_on_its_first_day() => Assert.Equal(3, On("1406/01/01"));
    [Fact] public void After_every_plan_the_latest_ended_is_the_default() => Assert.Equal(3, On("1407/05/01"));
    [Fact] public void Before_any_plan_started_there_is_no_default() => Assert.Null(On("1403/05/01"));
    [Fact] public void A_draft_is_never_the_default() => Assert.Null(PlanQueries.InForce([Plans[3]], JalaliDate.Parse("1405/06/31").ToDateOnly()));
}
