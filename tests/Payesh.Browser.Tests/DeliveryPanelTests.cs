using Microsoft.Playwright;
using Payesh.Web.Tests.Infrastructure;

namespace Payesh.Browser.Tests;

/// <summary>Issue 12 § 6 read at 1366×768, 1920×1080 and on a phone: the secretariat rates an axis, and the dashboard shows
/// the «نیازمند تصمیم» panel, the projected landing and the rating beside the axis's status — with no serious or critical
/// axe violation and no sideways scrolling.</summary>
[Collection("browser")]
public sealed class DeliveryPanelTests(BrowserFixture browser)
{
    public static TheoryData<int, int> Sizes => new() { { 1366, 768 }, { 1920, 1080 }, { 390, 844 } };

    [SkippableTheory]
    [MemberData(nameof(Sizes))]
    public async Task Decision_panel_landing_and_confidence_ratings_read_at_every_size(int width, int height)
    {
        browser.RequireBrowser();
        var page = await browser.NewPageAsync(width, height);
        await BrowserFixture.LogInAsync(page, "secretariat", PayeshFactory.DemoPassword);

        // The axis page: its history and the secretariat's link to rate it.
        await page.GotoAsync("/Plans/2?node=01");
        await Assertions.Expect(page.Locator(".confidence-history")).ToBeVisibleAsync();
        await page.Locator(".confidence-history a", new() { HasText = "ثبت ارزیابی" }).ClickAsync();
        await page.Locator("label", new() { HasText = "در مسیر با مخاطره" }).ClickAsync();
        string comment = $"تأمین مالی دو اقدام هنوز معطل است ({width})";
        await page.FillAsync("#comment", comment);
        await Task.WhenAll(page.WaitForURLAsync(u => u.Contains("saved=true")), page.ClickAsync(".confidence-form button[type=submit]"));
        await Assertions.Expect(page.Locator(".confidence-table tbody tr").First).ToContainTextAsync(comment);
        Assert.Empty(await AccessibilityTests.ViolationsAsync(page));
        await BrowserFixture.ScreenshotAsync(page, $"confidence-{width}x{height}", fullPage: true);

        // The dashboard: the panel, the landing beside the curve and the rating beside the axis's status.
        await page.GotoAsync("/?plan=2");
        var panel = page.Locator("#decisions");
        await Assertions.Expect(panel).ToBeVisibleAsync();
        Assert.Equal(4, await panel.Locator("[data-part]").CountAsync());
        await Assertions.Expect(panel.Locator("h2")).ToHaveTextAsync("نیازمند تصمیم");
        await Assertions.Expect(page.Locator("#scurve-landing")).ToContainTextAsync("فرود پیش‌بینی‌شده");
        await Assertions.Expect(page.Locator("#scurve svg")).ToBeVisibleAsync();
        var legend = await page.EvaluateAsync<string[]>("[...document.querySelectorAll('#scurve svg text')].map(t => t.textContent)");
        Assert.Contains(legend, t => t.StartsWith("پیش‌بینی", StringComparison.Ordinal));
        await Assertions.Expect(page.Locator(".axes-table [data-confidence='on-track-with-risk']").First).ToBeVisibleAsync();
        Assert.Empty(await AccessibilityTests.ViolationsAsync(page));
        Assert.False(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth > window.innerWidth + 1"), "no sideways scroll");
        await panel.ScrollIntoViewIfNeededAsync();
        await BrowserFixture.ScreenshotAsync(page, $"delivery-dashboard-{width}x{height}", fullPage: true);
    }
}
