using System.Net;
using DocumentFormat.OpenXml.Packaging;
using Microsoft.EntityFrameworkCore;
using Payesh.Web.Tests.Admin;
using Payesh.Web.Tests.Authoring;
using Payesh.Web.Tests.Infrastructure;
using static Payesh.Web.Tests.Infrastructure.TestPlans;

namespace Payesh.Web.Tests.Reporting;

/// <summary>Issue 11 § 8: an agency downloads a day sheet of its actions and uploads it filled — through the batch
/// writer, all or nothing, with the API's Persian messages at the sheet's row and column. Today is 1405/06/31.</summary>
public abstract class DaySheetUploads(Func<PayeshFactory> app)
{
    private PayeshFactory App => app();

    private static async Task<byte[]> DownloadAsync(HttpClient client, long plan, string? day = null)
    {
        var answer = await client.GetAsync($"/Reports/Sheet?handler=Download&plan={plan}" + (day is null ? "" : "&day=" + Uri.EscapeDataString(day)));
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", answer.Content.Headers.ContentType?.MediaType);
        return await answer.Content.ReadAsByteArrayAsync();
    }

    private static async Task<string> UploadAsync(HttpClient client, long plan, byte[] content, string type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    {
        var url = $"/Reports/Sheet?plan={plan}";
        var token = await PageForms.TokenAsync(client, url);
        var answer = await PageForms.PostMultipartAsync(client, url, token, [], "Upload", new Upload("day.xlsx", content, type));
        return await answer.HtmlAsync();
    }

    private static string Cell(byte[] xlsx, string reference)
    {
        using var doc = SpreadsheetDocument.Open(new MemoryStream(xlsx), false);
        var part = doc.WorkbookPart!.WorksheetParts.First();
        var cell = part.Worksheet.Descendants<DocumentFormat.OpenXml.Spreadsheet.Cell>().FirstOrDefault(c => c.CellReference == reference);
        return cell?.InnerText ?? "";
    }

    private Task<int> ReportsAsync(long plan) => App.InDbAsync(db => db.ProgressReports.CountAsync(r => r.PlanId == plan));

    [SkippableFact]
    public async Task An_agency_fills_its_day_sheet_and_every_filled_row_becomes_a_report()
    {
        var (plan, nodes) = await ReportingPlans.CreateAsync(App, Small("برنامه برگه روزانه"));
        var smt = await Browser.SignedInAsync(App, "smt.reporter");
        var sheet = await DownloadAsync(smt, plan);

        // The sheet: the agency's two actions (TAX's is not there), the day in Jalali with Persian digits.
        Assert.Equal("S۱", Cell(sheet, "A2")); // codes with Persian digits, read back as the same code
        Assert.Equal("۱۴۰۵/۰۶/۳۱", Cell(sheet, "C2"));
        Assert.Equal("S۲", Cell(sheet, "A3"));
        Assert.Equal("", Cell(sheet, "A4"));
        var filled = Workbooks.Edit(sheet, "گزارش روزانه", p =>
        {
            Workbooks.Set(p, "E2", "۲۵");
            Workbooks.SetNumber(p, "E3", 10.5);
            Workbooks.Set(p, "F3", "تحویل بخش نخست");
        });

        var page = await UploadAsync(smt, plan, filled);

        Assert.Contains("۲ گزارش از برگه ثبت شد", page);
        var stored = await App.InDbAsync(db => db.ProgressReports.Where(r => r.PlanId == plan).OrderBy(r => r.NodeId)
            .Select(r => new { r.NodeId, r.PercentHundredths, r.ReportDate, r.Note }).ToListAsync());
        Assert.Equal([(nodes[SmtAction], 2500), (nodes[SmtSecondAction], 1050)], stored.Select(r => (r.NodeId, r.PercentHundredths)));
        Assert.All(stored, r => Assert.Equal(new DateOnly(2026, 9, 22), r.ReportDate));
        Assert.Equal("تحویل بخش نخست", stored[1].Note);
    }

    [SkippableFact]
    public async Task One_bad_row_stores_nothing_and_is_named_with_its_row_number()
    {
        var (plan, _) = await ReportingPlans.CreateAsync(App, Small("برنامه برگه روزانه نادرست"));
        var smt = await Browser.SignedInAsync(App, "smt.reporter");
        var sheet = await DownloadAsync(smt, plan);

        var bad = Workbooks.Edit(sheet, "گزارش روزانه", p =>
        {
            Workbooks.Set(p, "E2", "30");
            Workbooks.Set(p, "E3", "۱۵۰");
        });
        var page = await UploadAsync(smt, plan, bad);
        Assert.Contains("هیچ گزارشی ثبت نشد", page);
        Assert.Contains("سطر ۳، ستون «درصد پیشرفت»:", page);
        Assert.Equal(0, await ReportsAsync(plan));

        // Another agency's action in the sheet: the API's refusal, at its row; nothing stored.
        var foreign = Workbooks.Edit(sheet, "گزارش روزانه", p =>
        {
            Workbooks.Set(p, "E2", "30");
            Workbooks.Set(p, "A4", TaxAction);
            Workbooks.Set(p, "C4", "1405/06/31");
            Workbooks.Set(p, "E4", "20");
        });
        var refused = await UploadAsync(smt, plan, foreign);
        Assert.Contains("سطر ۴، ستون «کد اقدام»: گزارش اقدام «T1» با دستگاه مسئول آن است", refused);
        Assert.Equal(0, await ReportsAsync(plan));

        // A day beyond the window: the API's message at the row's date.
        var old = Workbooks.Edit(sheet, "گزارش روزانه", p => { Workbooks.Set(p, "C2", "1405/06/01"); Workbooks.Set(p, "E2", "30"); });
        Assert.Contains("سطر ۲، ستون «تاریخ گزارش»: گزارش را تا ۳ روز گذشته می‌توان ثبت کرد", await UploadAsync(smt, plan, old));
        Assert.Equal(0, await ReportsAsync(plan));
    }

    [SkippableFact]
    public async Task A_file_that_is_not_a_workbook_or_is_another_plans_sheet_is_refused()
    {
        var (plan, _) = await ReportingPlans.CreateAsync(App, Small("برنامه برگه روزانه فایل نادرست"));
        var (other, _) = await ReportingPlans.CreateAsync(App, Small("برنامه دیگر برگه روزانه"));
        var smt = await Browser.SignedInAsync(App, "smt.reporter");

        Assert.Contains("این فایل کاربرگ اکسل (.xlsx) نیست", await UploadAsync(smt, plan, SampleFiles.Text, "text/plain"));
        var otherSheet = Workbooks.Edit(await DownloadAsync(smt, other), "گزارش روزانه", p => Workbooks.Set(p, "E2", "30"));
        Assert.Contains("این برگه برای برنامه دیگری", await UploadAsync(smt, plan, otherSheet));
        Assert.Equal(0, await ReportsAsync(plan));
        Assert.Equal(0, await ReportsAsync(other));
    }
}

public sealed class DaySheetUploadsOnSqlite(SqliteDemoApp app) : DaySheetUploads(() => app), IClassFixture<SqliteDemoApp>;

public sealed class DaySheetUploadsOnPostgres(PostgresDemoApp app) : DaySheetUploads(() => app.Factory), IClassFixture<PostgresDemoApp>;
