using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Payesh.Web.Tests.Infrastructure;

namespace Payesh.Browser.Tests;

/// <summary>Issue 11 item 9: the node form proposes the next free code under the parent, reads a code typed in
/// Persian digits as the same code, and names agencies (not their Latin codes).</summary>
[Collection("browser")]
public sealed class NodeCodeJourneyTests(BrowserFixture browser)
{
    /// <summary>A draft plan: axis 01 with actions 01.01 and 01.02, axis 02 with action 02.01.</summary>
    private async Task<(long Plan, long Axis)> NumberedPlanAsync()
    {
        var document = TestPlans.Small("برنامه کدهای پیشنهادی");
        document["nodes"] = new JsonArray
        {
            new JsonObject
            {
                ["code"] = "01", ["title"] = "محور یکم",
                ["children"] = new JsonArray
                {
                    TestPlans.Action("01.01", "اقدام یکم", "SMT", "1405/01/01", "1405/12/29"),
                    TestPlans.Action("01.02", "اقدام دوم", "SMT", "1405/01/01", "1405/12/29"),
                },
            },
            new JsonObject
            {
                ["code"] = "02", ["title"] = "محور دوم",
                ["children"] = new JsonArray { TestPlans.Action("02.01", "اقدام مالیاتی", "TAX", "1405/01/01", "1405/12/29") },
            },
        };
        long plan = await (await browser.App.ApiClientAsync("admin")).CreatePlanAsync(document);
        long axis = await browser.App.InDbAsync(db => db.PlanNodes.Where(n => n.PlanId == plan && n.Code == "01").Select(n => n.Id).SingleAsync());
        return (plan, axis);
    }

    [SkippableFact]
    public async Task The_next_free_code_is_proposed_Persian_digits_give_the_same_code_and_agencies_are_named()
    {
        browser.RequireBrowser();
        var (plan, axis) = await NumberedPlanAsync();
        var page = await browser.NewPageAsync(1366, 768);
        await BrowserFixture.LogInAsync(page, "secretariat", PayeshFactory.DemoPassword);

        // Under axis 01 the form proposes 01.03; at the top level, 03.
        await page.GotoAsync($"/Plans/{plan}/Edit");
        await page.ClickAsync($"#n{axis} a[href$='parent={axis}']");
        await Assertions.Expect(page.Locator("#code")).ToHaveValueAsync("01.03");
        await page.CheckAsync("#kind-action");
        // Agencies by name: no option reads as a bare Latin code.
        var options = await page.Locator("#agency option:not([value=''])").AllInnerTextsAsync();
        Assert.Contains("سازمان صنعت، معدن و تجارت استان قم", options);
        Assert.DoesNotContain(options, o => Regex.IsMatch(o.Trim(), "^[A-Z0-9]+$"));
        await BrowserFixture.ScreenshotAsync(page, "node-code-proposed-1366");

        // A code typed in Persian digits that another node already has (۰۱.۰۱ = 01.01) is refused in Persian.
        await page.FillAsync("#code", "۰۱.۰۱");
        await page.FillAsync("#node-title", "اقدام با کد تکراری");
        await page.SelectOptionAsync("#agency", "SMT");
        await page.FillAsync("#start", "۱۴۰۵/۰۲/۰۱");
        await page.Keyboard.PressAsync("Tab");
        await page.FillAsync("#end", "۱۴۰۵/۱۰/۳۰");
        await page.Keyboard.PressAsync("Tab");
        await page.ClickAsync("h1");
        await page.ClickAsync("#save");
        await Assertions.Expect(page.Locator("#code + .invalid-feedback")).ToContainTextAsync("تکراری");

        // The same form with ۰۱.۰۴ in Persian digits: stored as 01.04, shown as ۰۱.۰۴; the next proposal is 01.05.
        await page.FillAsync("#code", "۰۱.۰۴");
        await Task.WhenAll(page.WaitForURLAsync(new Regex("/Plans/\\d+/Edit(#n\\d+)?$")), page.ClickAsync("#save"));
        Assert.Equal(1, await browser.App.InDbAsync(db => db.PlanNodes.CountAsync(n => n.PlanId == plan && n.Code == "01.04")));
        await Assertions.Expect(page.Locator("#outline")).ToContainTextAsync("۰۱.۰۴");
        await page.ClickAsync($"#n{axis} a[href$='parent={axis}']");
        await Assertions.Expect(page.Locator("#code")).ToHaveValueAsync("01.05");

        // On a phone: the same proposal at the top level, and the form fits the screen.
        var phone = await browser.NewPageAsync(390, 844);
        await BrowserFixture.LogInAsync(phone, "secretariat", PayeshFactory.DemoPassword);
        await phone.GotoAsync($"/Plans/{plan}/Edit/Node");
        await Assertions.Expect(phone.Locator("#code")).ToHaveValueAsync("03");
        Assert.False(await phone.EvaluateAsync<bool>("document.documentElement.scrollWidth > window.innerWidth + 1"), "the node form scrolls sideways at 390 px");
        await BrowserFixture.ScreenshotAsync(phone, "node-code-proposed-390");
    }
}
