using System.Globalization;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Payesh.Domain.Calendar;
using Payesh.Web.Data.Model;
using Payesh.Web.Tests.Infrastructure;

namespace Payesh.Browser.Tests;

/// <summary>The review queue for thousands (issue 11, item 3) as the secretariat uses it: pages, keyboard, verify by filter.</summary>
[Collection("browser")]
public sealed class ReviewQueueJourneyTests(BrowserFixture browser)
{
    /// <summary>Screenshots go where every browser test writes them (<see cref="BrowserFixture.ScreenshotFolder"/>).</summary>
    public static Task ShotAsync(IPage page, string name) => BrowserFixture.ScreenshotAsync(page, name);

    /// <summary>A plan of 20 SMT and 10 TAX actions with 5,000 waiting reports: 170 days of SMT, 160 days of TAX.</summary>
    private async Task<long> QueueOf5000Async()
    {
        // A plan of last year (reports from 1404/07/01, within a year of today), so it is not the queue's default plan
        // that other journeys of this fixture use.
        var document = TestPlans.Small("برنامه صف پنج‌هزارتایی", backdateDays: 365, start: "1404/01/01", end: "1404/12/29");
        var nodes = document["nodes"]!.AsArray();
        for (int i = 3; i <= 20; i++)
            nodes[0]!["children"]!.AsArray().Add(TestPlans.Action($"S{i}", $"اقدام {i} صنعت", "SMT", "1404/01/01", "1404/12/29"));
        for (int i = 2; i <= 10; i++)
            nodes[1]!["children"]!.AsArray().Add(TestPlans.Action($"T{i}", $"اقدام {i} مالیاتی", "TAX", "1404/01/01", "1404/12/29"));
        long plan = await (await browser.App.ApiClientAsync("admin")).CreatePlanAsync(document);
        await browser.App.InDbAsync(db => db.Plans.Where(p => p.Id == plan).ExecuteUpdateAsync(s => s.SetProperty(p => p.State, PlanState.Approved)));
        var first = new JalaliDate(1404, 7, 1);
        async Task PostAsync(string user, string prefix, int actions, int days)
        {
            var reports = Enumerable.Range(1, actions).SelectMany(a => Enumerable.Range(0, days).Select(d => new
            {
                action = $"{prefix}{a}",
                date = first.AddDays(d).ToString(),
                percent = Math.Round((d + 1) * 0.3, 2),
            })).ToList();
            var client = await browser.App.ApiClientAsync(user);
            (await client.PostAsJsonAsync($"/api/v1/plans/{plan}/reports/batch", new { reports })).EnsureSuccessStatusCode();
        }
        await PostAsync("smt.reporter", "S", 20, 170);
        await PostAsync("tax.reporter", "T", 10, 160);
        Assert.Equal(5000, await browser.App.InDbAsync(db => db.ProgressReports.CountAsync(r => r.PlanId == plan && r.Status == ReportStatus.Submitted)));
        return plan;
    }

