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
