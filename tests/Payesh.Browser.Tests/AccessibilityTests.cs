using System.Text.Json;
using Microsoft.Playwright;
using Payesh.Web.Tests.Infrastructure;

namespace Payesh.Browser.Tests;

/// <summary>
/// Issue 12 «accessible to everyone»: axe-core (vendored under lib/axe-core, not served by the app) over every page each
/// role can open finds no serious or critical violation.
/// </summary>
[Collection("browser")]
public sealed class AccessibilityTests(BrowserFixture browser)
{
    private static readonly string Axe = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "lib", "axe-core", "axe.min.js"));

    /// <summary>The pages of the product (the detail pages are found by following the first link of their list).</summary>
    private static readonly string[] Pages =
    [
        "/", "/Plans", "/Plans/2", "/Plans/1", "/Plans/2/Quality", "/Plans/2/Baselines", "/Agencies/SMT", "/Accountability",
        "/Obstacles", "/Obstacles/New", "/Obstacles/Figures", "/Meetings", "/Resolutions", "/Notifications", "/Reports/Today",
        "/Reports/Review", "/Reports/Missing", "/Audit", "/Audit/Verify", "/Admin/Users", "/Admin/Agencies", "/Admin/Tokens",
        "/Admin/Calendar", "/Plans/New", "/Plans/Import", "/Account/ChangePassword", "/Brief", "/Plans/2/Timeline",
        "/Plans/2/Timeline?node=01",
    ];

    private static readonly (string List, string Link)[] Details =
    [
        ("/Plans/2?node=01", "tr.level-2 td.title a[href*='/Action/']"),
        ("/Obstacles", "a[href^='/Obstacles/']:not([href*='Figures']):not([href*='New']):not([href*='?'])"),
        ("/Meetings", "a[href^='/Meetings/']:not([href*='New'])"),
        ("/Resolutions", "a[href^='/Resolutions/']"),
    ];

    public static TheoryData<string> Roles => ["admin", "secretariat", "governor", "smt.manager", "smt.reporter"];

    [SkippableTheory]
    [MemberData(nameof(Roles))]
    public async Task No_serious_or_critical_violation_on_any_page_the_role_can_open(string user)
    {
        browser.RequireBrowser();
        var page = await browser.NewPageAsync();
        await BrowserFixture.LogInAsync(page, user, user == "admin" ? PayeshFactory.AdminPassword : PayeshFactory.DemoPassword);
        var urls = new List<string>(Pages);
        foreach (var (list, link) in Details)
        {
            var response = await page.GotoAsync(list);
            if (response?.Status != 200 || page.Url.Contains("/Account/")) continue;
            if (await page.Locator(link).CountAsync() > 0) urls.Add((await page.Locator(link).First.GetAttributeAsync("href"))!);
        }
        var found = new List<string>();
        int checkedPages = 0;
        foreach (var url in urls.Distinct())
        {
            var response = await page.GotoAsync(url);
            if (response?.Status != 200 || page.Url.Contains("/Account/Denied") || page.Url.Contains("/Account/Login")) continue;
            checkedPages++;
            found.AddRange((await ViolationsAsync(page)).Select(v => $"{url}: {v}"));
        }
        Assert.True(checkedPages >= 8, $"{user} opened only {checkedPages} pages");
        Assert.True(found.Count == 0, $"{user}: {found.Count} serious/critical violations:\n" + string.Join("\n", found));
    }

    /// <summary>Serious and critical axe violations of the page as it is now: rule, impact and the first elements.</summary>
    public static async Task<List<string>> ViolationsAsync(IPage page)
    {
        // Colours are read as they are at rest: the pointer is moved off the page's content (a click that opened this page
        // leaves it where it was, possibly over a button) and transitions are switched off (Bootstrap honours reduced
        // motion), so axe never reads a button halfway through its hover transition.
        await page.EmulateMediaAsync(new() { ReducedMotion = ReducedMotion.Reduce });
        await page.Mouse.MoveAsync(0, page.ViewportSize?.Height - 1 ?? 0);
        // Evaluated through the DevTools protocol, not as a page script: the content security policy does not apply.
        await page.EvaluateAsync(Axe);
        var json = await page.EvaluateAsync<string>(
            "async () => JSON.stringify((await axe.run(document, { resultTypes: ['violations'] })).violations" +
            ".filter(v => v.impact === 'serious' || v.impact === 'critical')" +
            ".map(v => ({ id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ') + ' ' + (n.failureSummary || '').split('\\n').slice(1, 2).join('')) })))");
        return [.. JsonDocument.Parse(json).RootElement.EnumerateArray().Select(v =>
            $"{v.GetProperty("id").GetString()} ({v.GetProperty("impact").GetString()}): " +
            string.Join(" | ", v.GetProperty("nodes").EnumerateArray().Select(n => n.GetString())))];
    }
}
