using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Payesh.Domain.Calendar;
using Payesh.Domain.Text;
using Payesh.Web.Tests.Infrastructure;

namespace Payesh.Browser.Tests;

/// <summary>Issue 11 item 4, the parts around the Today page (TodayJourneyTests reports the missed day itself):
/// the back-date window set in the plan's settings page, and each gap of the missing-reports page linked to the form
/// that fills it — on a desktop and on a phone.</summary>
[Collection("browser")]
public sealed class MissedDayJourneyTests(BrowserFixture browser)
{
    private static readonly JalaliDate Today = TestClock.DefaultToday;

    private Task<long> RunningPlanAsync() => browser.App.InDbAsync(db => db.Plans
        .Where(p => p.State == Payesh.Web.Data.Model.PlanState.Approved && p.Year == 1405).OrderBy(p => p.Id).Select(p => p.Id).FirstAsync());

    [SkippableFact]
    public async Task The_window_is_set_in_the_plans_settings_and_a_gap_links_to_the_form_that_fills_it()
    {
        browser.RequireBrowser();
        long plan = await RunningPlanAsync();
        int window = await browser.App.InDbAsync(db => db.Plans.Where(p => p.Id == plan).Select(p => p.BackdateDays).SingleAsync());
        var page = await browser.NewPageAsync(1366, 768);
        await BrowserFixture.LogInAsync(page, "secretariat", PayeshFactory.DemoPassword);
        try
        {
            // The window in the plan's settings, typed in Persian digits.
            await page.GotoAsync($"/Plans/{plan}/Edit/Plan");
            await Assertions.Expect(page.Locator("#backdate")).ToHaveValueAsync(new Regex($"^({window}|{PersianText.ToPersianDigits(window)})$"));
            await page.FillAsync("#backdate", PersianText.ToPersianDigits(window + 2));
            await Task.WhenAll(page.WaitForURLAsync(new Regex($"/Plans/{plan}/Edit$")), page.ClickAsync("#plan-form button[type=submit]"));
            await Assertions.Expect(page.Locator("main")).ToContainTextAsync("ویژگی‌های برنامه ذخیره شد.");
            Assert.Equal(window + 2, await browser.App.InDbAsync(db => db.Plans.Where(p => p.Id == plan).Select(p => p.BackdateDays).SingleAsync()));
            // The agencies' Today page offers the wider window.
            var reporter = await browser.NewPageAsync(390, 844);
            await BrowserFixture.LogInAsync(reporter, "bmi.reporter", PayeshFactory.DemoPassword);
            await reporter.GotoAsync("/Reports/Today");
            await Assertions.Expect(reporter.Locator("#day")).ToHaveAttributeAsync("data-jdp-min", Today.AddDays(-(window + 2)).ToPersianString());

            // Yesterday's gaps: each action's «ثبت» opens that agency's Today page on that day, at that row.
            var day = Today.AddDays(-1);
            await page.GotoAsync($"/Reports/Missing?plan={plan}&day={day}");
            var fill = page.Locator("a.fill-link").First;
            await Assertions.Expect(fill).ToBeVisibleAsync();
            await BrowserFixture.ScreenshotAsync(page, "missing-fill-links-1366");
            await Task.WhenAll(page.WaitForURLAsync(new Regex("/Reports/Today\\?.*day=")), fill.ClickAsync());
            var rowId = new Uri(page.Url).Fragment.TrimStart('#');
            await Assertions.Expect(page.Locator(".page-head")).ToContainTextAsync(day.ToLongPersianString());
            var row = page.Locator($"#{rowId}");
            await Assertions.Expect(row).ToBeVisibleAsync();
            double last = double.Parse(await row.Locator("input.percent").GetAttributeAsync("data-last") ?? "0", CultureInfo.InvariantCulture);
            await row.Locator("input.percent").FillAsync(PersianText.ToPersianDigits(Math.Min(100, Math.Floor(last) + 1).ToString(CultureInfo.InvariantCulture)));
            var reason = row.Locator("input.backdate-reason");
            if (await reason.CountAsync() > 0) await reason.FillAsync("جبران گزارش نرسیده دیروز");
            await row.Locator("input.percent").PressAsync("Enter");
            await Assertions.Expect(page.Locator($"#{rowId}")).ToHaveClassAsync(new Regex("row-saved"));
            long node = long.Parse(rowId[1..], CultureInfo.InvariantCulture);
            Assert.Equal(day.ToDateOnly(), await browser.App.InDbAsync(db => db.ProgressReports.Where(r => r.NodeId == node)
                .OrderByDescending(r => r.Id).Select(r => r.ReportDate).FirstAsync()));

            // An agency manager on a phone: the same links for the agency's own gaps, and nothing scrolls sideways.
            var phone = await browser.NewPageAsync(390, 844);
            await BrowserFixture.LogInAsync(phone, "smt.manager", PayeshFactory.DemoPassword);
            await phone.GotoAsync($"/Reports/Missing?plan={plan}&day={day}");
            Assert.False(await phone.EvaluateAsync<bool>("document.documentElement.scrollWidth > window.innerWidth + 1"), "/Reports/Missing scrolls sideways at 390 px");
            var phoneFill = phone.Locator("a.fill-link").First;
            await BrowserFixture.ScreenshotAsync(phone, "missing-fill-links-390");
            await Task.WhenAll(phone.WaitForURLAsync(new Regex("/Reports/Today\\?.*day=")), phoneFill.ClickAsync());
            await Assertions.Expect(phone.Locator("#day")).ToHaveValueAsync(day.ToPersianString());
            Assert.False(await phone.EvaluateAsync<bool>("document.documentElement.scrollWidth > window.innerWidth + 1"), "/Reports/Today scrolls sideways at 390 px");
        }
        finally
        {
            // The window back as it was for the other journeys (a new structure version makes the engine reread the rules).
            await browser.App.InDbAsync(db => db.Plans.Where(p => p.Id == plan).ExecuteUpdateAsync(u => u
                .SetProperty(p => p.BackdateDays, window).SetProperty(p => p.StructureVersion, p => p.StructureVersion + 1)));
        }
    }
}
