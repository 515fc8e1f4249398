using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Payesh.Web.Tests.Authoring;
using Payesh.Web.Tests.Infrastructure;

namespace Payesh.Browser.Tests;

/// <summary>Issue 11 § 8 as people click it: the secretariat edits a plan's Excel export and imports it back into
/// the same plan (preview, then apply); an agency downloads its day sheet, fills it and uploads it.</summary>
[Collection("browser")]
public sealed class ExcelRoundTripJourneyTests(BrowserFixture browser)
{
    private const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    private static async Task<byte[]> DownloadAsync(IPage page, string selector)
    {
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync(selector));
        var path = await download.PathAsync();
        return await File.ReadAllBytesAsync(path!);
    }

    [SkippableFact]
    public async Task Secretariat_imports_an_edited_export_back_into_the_same_plan()
    {
        browser.RequireBrowser();
        long plan = await (await browser.App.ApiClientAsync("admin")).CreatePlanAsync(TestPlans.Small("برنامه رفت و برگشت مرورگر")); // a draft
        var page = await browser.NewPageAsync(1366, 768);
        await BrowserFixture.LogInAsync(page, "secretariat", PayeshFactory.DemoPassword);
        await page.GotoAsync($"/Plans/{plan}/Edit");
        var export = await DownloadAsync(page, "a:has-text('خروجی اکسل')");
        // Rows 2–6: S, S1, S2, T, T1. Rename S1, add T2 under T.
        var edited = Workbooks.Edit(export, "بخش‌ها", p =>
        {
            Workbooks.Set(p, "C3", "اقدام یک ویرایش‌شده در اکسل");
            Workbooks.Set(p, "A7", "T2");
            Workbooks.Set(p, "B7", "T");
            Workbooks.Set(p, "C7", "اقدام تازه از اکسل");
            Workbooks.Set(p, "F7", "TAX");
            Workbooks.Set(p, "H7", "1405/03/01");
            Workbooks.Set(p, "I7", "1405/09/30");
        });

        await page.ClickAsync("#update-link");
        await page.WaitForURLAsync(new Regex($"/Plans/{plan}/Update$"));
        await page.SetInputFilesAsync("#file", new FilePayload { Name = "plan-edited.xlsx", MimeType = XlsxType, Buffer = edited });
        await page.ClickAsync("#preview-button");
        await Assertions.Expect(page.Locator("#diff-table tr[data-change='added'][data-code='T2']")).ToContainTextAsync("اقدام تازه از اکسل");
        await Assertions.Expect(page.Locator("#diff-table tr[data-change='changed'][data-code='S1']")).ToContainTextAsync("عنوان");
        await Assertions.Expect(page.Locator("#count-removed")).ToContainTextAsync("۰ حذف");
        await BrowserFixture.ScreenshotAsync(page, "plan-update-preview", fullPage: true);

        var phone = await browser.NewPageAsync(390, 844);
        await BrowserFixture.LogInAsync(phone, "secretariat", PayeshFactory.DemoPassword);
        await phone.GotoAsync($"/Plans/{plan}/Update");
        await phone.SetInputFilesAsync("#file", new FilePayload { Name = "plan-edited.xlsx", MimeType = XlsxType, Buffer = edited });
        await phone.ClickAsync("#preview-button");
        await phone.WaitForSelectorAsync("#diff-table");
        Assert.False(await phone.EvaluateAsync<bool>("document.documentElement.scrollWidth > window.innerWidth + 1"), "the update preview scrolls sideways on a phone");
        await BrowserFixture.ScreenshotAsync(phone, "plan-update-phone", fullPage: true);

        await Task.WhenAll(page.WaitForURLAsync(new Regex($"/Plans/{plan}/Edit$")), page.ClickAsync("#apply"));
        await Assertions.Expect(page.Locator("body")).ToContainTextAsync("برنامه از فایل به‌روز شد: ۱ بخش افزوده، ۱ بخش تغییر کرد، ۰ بخش حذف شد");
        await Assertions.Expect(page.Locator("body")).ToContainTextAsync("اقدام یک ویرایش‌شده در اکسل");
        await Assertions.Expect(page.Locator("body")).ToContainTextAsync("اقدام تازه از اکسل");
    }

    [SkippableFact]
    public async Task An_agency_downloads_its_day_sheet_fills_it_and_uploads_it()
    {
        browser.RequireBrowser();
        long plan = await browser.App.CreateApprovedPlanAsync(TestPlans.Small("برنامه برگه روزانه مرورگر"));
        var page = await browser.NewPageAsync(1366, 768);
        await BrowserFixture.LogInAsync(page, "smt.reporter", PayeshFactory.DemoPassword);
        await page.GotoAsync($"/Reports/Today?plan={plan}");
        await page.ClickAsync("#sheet-link");
        await page.WaitForURLAsync(new Regex("/Reports/Sheet"));
        var sheet = await DownloadAsync(page, "#download");

        // A bad row first: nothing stored, the row named.
        var bad = Workbooks.Edit(sheet, "گزارش روزانه", p => { Workbooks.Set(p, "E2", "۲۰"); Workbooks.Set(p, "E3", "۱۲۰"); });
        await page.SetInputFilesAsync("#file", new FilePayload { Name = "day.xlsx", MimeType = XlsxType, Buffer = bad });
        await page.ClickAsync("#sheet-send");
        await Assertions.Expect(page.Locator("#sheet-errors")).ToContainTextAsync("سطر ۳، ستون «درصد پیشرفت»");
        await BrowserFixture.ScreenshotAsync(page, "day-sheet-errors", fullPage: true);

        var good = Workbooks.Edit(sheet, "گزارش روزانه", p => { Workbooks.Set(p, "E2", "۲۰"); Workbooks.Set(p, "E3", "۱۲"); });
        await page.SetInputFilesAsync("#file", new FilePayload { Name = "day.xlsx", MimeType = XlsxType, Buffer = good });
        await page.ClickAsync("#sheet-send");
        await Assertions.Expect(page.Locator("#sheet-result")).ToContainTextAsync("۲ گزارش از برگه ثبت شد");
        await BrowserFixture.ScreenshotAsync(page, "day-sheet-desktop");

        var phone = await browser.NewPageAsync(390, 844);
        await BrowserFixture.LogInAsync(phone, "smt.reporter", PayeshFactory.DemoPassword);
        await phone.GotoAsync($"/Reports/Sheet?plan={plan}");
        Assert.False(await phone.EvaluateAsync<bool>("document.documentElement.scrollWidth > window.innerWidth + 1"), "the day sheet page scrolls sideways on a phone");
        await BrowserFixture.ScreenshotAsync(phone, "day-sheet-phone", fullPage: true);
    }
}
