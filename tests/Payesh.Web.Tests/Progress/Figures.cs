using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Payesh.Web.Tests.Infrastructure;

namespace Payesh.Web.Tests.Progress;

/// <summary>The figures endpoints (docs/api.md) on the demo plans, and against a naive reading of progress-spec.md.</summary>
public abstract partial class Figures(Func<PayeshFactory> app)
{
    private const double Tolerance = 1e-6;
    private static readonly int LastCalendarDay = SpecReference.Day("1700/12/29");

    private PayeshFactory App => app();

    [GeneratedRegex(@"^\d{4}/\d{2}/\d{2}$")]
    private static partial Regex LatinJalali();

    private async Task<(HttpClient Client, long Historic, long Current)> DemoAsync()
    {
        var client = await App.ApiClientAsync("governor");
        var plans = (await client.GetJsonAsync("/api/v1/plans")).AsArray();
        long Id(int year) => (long)plans.First(p => (int)p!["year"]! == year)!["id"]!;
        return (client, Id(1398), Id(TestClock.DefaultToday.Year));
    }

    [SkippableFact]
    public async Task Progress_of_the_root_is_as_of_today_by_default()
    {
        var (client, _, current) = await DemoAsync();

        var p = await client.ProgressAsync(current);

        Assert.Equal("", (string?)p["node"]);
        Assert.Equal("1405/06/31", (string?)p["asOf"]);
        var planned = (double)p["planned"]!;
        var actual = (double)p["actual"]!;
        Assert.InRange(planned, 0.1, 99.9);
        Assert.InRange(actual, 0.1, 99.9);
        Assert.Equal(actual - planned, (double)p["deviation"]!, 1e-9);
        Assert.Equal(actual / planned, (double)p["spi"]!, 1e-9);
        Assert.Contains((string?)p["status"], SpecReference.Statuses);
        Assert.Equal(261, p["actionStatusCounts"]!.AsObject().Sum(c => (int)c.Value!));
        var children = p["children"]!.AsArray();
        Assert.Equal(27, children.Count);
        foreach (var c in children)
        {
            Api.AssertPersian((string?)c!["title"]);
            Assert.Contains((string?)c["status"], SpecReference.Statuses);
            Assert.Equal((double)c["actual"]! - (double)c["planned"]!, (double)c["deviation"]!, 1e-9);
        }
        Assert.Equal(261, children.Sum(c => c!["actionStatusCounts"]!.AsObject().Sum(x => (int)x.Value!)));
        Assert.Equal(p.ToJsonString(), (await client.ProgressAsync(current, "1405/06/31")).ToJsonString());

        App.Clock.SetToday(new Payesh.Domain.Calendar.JalaliDate(1405, 3, 1));
        try
        {
            var earlier = await client.ProgressAsync(current);
            Assert.Equal("1405/03/01", (string?)earlier["asOf"]);
            Assert.True((double)earlier["planned"]! < planned);
        }
        finally
        {
            App.Clock.SetToday(TestClock.DefaultToday);
        }
    }

    [SkippableFact]
    public async Task Progress_of_a_node_is_as_of_the_asked_day_in_any_digits()
    {
        var (client, historic, _) = await DemoAsync();

        var mid = await client.ProgressAsync(historic, "1398/06/31", "01");
        var persian = await client.ProgressAsync(historic, "۱۳۹۸-۰۶-۳۱", "01");
        var arabic = await client.ProgressAsync(historic, "١٣٩٨/٠٦/٣١", "01");
        var end = await client.ProgressAsync(historic, "1398/12/29", "01");

        Assert.Equal("01", (string?)mid["node"]);
        Assert.Equal("1398/06/31", (string?)mid["asOf"]);
        Assert.Equal(mid.ToJsonString(), persian.ToJsonString());
        Assert.Equal(mid.ToJsonString(), arabic.ToJsonString());
        Assert.NotEqual((double)mid["planned"]!, (double)end["planned"]!);
        Assert.All(mid["children"]!.AsArray(), c => Assert.StartsWith("01.", (string?)c!["code"]));
        var before = await client.ProgressAsync(historic, "1397/12/29", "01");
        Assert.Equal(0.0, (double)before["planned"]!);
        Assert.Null(before["spi"]);
        Assert.Equal("not-started", (string?)before["status"]);
    }

