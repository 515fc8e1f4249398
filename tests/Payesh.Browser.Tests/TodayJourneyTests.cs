using System.Globalization;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Payesh.Domain.Calendar;
using Payesh.Domain.Text;
using Payesh.Web.Data;
using Payesh.Web.Data.Model;
using Payesh.Web.Tests.Infrastructure;

namespace Payesh.Browser.Tests;

/// <summary>Issue 11 items 4, 7 and 11: the Today page guides an agency through its day, reports a missed day
/// within the plan's window (the secretariat further back, with a reason), marks rejections until corrected,
/// and works as cards on a phone.</summary>
[Collection("browser")]
public sealed class TodayJourneyTests(BrowserFixture browser)
{
    private static JalaliDate Today => TestClock.DefaultToday;

    private static readonly Regex Counter = new("^([۰-۹]+) از ([۰-۹]+) ثبت شد$");

    private static (int Done, int Total) ReadCounter(string text)
    {
        var m = Counter.Match(text.Trim());
        Assert.True(m.Success, $"counter reads «{text}»");
        return (int.Parse(PersianText.ToLatinDigits(m.Groups[1].Value), CultureInfo.InvariantCulture), int.Parse(PersianText.ToLatinDigits(m.Groups[2].Value), CultureInfo.InvariantCulture));
    }

    private async Task<T> DbAsync<T>(Func<PayeshDb, Task<T>> read)
    {
        using var scope = browser.App.Services.CreateScope();
        return await read(scope.ServiceProvider.GetRequiredService<PayeshDb>());
    }

