using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Payesh.Web.Tests.Infrastructure;

namespace Payesh.Browser.Tests;

[Collection("browser")]
public sealed class DashboardJourneyTests(BrowserFixture browser)
{
    private static readonly Regex LatinDigit = new("[0-9]");

    private static async Task AssertNoLatinDigitsAsync(IPage page) =>
        Assert.DoesNotMatch(LatinDigit, await page.EvaluateAsync<string>("document.querySelector('main').innerText"));

    private static async Task AssertNoSidewaysScrollAsync(IPage page) =>
        Assert.False(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth > window.innerWidth + 1"),
            $"{page.Url} scrolls sideways at {page.ViewportSize?.Width}px");

    [SkippableFact]
    public async Task Governor_moves_the_dashboard_back_in_time_drills_down_and_prints_the_year_end_report()
    {
        browser.RequireBrowser();
        var page = await browser.NewPageAsync();
        await BrowserFixture.LogInAsync(page, "governor", PayeshFactory.DemoPassword);
        await page.GotoAsync("/");
        await Assertions.Expect(page.Locator("#scurve svg")).ToBeVisibleAsync();
        await AssertNoLatinDigitsAsync(page);
        await AssertNoSidewaysScrollAsync(page);
        await BrowserFixture.ScreenshotAsync(page, "dashboard-1366");

        // The 1398 plan as of the end of Shahrivar: the figures move with the day.
        // The switch names each plan with its period: pick the one of 1398.
        var plan1398 = await page.Locator("#plan option").Filter(new() { HasText = "۱۳۹۸/۰۱/" }).First.GetAttributeAsync("value");
        await page.SelectOptionAsync("#plan", plan1398!);
        await page.FillAsync("#asOf", "۱۳۹۸/۱۲/۲۹");
        await page.ClickAsync("form.asof-form button[type=submit]");
        await Assertions.Expect(page.Locator(".page-head")).ToContainTextAsync("۲۹ اسفند ۱۳۹۸");
        var yearEnd = await page.Locator("#kpi-actual").InnerTextAsync();
        await page.FillAsync("#asOf", "۱۳۹۸/۰۶/۳۱");
        await page.ClickAsync("form.asof-form button[type=submit]");
        await Assertions.Expect(page.Locator(".page-head")).ToContainTextAsync("۳۱ شهریور ۱۳۹۸");
        var midYear = await page.Locator("#kpi-actual").InnerTextAsync();
        Assert.NotEqual(yearEnd, midYear);
        Assert.Contains("۳۱ شهریور ۱۳۹۸", await page.Locator(".page-head").InnerTextAsync());

        // The S-curve of one axis, swapped in place.
        await page.SelectOptionAsync("select[name=node]", new SelectOptionValue { Index = 2 });
        await Assertions.Expect(page.Locator("#curve-box > div.small")).ToContainTextAsync("احیای");
        await BrowserFixture.ScreenshotAsync(page, "dashboard-1398-06-31");

        // Drill down: axis → program → action → its reports.
        await page.ClickAsync("table.axes-table tbody tr >> nth=0 >> td.title a");
        await page.WaitForURLAsync(new Regex("node=01"));
        await page.ClickAsync("tr.level-2 td.title a >> nth=0");
        await page.WaitForURLAsync(new Regex("/Action/"));
        await Assertions.Expect(page.Locator("text=گزارش‌های پیشرفت تا")).ToBeVisibleAsync();

        // A scorecard from the league table.
        await page.GoBackAsync();
        await page.GoBackAsync();
        await page.ClickAsync("table.league-table tbody tr >> nth=0 >> td.agency a");
        await page.WaitForURLAsync(new Regex("/Agencies/"));
        await Assertions.Expect(page.Locator("table.score-parts")).ToBeVisibleAsync();
        await AssertNoLatinDigitsAsync(page);
        await BrowserFixture.ScreenshotAsync(page, "scorecard");

        // The year-end accountability report, as printed (A4 print styles: no menu).
        await page.GotoAsync("/Accountability?plan=1");
        await Assertions.Expect(page.Locator(".accountability-summary")).ToContainTextAsync("دستگاه کم‌کار");
        await page.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Print });
        Assert.False(await page.Locator("nav.sidebar").IsVisibleAsync());
        await BrowserFixture.ScreenshotAsync(page, "accountability-print", fullPage: true);
        var pdf = await page.PdfAsync(new PagePdfOptions { Format = "A4" });
        Assert.True(pdf.Length > 10_000, "the printed report is a real PDF");
    }

    [SkippableFact]
    public async Task Pages_fit_a_phone_and_keep_Persian_digits()
    {
        browser.RequireBrowser();
        var phone = await browser.NewPageAsync(390, 844);
        await BrowserFixture.LogInAsync(phone, "governor", PayeshFactory.DemoPassword);
        foreach (var url in new[] { "/", "/Plans/2", "/Agencies/SMT", "/Accountability" })
        {
            await phone.GotoAsync(url);
            await AssertNoSidewaysScrollAsync(phone);
            await AssertNoLatinDigitsAsync(phone);
        }
        await phone.GotoAsync("/");
        await BrowserFixture.ScreenshotAsync(phone, "dashboard-phone");
    }
}
