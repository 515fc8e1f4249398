using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Payesh.Web.Tests.Infrastructure;

namespace Payesh.Browser.Tests;

/// <summary>Issue 11 item 10: a wrong address is a Persian page in the site's layout, on a desktop and on a phone;
/// file inputs speak Persian.</summary>
[Collection("browser")]
public sealed class ErrorPageJourneyTests(BrowserFixture browser)
{
    [SkippableTheory]
    [InlineData(1366, 768)]
    [InlineData(390, 844)]
    public async Task A_wrong_address_shows_the_Persian_404_page_in_the_layout(int width, int height)
    {
        browser.RequireBrowser();
        var page = await browser.NewPageAsync(width, height);
        await BrowserFixture.LogInAsync(page, "governor", PayeshFactory.DemoPassword);
        var response = await page.GotoAsync("/Plans/987654/no-such-page");
        Assert.Equal(404, response!.Status);
        await Assertions.Expect(page.Locator(".error-page h1")).ToHaveTextAsync("صفحه پیدا نشد");
        await Assertions.Expect(page.Locator(".error-page")).ToContainTextAsync("۴۰۴");
        await Assertions.Expect(page.Locator("nav.sidebar")).ToBeVisibleAsync();
        await Assertions.Expect(page).ToHaveTitleAsync(new Regex("صفحه پیدا نشد"));
        Assert.DoesNotContain("Not Found", await page.ContentAsync());
        Assert.False(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth > window.innerWidth + 1"), "the error page scrolls sideways");
        await BrowserFixture.ScreenshotAsync(page, $"error-404-{width}");

        // From the error page, on: the link goes back to the dashboard.
        await page.ClickAsync(".error-page a[href='/']");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/$"));
    }

    [SkippableTheory]
    [InlineData(1366, 768)]
    [InlineData(390, 844)]
    public async Task A_forbidden_page_and_a_server_error_are_Persian_pages_in_the_layout(int width, int height)
    {
        browser.RequireBrowser();
        var page = await browser.NewPageAsync(width, height);
        await BrowserFixture.LogInAsync(page, "smt.reporter", PayeshFactory.DemoPassword);

        // An agency reporter opening the secretariat's review queue is sent to the Persian "not allowed" page.
        await page.GotoAsync("/Reports/Review");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/Account/Denied"));
        await Assertions.Expect(page.Locator("main h1")).ToHaveTextAsync("دسترسی مجاز نیست");
        await Assertions.Expect(page.Locator("nav.sidebar")).ToBeVisibleAsync();
        Assert.DoesNotContain("Access denied", await page.ContentAsync(), StringComparison.OrdinalIgnoreCase);
        await BrowserFixture.ScreenshotAsync(page, $"error-denied-{width}");

        // A 403 answered by a page (as the status-code pages re-execute it).
        var forbidden = await page.GotoAsync("/Error/403");
        Assert.Equal(403, forbidden!.Status);
        await Assertions.Expect(page.Locator(".error-page h1")).ToHaveTextAsync("دسترسی مجاز نیست");
        await Assertions.Expect(page.Locator(".error-page")).ToContainTextAsync("۴۰۳");
        await Assertions.Expect(page).ToHaveTitleAsync(new Regex("دسترسی مجاز نیست"));
        Assert.DoesNotContain("Forbidden", await page.ContentAsync());
        Assert.False(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth > window.innerWidth + 1"), "the 403 page scrolls sideways");
        await BrowserFixture.ScreenshotAsync(page, $"error-403-{width}");

        // The page the exception handler re-executes to (UnexpectedErrors shows a real exception reaching it).
        var error = await page.GotoAsync("/Error/500");
        Assert.Equal(500, error!.Status);
        await Assertions.Expect(page.Locator(".error-page h1")).ToHaveTextAsync("خطایی رخ داد");
        await Assertions.Expect(page.Locator(".error-page")).ToContainTextAsync("۵۰۰");
        Assert.Equal("rtl", await page.EvaluateAsync<string>("document.documentElement.dir"));
        Assert.DoesNotContain("Internal Server Error", await page.ContentAsync());
        Assert.False(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth > window.innerWidth + 1"), "the 500 page scrolls sideways");
        await BrowserFixture.ScreenshotAsync(page, $"error-500-{width}");
    }

    [SkippableFact]
    public async Task The_import_file_button_is_Persian_and_shows_the_chosen_name()
    {
        browser.RequireBrowser();
        var page = await browser.NewPageAsync();
        await BrowserFixture.LogInAsync(page, "secretariat", PayeshFactory.DemoPassword);
        await page.GotoAsync("/Plans/Import");
        await Assertions.Expect(page.Locator("label.file-pick")).ToContainTextAsync("انتخاب فایل");
        await Assertions.Expect(page.Locator(".file-field .file-name")).ToHaveTextAsync("هنوز فایلی انتخاب نشده است.");
        await page.SetInputFilesAsync("#file", new FilePayload { Name = "برنامه.xlsx", MimeType = "application/octet-stream", Buffer = [1, 2, 3] });
        await Assertions.Expect(page.Locator(".file-field .file-name")).ToHaveTextAsync("پیوست: برنامه.xlsx");
        // The file input keeps the keyboard focus (inside its Persian button).
        await page.Locator("#file").FocusAsync();
        Assert.Equal("file", await page.EvaluateAsync<string>("document.activeElement.type"));
    }
}