    /// <summary>A value the row accepts: one more than its last figure (at most 100).</summary>
    private static async Task<string> NextValueAsync(ILocator row)
    {
        var last = double.Parse(await row.Locator("input.percent").GetAttributeAsync("data-last") ?? "0", System.Globalization.CultureInfo.InvariantCulture);
        return PersianText.ToPersianDigits(Math.Min(100, Math.Floor(last) + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [SkippableFact]
    public async Task Agency_lands_on_Today_starts_in_the_first_unreported_row_counts_and_sees_its_values_after_a_reload()
    {
        browser.RequireBrowser();
        var page = await browser.NewPageAsync();
        await BrowserFixture.LogInAsync(page, "smt.reporter", PayeshFactory.DemoPassword);
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/Reports/Today$"));

        var counter = page.Locator("#today-counter");
        var (done, total) = ReadCounter(await counter.InnerTextAsync());
        Assert.True(total >= 3, "the agency has active actions");
        var rows = page.Locator("tr.today-row");
        var firstOpen = page.Locator("tr.today-row[data-reported=false]").First;
        await Assertions.Expect(firstOpen.Locator("input.percent")).ToBeFocusedAsync();
        var rowId = await firstOpen.GetAttributeAsync("id");

        var value = await NextValueAsync(firstOpen);
        await page.Keyboard.TypeAsync(value);
        await page.Keyboard.PressAsync("Enter");
        var saved = page.Locator($"#{rowId}");
        await Assertions.Expect(saved).ToHaveClassAsync(new Regex("row-saved"));
        await Assertions.Expect(counter).ToHaveTextAsync($"{PersianText.ToPersianDigits(done + 1)} از {PersianText.ToPersianDigits(total)} ثبت شد");
        // The cursor moved to the next row that still waits.
        var focusedRow = await page.EvaluateAsync<string>("document.activeElement.closest('tr').id");
        Assert.NotEqual(rowId, focusedRow);
        Assert.Equal("false", await page.Locator($"#{focusedRow}").GetAttributeAsync("data-reported"));
        await BrowserFixture.ScreenshotAsync(page, "today-guided-1366");

        // After a reload the day's value is in its row, and the counter still counts it.
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator($"#{rowId} input.percent")).ToHaveValueAsync(value);
        await Assertions.Expect(page.Locator($"#{rowId}")).ToHaveAttributeAsync("data-reported", "true");
        Assert.Equal((done + 1, total), ReadCounter(await counter.InnerTextAsync()));

        // "Not yet reported" shows only the rows that still wait.
        await page.CheckAsync("#pending");
        await Task.WhenAll(page.WaitForURLAsync(new Regex("pending=true")), page.ClickAsync("form.today-choose button[type=submit]"));
        await Assertions.Expect(page.Locator($"#{rowId}")).ToHaveCountAsync(0);
        Assert.Equal(total - (done + 1), await rows.CountAsync());
        Assert.Equal(0, await page.Locator("tr.today-row[data-reported=true]").CountAsync());
    }

    [SkippableFact]
    public async Task Agency_reports_a_missed_day_within_the_window_and_is_refused_beyond_it()
    {
        browser.RequireBrowser();
        var page = await browser.NewPageAsync();
        await BrowserFixture.LogInAsync(page, "bmi.reporter", PayeshFactory.DemoPassword);
        await page.GotoAsync("/Reports/Today");
        int window = await DbAsync(db => db.Plans.Where(p => p.Id == 2).Select(p => p.BackdateDays).FirstAsync());
        var day = page.Locator("#day");
        await Assertions.Expect(day).ToHaveValueAsync(Today.ToPersianString());

        // The picker offers the window only: the day before it is disabled.
        await day.FocusAsync();
        await Assertions.Expect(page.Locator($".jdp-popup button[data-day='{Today.AddDays(-window - 1).DayNumber}']")).ToBeDisabledAsync();
        // No later day than today: the arrow to the next day stays on today.
        await page.Keyboard.PressAsync("ArrowLeft");
        await Assertions.Expect(page.Locator(".jdp-popup button.jdp-active")).ToHaveAttributeAsync("data-day", Today.DayNumber.ToString(CultureInfo.InvariantCulture));
        // Two days back by keyboard (right to left: the right arrow is the day before).
        await page.Keyboard.PressAsync("ArrowRight");
        await page.Keyboard.PressAsync("ArrowRight");
        await page.Keyboard.PressAsync("Enter");
        var missed = Today.AddDays(-2);
        await Assertions.Expect(day).ToHaveValueAsync(missed.ToPersianString());
        await Task.WhenAll(page.WaitForURLAsync(new Regex("day=")), page.ClickAsync("form.today-choose button[type=submit]"));
        await Assertions.Expect(page.Locator(".page-head")).ToContainTextAsync("گزارش روز");
        await Assertions.Expect(page.Locator(".page-head")).ToContainTextAsync(Fa(missed));

        var row = page.Locator("tr.today-row").First;
        var rowId = await row.GetAttributeAsync("id");
        long nodeId = long.Parse(rowId![1..], CultureInfo.InvariantCulture);
        await row.Locator("input.percent").FillAsync(await NextValueAsync(row));
        await row.Locator("input.percent").PressAsync("Enter");
        await Assertions.Expect(page.Locator($"#{rowId}")).ToHaveClassAsync(new Regex("row-saved"));
        await BrowserFixture.ScreenshotAsync(page, "today-missed-day");
        var stored = await DbAsync(db => db.ProgressReports.Where(r => r.NodeId == nodeId).OrderByDescending(r => r.Id).Select(r => r.ReportDate).FirstAsync());
        Assert.Equal(missed.ToDateOnly(), stored);

        // A day beyond the window: a Persian message, and no rows to fill.
        await page.GotoAsync("/Reports/Today?day=" + Today.AddDays(-window - 1));
        await Assertions.Expect(page.Locator(".alert")).ToContainTextAsync($"تا {PersianText.ToPersianDigits(window)} روز گذشته");
        Assert.Equal(0, await page.Locator("tr.today-row").CountAsync());
    }

    private static string Fa(JalaliDate d) => d.ToLongPersianString();

    [SkippableFact]
    public async Task Secretariat_reports_further_back_with_a_reason()
    {
        browser.RequireBrowser();
        var page = await browser.NewPageAsync();
        await BrowserFixture.LogInAsync(page, "secretariat", PayeshFactory.DemoPassword);
        var old = Today.AddDays(-20);
        await page.GotoAsync($"/Reports/Today?agency=TAX&day={old}");
        var row = page.Locator("tr.today-row").First;
        var rowId = await row.GetAttributeAsync("id");
        var reason = row.Locator("input.backdate-reason");
        await Assertions.Expect(reason).ToBeVisibleAsync();

        // Without a reason the browser asks for it, in Persian.
        await row.Locator("input.percent").FillAsync(await NextValueAsync(row));
        await row.Locator("input.percent").PressAsync("Enter");
        Assert.Equal("این بخش را پر کنید.", await reason.EvaluateAsync<string>("e => e.validationMessage"));
        await Assertions.Expect(page.Locator($"#{rowId}")).Not.ToHaveClassAsync(new Regex("row-saved"));

        await reason.FillAsync("نامه دستگاه با تأخیر رسید");
        await reason.PressAsync("Enter");
        await Assertions.Expect(page.Locator($"#{rowId}")).ToHaveClassAsync(new Regex("row-saved"));
        long nodeId = long.Parse(rowId![1..], CultureInfo.InvariantCulture);
        var stored = await DbAsync(db => db.ProgressReports.Where(r => r.NodeId == nodeId).OrderByDescending(r => r.Id)
            .Select(r => new { r.ReportDate, r.BackdateReason }).FirstAsync());
        Assert.Equal(old.ToDateOnly(), stored.ReportDate);
        Assert.Equal("نامه دستگاه با تأخیر رسید", stored.BackdateReason);
    }

    [SkippableFact]
    public async Task A_rejected_row_shows_its_reason_and_a_link_until_it_is_corrected()
    {
        browser.RequireBrowser();
        var page = await browser.NewPageAsync();
        await BrowserFixture.LogInAsync(page, "smt.manager", PayeshFactory.DemoPassword);
        await page.GotoAsync("/Reports/Today");
        var row = page.Locator("tr.today-row").Last;
        var rowId = await row.GetAttributeAsync("id");
        long nodeId = long.Parse(rowId![1..], CultureInfo.InvariantCulture);
        await row.Locator("input.percent").FillAsync(await NextValueAsync(row));
        await row.Locator("input.percent").PressAsync("Enter");
        await Assertions.Expect(page.Locator($"#{rowId}")).ToHaveClassAsync(new Regex("row-saved"));
        var reportId = await DbAsync(db => db.ProgressReports.Where(r => r.NodeId == nodeId).MaxAsync(r => r.Id));

        using var api = await browser.App.ApiClientAsync("secretariat");
        (await api.PostAsJsonAsync($"/api/v1/reports/{reportId}/reject", new { reason = "صورت‌جلسه تحویل پیوست نشده" })).EnsureSuccessStatusCode();

        await page.ReloadAsync();
        var rejected = page.Locator($"#{rowId}");
        await Assertions.Expect(rejected).ToHaveClassAsync(new Regex("row-rejected"));
        await Assertions.Expect(rejected.Locator(".rejected-note")).ToContainTextAsync("صورت‌جلسه تحویل پیوست نشده");
        await Assertions.Expect(page.Locator("ul.rejections")).ToContainTextAsync("صورت‌جلسه تحویل پیوست نشده");
        await BrowserFixture.ScreenshotAsync(page, "today-rejected-row");
        await Task.WhenAll(page.WaitForURLAsync(new Regex("#" + rowId + "$")), page.ClickAsync($"ul.rejections a[href$='#{rowId}']"));
        await Assertions.Expect(page.Locator($"#{rowId} input.percent")).ToBeVisibleAsync();

        // Evidence by keyboard: Tab from the note reaches the file input.
        await page.Locator($"#{rowId} input.note").FocusAsync();
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal(rowId + " file", await page.EvaluateAsync<string>("document.activeElement.closest('tr').id + ' ' + document.activeElement.type"));

        await page.Locator($"#{rowId} input.percent").FillAsync(await NextValueAsync(page.Locator($"#{rowId}")));
        await page.Locator($"#{rowId} input.percent").PressAsync("Enter");
        await Assertions.Expect(page.Locator($"#{rowId}")).ToHaveClassAsync(new Regex("row-saved"));
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator($"#{rowId}")).Not.ToHaveClassAsync(new Regex("row-rejected"));
        await Assertions.Expect(page.Locator($"ul.rejections a[href$='#{rowId}']")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("ul.rejections li", new() { HasText = "صورت‌جلسه تحویل پیوست نشده" })).ToContainTextAsync("اصلاح شد");
    }

    [SkippableFact]
    public async Task On_a_phone_Today_is_cards_without_sideways_scrolling_and_the_menu_folds()
    {
        browser.RequireBrowser();
        var page = await browser.NewPageAsync(390, 844);
        await BrowserFixture.LogInAsync(page, "tax.reporter", PayeshFactory.DemoPassword);
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/Reports/Today"));
        Assert.False(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth > window.innerWidth + 1"), "Today scrolls sideways at 390px");
        await Assertions.Expect(page.Locator("#main-menu")).ToBeHiddenAsync();
        await Assertions.Expect(page.Locator("thead")).ToBeHiddenAsync();

        // One card: title, planned and last %, the input and the save button, all inside the screen.
        var card = page.Locator("tr.today-row").First;
        foreach (var part in new[] { "td.title", "td[data-label='برنامه‌ای']", "td[data-label='آخرین گزارش']", "input.percent", "button[type=submit]" })
        {
            var box = await card.Locator(part).BoundingBoxAsync();
            Assert.NotNull(box);
            Assert.True(box!.X >= 0 && box.X + box.Width <= 390, $"{part} is inside the screen ({box.X}+{box.Width})");
        }
        var cardBox = await card.BoundingBoxAsync();
        Assert.True(cardBox!.Height < 400, $"a card is {cardBox.Height}px high");
        await BrowserFixture.ScreenshotAsync(page, "today-phone");

        await page.ClickAsync(".menu-toggle");
        await Assertions.Expect(page.Locator("#main-menu")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".menu-toggle")).ToHaveAttributeAsync("aria-expanded", "true");
        await BrowserFixture.ScreenshotAsync(page, "menu-phone-open");
        await page.ClickAsync("#main-menu a[href='/Obstacles']");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/Obstacles"));
        await Assertions.Expect(page.Locator("#main-menu")).ToBeHiddenAsync();
    }
}