    [SkippableFact]
    public async Task Forecast_finish_is_a_Jalali_date_or_null()
    {
        var (client, historic, current) = await DemoAsync();

        int dates = 0, nulls = 0;
        foreach (var (plan, asOf) in new[] { (historic, "1398/12/29"), (historic, "1398/06/31"), (current, "1405/06/31") })
        {
            var root = await client.ProgressAsync(plan, asOf);
            foreach (var axis in root["children"]!.AsArray().Take(6))
            {
                var p = await client.ProgressAsync(plan, asOf, (string?)axis!["code"]);
                foreach (var node in p["children"]!.AsArray().Append(p))
                {
                    var f = (string?)node!["forecastFinish"];
                    if (f is null) nulls++;
                    else
                    {
                        dates++;
                        Assert.Matches(LatinJalali(), f);
                        if ((string?)node["status"] == "completed") Assert.True(string.CompareOrdinal(f, asOf) <= 0, $"{f} after {asOf}");
                    }
                }
            }
        }
        Assert.True(dates > 0 && nulls > 0, $"{dates} forecasts, {nulls} nulls");
    }

    [SkippableFact]
    public async Task Unknown_plan_node_or_day_is_refused_in_Persian()
    {
        var (client, historic, _) = await DemoAsync();

        await (await client.GetAsync("/api/v1/plans/999999/progress")).ProblemAsync(HttpStatusCode.NotFound);
        await (await client.GetAsync($"/api/v1/plans/{historic}/progress?node=99.99")).ProblemAsync(HttpStatusCode.NotFound);
        var bad = await (await client.GetAsync($"/api/v1/plans/{historic}/progress?asOf=1398/13/01")).ProblemAsync(HttpStatusCode.UnprocessableEntity);
        Api.AssertPersian(bad.At("asOf")[0]);
        await (await client.GetAsync($"/api/v1/plans/{historic}/series?from=1398/02/01&to=1398/01/01")).ProblemAsync(HttpStatusCode.UnprocessableEntity);
        await (await client.GetAsync($"/api/v1/plans/{historic}/agencies?asOf=nonsense")).ProblemAsync(HttpStatusCode.UnprocessableEntity);
    }

    [SkippableFact]
    public async Task A_pace_too_slow_to_forecast_within_the_calendar_gives_no_forecast_not_an_error()
    {
        var admin = await App.ApiClientAsync("admin");
        long plan = await App.CreateApprovedPlanAsync(TestPlans.Small());
        await admin.PostReportAsync(plan, new { action = TestPlans.SmtAction, date = "1405/06/31", percent = 0.01 });
        await admin.PostReportAsync(plan, new { action = TestPlans.SmtSecondAction, date = "1405/06/31", percent = 1 });

        var root = await admin.ProgressAsync(plan);
        var axis = await admin.ProgressAsync(plan, node: "S");
        var page = await (await Browser.SignedInAsync(App)).PageAsync($"/Plans/{plan}?node=S");

        // 0.01 % in 30 days would finish in about 820 years: past the calendar's range (to 1700), so no forecast.
        Assert.Null(axis["children"]![0]!["forecastFinish"]);
        // 1 % in 30 days: 1405/06/31 + ceil(99 × 30) days.
        Assert.Equal(SpecReference.Jalali(SpecReference.Day("1405/06/31") + 2970), (string?)axis["children"]![1]!["forecastFinish"]);
        Assert.Null(axis["forecastFinish"]);
        Assert.Null(root["forecastFinish"]);
        Assert.Contains("اقدام یکم صنعت", page);
    }

    [SkippableFact]
    public async Task Series_has_one_entry_per_day_equal_to_the_figures_of_that_day()
    {
        var (client, historic, _) = await DemoAsync();

        var whole = await client.GetJsonAsync($"/api/v1/plans/{historic}/series");
        Assert.Equal(365, whole["days"]!.AsArray().Count);
        Assert.Equal("1398/01/01", (string?)whole["days"]![0]);
        Assert.Equal("1398/12/29", (string?)whole["days"]![364]);
        Assert.Equal(365, whole["planned"]!.AsArray().Count);
        Assert.Equal(365, whole["actual"]!.AsArray().Count);

        foreach (var node in new[] { "", "03", "03.02", "03.02.01" })
        {
            var s = await client.GetJsonAsync($"/api/v1/plans/{historic}/series?node={node}&from=1398/06/25&to=۱۳۹۸/۰۷/۰۳");
            Assert.Equal(node, (string?)s["node"]);
            var days = s["days"]!.AsArray();
            Assert.Equal(10, days.Count);
            for (int i = 0; i < days.Count; i++)
            {
                var p = await client.ProgressAsync(historic, (string?)days[i], node == "" ? null : node);
                Assert.Equal(SpecReference.Jalali(SpecReference.Day("1398/06/25") + i), (string?)days[i]);
                Assert.Equal((double)p["planned"]!, (double)s["planned"]![i]!);
                Assert.Equal((double)p["actual"]!, (double)s["actual"]![i]!);
            }
        }
    }

