using System.Text.Json;
using Payesh.Web.Tests.Infrastructure;

namespace Payesh.Browser.Tests;

/// <summary>
/// Issue 12 «one number, one meaning», read in the browser at 1366×768, 1920×1080 and 390×844: every figure a page marks
/// as shared (<c>data-figure</c>, <c>data-scope</c>) reads the same, as rendered, on every page that shows it for the same
/// day — open and overdue obstacles, resolution rates, stopped and overdue actions, agency scores and ranks, forecasts —
/// and on a phone the dashboard, tree, accountability report and agency cards keep them on the screen (cards, not a table
/// cut off at the side).
/// </summary>
[Collection("browser")]
public sealed class SharedFigureTests(BrowserFixture browser)
{
    public static TheoryData<int, int> Sizes => new() { { 1366, 768 }, { 1920, 1080 }, { 390, 844 } };

    private static readonly string[] Pages =
    [
        "/?plan=2", "/Plans/2", "/Accountability?plan=2", "/Obstacles", "/Obstacles/Figures", "/Resolutions",
        "/Agencies/SMT?plan=2", "/Agencies/SSO?plan=2", "/Brief?plan=2",
    ];

    /// <summary>The pages issue 12 § 3 wants readable on a phone without sideways scrolling (the others may scroll a table
    /// inside its own box).</summary>
    private static readonly string[] OnePhoneScreen = ["/?plan=2", "/Plans/2", "/Accountability?plan=2", "/Agencies/SMT?plan=2", "/Agencies/SSO?plan=2"];

    private sealed record Shown(string Figure, string Scope, string Text, bool OnScreen);

    private const string Read = """
        () => JSON.stringify([...document.querySelectorAll('[data-figure]')].map(e => {
          const r = e.getBoundingClientRect();
          return { Figure: e.dataset.figure, Scope: e.dataset.scope, Text: e.innerText.trim(),
                   OnScreen: e.getClientRects().length === 0 || (r.left >= -1 && r.right <= window.innerWidth + 1) };
        }))
        """;

    [SkippableTheory]
    [MemberData(nameof(Sizes))]
    public async Task Each_shared_figure_reads_the_same_on_every_page_that_shows_it(int width, int height)
    {
        browser.RequireBrowser();
        var page = await browser.NewPageAsync(width, height);
        await BrowserFixture.LogInAsync(page, "governor", PayeshFactory.DemoPassword);
        var seen = new Dictionary<(string, string), List<(string Url, string Text)>>();
        var offScreen = new List<string>();
        foreach (var url in Pages)
        {
            var response = await page.GotoAsync(url);
            Assert.Equal(200, response!.Status);
            foreach (var f in JsonSerializer.Deserialize<List<Shown>>(await page.EvaluateAsync<string>(Read))!)
            {
                if (!f.OnScreen && OnePhoneScreen.Contains(url)) offScreen.Add($"{url}: {f.Figure} ({f.Scope})");
                if (f.Text.Length == 0) continue;   // in a folded part of the page (a closed details box)
                Assert.DoesNotContain(f.Text, c => char.IsAsciiDigit(c));
                if (!seen.TryGetValue((f.Figure, f.Scope), out var list)) seen[(f.Figure, f.Scope)] = list = [];
                list.Add((url, f.Text));
            }
        }
        Assert.True(offScreen.Count == 0, $"off the screen at {width}px: " + string.Join("; ", offScreen.Distinct()));
        foreach (var ((figure, scope), values) in seen)
            Assert.True(values.Select(v => v.Text).Distinct().Count() == 1,
                $"{figure} of {scope} at {width}px: " + string.Join("; ", values.Select(v => $"{v.Url} = {v.Text}")));

        // Each figure is read on more than one page, so the comparison could fail.
        int PagesShowing(string figure, string scope) => seen.TryGetValue((figure, scope), out var v) ? v.Select(x => x.Url).Distinct().Count() : 0;
        Assert.True(PagesShowing("obstacles-open", "all") >= 3, "open obstacles: dashboard, register and figures");
        Assert.True(PagesShowing("obstacles-overdue", "all") >= 3);
        Assert.True(PagesShowing("resolution-rate", "all") >= 3, "resolution rate: dashboard, resolutions and figures");
        Assert.True(PagesShowing("resolutions-overdue", "all") >= 2);
        Assert.True(PagesShowing("actions-stopped", "plan") >= 2, "stopped actions: dashboard and tree");
        Assert.True(PagesShowing("actions-overdue", "plan") >= 2);
        Assert.True(PagesShowing("forecast", "plan") >= 2, "the plan's forecast: dashboard and tree");
        Assert.True(PagesShowing("obstacles-escalated", "all") >= 2, "escalated obstacles: the dashboard's decision panel and this week's brief");
        foreach (var code in new[] { "SMT", "SSO" })
        {
            Assert.True(PagesShowing("agency-score", "agency:" + code) >= 3, $"{code}: score on dashboard, accountability and card");
            Assert.True(PagesShowing("agency-rank", "agency:" + code) >= 3, $"{code}: rank on dashboard, accountability and card");
            Assert.True(PagesShowing("actions-stopped", "agency:" + code) >= 2);
            Assert.True(PagesShowing("actions-overdue", "agency:" + code) >= 2);
        }
    }
}
