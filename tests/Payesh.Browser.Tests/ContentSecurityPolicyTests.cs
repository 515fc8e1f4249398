using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Payesh.Web.Data;
using Payesh.Web.Tests.Infrastructure;

namespace Payesh.Browser.Tests;

/// <summary>Under the Content-Security-Policy (no inline scripts, no eval) the main pages show no violation in the
/// console, the charts still draw and htmx still navigates (issue 13, docs/security.md).</summary>
[Collection("browser")]
public sealed class ContentSecurityPolicyTests(BrowserFixture browser)
{
    private static async Task<List<string>> WatchAsync(IPage page)
    {
        var violations = new List<string>();
        page.Console += (_, m) =>
        {
            if (m.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase)) violations.Add($"{page.Url}: {m.Text}");
        };
        await page.AddInitScriptAsync(
            "document.addEventListener('securitypolicyviolation', e => console.error('Content Security Policy violation: ' + e.violatedDirective + ' ' + e.blockedURI));");
        return violations;
    }

    [SkippableFact]
    public async Task The_main_pages_run_without_a_single_CSP_violation()
    {
        browser.RequireBrowser();
        long action;
        using (var scope = browser.App.Services.CreateScope())
            action = await scope.ServiceProvider.GetRequiredService<PayeshDb>().PlanNodes
                .Where(n => n.PlanId == 1 && n.IsAction).Select(n => n.Id).FirstAsync();
        var page = await browser.NewPageAsync();
        var violations = await WatchAsync(page);
        await BrowserFixture.LogInAsync(page, "admin", PayeshFactory.AdminPassword);

        foreach (var url in new[]
        {
            "/", "/Plans", "/Plans/1", $"/Plans/1/Action/{action}", "/Plans/1/Baselines", "/Plans/1/Quality", "/Agencies/SMT", "/Accountability",
            "/Reports/Review", "/Reports/Missing", "/Obstacles", "/Meetings", "/Resolutions", "/Notifications", "/Admin/Users", "/Audit",
            "/Plans/New", "/api/docs/",
        })
        {
            await page.GotoAsync(url, new PageGotoOptions { WaitUntil = WaitUntilState.NetworkIdle });
        }
        // Charts draw from data attributes, after a full load and after an htmx (boosted) navigation.
        await page.GotoAsync("/");
        await Assertions.Expect(page.Locator("#scurve svg")).ToBeVisibleAsync();
        await page.ClickAsync("nav.sidebar a[href='/Plans']");
        await page.WaitForURLAsync(new Regex("/Plans$"));
        await page.ClickAsync("nav.sidebar a[href='/']");
        await Assertions.Expect(page.Locator("#scurve svg")).ToBeVisibleAsync();
        await page.GotoAsync("/Plans/1");
        await Assertions.Expect(page.Locator("#scurve svg")).ToBeVisibleAsync();

        Assert.True(violations.Count == 0, string.Join("\n", violations));
    }

    [SkippableFact]
    public async Task The_print_button_works_without_an_inline_handler()
    {
        browser.RequireBrowser();
        var page = await browser.NewPageAsync();
        var violations = await WatchAsync(page);
        await BrowserFixture.LogInAsync(page, "governor", PayeshFactory.DemoPassword);
        await page.GotoAsync("/Accountability");
        await page.EvaluateAsync("window.print = () => { window.__printed = true; }");

        await page.ClickAsync("[data-print]");

        Assert.True(await page.EvaluateAsync<bool>("window.__printed === true"));
        Assert.Empty(violations);
    }
}