    private static async Task<List<long>> RowIdsAsync(IPage page) =>
        [.. (await page.Locator("table.review-table tr[data-report-id]").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.reportId)")).Select(long.Parse)];

    [SkippableFact]
    public async Task Secretariat_pages_through_5000_reports_decides_by_keyboard_and_verifies_by_filter()
    {
        browser.RequireBrowser();
        long plan = await QueueOf5000Async();
        var page = await browser.NewPageAsync(1366, 768);
        await BrowserFixture.LogInAsync(page, "secretariat", PayeshFactory.DemoPassword);
        await page.GotoAsync($"/Reports/Review?plan={plan}");
        await Assertions.Expect(page.Locator("#queue-total")).ToContainTextAsync("۵٬۰۰۰ گزارش در انتظار بررسی");
        await ShotAsync(page, "review-queue-desktop");

        // Paging: 50 rows a page, in arrival order, no row twice.
        var seen = new List<long>();
        for (int p = 0; p < 4; p++)
        {
            var ids = await RowIdsAsync(page);
            Assert.Equal(50, ids.Count);
            Assert.Equal(ids.OrderBy(i => i).ToList(), ids);
            Assert.True(seen.Count == 0 || ids[0] > seen[^1], "a page starts after the last row of the page before");
            seen.AddRange(ids);
            var after = $"after={ids[^1]}";
            await Task.WhenAll(page.WaitForURLAsync(u => u.Contains(after, StringComparison.Ordinal)), page.Locator("a[rel=next]").ClickAsync());
            await Assertions.Expect(page.Locator("table.review-table tr[data-report-id]").First).Not.ToHaveAttributeAsync("data-report-id", ids[0].ToString(CultureInfo.InvariantCulture));
        }
        Assert.Equal(seen.Count, seen.Distinct().Count());

        // Keyboard: J/K move between rows, V verifies, R writes a reason, Enter rejects; a blank reason keeps the row.
        var rows = page.Locator("table.review-table tr[data-report-id]");
        await page.Locator("h1").ClickAsync();
        await page.Keyboard.PressAsync("j");
        await page.Keyboard.PressAsync("j");
        await Assertions.Expect(rows.Nth(1)).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("k");
        await Assertions.Expect(rows.Nth(0)).ToBeFocusedAsync();
        var firstId = long.Parse((await rows.Nth(0).GetAttributeAsync("data-report-id"))!, CultureInfo.InvariantCulture);
        var secondId = long.Parse((await rows.Nth(1).GetAttributeAsync("data-report-id"))!, CultureInfo.InvariantCulture);
        await page.Keyboard.PressAsync("v");
        await Assertions.Expect(page.Locator($"#q{firstId}")).ToContainTextAsync("تأیید شد");
        await Assertions.Expect(page.Locator($"#q{secondId}")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("r");
        await Assertions.Expect(page.Locator($"#q{secondId} input.reason")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator($"#q{secondId} .row-error")).ToContainTextAsync("دلیل رد گزارش را بنویسید");
        await Assertions.Expect(page.Locator($"#q{secondId} input.reason")).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync("درصد با بازدید میدانی نمی‌خواند");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator($"#q{secondId}")).ToContainTextAsync("رد شد");
        Assert.Equal(ReportStatus.Verified, await StatusAsync(firstId));
        Assert.Equal(ReportStatus.Rejected, await StatusAsync(secondId));

        // Select all on the page, then verify by filter: TAX's reports from 1404/11/05 (10 actions × 36 days = 360).
        await page.Locator("input.select-page").CheckAsync();
        Assert.Equal(await page.Locator("input[name=ids]").CountAsync(), await page.Locator("input[name=ids]:checked").CountAsync());
        await page.GotoAsync($"/Reports/Review?plan={plan}");
        await page.SelectOptionAsync("#agency", "TAX");
        await page.FillAsync("#from", "۱۴۰۴/۱۱/۰۵");
        // Enter takes the typed date and closes the calendar (Escape would cancel the typing, as in any picker).
        await page.Keyboard.PressAsync("Enter");
        await Task.WhenAll(page.WaitForURLAsync(new Regex("agency=TAX")), page.Locator("button:has-text('صافی')").ClickAsync());
        await Assertions.Expect(page.Locator("#queue-total")).ToContainTextAsync("۳۶۰ گزارش در انتظار بررسی");
        await page.Locator("#confirm-matching").CheckAsync();
        await page.Locator("#verify-matching").ClickAsync(new LocatorClickOptions { Timeout = 120_000 });
        await Assertions.Expect(page.Locator("div.alert[role=status]")).ToContainTextAsync("۳۶۰ گزارش تأیید شد.", new LocatorAssertionsToContainTextOptions { Timeout = 120_000 });
        await Assertions.Expect(page.Locator("#queue-total")).ToContainTextAsync("۰ گزارش در انتظار بررسی");
        Assert.Equal(361, await browser.App.InDbAsync(db => db.ProgressReports.CountAsync(r => r.PlanId == plan && r.Status == ReportStatus.Verified)));
        Assert.Equal(5000 - 362, await browser.App.InDbAsync(db => db.ProgressReports.CountAsync(r => r.PlanId == plan && r.Status == ReportStatus.Submitted)));

        // The phone: cards, no sideways scrolling.
        var phone = await browser.NewPageAsync(390, 844);
        await BrowserFixture.LogInAsync(phone, "secretariat", PayeshFactory.DemoPassword);
        await phone.GotoAsync($"/Reports/Review?plan={plan}&evidence=false");
        await Assertions.Expect(phone.Locator("table.review-table tr[data-report-id]").First).ToBeVisibleAsync();
        Assert.True(await phone.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth + 1"), "no sideways scrolling at 390 px");
        await phone.Locator("table.review-table tr[data-report-id]").First.ScrollIntoViewIfNeededAsync();
        await phone.EvaluateAsync("window.scrollBy(0, -60)");
        await ShotAsync(phone, "review-queue-phone");
    }

    [SkippableFact]
    public async Task Agency_manager_confirms_one_report_and_returns_another_with_a_reason()
    {
        browser.RequireBrowser();
        var document = TestPlans.Small("برنامه با تأیید مدیر دستگاه", backdateDays: 365, start: "1404/01/01", end: "1404/12/29");
        document["settings"] = new System.Text.Json.Nodes.JsonObject { ["managerSignOff"] = true, ["backdateDays"] = 365 };
        long plan = await (await browser.App.ApiClientAsync("admin")).CreatePlanAsync(document);
        await browser.App.InDbAsync(db => db.Plans.Where(p => p.Id == plan).ExecuteUpdateAsync(s => s.SetProperty(p => p.State, PlanState.Approved)));
        var reporter = await browser.App.ApiClientAsync("smt.reporter");
        var reports = new List<long>();
        foreach (var (action, date, percent) in new[] { ("S1", "1404/12/20", 35.5), ("S2", "1404/12/20", 12), ("S1", "1404/12/21", 41) })
            reports.Add(await reporter.PostReportAsync(plan, new { action, date, percent, note = "بازدید کارگاه" }));

        var page = await browser.NewPageAsync(1366, 768);
        await BrowserFixture.LogInAsync(page, "smt.manager", PayeshFactory.DemoPassword);
        await page.GotoAsync($"/Reports/SignOff?plan={plan}");
        await Assertions.Expect(page.Locator("#signoff-total")).ToContainTextAsync("۳ گزارش در انتظار تأیید شما");
        await Assertions.Expect(page.Locator("#reporters-today")).ToBeVisibleAsync();
        await ShotAsync(page, "sign-off-queue-desktop");

        await page.Locator($"#s{reports[0]} button.confirm").ClickAsync();
        await Assertions.Expect(page.Locator($"#s{reports[0]}")).ToContainTextAsync("تأیید شد و به دبیرخانه رفت");
        await page.Locator($"#s{reports[1]} button:has-text('بازگرداندن')").ClickAsync();
        await Assertions.Expect(page.Locator($"#s{reports[1]} .row-error")).ToContainTextAsync("دلیل بازگرداندن را بنویسید");
        await page.Locator($"#s{reports[1]} input.reason").FillAsync("درصد با گزارش کارگاه نمی‌خواند");
        await page.Locator($"#s{reports[1]} button:has-text('بازگرداندن')").ClickAsync();
        await Assertions.Expect(page.Locator($"#s{reports[1]}")).ToContainTextAsync("به کارشناس بازگردانده شد");
        Assert.Equal(ReportStatus.Submitted, await StatusAsync(reports[0]));
        Assert.Equal(ReportStatus.Returned, await StatusAsync(reports[1]));
        Assert.Equal(ReportStatus.AwaitingManager, await StatusAsync(reports[2]));

        var phone = await browser.NewPageAsync(390, 844);
        await BrowserFixture.LogInAsync(phone, "smt.manager", PayeshFactory.DemoPassword);
        await phone.GotoAsync($"/Reports/SignOff?plan={plan}");
        Assert.True(await phone.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth + 1"), "no sideways scrolling at 390 px");
        await phone.Locator("#signoff-total").ScrollIntoViewIfNeededAsync();
        await ShotAsync(phone, "sign-off-queue-phone");
    }

    private Task<ReportStatus> StatusAsync(long id) =>
        browser.App.InDbAsync(db => db.ProgressReports.Where(r => r.Id == id).Select(r => r.Status).SingleAsync());
}