    [SkippableFact]
    public async Task Agencies_have_figures_over_the_actions_they_lead()
    {
        var (client, _, current) = await DemoAsync();

        var list = (await client.GetJsonAsync($"/api/v1/plans/{current}/agencies?asOf=1405/05/15")).AsArray();

        Assert.True(list.Count > 5);
        Assert.Equal(261, list.Sum(a => (int)a!["actions"]!));
        foreach (var a in list)
        {
            Api.AssertPersian((string?)a!["name"]);
            Assert.Equal((double)a["actual"]! - (double)a["planned"]!, (double)a["deviation"]!, 1e-9);
            Assert.Equal((int)a["actions"]!, a["actionStatusCounts"]!.AsObject().Sum(c => (int)c.Value!));
        }
        var smt = list.Single(a => (string?)a!["code"] == "SMT")!;
        Assert.InRange((double)smt["planned"]!, 0.1, 100);
        var today = (await client.GetJsonAsync($"/api/v1/plans/{current}/agencies")).AsArray();
        Assert.Equal("1405/06/31", (string?)today[0]!["asOf"]);
    }

    [SkippableFact]
    public async Task Figures_of_random_plans_agree_with_a_naive_reading_of_the_spec()
    {
        var admin = await App.ApiClientAsync("admin");
        var secretariat = await App.ApiClientAsync("secretariat");
        int today = SpecReference.Day("1405/06/31");
        for (int seed = 1; seed <= 8; seed++)
        {
            var plan = new RandomPlan(seed, today);
            long planId = await App.CreateApprovedPlanAsync(plan.Document());
            var ids = await SubmitAsync(admin, planId, plan);

            var rejected = Enumerable.Range(0, plan.Reports.Count).OrderBy(_ => plan.NextInt(1000)).Take(Math.Min(2, plan.Reports.Count)).ToList();
            foreach (var i in rejected)
            {
                await secretariat.RejectAsync(ids[i]);
                plan.Reports[i].Rejected = true;
            }

            var reference = new SpecReference(plan.Roots, plan.Settings, plan.Reports);
            var days = new List<int> { RandomPlan.PlanStart - 1, RandomPlan.PlanStart, today, RandomPlan.PlanEnd + 20 };
            for (int i = 0; i < 3; i++) days.Add(RandomPlan.PlanStart + plan.NextInt(RandomPlan.PlanEnd - RandomPlan.PlanStart + 30));
            if (plan.Reports.Count > 0)
            {
                var r = plan.Reports[plan.NextInt(plan.Reports.Count)];
                days.Add(r.Day);
                days.Add(r.Day + plan.Settings.StoppageDays);
                days.Add(r.Day + SpecReference.ForecastWindow);
            }
            foreach (var day in days.Distinct())
                await CompareAsync(admin, planId, reference, day, $"seed {seed}, asOf {SpecReference.Jalali(day)}");
        }
    }

    /// <summary>Posts the plan's reports one by one and in batches, with a justification where the
    /// value is below the one in force on its day (and sometimes where it is not); their ids in order.</summary>
    private static async Task<List<long>> SubmitAsync(HttpClient client, long planId, RandomPlan plan)
    {
        var ids = new List<long>();
        var posted = new List<RefReport>();
        foreach (var group in plan.Submissions())
        {
            var items = new JsonArray();
            foreach (var r in group)
            {
                var inForce = new SpecReference(plan.Roots, plan.Settings, posted).ActualHundredths(
                    plan.Roots.SelectMany(Flatten).Single(n => n.Code == r.Action), r.Day);
                var item = new JsonObject
                {
                    ["action"] = r.Action,
                    ["date"] = SpecReference.Jalali(r.Day),
                    ["percent"] = r.Hundredths / 100m,
                    ["note"] = "گزارش آزمایشی",
                    ["backdateReason"] = "ثبت سابقه آزمایشی",
                };
                if (r.Hundredths < inForce || plan.NextInt(6) == 0) item["justification"] = "اصلاح پس از بازدید";
                items.Add(item);
                posted.Add(r);
            }
            if (group.Count == 1)
            {
                var answer = await (await client.PostJsonAsync($"/api/v1/plans/{planId}/reports", items[0]!.DeepClone())).JsonAsync(HttpStatusCode.Created);
                ids.Add((long)answer["id"]!);
            }
            else
            {
                var answer = await (await client.PostJsonAsync($"/api/v1/plans/{planId}/reports/batch", new JsonObject { ["reports"] = items })).JsonAsync();
                Assert.Equal(group.Count, (int)answer["accepted"]!);
                ids.AddRange(answer["ids"]!.AsArray().Select(x => (long)x!));
            }
        }
        return ids;
    }

