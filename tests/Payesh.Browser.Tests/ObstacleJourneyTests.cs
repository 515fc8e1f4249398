using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Payesh.Web.Tests.Infrastructure;

namespace Payesh.Browser.Tests;

/// <summary>
/// An obstacle from registration to an HQ resolution carried out: the agency registers it, the secretariat
/// assigns it to a bank with a deadline and escalates it, the next meeting's proposed agenda carries it, the
/// meeting records a resolution, the bank reports it done with its proof, the secretariat confirms it, and only then
/// do the figures per organization count it carried out.
/// </summary>
[Collection("browser")]
public sealed class ObstacleJourneyTests(BrowserFixture browser)
{
    private static readonly Regex LatinDigit = new("[0-9]");

    private static int Persian(string text) =>
        int.Parse(Payesh.Domain.Text.PersianText.ToLatinDigits(text.Trim()), System.Globalization.CultureInfo.InvariantCulture);

    private static async Task<(int Assigned, int CarriedOut)> BankFiguresAsync(IPage page)
    {
        await page.GotoAsync("/Obstacles/Figures");
        var row = page.Locator("tr[data-agency=BMI]");
        return (Persian(await row.Locator("td").Nth(1).InnerTextAsync()), Persian(await row.Locator("td.carried").InnerTextAsync()));
    }

