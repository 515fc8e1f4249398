using System.Text.RegularExpressions;
using Payesh.Web.Tests.Infrastructure;

namespace Payesh.Web.Tests.Dashboard;

/// <summary>
/// Issue 12 «one number, one meaning»: every page marks a shared figure with <c>data-figure</c> (what) and
/// <c>data-scope</c> (of whom). Read from every page that shows it for the same day, each figure has one value —
/// open obstacles, resolution rates, agency scores and ranks, stopped and overdue counts, forecasts.
/// </summary>
public abstract partial class SharedFiguresAcrossPages(Func<PayeshFactory> app)
{
    private PayeshFactory App => app();

    [GeneratedRegex("<span (?<attrs>[^>]*data-figure=\"[^\"]+\"[^>]*)>(?<value>.*?)</span>", RegexOptions.Singleline)]
    private static partial Regex FigureSpan();

    [GeneratedRegex("(?<name>[a-z-]+)=\"(?<value>[^\"]*)\"")]
    private static partial Regex Attribute();

    /// <summary>(figure, scope) → the values the page shows, with the day its tooltip names.</summary>
    private static List<(string Figure, string Scope, string Value, string Title)> Figures(string html) =>
        [.. FigureSpan().Matches(html).Select(m =>
        {
            var a = Attribute().Matches(m.Groups["attrs"].Value).ToDictionary(x => x.Groups["name"].Value, x => x.Groups["value"].Value);
            return (a["data-figure"], a["data-scope"], Regex.Replace(m.Groups["value"].Value, "<[^>]+>", "").Trim(), a["title"]);
        })];

    [SkippableFact]
    public async Task Each_shared_figure_reads_the_same_on_every_page_that_shows_it()
    {
        var api = await App.ApiClientAsync("governor");
        var plans = (await api.GetJsonAsync("/api/v1/plans")).AsArray();
        long plan = (long)plans.First(p => (int)p!["year"]! == TestClock.DefaultToday.Year)!["id"]!;
        var agencies = (await api.GetJsonAsync($"/api/v1/plans/{plan}/agencies")).AsArray().Select(a => (string)a!["code"]!).ToList();
        var page = await Browser.SignedInAsync(App, "governor");

        // Every page on its default day: today (the plan is running).
        var urls = new List<string>
        {
            $"/?plan={plan}", $"/Plans/{plan}", $"/Accountability?plan={plan}", "/Obstacles", "/Obstacles/Figures", "/Resolutions",
            // The brief of the running week is as of today: its escalated obstacles are the dashboard panel's (both labelled).
            $"/Brief?plan={plan}",
        };
        urls.AddRange(agencies.Select(code => $"/Agencies/{code}?plan={plan}"));
        var seen = new Dictionary<(string Figure, string Scope), List<(string Url, string Value)>>();
        var day = Payesh.Web.Infrastructure.Fa.Date(TestClock.DefaultToday);
        foreach (var url in urls)
        {
            foreach (var (figure, scope, value, title) in Figures(await page.PageAsync(url)))
            {
                Assert.False(string.IsNullOrWhiteSpace(value), $"{url}: {figure} ({scope}) is empty");
                // The tooltip says what it counts and for which day.
                Assert.EndsWith($"در پایان روز {day}", title);
                if (!seen.TryGetValue((figure, scope), out var list)) seen[(figure, scope)] = list = [];
                list.Add((url, value));
            }
        }

        foreach (var ((figure, scope), values) in seen)
        {
            var distinct = values.Select(v => v.Value).Distinct().ToList();
            Assert.True(distinct.Count == 1,
                $"{figure} of {scope} differs between pages: {string.Join("; ", values.Select(v => $"{v.Url} = {v.Value}"))}");
        }

        // The test reads each figure on more than one page (so that it could fail).
        int Pages(string figure, string scope) => seen.TryGetValue((figure, scope), out var v) ? v.Select(x => x.Url).Distinct().Count() : 0;
        Assert.True(Pages("obstacles-open", "all") >= 3, "open obstacles: dashboard, register and figures");
        Assert.True(Pages("obstacles-overdue", "all") >= 3);
        Assert.True(Pages("resolution-rate", "all") >= 3, "resolution rate: dashboard, resolutions and figures");
        Assert.True(Pages("resolutions-overdue", "all") >= 2, "overdue resolutions: dashboard and resolutions");
        Assert.True(Pages("actions-stopped", "plan") >= 2, "stopped actions: dashboard and tree");
        Assert.True(Pages("actions-overdue", "plan") >= 2);
        Assert.True(Pages("forecast", "plan") >= 2, "the plan's forecast: dashboard and tree");
        Assert.True(Pages("obstacles-escalated", "all") >= 2, "escalated obstacles: the dashboard's decision panel and the brief");
        foreach (var code in agencies)
        {
            var scope = "agency:" + code;
            Assert.True(Pages("agency-score", scope) >= 3, $"{code}: score on dashboard, accountability and scorecard");
            Assert.True(Pages("agency-rank", scope) >= 3, $"{code}: rank on dashboard, accountability and scorecard");
            Assert.True(Pages("actions-stopped", scope) >= 3);
            Assert.True(Pages("actions-overdue", scope) >= 3);
            Assert.True(Pages("obstacles-overdue", scope) >= 2, $"{code}: overdue obstacles on accountability and scorecard");
        }
        // Rank runs one way: 1 is the best score, on every page.
        var ranks = agencies.ToDictionary(c => c, c => int.Parse(Payesh.Domain.Text.PersianText.ToLatinDigits(seen[("agency-rank", "agency:" + c)][0].Value),
            System.Globalization.CultureInfo.InvariantCulture));
        var scores = agencies.ToDictionary(c => c, c => double.Parse(Payesh.Domain.Text.PersianText.ToLatinDigits(seen[("agency-score", "agency:" + c)][0].Value).Replace('٫', '.'),
            System.Globalization.CultureInfo.InvariantCulture));
        var best = agencies.OrderBy(c => ranks[c]).ToList();
        Assert.Equal(Enumerable.Range(1, agencies.Count), best.Select(c => ranks[c]));
        Assert.Equal(best.Select(c => scores[c]).OrderByDescending(s => s), best.Select(c => scores[c]));
    }
}

public sealed class SharedFiguresAcrossPagesOnSqlite(SqliteDemoApp app) : SharedFiguresAcrossPages(() => app), IClassFixture<SqliteDemoApp>;

public sealed class SharedFiguresAcrossPagesOnPostgres(PostgresDemoApp app) : SharedFiguresAcrossPages(() => app.Factory), IClassFixture<PostgresDemoApp>;
