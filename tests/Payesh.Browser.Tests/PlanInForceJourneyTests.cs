using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Payesh.Web.Data.Model;
using Payesh.Web.Tests.Infrastructure;

namespace Payesh.Browser.Tests;

/// <summary>Issue 11 item 2: approving next year's plan early leaves the daily pages on the plan running today
/// (today is 1405/06/31 in the test clock); every page names the plan it shows and offers the switch.</summary>
[Collection("browser")]
public sealed class PlanInForceJourneyTests(BrowserFixture browser)
{
    /// <summary>A draft plan for 1406 that passes the approval checks (every action has a deliverable and a collaborator).</summary>
    private async Task<long> NextYearDraftAsync()
    {
        var document = TestPlans.Small("برنامه سال آینده مرورگر", start: "1406/01/01", end: "1406/12/29");
        foreach (var axis in document["nodes"]!.AsArray())
            foreach (var action in axis!["children"]!.AsArray())
            {
                action!["deliverable"] = "گزارش پایانی";
                action["collaborators"] = new JsonArray((string?)action["agency"] == "SMT" ? "TAX" : "SMT");
            }
        return await (await browser.App.ApiClientAsync("admin")).CreatePlanAsync(document);
    }

    private Task<long> RunningPlanAsync() => browser.App.InDbAsync(db => db.Plans
        .Where(p => p.State == PlanState.Approved && p.Year == 1405 && p.StartDate <= new DateOnly(2026, 9, 22) && p.EndDate >= new DateOnly(2026, 9, 22))
        .OrderBy(p => p.Id).Select(p => p.Id).FirstAsync());

    private static async Task ExpectPlanAsync(IPage page, long plan, string where)
    {
        await Assertions.Expect(page.Locator("select#plan")).ToHaveValueAsync(plan.ToString(System.Globalization.CultureInfo.InvariantCulture),
            new LocatorAssertionsToHaveValueOptions { Timeout = 15_000 });
        Assert.False(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth > window.innerWidth + 1"), $"{where} scrolls sideways");
    }

    /// <summary>Picks <paramref name="plan"/> in the page's selector and sends its form.</summary>
    private static async Task ChooseAsync(IPage page, long plan)
    {
        await page.SelectOptionAsync("select#plan", plan.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Task.WhenAll(page.WaitForURLAsync(new Regex($"plan={plan}")), page.ClickAsync("form:has(select#plan) button[type=submit]"));
    }

    [SkippableFact]
    public async Task Approving_next_years_plan_leaves_the_queue_missing_reports_dashboard_and_accountability_on_the_running_plan()
    {
        browser.RequireBrowser();
        long running = await RunningPlanAsync();
        long next = await NextYearDraftAsync();
        var page = await browser.NewPageAsync(1366, 768);
        await BrowserFixture.LogInAsync(page, "secretariat", PayeshFactory.DemoPassword);

        // Next year's plan approved and communicated through the page, six months early.
        await page.GotoAsync($"/Plans/{next}/Edit");
        await page.ClickAsync("#approve-link");
        await page.FillAsync("#decision", "مصوبه ۲۰ ستاد: برنامه ۱۴۰۶");
        await Task.WhenAll(page.WaitForURLAsync(new Regex("/Plans/\\d+/Edit$")), page.ClickAsync("#approve"));
        await Assertions.Expect(page.Locator("#plan-state")).ToHaveTextAsync("ابلاغ‌شده");
        Assert.Equal(PlanState.Approved, await browser.App.InDbAsync(db => db.Plans.Where(p => p.Id == next).Select(p => p.State).SingleAsync()));

        // The review queue still waits on this year's reports, not «۰ گزارش».
        await page.GotoAsync("/Reports/Review");
        await ExpectPlanAsync(page, running, "/Reports/Review");
        await Assertions.Expect(page.Locator("#queue-total")).Not.ToHaveTextAsync(new Regex("^۰ گزارش"));
        await Assertions.Expect(page.Locator("select#plan option[value='" + next + "']")).ToContainTextAsync("۱۴۰۶/۰۱/۰۱ تا ۱۴۰۶/۱۲/۲۹");
        await BrowserFixture.ScreenshotAsync(page, "plan-in-force-review-1366");

        await page.GotoAsync("/Reports/Missing");
        await ExpectPlanAsync(page, running, "/Reports/Missing");
        await page.GotoAsync("/");
        await ExpectPlanAsync(page, running, "/");

        // The accountability period reads forwards: from the running plan's start to today.
        await page.GotoAsync("/Accountability");
        await ExpectPlanAsync(page, running, "/Accountability");
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("از ۱۴۰۵/۰۱/۰۱ تا پایان روز");
        await BrowserFixture.ScreenshotAsync(page, "plan-in-force-accountability-1366");

        // Chosen on purpose, next year's plan is shown (and remembered) — from its own first day, never backwards.
        await ChooseAsync(page, next);
        await ExpectPlanAsync(page, next, "/Accountability?plan=next");
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("از ۱۴۰۶/۰۱/۰۱ تا پایان روز");
        await page.GotoAsync("/");
        await ExpectPlanAsync(page, next, "/ after choosing");

        // On a phone, another user: the same default, named, and nothing scrolls sideways.
        var phone = await browser.NewPageAsync(390, 844);
        await BrowserFixture.LogInAsync(phone, "governor", PayeshFactory.DemoPassword);
        foreach (var url in new[] { "/", "/Accountability" })
        {
            await phone.GotoAsync(url);
            await ExpectPlanAsync(phone, running, url + " at 390 px");
        }
        await BrowserFixture.ScreenshotAsync(phone, "plan-in-force-accountability-390");
    }
}
