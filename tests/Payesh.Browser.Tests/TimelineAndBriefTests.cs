using System.Text;
using Microsoft.Playwright;
using Payesh.Web.Tests.Infrastructure;
using UglyToad.PdfPig;

namespace Payesh.Browser.Tests;

/// <summary>Issue 12 § 6: the timeline and the weekly brief at 1366×768, 1920×1080 and 390×844, by keyboard, with axe-core,
/// and the brief printed on one A4 page.</summary>
[Collection("browser")]
public sealed class TimelineAndBriefTests(BrowserFixture browser)
{
    public static TheoryData<int, int> Sizes => new() { { 1366, 768 }, { 1920, 1080 }, { 390, 844 } };

    [SkippableTheory]
    [MemberData(nameof(Sizes))]
    public async Task Timeline_runs_right_to_left_its_rows_take_the_keyboard_and_only_its_own_box_scrolls(int width, int height)
    {
        browser.RequireBrowser();
        var page = await browser.NewPageAsync(width, height);
        await BrowserFixture.LogInAsync(page, "governor", PayeshFactory.DemoPassword);
        await page.GotoAsync("/Plans/2?node=01");
        await page.ClickAsync("#timeline-link");
        await page.WaitForURLAsync("**/Timeline**");
        Assert.Contains("node=01", page.Url);

        // Months run right to left: Farvardin's column is to the right of Esfand's (or of the last month shown).
        var months = page.Locator(".gantt-head .gantt-month");
        Assert.True(await months.CountAsync() >= 2);
        var first = (await months.First.BoundingBoxAsync())!;
        var last = (await months.Last.BoundingBoxAsync())!;
        Assert.True(first.X > last.X, "the first month is on the right");
        Assert.Matches("[۰-۹]", await months.First.InnerTextAsync());

        // The box scrolls inside itself, the page does not; the box and each row are reached by Tab.
        Assert.False(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth > window.innerWidth + 1"), "the page scrolls sideways");
        var box = page.Locator(".gantt-box");
        await box.FocusAsync();
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("gantt-row", await page.EvaluateAsync<string>("document.activeElement.className"));
        Assert.Contains("واقعی", await page.EvaluateAsync<string>("document.activeElement.textContent"));
        Assert.True(await page.Locator(".gantt-row .badge-status").CountAsync() > 0, "statuses in words beside the colours");

        Assert.Empty(await AccessibilityTests.ViolationsAsync(page));
        await BrowserFixture.ScreenshotAsync(page, $"timeline-{width}x{height}");
    }

    [SkippableTheory]
    [MemberData(nameof(Sizes))]
    public async Task Brief_reads_as_sentences_with_Persian_digits_at_every_size(int width, int height)
    {
        browser.RequireBrowser();
        var page = await browser.NewPageAsync(width, height);
        await BrowserFixture.LogInAsync(page, "governor", PayeshFactory.DemoPassword);
        await page.GotoAsync("/Brief?plan=2&week=1405/06/20");
        var headline = await page.Locator("#brief-headline").InnerTextAsync();
        Assert.Matches("[۰-۹]", headline);
        Assert.DoesNotMatch("[0-9]", headline);
        Assert.Equal(3, await page.Locator(".brief-section").CountAsync());
        Assert.False(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth > window.innerWidth + 1"), "the page scrolls sideways");
        Assert.Empty(await AccessibilityTests.ViolationsAsync(page));
        await BrowserFixture.ScreenshotAsync(page, $"brief-{width}x{height}", fullPage: true);
    }

    private static string Letters(string s) => new(s.Normalize(NormalizationForm.FormKC).Where(char.IsLetter).ToArray());

    [SkippableFact]
    public async Task Brief_prints_on_one_A4_page_and_the_timeline_prints_every_row()
    {
        browser.RequireBrowser();
        var page = await browser.NewPageAsync();
        await BrowserFixture.LogInAsync(page, "governor", PayeshFactory.DemoPassword);
        await page.GotoAsync("/Brief?plan=2&week=1405/06/20");
        await page.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Print });
        Assert.False(await page.Locator("nav.sidebar").IsVisibleAsync());
        Assert.False(await page.Locator("form.asof-form").IsVisibleAsync());
        var pdf = await page.PdfAsync(new PagePdfOptions { PreferCSSPageSize = true, PrintBackground = true });
        Directory.CreateDirectory(BrowserFixture.ScreenshotFolder());
        await File.WriteAllBytesAsync(Path.Combine(BrowserFixture.ScreenshotFolder(), "brief.pdf"), pdf);
        using (var doc = PdfDocument.Open(pdf))
        {
            Assert.Equal(1, doc.NumberOfPages);
            var sheet = doc.GetPage(1);
            Assert.InRange(sheet.Width, 590, 600); // A4 portrait: 595 × 842 points
            Assert.InRange(sheet.Height, 837, 847);
            var text = Letters(string.Concat(sheet.Letters.Select(l => l.Value)));
            var word = Letters("تصمیم");
            Assert.True(text.Contains(word, StringComparison.Ordinal) || text.Contains(new string(word.Reverse().ToArray()), StringComparison.Ordinal), "the decisions are on the page");
        }
        await page.SetViewportSizeAsync(794, 1123);
        await BrowserFixture.ScreenshotAsync(page, "brief-print-a4", fullPage: true);

        await page.GotoAsync("/Plans/2/Timeline?node=01");
        await page.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Print });
        var rows = await page.Locator("a.gantt-row").CountAsync();
        Assert.True(rows > 0);
        Assert.Equal("visible", await page.EvaluateAsync<string>("getComputedStyle(document.querySelector('.gantt-box')).overflowX"));
        var lastRow = (await page.Locator("a.gantt-row").Last.BoundingBoxAsync())!;
        var boxRight = await page.EvaluateAsync<double>("document.querySelector('.gantt-box').getBoundingClientRect().right");
        Assert.True(lastRow.X + lastRow.Width <= boxRight + 1, "rows fit the printed width");
        await BrowserFixture.ScreenshotAsync(page, "timeline-print", fullPage: true);
    }
}
