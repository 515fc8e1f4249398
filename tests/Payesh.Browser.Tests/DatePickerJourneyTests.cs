using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Payesh.Domain.Calendar;
using Payesh.Web.Data;
using Payesh.Web.Tests.Infrastructure;

namespace Payesh.Browser.Tests;

/// <summary>Issue 11 item 1: every Jalali date field opens on the value the server filled in (Persian digits),
/// writes Persian digits, is used by keyboard and never takes an impossible date.</summary>
[Collection("browser")]
public sealed class DatePickerJourneyTests(BrowserFixture browser)
{
    private static readonly Regex LatinDigit = new("[0-9]");

    private async Task<(long ActionId, long MeetingId)> IdsAsync()
    {
        using var scope = browser.App.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PayeshDb>();
        var action = await db.PlanNodes.Where(n => n.PlanId == 2 && n.IsAction && !n.IsRemoved).OrderBy(n => n.Id).Select(n => n.Id).FirstAsync();
        var meeting = await db.Meetings.OrderBy(m => m.Id).Select(m => m.Id).FirstAsync();
        return (action, meeting);
    }

    /// <summary>Opens the picker of <paramref name="field"/>, checks it shows the month of the pre-filled value, moves one day
    /// with the keyboard and picks it with Enter; an empty field gets a date typed with Latin digits instead.</summary>
    private static async Task PickNextDayAsync(IPage page, ILocator field, string where)
    {
        var before = await field.InputValueAsync();
        await field.FocusAsync();
        var popup = page.Locator(".jdp-popup");
        await Assertions.Expect(popup).ToBeVisibleAsync();
        if (string.IsNullOrWhiteSpace(before))
        {
            await field.FillAsync("1405/07/10");
            await Assertions.Expect(popup.Locator(".jdp-title")).ToHaveTextAsync("مهر ۱۴۰۵");
            await page.Keyboard.PressAsync("Enter");
            await Assertions.Expect(field).ToHaveValueAsync("۱۴۰۵/۰۷/۱۰");
            return;
        }
        Assert.True(JalaliDate.TryParse(before, out var value), $"{where}: the server filled «{before}», a real date");
        Assert.DoesNotMatch(LatinDigit, before);
        await Assertions.Expect(popup.Locator(".jdp-title")).ToHaveTextAsync($"{value.MonthName} {Payesh.Domain.Text.PersianText.ToPersianDigits(value.Year)}");
        await Assertions.Expect(popup.Locator("button.jdp-active")).ToHaveAttributeAsync("data-day", value.DayNumber.ToString(CultureInfo.InvariantCulture));
        // The page is right to left: the arrow to the left is the next day (the right one the day before, where the
        // field allows no later day, as the report day of /Reports/Today).
        bool atMax = await field.GetAttributeAsync("data-jdp-max") is { } max && JalaliDate.Parse(max) == value;
        await page.Keyboard.PressAsync(atMax ? "ArrowRight" : "ArrowLeft");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(popup).ToBeHiddenAsync();
        var after = await field.InputValueAsync();
        Assert.True(value.AddDays(atMax ? -1 : 1).ToPersianString() == after, $"{where}: {before} → {after}");
        Assert.DoesNotContain("NaN", after);
    }

    [SkippableFact]
    public async Task Every_date_field_opens_on_the_server_value_and_picks_the_next_day_by_keyboard()
    {
        browser.RequireBrowser();
        var (actionId, meetingId) = await IdsAsync();
        var page = await browser.NewPageAsync();
        await BrowserFixture.LogInAsync(page, "admin", PayeshFactory.AdminPassword);
        var pages = new[]
        {
            "/", "/Plans/2", "/Accountability", "/Agencies/SMT", "/Reports/Missing", "/Reports/Today", "/Obstacles/Figures", "/Obstacles/New",
            "/Meetings/New", $"/Meetings/{meetingId}", "/Admin/Calendar", "/Audit", "/Plans/New", $"/Plans/2/Edit/Node/{actionId}",
            "/Brief?plan=2", "/Plans/2/Timeline",
        };
        int checkedFields = 0;
        foreach (var url in pages)
        {
            await page.GotoAsync(url);
            // Forms folded in <details> (a meeting's new resolution, an obstacle's next step) have date fields too.
            await page.EvaluateAsync("document.querySelectorAll('details').forEach(d => d.open = true)");
            var fields = page.Locator("input[data-jdp]:visible:not([readonly])");
            int n = await fields.CountAsync();
            Assert.True(n > 0, $"{url} has a date field marked data-jdp");
            for (int i = 0; i < n; i++)
            {
                await PickNextDayAsync(page, fields.Nth(i), $"{url} #{i}");
                checkedFields++;
            }
        }
        Assert.True(checkedFields >= 20, $"{checkedFields} date fields checked");
    }

