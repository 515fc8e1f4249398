using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Playwright;
using Payesh.Domain.Calendar;
using Payesh.Web.Tests.Infrastructure;
using UglyToad.PdfPig;

namespace Payesh.Browser.Tests;

/// <summary>Issue 12: the governor's view read at 1366×768, 1920×1080 and on a phone, and on paper.</summary>
[Collection("browser")]
public sealed class GovernorViewTests(BrowserFixture browser)
{
    private static readonly string[] Months = ["فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور", "مهر", "آبان", "آذر", "دی", "بهمن", "اسفند"];

    public static TheoryData<int, int> Sizes => new() { { 1366, 768 }, { 1920, 1080 }, { 390, 844 } };

    private sealed record Box(string Text, double X, double Y, double W, double H)
    {
        public bool Overlaps(Box o) => X < o.X + o.W && o.X < X + W && Y < o.Y + o.H && o.Y < Y + H;
    }

    private static async Task<List<Box>> TextsAsync(IPage page, string selector) =>
        JsonSerializer.Deserialize<List<Box>>(await page.EvaluateAsync<string>(
            $"JSON.stringify([...document.querySelectorAll('{selector} svg text')].map(t => {{ const r = t.getBoundingClientRect(); return {{ Text: t.textContent, X: r.x, Y: r.y, W: r.width, H: r.height }}; }}))"))!;

    [SkippableTheory]
    [MemberData(nameof(Sizes))]
    public async Task S_curve_runs_left_to_right_with_a_tick_per_Jalali_month_Persian_digits_and_the_full_width(int width, int height)
    {
        browser.RequireBrowser();
        var page = await browser.NewPageAsync(width, height);
        await BrowserFixture.LogInAsync(page, "governor", PayeshFactory.DemoPassword);
        await page.GotoAsync("/");
        await Assertions.Expect(page.Locator("#scurve svg")).ToBeVisibleAsync();
        var texts = await TextsAsync(page, "#scurve");

        // One label per Jalali month of the plan year, in order from left to right.
        var months = texts.Where(t => Months.Contains(t.Text)).ToList();
        Assert.True(months.Count >= 12, $"{months.Count} month labels at {width}px");
        var order = months.OrderBy(t => t.X).Select(t => Array.IndexOf(Months, t.Text)).ToList();
        Assert.Equal(order.Order().ToList(), order);
        Assert.Equal(order.Distinct().Count(), order.Count);
        // Persian digits on the axes, and the legend clear of every label.
        Assert.DoesNotContain(texts, t => t.Text.Any(char.IsAsciiDigit));
        Assert.Contains(texts, t => t.Text == "۱۰۰٪");
        var legend = texts.Where(t => t.Text is "برنامه‌ای" or "واقعی").ToList();
        Assert.Equal(2, legend.Count);
        Assert.DoesNotContain(texts.Except(legend), t => legend.Any(l => l.Overlaps(t)));
        // The plot uses the width it has: from the first to the last month label at least 75% of the chart's width.
        var chart = await page.Locator("#scurve").BoundingBoxAsync();
        double span = months.Max(t => t.X + t.W) - months.Min(t => t.X);
        Assert.True(span >= 0.75 * chart!.Width, $"plot {span:0} of {chart.Width:0} px at {width}px");
        // The chart is an image with a Persian description and a data table beside it.
        Assert.Equal("img", await page.Locator("#scurve").GetAttributeAsync("role"));
        Assert.Contains("منحنی پیشرفت تجمعی", await page.Locator("#scurve").GetAttributeAsync("aria-label"));
        Assert.True(await page.Locator("#curve-box details.chart-table tbody tr").CountAsync() >= 6);
        await BrowserFixture.ScreenshotAsync(page, $"dashboard-{width}x{height}");
        Assert.False(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth > window.innerWidth + 1"), "no sideways scroll");
    }

    [SkippableTheory]
    [MemberData(nameof(Sizes))]
    public async Task Heat_map_opens_on_the_newest_Saturday_to_Friday_week_with_a_legend_and_cells_a_keyboard_reaches(int width, int height)
    {
        browser.RequireBrowser();
        var page = await browser.NewPageAsync(width, height);
        await BrowserFixture.LogInAsync(page, "governor", PayeshFactory.DemoPassword);
        await page.GotoAsync("/");
        var heads = page.Locator("table.heatmap thead th[title]");
        int weeks = await heads.CountAsync();
        Assert.Equal(12, weeks);
        var starts = new List<int>();
        for (int i = 0; i < weeks; i++)
        {
            var title = (await heads.Nth(i).GetAttributeAsync("title"))!;   // «هفته ۱۴۰۵/۰۶/۲۹ تا ۱۴۰۵/۰۶/۳۱»
            Assert.True(JalaliDate.TryParse(title.Split(' ')[1], out var start, out _), title);
            Assert.Equal(DayOfWeek.Saturday, start.ToDateOnly().DayOfWeek);
            starts.Add(start.DayNumber);
        }
        // Newest first in the markup: beside the names, so time runs left to right and the newest week shows first.
        Assert.Equal(starts.OrderDescending().ToList(), starts);
        var newest = await heads.First.BoundingBoxAsync();
        var oldest = await heads.Last.BoundingBoxAsync();
        Assert.True(newest!.X > oldest!.X, "the newest week is to the right of the oldest");
        var box = await page.Locator(".heatmap-scroll").BoundingBoxAsync();
        Assert.True(newest.X >= box!.X - 1 && newest.X + newest.Width <= box.X + box.Width + 1, "the newest week is in view");
        Assert.Equal(6, await page.Locator(".heat-legend .swatch").CountAsync());

        // Each cell: focusable, its words for a screen reader, its number on screen.
        var cell = page.Locator("table.heatmap tbody td").First;
        await cell.FocusAsync();
        Assert.True(await cell.EvaluateAsync<bool>("c => document.activeElement === c && c.tabIndex === 0"));
        Assert.Contains("هفته", await cell.Locator(".visually-hidden").InnerTextAsync());
        Assert.DoesNotContain(await cell.Locator("[aria-hidden]").InnerTextAsync(), c => char.IsAsciiDigit(c));
        await BrowserFixture.ScreenshotAsync(page, $"heatmap-{width}");
    }

    [SkippableFact]
    public async Task Phone_shows_the_headline_on_the_first_screen_with_the_menu_folded_and_nothing_scrolls_sideways()
    {
        browser.RequireBrowser();
        var phone = await browser.NewPageAsync(390, 844);
        await BrowserFixture.LogInAsync(phone, "governor", PayeshFactory.DemoPassword);
        await phone.GotoAsync("/");
        Assert.False(await phone.Locator("#main-menu").IsVisibleAsync());
        var actual = await phone.Locator("#kpi-actual").BoundingBoxAsync();
        Assert.True(actual!.Y + actual.Height <= 844, "headline figures on the first screen");
        await phone.ClickAsync(".menu-toggle");
        Assert.True(await phone.Locator("#main-menu").IsVisibleAsync());
        foreach (var url in new[] { "/", "/Plans/2", "/Plans/2?node=01", "/Agencies/SMT", "/Accountability" })
        {
            await phone.GotoAsync(url);
            Assert.False(await phone.EvaluateAsync<bool>("document.documentElement.scrollWidth > window.innerWidth + 1"), $"{url} scrolls sideways");
            await BrowserFixture.ScreenshotAsync(phone, "phone-" + (url == "/" ? "dashboard" : url.Trim('/').Replace('/', '-').Replace('?', '-').Replace('=', '-')));
        }
        // 200% zoom on a desktop is a 683 px wide page: still no sideways scroll.
        var zoomed = await browser.NewPageAsync(683, 384);
        await BrowserFixture.LogInAsync(zoomed, "governor", PayeshFactory.DemoPassword);
        foreach (var url in new[] { "/", "/Accountability" })
        {
            await zoomed.GotoAsync(url);
            Assert.False(await zoomed.EvaluateAsync<bool>("document.documentElement.scrollWidth > window.innerWidth + 1"), $"{url} at 200%");
        }
    }

    /// <summary>Letters as PDF text extraction gives them (presentation forms, visual order): compared without either.</summary>
    private static string Letters(string s) => new(s.Normalize(NormalizationForm.FormKC).Where(char.IsLetter).ToArray());

    [SkippableFact]
    public async Task Printed_accountability_report_has_every_column_header_on_its_first_page_and_a_signature_block()
    {
        browser.RequireBrowser();
        var page = await browser.NewPageAsync();
        await BrowserFixture.LogInAsync(page, "governor", PayeshFactory.DemoPassword);
        await page.GotoAsync("/Accountability?plan=1");
        var headers = await page.Locator("table.accountability-table thead th").AllInnerTextsAsync();
        Assert.Equal(13, headers.Count);
        await page.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Print });
        Assert.True(await page.Locator(".signatures").IsVisibleAsync());
        Assert.False(await page.Locator("nav.sidebar").IsVisibleAsync());
        // The first sheet as it prints: A4 landscape less its margins (277 × 186 mm at 96 dpi).
        await page.SetViewportSizeAsync(1047, 703);
        await BrowserFixture.ScreenshotAsync(page, "accountability-print-a4");
        var pdf = await page.PdfAsync(new PagePdfOptions { PreferCSSPageSize = true, PrintBackground = true });
        Directory.CreateDirectory(BrowserFixture.ScreenshotFolder());
        await File.WriteAllBytesAsync(Path.Combine(BrowserFixture.ScreenshotFolder(), "accountability.pdf"), pdf);