    [SkippableFact]
    public async Task An_obstacle_goes_from_an_agency_to_an_HQ_resolution_the_bank_carries_out()
    {
        browser.RequireBrowser();
        const string title = "توقف خط تولید کارخانه کاشی به‌دلیل معطلی تسهیلات ارزی";
        var staff = await browser.NewPageAsync(1366, 768);
        await BrowserFixture.LogInAsync(staff, "secretariat", PayeshFactory.DemoPassword);
        var before = await BankFiguresAsync(staff);

        // 1. The agency registers the obstacle.
        var agency = await browser.NewPageAsync(1366, 768);
        await BrowserFixture.LogInAsync(agency, "smt.reporter", PayeshFactory.DemoPassword);
        await agency.GotoAsync("/Obstacles");
        await agency.ClickAsync("a:has-text('ثبت مانع تازه')");
        await agency.FillAsync("#title", title);
        await agency.FillAsync("#description", "گشایش اعتبار اسنادی خرید لعاب وارداتی سه ماه است معطل مانده و دو خط تولید خاموش است.");
        await agency.SelectOptionAsync("#category", "bank-financing");
        await agency.SelectOptionAsync("#severity", "critical");
        await agency.FillAsync("input[name='Input.Units[0].Name']", "شرکت کاشی الوند قم");
        await agency.FillAsync("input[name='Input.Units[0].Location']", "شهرک صنعتی محمودآباد");
        await agency.FillAsync("input[name='Input.Units[0].Employees']", "۳۱۰");
        await agency.FillAsync("#amountBlocked", "۴۵۰٬۰۰۰٬۰۰۰٬۰۰۰");
        await agency.FillAsync("#nodes", "۰۱.۰۱.۰۲");
        await BrowserFixture.ScreenshotAsync(agency, "obstacle-register-form", fullPage: true);
        await Task.WhenAll(agency.WaitForURLAsync(new Regex(@"/Obstacles/\d+")), agency.ClickAsync("button:has-text('ثبت مانع')"));
        await Assertions.Expect(agency.Locator("#obstacle-state")).ToHaveTextAsync("ثبت‌شده");
        var url = new Uri(agency.Url).AbsolutePath;
        long id = long.Parse(url.Split('/').Last(), System.Globalization.CultureInfo.InvariantCulture);

        // 2. The secretariat assigns it to the bank with a deadline, then escalates it to the HQ meeting.
        await staff.GotoAsync(url);
        await staff.ClickAsync("details.step-assign summary");
        await staff.SelectOptionAsync("#lead-Assign", "BMI");
        await staff.EvalOnSelectorAsync("#deadline-Assign", "e => e.value = '۱۴۰۵/۰۷/۲۰'");
        await staff.FillAsync("#note-Assign", "گشایش اعتبار در کمیته ارزی بانک بررسی شود.");
        await Task.WhenAll(staff.WaitForURLAsync(new Regex("done=assign")), staff.ClickAsync("details.step-assign button[type=submit]"));
        await Assertions.Expect(staff.Locator("#obstacle-state")).ToHaveTextAsync("ارجاع‌شده به دستگاه");
        await Assertions.Expect(staff.Locator("#lead-agency")).ToContainTextAsync("بانک ملی");
        await staff.ClickAsync("details.step-escalate summary");
        await staff.SelectOptionAsync("#level", "hq-meeting");
        await staff.FillAsync("#note-Escalate", "نیازمند تصمیم ستاد درباره تأمین ارز.");
        await Task.WhenAll(staff.WaitForURLAsync(new Regex("done=escalate")), staff.ClickAsync("details.step-escalate button[type=submit]"));
        await Assertions.Expect(staff.Locator(".page-head")).ToContainTextAsync("ارجاع به جلسه ستاد");
        Assert.DoesNotMatch(LatinDigit, await staff.Locator(".timeline").InnerTextAsync());
        await BrowserFixture.ScreenshotAsync(staff, "obstacle-assigned-escalated", fullPage: true);

        // 3. A new meeting: the proposed agenda carries the escalated obstacle.
        await staff.GotoAsync("/Meetings");
        await staff.ClickAsync("a:has-text('جلسه تازه')");
        await Task.WhenAll(staff.WaitForURLAsync(new Regex(@"/Meetings/\d+")), staff.ClickAsync("button:has-text('ساخت جلسه')"));
        var item = staff.Locator($"ol.agenda-list li[data-obstacle='{id}']");
        await Assertions.Expect(item).ToHaveCountAsync(1);
        await Assertions.Expect(item.Locator("textarea")).ToHaveValueAsync(new Regex(Regex.Escape(title)));
        await BrowserFixture.ScreenshotAsync(staff, "meeting-proposed-agenda");

        // 4. The meeting records a resolution for the bank, linked to the obstacle.
        await staff.ClickAsync("#resolutions summary");
        await staff.FillAsync("#r-text", "بانک ملی ظرف ده روز اعتبار اسنادی خرید لعاب شرکت کاشی الوند را گشایش کند.");
        await staff.SelectOptionAsync("#r-agency", "BMI");
        await staff.CheckAsync($"#ro-{id}");
        await Task.WhenAll(staff.WaitForURLAsync(new Regex("done=resolution")), staff.ClickAsync("button:has-text('ثبت و ابلاغ مصوبه')"));
        var resolutionLink = staff.Locator("#resolutions a[href^='/Resolutions/']").First;
        await Assertions.Expect(resolutionLink).ToBeVisibleAsync();
        var resolutionUrl = await resolutionLink.GetAttributeAsync("href");
        await staff.GotoAsync(new Uri(staff.Url).AbsolutePath + "/Minutes");
        await Assertions.Expect(staff.Locator(".minutes-sheet table")).ToContainTextAsync("اعتبار اسنادی خرید لعاب");
        await BrowserFixture.ScreenshotAsync(staff, "meeting-minutes-a4", fullPage: true);

        // 5. The bank sees it, reports it carried out.
        var bank = await browser.NewPageAsync(1366, 768);
        await BrowserFixture.LogInAsync(bank, "bmi.reporter", PayeshFactory.DemoPassword);
        await bank.GotoAsync("/Obstacles?Filter.Mine=true&Filter.State=open");
        await Assertions.Expect(bank.Locator("table.ob-table")).ToContainTextAsync(title);
        await bank.GotoAsync(resolutionUrl!);
        await Assertions.Expect(bank.Locator("#resolution-state")).ToHaveTextAsync("در مهلت اعتراض");
        await bank.ClickAsync("details.step-done summary");
        await bank.FillAsync("#note-Done", "اعتبار اسنادی گشایش شد و لعاب ترخیص شد.");
        await bank.SetInputFilesAsync("#file-Done", new FilePayload
        {
            Name = "گشایش اعتبار.pdf",
            MimeType = "application/pdf",
            Buffer = System.Text.Encoding.ASCII.GetBytes("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"),
        });
        await Task.WhenAll(bank.WaitForURLAsync(new Regex("done=done")), bank.ClickAsync("details.step-done button[type=submit]"));
        await Assertions.Expect(bank.Locator("#resolution-state")).ToHaveTextAsync("انجام‌شده — در انتظار تأیید دبیرخانه");
        await Assertions.Expect(bank.Locator("ol.timeline .attachment")).ToContainTextAsync("گشایش اعتبار.pdf");
        // Claimed, not yet carried out: the figures wait for the secretariat.
        Assert.Equal(before.CarriedOut, (await BankFiguresAsync(staff)).CarriedOut);

        // 6. The secretariat opens the proof and confirms.
        await staff.GotoAsync(resolutionUrl!);
        await Assertions.Expect(staff.Locator("#awaiting-confirmation")).ToBeVisibleAsync();
        await ReviewQueueJourneyTests.ShotAsync(staff, "resolution-awaiting-confirmation-desktop");
        var phoneStaff = await browser.NewPageAsync(390, 844);
        await BrowserFixture.LogInAsync(phoneStaff, "secretariat", PayeshFactory.DemoPassword);
        await phoneStaff.GotoAsync(resolutionUrl!);
        Assert.True(await phoneStaff.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth + 1"), "the resolution overflows a 390 px screen");
        await phoneStaff.Locator("details.step-confirm-done").ScrollIntoViewIfNeededAsync();
        await ReviewQueueJourneyTests.ShotAsync(phoneStaff, "resolution-awaiting-confirmation-phone");
        var proof = staff.Locator("ol.timeline .attachment a").First;
        Assert.Equal(200, (await staff.APIRequest.GetAsync((await proof.GetAttributeAsync("href"))!)).Status);
        await staff.FillAsync("#note-ConfirmDone", "گشایش اعتبار با بانک مرکزی تطبیق داده شد.");
        await Task.WhenAll(staff.WaitForURLAsync(new Regex("done=confirm-done")), staff.ClickAsync("details.step-confirm-done button[type=submit]"));
        await Assertions.Expect(staff.Locator("#resolution-state")).ToHaveTextAsync("انجام‌شده");
        await BrowserFixture.ScreenshotAsync(staff, "resolution-carried-out");

        // 7. The figures per organization moved: one more obstacle for the bank, one more resolution carried out.
        var after = await BankFiguresAsync(staff);
        Assert.Equal(before.Assigned + 1, after.Assigned);
        Assert.Equal(before.CarriedOut + 1, after.CarriedOut);
        Assert.DoesNotMatch(LatinDigit, await staff.Locator("table.figures-table tbody").InnerTextAsync());
        await BrowserFixture.ScreenshotAsync(staff, "obstacle-figures");

        // The register on a phone: no sideways overflow of the page.
        var phone = await browser.NewPageAsync(390, 844);
        await BrowserFixture.LogInAsync(phone, "secretariat", PayeshFactory.DemoPassword);
        await phone.GotoAsync("/Obstacles");
        Assert.True(await phone.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth + 1"), "the register overflows a 390 px screen");
        await BrowserFixture.ScreenshotAsync(phone, "obstacles-phone");
    }
}
