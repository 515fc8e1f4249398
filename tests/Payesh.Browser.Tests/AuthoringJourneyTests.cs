using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Payesh.Domain.Plans;
using Payesh.Web.Features.Plans.Edit;
using Payesh.Web.Tests.Infrastructure;

namespace Payesh.Browser.Tests;

/// <summary>The secretariat builds a plan by hand, imports another from Excel, approves it, re-baselines one action
/// with a reason, and reads the quality check and the baseline comparison — as people click it.</summary>
[Collection("browser")]
public sealed class AuthoringJourneyTests(BrowserFixture browser)
{
    private static readonly Regex LatinDigit = new("[0-9]");

    /// <summary>A workbook in Payesh's format (what the secretariat's colleagues fill in Excel).</summary>
    private static byte[] Workbook(string title, bool broken = false)
    {
        NodeDocument Act(string code, string name, string agency, string start, string end, string? collaborator = null) => new()
        {
            Code = code,
            Title = name,
            Agency = agency,
            Start = start,
            End = end,
            Deliverable = "گزارش پایانی",
            Collaborators = collaborator is null ? null : [collaborator],
        };
        var doc = new PlanDocument
        {
            Title = title,
            Year = 1405,
            Start = "1405/01/01",
            End = "1405/12/29",
            Nodes =
            [
                new NodeDocument
                {
                    Code = "10", Title = "توسعه صادرات", Weight = 2,
                    Requirements = [new RequirementDocument { Text = "تشکیل کارگروه صادرات", Owner = "SMT", Deadline = "1405/02/15" }],
                    Children = [Act("10.1", "برگزاری نمایشگاه صادراتی", "SMT", "1405/02/01", "1405/08/30", "TAX"), Act("10.2", "بازپرداخت مالیات صادرکنندگان", "TAX", "1405/01/15", "1405/11/30", "SMT")],
                },
                new NodeDocument
                {
                    Code = "20", Title = "تأمین مالی",
                    Children = [Act("20.1", "معرفی واحدها به بانک‌ها", "SMT", "1405/01/10", "1405/10/10", "BMI")],
                },
            ],
        };
        var (plan, errors) = PlanDocumentReader.Read(doc, new HashSet<string> { "SMT", "TAX", "BMI" });
        Assert.Empty(errors);
        var agencies = new[] { new PlanExcel.KnownAgency("SMT", "سازمان صنعت، معدن و تجارت استان قم", AgencyKind.Government) };
        var bytes = PlanExcel.Write(plan!, agencies);
        if (!broken) return bytes;
        // The same file with an impossible date: the import says where.
        return Payesh.Web.Tests.Authoring.Workbooks.Edit(bytes, PlanExcel.NodesSheet, p => Payesh.Web.Tests.Authoring.Workbooks.Set(p, "I3", "1405/13/05"));
    }