    private static IEnumerable<RefNode> Flatten(RefNode n) => new[] { n }.Concat(n.Children.SelectMany(Flatten));

    private static async Task CompareAsync(HttpClient client, long planId, SpecReference reference, int day, string context)
    {
        string asOf = SpecReference.Jalali(day);
        var root = await client.ProgressAsync(planId, asOf);
        AssertFigures(reference.RootFigures(day), root, $"{context}, root");
        foreach (var c in root["children"]!.AsArray())
            AssertFigures(reference.Figures(reference.Find((string)c!["code"]!), day), c, $"{context}, {c["code"]}");
        foreach (var n in reference.AllNodes())
        {
            var p = await client.ProgressAsync(planId, asOf, n.Code);
            Assert.Equal(n.Code, (string?)p["node"]);
            AssertFigures(reference.Figures(n, day), p, $"{context}, node {n.Code}");
            var children = p["children"]!.AsArray();
            Assert.Equal(n.Children.Select(c => c.Code), children.Select(c => (string?)c!["code"]));
            foreach (var c in children)
                AssertFigures(reference.Figures(reference.Find((string)c!["code"]!), day), c, $"{context}, {c["code"]} under {n.Code}");
        }

        var agencies = (await client.GetJsonAsync($"/api/v1/plans/{planId}/agencies?asOf={asOf}")).AsArray();
        var expected = reference.Agencies(day);
        Assert.Equal(expected.Select(a => a.Agency), agencies.Select(a => (string?)a!["code"]));
        foreach (var (e, a) in expected.Zip(agencies))
        {
            string where = $"{context}, agency {e.Agency}";
            Assert.True(e.Actions == (int)a!["actions"]!, $"{where}: actions");
            Near(e.Planned, a["planned"], $"{where}: planned");
            Near(e.Actual, a["actual"], $"{where}: actual");
            Near(e.Actual - e.Planned, a["deviation"], $"{where}: deviation");
            if (!e.CountsAreBorderline) AssertCounts(e.Counts, a["actionStatusCounts"]!, where);
        }
    }

    private static void AssertFigures(RefFigures expected, JsonNode actual, string where)
    {
        Near(expected.Planned, actual["planned"], $"{where}: planned");
        Near(expected.Actual, actual["actual"], $"{where}: actual");
        Near(expected.Deviation, actual["deviation"], $"{where}: deviation");
        if (expected.Spi is { } spi) Near(spi, actual["spi"], $"{where}: spi");
        else Assert.True(actual["spi"] is null, $"{where}: spi should be null, is {actual["spi"]}");
        if (!expected.StatusIsBorderline)
            Assert.True(expected.Status == (string?)actual["status"], $"{where}: status {expected.Status} expected, API says {actual["status"]}");
        // Past the calendar the app supports (to 1700) a forecast is reported as none (the project's rule).
        var forecast = expected.Forecast is { } f && f <= LastCalendarDay ? SpecReference.Jalali(f) : null;
        Assert.True(forecast == (string?)actual["forecastFinish"], $"{where}: forecast {forecast ?? "null"} expected, API says {actual["forecastFinish"]}");
        if (!expected.CountsAreBorderline) AssertCounts(expected.Counts, actual["actionStatusCounts"]!, where);
    }

    private static void AssertCounts(IReadOnlyDictionary<string, int> expected, JsonNode actual, string where)
    {
        foreach (var (status, n) in expected)
            Assert.True(n == ((int?)actual[status] ?? 0), $"{where}: {n} {status} expected, API says {actual[status]}");
    }

    private static void Near(double expected, JsonNode? actual, string where)
    {
        Assert.True(actual is not null, $"{where}: missing");
        double value = (double)actual;
        Assert.True(Math.Abs(expected - value) <= Tolerance,
            string.Create(CultureInfo.InvariantCulture, $"{where}: {expected} expected, API says {value}"));
    }
}

public sealed class FiguresOnSqlite(SqliteDemoApp app) : Figures(() => app), IClassFixture<SqliteDemoApp>;

public sealed class FiguresOnPostgres(PostgresDemoApp app) : Figures(() => app.Factory), IClassFixture<PostgresDemoApp>;
