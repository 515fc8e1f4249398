using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Payesh.Web.Tests.Infrastructure;

namespace Payesh.Browser.Tests;

[Collection("browser")]
public sealed class PlanJourneyTests(BrowserFixture browser)
{
    private static readonly Regex LatinDigit = new("[0-9]");

    [SkippableFact]
    public async Task Admin_logs_in_opens_the_Qom_plan_and_sees_27_axes_in_Persian_with_Jalali_dates()
    {
        browser.RequireBrowser();
        var page = await browser.NewPageAsync();
        await BrowserFixture.LogInAsync(page, "admin", PayeshFactory.AdminPassword);
        await page.ClickAsync("nav.sidebar a[href='/Plans']");

        await page.ClickAsync("a.plan-card:has-text('۱۳۹۸')");
        await page.WaitForURLAsync(new Regex("/Plans/\\d+"));
        Assert.Equal("rtl", await page.GetAttributeAsync("html", "dir"));
        Assert.Equal("fa", await page.GetAttributeAsync("html", "lang"));

        var axisRows = page.Locator("table.table-figures tbody tr.level-1");
        Assert.Equal(27, await axisRows.CountAsync());
        var first = await axisRows.First.InnerTextAsync();
        Assert.Contains("تأمین مالی", first);
        Assert.Matches(new Regex("۱۳۹۸/۰\\d/\\d\\d"), first);

        // Figures are shown with Persian digits only.
        var table = await page.Locator("table.table-figures tbody").First.InnerTextAsync();
        Assert.DoesNotMatch(LatinDigit, table);
        Assert.Equal("Vazirmatn", (await page.EvaluateAsync<string>("getComputedStyle(document.body).fontFamily")).Split(',')[0].Trim('"', ' '));

        await BrowserFixture.ScreenshotAsync(page, "plan-tree-1398");
    }

    [SkippableFact]
    public async Task Moving_the_day_back_changes_the_figures_and_drilling_down_reaches_an_action()
    {
        browser.RequireBrowser();
        var page = await browser.NewPageAsync();
        await BrowserFixture.LogInAsync(page, "governor", PayeshFactory.DemoPassword);
        await page.GotoAsync("/Plans/1");
        var yearEnd = await page.Locator(".kpi .value").Nth(1).InnerTextAsync();

        await page.FillAsync("#asOf", "۱۳۹۸/۰۶/۳۱");
        await Task.WhenAll(page.WaitForURLAsync(new Regex("asOf=")), page.ClickAsync("form.asof-form button[type=submit]"));
        var midYear = await page.Locator(".kpi .value").Nth(1).InnerTextAsync();
        Assert.NotEqual(yearEnd, midYear);
        Assert.Contains("۳۱ شهریور ۱۳۹۸", await page.Locator(".page-head").InnerTextAsync());

        await page.ClickAsync("tr.level-1 td.title a >> nth=0");
        await page.WaitForURLAsync(new Regex("node=01"));
        await page.ClickAsync("tr.level-2 td.title a >> nth=0");
        await page.WaitForURLAsync(new Regex("/Action/"));
        Assert.Contains("گزارش‌های پیشرفت", await page.ContentAsync());
        await BrowserFixture.ScreenshotAsync(page, "action-1398-06-31");

        var phone = await browser.NewPageAsync(390, 844);
        await BrowserFixture.LogInAsync(phone, "governor", PayeshFactory.DemoPassword);
        await phone.GotoAsync("/Plans/2");
        var overflow = await phone.EvaluateAsync<bool>("document.documentElement.scrollWidth > window.innerWidth + 1");
        Assert.False(overflow, "the page scrolls sideways on a phone");
        await BrowserFixture.ScreenshotAsync(phone, "plan-tree-phone");
    }
}
