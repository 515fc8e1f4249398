using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Payesh.Web.Tests.Infrastructure;

namespace Payesh.Browser.Tests;

[Collection("browser")]
public sealed class ReportingJourneyTests(BrowserFixture browser)
{
    [SkippableFact]
    public async Task Reporter_fills_the_day_with_the_keyboard_and_sees_the_secretariats_rejection()
    {
        browser.RequireBrowser();
        var page = await browser.NewPageAsync(1366, 768);
        await BrowserFixture.LogInAsync(page, "tax.reporter", PayeshFactory.DemoPassword);
        await page.GotoAsync("/Reports/Today");
        var rows = page.Locator("tr.today-row");
        Assert.True(await rows.CountAsync() >= 3, "the reporter has at least three active actions");

        // Keyboard only: type a value, Enter saves the row and the next row's percent gets the focus.
        await rows.Nth(0).Locator("input.percent").FocusAsync();
        for (int i = 0; i < 3; i++)
        {
            var last = double.Parse(await rows.Nth(i).Locator("input.percent").GetAttributeAsync("data-last") ?? "0",
                System.Globalization.CultureInfo.InvariantCulture);
            var value = Math.Min(100, Math.Floor(last) + 1);
            await page.Keyboard.TypeAsync(Payesh.Domain.Text.PersianText.ToPersianDigits(value.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            await page.Keyboard.PressAsync("Tab");
            await page.Keyboard.TypeAsync("پیگیری انجام شد");
            await page.Keyboard.PressAsync("Enter");
            await Assertions.Expect(rows.Nth(i)).ToHaveClassAsync(new Regex("row-saved"));
            await Assertions.Expect(rows.Nth(i + 1).Locator("input.percent")).ToBeFocusedAsync();
        }

        // A bad value: the message is in the row, in Persian, and what was typed stays.
        await page.Keyboard.TypeAsync("۱۵۰");
        await page.Keyboard.PressAsync("Enter");
        var bad = rows.Nth(3);
        await Assertions.Expect(bad).ToHaveClassAsync(new Regex("row-error"));
        await Assertions.Expect(bad.Locator(".row-message")).ToContainTextAsync("بین ۰ و ۱۰۰");
        await Assertions.Expect(bad.Locator("input.percent")).ToHaveValueAsync("۱۵۰");
        await BrowserFixture.ScreenshotAsync(page, "today-keyboard-entry");

        // The secretariat rejects one of today's reports with a reason.
        var staff = await browser.NewPageAsync(1366, 768);
        await BrowserFixture.LogInAsync(staff, "secretariat", PayeshFactory.DemoPassword);
        await staff.GotoAsync("/Reports/Review?agency=TAX");
        var first = staff.Locator("table.review-table tbody tr").First;
        await first.Locator("input[name=reason]").FillAsync("عدد اعلام‌شده با مستندات پیوست نمی‌خواند");
        await first.Locator("button:has-text('رد')").ClickAsync();
        await Assertions.Expect(staff.Locator("table.review-table tbody tr.table-success").First).ToContainTextAsync("رد شد");
        await BrowserFixture.ScreenshotAsync(staff, "review-queue");

        // The agency sees why.
        await page.GotoAsync("/Reports/Today");
        await Assertions.Expect(page.Locator("ul.rejections")).ToContainTextAsync("عدد اعلام‌شده با مستندات پیوست نمی‌خواند");
        await BrowserFixture.ScreenshotAsync(page, "today-rejection-seen");
    }
}