    [SkippableFact]
    public async Task Secretariat_builds_imports_approves_rebaselines_and_checks_quality()
    {
        browser.RequireBrowser();
        var page = await browser.NewPageAsync(1366, 900);
        await BrowserFixture.LogInAsync(page, "secretariat", PayeshFactory.DemoPassword);

        // 1. A plan by hand: new plan, an axis, an action under it.
        await page.ClickAsync("#nav-authoring");
        await page.WaitForURLAsync(new Regex("/Plans/New$"));
        await page.FillAsync("#title", "برنامه دستی مرورگر");
        await Task.WhenAll(page.WaitForURLAsync(new Regex("/Plans/\\d+/Edit$")), page.ClickAsync("button:has-text('ساخت برنامه')"));
        await page.ClickAsync("#add-top");
        await page.CheckAsync("#kind-group");
        await page.FillAsync("#code", "01");
        await page.FillAsync("#node-title", "محور نوسازی صنایع");
        await page.FillAsync("input[name='Node.Requirements[0].Text']", "ابلاغ شیوه‌نامه نوسازی");
        await page.SelectOptionAsync("select[name='Node.Requirements[0].Owner']", "SMT");
        await Task.WhenAll(page.WaitForURLAsync(new Regex("/Plans/\\d+/Edit(#n\\d+)?$")), page.ClickAsync("#save"));
        await page.ClickAsync("tr.is-group a:has-text('+ برنامه')");
        await page.CheckAsync("#kind-action");
        await Assertions.Expect(page.Locator("#agency")).ToBeVisibleAsync();
        await page.FillAsync("#code", "01.01");
        await page.FillAsync("#node-title", "نوسازی خط تولید ۲۰ واحد");
        await page.FillAsync("#weight", "۲");
        await page.SelectOptionAsync("#agency", "SMT");
        await page.CheckAsync("#collab-TAX");
        // Tab leaves a date field with what was typed (Escape would cancel the typing).
        await page.FillAsync("#start", "۱۴۰۵/۰۲/۰۱");
        await page.Keyboard.PressAsync("Tab");
        await page.FillAsync("#end", "۱۴۰۵/۱۰/۳۰");
        await page.Keyboard.PressAsync("Tab");
        await page.FillAsync("#deliverable", "گزارش نوسازی با فهرست واحدها");
        await page.ClickAsync("h1"); // closes the date picker
        await BrowserFixture.ScreenshotAsync(page, "authoring-node-form", fullPage: true);
        await Task.WhenAll(page.WaitForURLAsync(new Regex("/Plans/\\d+/Edit(#n\\d+)?$")), page.ClickAsync("#save"));
        var outline = page.Locator("#outline");
        await Assertions.Expect(outline).ToContainTextAsync("نوسازی خط تولید ۲۰ واحد");
        await Assertions.Expect(outline).ToContainTextAsync("۱۴۰۵/۰۲/۰۱ تا ۱۴۰۵/۱۰/۳۰");
        // Dates and weights with Persian digits only.
        Assert.DoesNotMatch(LatinDigit, string.Concat(await outline.Locator("td.num").AllInnerTextsAsync()));
        await BrowserFixture.ScreenshotAsync(page, "authoring-outline");

        // 2. Another plan from Excel: first a file with a mistake, shown at its row and column; then the good one.
        await page.GotoAsync("/Plans/Import");
        await page.SetInputFilesAsync("#file", new FilePayload { Name = "plan-broken.xlsx", MimeType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", Buffer = Workbook("برنامه صادرات اکسل", broken: true) });
        await Task.WhenAll(page.WaitForURLAsync(new Regex("/Plans/Import/\\d+$")), page.ClickAsync("#upload"));
        await Assertions.Expect(page.Locator("#import-status[data-state=failed]")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#import-errors")).ToContainTextAsync("ماه ۱۳ نامعتبر است");
        await Assertions.Expect(page.Locator("#import-errors")).ToContainTextAsync("پایان");
        await BrowserFixture.ScreenshotAsync(page, "authoring-import-errors");
        await page.SetInputFilesAsync("#file", new FilePayload { Name = "plan.xlsx", MimeType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", Buffer = Workbook("برنامه صادرات اکسل") });
        await Task.WhenAll(page.WaitForURLAsync(new Regex("/Plans/Import/\\d+$")), page.ClickAsync("#upload"));
        await Assertions.Expect(page.Locator("#imported-plan")).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(page, "authoring-import-done");
        await Task.WhenAll(page.WaitForURLAsync(new Regex("/Plans/\\d+/Edit$")), page.ClickAsync("#imported-plan"));

        // 3. Its quality, then approval and communication.
        await page.ClickAsync("#quality-link");
        await Assertions.Expect(page.Locator("#score")).ToContainTextAsync("بی مورد بازدارنده");
        await BrowserFixture.ScreenshotAsync(page, "authoring-quality", fullPage: true);
        await page.GoBackAsync();
        await page.ClickAsync("#approve-link");
        await page.FillAsync("#decision", "مصوبه ۱۴ ستاد تسهیل");
        await BrowserFixture.ScreenshotAsync(page, "authoring-approve");
        await Task.WhenAll(page.WaitForURLAsync(new Regex("/Plans/\\d+/Edit$")), page.ClickAsync("#approve"));
        await Assertions.Expect(page.Locator("#plan-state")).ToHaveTextAsync("ابلاغ‌شده");

        // 4. One action re-baselined with a reason, effective from a stated day.
        await page.ClickAsync("#outline a:has-text('برگزاری نمایشگاه صادراتی')");
        await page.FillAsync("#end", "۱۴۰۵/۱۰/۳۰");
        await page.Keyboard.PressAsync("Tab");
        await page.FillAsync("#save-reason", "تعویق نمایشگاه به دلیل هم‌زمانی با نمایشگاه ملی");
        await page.FillAsync("#save-decision", "صورتجلسه ۱۶ ستاد");
        await page.FillAsync("#save-effective", "۱۴۰۵/۰۶/۰۱");
        await page.Keyboard.PressAsync("Tab");
        await page.ClickAsync("h1");
        await BrowserFixture.ScreenshotAsync(page, "authoring-rebaseline", fullPage: true);
        await Task.WhenAll(page.WaitForURLAsync(new Regex("/Plans/\\d+/Edit(#n\\d+)?$")), page.ClickAsync("#save"));
        await Assertions.Expect(page.Locator(".alert-success")).ToContainTextAsync("خط مبنای ۲ (از ۱۴۰۵/۰۶/۰۱) ثبت شد");

        // 5. The baselines compared: who, why, what changed.
        await page.ClickAsync("a:has-text('خط‌های مبنا')");
        await Assertions.Expect(page.Locator("#baselines")).ToContainTextAsync("تعویق نمایشگاه");
        await Assertions.Expect(page.Locator("#compare")).ToContainTextAsync("زمان‌بندی");
        await Assertions.Expect(page.Locator("#compare")).ToContainTextAsync("۱۴۰۵/۰۲/۰۱ تا ۱۴۰۵/۱۰/۳۰");
        await page.WaitForSelectorAsync("#baseline-chart svg");
        await BrowserFixture.ScreenshotAsync(page, "authoring-baselines", fullPage: true);

        // 6. On a phone: nothing scrolls sideways.
        var phone = await browser.NewPageAsync(390, 844);
        await BrowserFixture.LogInAsync(phone, "secretariat", PayeshFactory.DemoPassword);
        foreach (var url in new[] { page.Url, "/Plans/New", "/Plans/Import" })
        {
            await phone.GotoAsync(url);
            var overflow = await phone.EvaluateAsync<bool>("document.documentElement.scrollWidth > window.innerWidth + 1");
            Assert.False(overflow, $"{url} scrolls sideways on a phone");
        }
        await phone.GotoAsync(page.Url.Replace("/Baselines", "/Edit"));
        await BrowserFixture.ScreenshotAsync(phone, "authoring-phone");
    }
}