        using var doc = PdfDocument.Open(pdf);
        var first = doc.GetPage(1);
        Assert.True(first.Width > first.Height, "A4 landscape");
        string text = Letters(string.Concat(first.Letters.Select(l => l.Value)));
        string reversed = new(text.Reverse().ToArray());
        foreach (var h in headers)
        {
            // Each header's longest word, as the PDF holds it (one way or the other).
            var word = Letters(h.Split([' ', '\u200c', '(', ')', '/', '-'], StringSplitOptions.RemoveEmptyEntries).OrderByDescending(w => w.Length).First());
            Assert.True(text.Contains(word, StringComparison.Ordinal) || reversed.Contains(word, StringComparison.Ordinal) || text.Contains(new string(word.Reverse().ToArray()), StringComparison.Ordinal),
                $"«{h}» is not on the first printed page");
        }
        var last = Letters(string.Concat(doc.GetPage(doc.NumberOfPages).Letters.Select(l => l.Value)));
        Assert.True(last.Contains(Letters("استاندار"), StringComparison.Ordinal) || last.Contains(new string(Letters("استاندار").Reverse().ToArray()), StringComparison.Ordinal),
            "the signature block is printed");
        Assert.Contains(Letters("صفحه"), Letters(string.Concat(first.Letters.Select(l => l.Value))) + new string(Letters(string.Concat(first.Letters.Select(l => l.Value))).Reverse().ToArray()));
    }
}