    [SkippableFact]
    public async Task Keyboard_moves_by_week_and_month_escape_restores_and_an_impossible_date_is_refused()
    {
        browser.RequireBrowser();
        var page = await browser.NewPageAsync();
        await BrowserFixture.LogInAsync(page, "governor", PayeshFactory.DemoPassword);
        await page.GotoAsync("/Plans/2");
        var field = page.Locator("#asOf");
        var start = JalaliDate.Parse(await field.InputValueAsync());
        await field.FocusAsync();
        await page.Keyboard.PressAsync("ArrowDown");
        await page.Keyboard.PressAsync("PageDown");
        await page.Keyboard.PressAsync("Enter");
        var (y, m, d) = start.AddDays(7).Split();
        var nextMonth = m == 12 ? new JalaliDate(y + 1, 1, Math.Min(d, 31)) : new JalaliDate(y, m + 1, Math.Min(d, JalaliDate.DaysInMonth(y, m + 1)));
        await Assertions.Expect(field).ToHaveValueAsync(nextMonth.ToPersianString());
        await BrowserFixture.ScreenshotAsync(page, "datepicker-closed");

        // Escape closes without a change.
        await field.FillAsync("۱۴۰۵/۰۱/۰۵");
        await page.Keyboard.PressAsync("ArrowLeft");
        await BrowserFixture.ScreenshotAsync(page, "datepicker-open");
        await page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(page.Locator(".jdp-popup")).ToBeHiddenAsync();
        await Assertions.Expect(field).ToHaveValueAsync(nextMonth.ToPersianString());

        // Arabic-Indic digits and single-digit parts are read; the field shows the same day in Persian digits.
        await field.FillAsync("١٤٠٥/٣/٩");
        await Assertions.Expect(page.Locator(".jdp-popup .jdp-title")).ToHaveTextAsync("خرداد ۱۴۰۵");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(field).ToHaveValueAsync("۱۴۰۵/۰۳/۰۹");

        // 1405 is not a leap year: 1405/12/30 does not exist, and the form is not sent.
        await field.FillAsync("۱۴۰۵/۱۲/۳۰");
        await page.Keyboard.PressAsync("Tab");
        Assert.Contains("تاریخ معتبر شمسی نیست", await field.EvaluateAsync<string>("e => e.validationMessage"));
        var url = page.Url;
        await page.ClickAsync("form.asof-form button[type=submit]");
        await Assertions.Expect(field).ToBeFocusedAsync();
        Assert.Equal(url, page.Url);

        // Clicking a day with the mouse works too.
        await field.FillAsync("۱۴۰۳/۱۲/۰۱");
        await page.ClickAsync(".jdp-popup button[data-day='" + new JalaliDate(1403, 12, 30).DayNumber + "']");
        await Assertions.Expect(field).ToHaveValueAsync("۱۴۰۳/۱۲/۳۰");
    }

    [SkippableFact]
    public async Task On_a_phone_every_date_field_of_the_daily_pages_opens_inside_the_screen_on_the_server_value()
    {
        browser.RequireBrowser();
        var page = await browser.NewPageAsync(390, 844);
        await BrowserFixture.LogInAsync(page, "secretariat", PayeshFactory.DemoPassword);
        int checkedFields = 0;
        foreach (var url in new[] { "/", "/Accountability", "/Reports/Missing", "/Reports/Today", "/Obstacles/New" })
        {
            await page.GotoAsync(url);
            await page.EvaluateAsync("document.querySelectorAll('details').forEach(d => d.open = true)");
            var fields = page.Locator("input[data-jdp]:visible:not([readonly])");
            int n = await fields.CountAsync();
            Assert.True(n > 0, $"{url} has a date field marked data-jdp at 390 px");
            for (int i = 0; i < n; i++)
            {
                var field = fields.Nth(i);
                await field.ScrollIntoViewIfNeededAsync();
                // The calendar fits the phone's width.
                await field.FocusAsync();
                await Assertions.Expect(page.Locator(".jdp-popup")).ToBeVisibleAsync();
                var box = await page.Locator(".jdp-popup").BoundingBoxAsync();
                Assert.True(box is not null && box.X >= 0 && box.X + box.Width <= 390, $"{url} #{i}: the calendar ({box?.X}+{box?.Width}) leaves the screen");
                await page.Keyboard.PressAsync("Escape");
                await field.BlurAsync();
                await PickNextDayAsync(page, field, $"{url} #{i} at 390 px");
                await field.BlurAsync();
                checkedFields++;
            }
            Assert.False(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth > window.innerWidth + 1"), $"{url} scrolls sideways");
        }
        Assert.True(checkedFields >= 5, $"{checkedFields} date fields checked on a phone");
        await page.GotoAsync("/Reports/Today");
        await page.Locator("#day").FocusAsync();
        await BrowserFixture.ScreenshotAsync(page, "datepicker-phone");
    }

    [SkippableFact]
    public async Task The_pages_calendar_agrees_with_the_servers_day_by_day_from_1300_to_1500()
    {
        browser.RequireBrowser();
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/Account/Login");
        int from = new JalaliDate(1300, 1, 1).DayNumber, to = new JalaliDate(1500, 12, 29).DayNumber;
        var js = await page.EvaluateAsync<string[]>(
            "([a, b]) => { const r = []; for (let n = a; n <= b; n++) r.push(PayeshJalali.format(n) + '|' + PayeshJalali.parse(PayeshJalali.format(n)) + '|' + PayeshJalali.weekday(n)); return r; }",
            new[] { from, to });
        Assert.Equal(to - from + 1, js.Length);
        for (int n = from; n <= to; n++)
        {
            var day = new JalaliDate(n);
            Assert.Equal($"{day.ToPersianString()}|{n}|{day.DayOfWeek}", js[n - from]);
        }
        // Known days: Nowruz 1404 was 2025-03-21; 1403 is a leap year, 1404 is not.
        Assert.Equal(new DateOnly(2025, 3, 21).DayNumber, await page.EvaluateAsync<int>("PayeshJalali.parse('۱۴۰۴/۰۱/۰۱')"));
        Assert.True(await page.EvaluateAsync<bool>("PayeshJalali.isLeap(1403) && !PayeshJalali.isLeap(1404)"));
        Assert.True(await page.EvaluateAsync<bool>("PayeshJalali.parse('1404/12/30') === null && PayeshJalali.parse('1404/7/31') === null"));
    }
}
