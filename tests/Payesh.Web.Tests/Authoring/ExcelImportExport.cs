using System.Net;
using System.Text.Json;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Microsoft.EntityFrameworkCore;
using Payesh.Domain.Plans;
using Payesh.Web.Features.Plans;
using Payesh.Web.Tests.Admin;
using Payesh.Web.Tests.Infrastructure;
using static Payesh.Web.Tests.Authoring.AuthoringKit;

namespace Payesh.Web.Tests.Authoring;

/// <summary>
/// The Excel format: a Persian, right-to-left template; any plan exported in it; imports all or nothing with every
/// problem at its sheet, row and column — and every kind of hostile file answered with a clear Persian message
/// while nothing is stored.
/// </summary>
public abstract class ExcelImportExport(Func<PayeshFactory> app)
{
    private PayeshFactory App => app();

    private static async Task<byte[]> ExportAsync(HttpClient staff, long plan)
    {
        var answer = await staff.GetAsync($"/Plans/{plan}/Export.xlsx");
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", answer.Content.Headers.ContentType?.MediaType);
        return await answer.Content.ReadAsByteArrayAsync();
    }

    /// <summary>The small plan exported: rows 2–6 of «بخش‌ها» are S, S1, S2, T, T1.</summary>
    private async Task<(HttpClient Staff, byte[] Good)> GoodWorkbookAsync(string title)
    {
        var staff = await Browser.SignedInAsync(App, "secretariat");
        var (plan, _) = await ApprovablePlanAsync(App, title);
        return (staff, await ExportAsync(staff, plan));
    }

    private static string Json(Plan plan) => JsonSerializer.Serialize(PlanDocumentReader.ToDocument(plan with { Agencies = [] }));

    [SkippableFact]
    public async Task The_template_is_a_right_to_left_Persian_workbook_with_the_agencies_and_a_guide()
    {
        var staff = await Browser.SignedInAsync(App, "secretariat");

        var bytes = await (await staff.GetAsync("/Plans/Template.xlsx")).Content.ReadAsByteArrayAsync();

        using var doc = SpreadsheetDocument.Open(new MemoryStream(bytes), false);
        var sheets = doc.WorkbookPart!.Workbook.Sheets!.Elements<Sheet>().Select(s => s.Name!.Value).ToList();
        Assert.Equal(["برنامه", "بخش‌ها", "الزامات", "دستگاه‌ها", "راهنما"], sheets);
        foreach (var ws in doc.WorkbookPart.WorksheetParts)
            Assert.True(ws.Worksheet.Descendants<SheetView>().Single().RightToLeft?.Value);
        var text = string.Concat(doc.WorkbookPart.WorksheetParts.Select(p => p.Worksheet.InnerText));
        Assert.Contains("کد والد", text);
        Assert.Contains("SMT", text);
        Assert.Contains("سازمان صنعت، معدن و تجارت استان قم", text);
    }

    [SkippableFact]
    public async Task A_plan_exported_and_imported_back_is_the_same_plan()
    {
        var staff = await Browser.SignedInAsync(App, "secretariat");
        long demo = await App.InDbAsync(db => db.Plans.Where(p => p.Year == 1398).Select(p => p.Id).FirstAsync());
        int plans = await App.InDbAsync(db => db.Plans.CountAsync());

        var status = await ImportAsync(staff, await ExportAsync(staff, demo), "qom-1398.xlsx");
        long copy = ImportedPlanId(status);

        Assert.Contains("۳۶۶ بخش ذخیره شد", status);
        Assert.Equal(plans + 1, await App.InDbAsync(db => db.Plans.CountAsync()));
        var original = await App.InDbAsync(db => PlanStore.LoadAsync(db, demo));
        var imported = await App.InDbAsync(db => PlanStore.LoadAsync(db, copy));
        Assert.Equal(Json(original!.Plan), Json(imported!.Plan));
        Assert.Equal(Payesh.Web.Data.Model.PlanState.Draft, imported.Row.State);
    }

    [SkippableFact]
    public async Task The_export_writes_codes_and_Jalali_dates_in_Persian_digits_and_keeps_numbers_numeric()
    {
        var staff = await Browser.SignedInAsync(App, "secretariat");
        long demo = await App.InDbAsync(db => db.Plans.Where(p => p.Year == 1398).Select(p => p.Id).FirstAsync());
        var firstAction = await App.InDbAsync(db => db.PlanNodes.Where(n => n.PlanId == demo && n.IsAction && !n.IsRemoved)
            .OrderBy(n => n.Id).Select(n => new { n.Code, n.Title }).FirstAsync());

        var bytes = await ExportAsync(staff, demo);

        using var doc = SpreadsheetDocument.Open(new MemoryStream(bytes), false);
        Cell At(string sheet, string reference)
        {
            var id = doc.WorkbookPart!.Workbook.Sheets!.Elements<Sheet>().Single(s => s.Name == sheet).Id!.Value!;
            return ((WorksheetPart)doc.WorkbookPart.GetPartById(id)).Worksheet.Descendants<Cell>().Single(c => c.CellReference == reference);
        }
        // The plan sheet: rows 2–5 are title, year, start, end; the year stays a number, the dates are Persian text.
        Assert.Equal(CellValues.Number, At("برنامه", "B3").DataType?.Value);
        Assert.Equal("1398", At("برنامه", "B3").CellValue!.Text);
        Assert.Equal("۱۳۹۸/۰۱/۰۱", At("برنامه", "B4").InnerText);
        Assert.Equal("۱۳۹۸/۱۲/۲۹", At("برنامه", "B5").InnerText);
        // The nodes sheet: the first action's row has its code and its parent's in Persian digits, its dates too.
        int row = Workbooks.RowOf(bytes, "بخش‌ها", Payesh.Domain.Text.PersianText.ToPersianDigits(firstAction.Code));
        Assert.Equal(firstAction.Title, At("بخش‌ها", $"C{row}").InnerText);
        foreach (var column in new[] { "A", "B", "H", "I" })
        {
            var text = At("بخش‌ها", $"{column}{row}").InnerText;
            Assert.Matches("[۰-۹]", text);
            Assert.DoesNotMatch("[0-9]", text);
        }
        Assert.Matches(@"^[۰-۹]{4}/[۰-۹]{2}/[۰-۹]{2}$", At("بخش‌ها", $"H{row}").InnerText);
        // The weight stays a numeric cell.
        Assert.Equal(CellValues.Number, At("بخش‌ها", $"D{row}").DataType?.Value);
    }

    [SkippableFact]
    public async Task Latin_digits_typed_into_a_Persian_digit_export_are_the_same_codes_and_dates()
    {
        var (staff, good) = await GoodWorkbookAsync("برنامه پایه رقم لاتین");
        // Row 3 is S1 under S: write its code, parent and end date back in Latin digits, as someone typing would.
        var bytes = Workbooks.Edit(good, "بخش‌ها", p =>
        {
            Assert.Equal("S۱", Workbooks.Text(p, "A3"));
            Workbooks.Set(p, "A3", "S1");
            Workbooks.Set(p, "H3", Payesh.Domain.Text.PersianText.ToLatinDigits(Workbooks.Text(p, "H3")!));
        });

        long plan = ImportedPlanId(await ImportAsync(staff, bytes));

        var codes = await App.InDbAsync(db => db.PlanNodes.Where(n => n.PlanId == plan).OrderBy(n => n.Code).Select(n => n.Code).ToListAsync());
        Assert.Equal(["S", "S1", "S2", "T", "T1"], codes);
    }

    [SkippableFact]
    public async Task A_plan_with_requirements_milestones_and_KPI_round_trips_through_Excel()
    {
        var staff = await Browser.SignedInAsync(App, "secretariat");
        var (plan, nodes) = await ApprovablePlanAsync(App, "برنامه رفت و برگشت اکسل");
        var change = new Dictionary<string, string?>
        {
            ["Node.Curve"] = "milestones",
            ["Node.Milestones[0].Date"] = "1405/04/01",
            ["Node.Milestones[0].Percent"] = "35.5",
            ["Node.KpiName"] = "واحد",
            ["Node.KpiUnit"] = "عدد",
            ["Node.KpiTarget"] = "12.25",
            ["Node.Weight"] = "2.5",
            ["Node.Description"] = "شرح اقدام",
        };
        await staff.FollowAsync(await EditNodeAsync(staff, plan, nodes["S1"], change));

        long copy = ImportedPlanId(await ImportAsync(staff, await ExportAsync(staff, plan)));

        var original = await App.InDbAsync(db => PlanStore.LoadAsync(db, plan));
        var imported = await App.InDbAsync(db => PlanStore.LoadAsync(db, copy));
        Assert.Equal(Json(original!.Plan), Json(imported!.Plan));
        Assert.Equal(new Requirement("ابلاغ سهمیه", "SMT", new Domain.Calendar.JalaliDate(1405, 2, 1)), imported.Plan.Nodes[0].Requirements.Single());
    }

    public static TheoryData<string, string> HostileFiles() => new()
    {
        { "csv", "این فایل کاربرگ اکسل (.xlsx) نیست" },
        { "xls", "قالب قدیمی اکسل (.xls) پذیرفته نیست" },
        { "docx", "این فایل سند Word است" },
        { "columns", "ستون «شناسه» شناخته نیست" },
        { "missing-column", "ستون «عنوان»: این ستون در سطر عنوان‌ها نیست" },
        { "merged", "سطر ۳: خانه‌های C3:E3 ادغام شده‌اند" },
        { "formula", "سطر ۳، ستون «وزن»: فرمول پذیرفته نیست" },
        { "date", "سطر ۴، ستون «پایان»: تاریخ پایان اقدام: ماه ۱۳ نامعتبر است" },
        { "excel-date", "سطر ۳، ستون «شروع»: تاریخ باید شمسی و به‌صورت متن نوشته شود" },
        { "end-before-start", "سطر ۶، ستون «پایان»: تاریخ پایان اقدام پیش از تاریخ شروع آن است." },
        { "agency", "سطر ۶، ستون «دستگاه مسئول»: دستگاه «XYZ» شناخته نیست" },
        { "cycle", "ستون «کد والد»: کدهای والد چرخه می‌سازند" },
        { "parent", "سطر ۵، ستون «کد والد»: کد والد «Q» در برگه نیست." },
        { "duplicate", "سطر ۴، ستون «کد»: کد «S1» تکراری است؛ پیش‌تر در سطر ۳ آمده است." },
        { "requirement", "برگه «الزامات»، سطر ۲، ستون «مهلت»: مهلت الزام" },
        { "plan-sheet", "برگه «برنامه»، سطر ۴، ستون «مقدار»" },
        { "no-sheet", "برگه «بخش‌ها» در فایل نیست" },
        { "rows", "بیش از ۵٬۰۰۰ سطر دارد" },
    };

    [SkippableTheory]
    [MemberData(nameof(HostileFiles))]
    public async Task A_hostile_file_gets_a_clear_Persian_message_and_stores_nothing(string kind, string expected)
    {
        var (staff, good) = await GoodWorkbookAsync("برنامه پایه فایل‌های بد " + kind);
        var bytes = kind switch
        {
            "csv" => Workbooks.Csv,
            "xls" => Workbooks.LegacyXls,
            "docx" => Workbooks.WordDocument(),
            "columns" => Workbooks.Edit(good, "بخش‌ها", p => Workbooks.Set(p, "A1", "شناسه")),
            "missing-column" => Workbooks.Edit(good, "بخش‌ها", p => Workbooks.Set(p, "C1", "")),
            "merged" => Workbooks.Edit(good, "بخش‌ها", p => Workbooks.Merge(p, "C3:E3")),
            "formula" => Workbooks.Edit(good, "بخش‌ها", p => Workbooks.SetFormula(p, "D3", "1+1")),
            "date" => Workbooks.Edit(good, "بخش‌ها", p => Workbooks.Set(p, "I4", "1405/13/40")),
            "excel-date" => Workbooks.Edit(good, "بخش‌ها", p => Workbooks.SetNumber(p, "H3", 46100)),
            "end-before-start" => Workbooks.Edit(good, "بخش‌ها", p => Workbooks.Set(p, "I6", "۱۳۹۹/۰۱/۰۱")),
            "agency" => Workbooks.Edit(good, "بخش‌ها", p => Workbooks.Set(p, "F6", "XYZ")),
            "cycle" => Workbooks.Edit(good, "بخش‌ها", p => Workbooks.Set(p, "B2", "S1")),
            "parent" => Workbooks.Edit(good, "بخش‌ها", p => Workbooks.Set(p, "B5", "Q")),
            "duplicate" => Workbooks.Edit(good, "بخش‌ها", p => Workbooks.Set(p, "A4", "S1")),
            "requirement" => Workbooks.Edit(good, "الزامات", p => Workbooks.Set(p, "D2", "فردا")),
            "plan-sheet" => Workbooks.Edit(good, "برنامه", p => Workbooks.Set(p, "B4", "1405/01/32")),
            "no-sheet" => Workbooks.Edit(good, "بخش‌ها", p => { }) is var b ? RenameSheet(b, "بخش‌ها", "Sheet1") : b,
            "rows" => Workbooks.Huge(100_000),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
        int plans = await App.InDbAsync(db => db.Plans.CountAsync());
        int nodes = await App.InDbAsync(db => db.PlanNodes.CountAsync());

        var status = await ImportAsync(staff, bytes, kind + ".xlsx");

        Assert.Contains("چیزی ذخیره نشد", status);
        var errors = ImportErrors(status);
        Assert.True(errors.Any(e => e.Contains(expected, StringComparison.Ordinal)), $"expected «{expected}» among: {string.Join(" | ", errors)}");
        Assert.All(errors, Api.AssertPersian);
        Assert.Equal(plans, await App.InDbAsync(db => db.Plans.CountAsync()));
        Assert.Equal(nodes, await App.InDbAsync(db => db.PlanNodes.CountAsync()));
    }

    private static byte[] RenameSheet(byte[] xlsx, string from, string to)
    {
        using var ms = new MemoryStream();
        ms.Write(xlsx);
        using (var doc = SpreadsheetDocument.Open(ms, true))
        {
            doc.WorkbookPart!.Workbook.Sheets!.Elements<Sheet>().Single(s => s.Name == from).Name = to;
            doc.WorkbookPart.Workbook.Save();
        }
        return ms.ToArray();
    }

    [SkippableFact]
    public async Task Arabic_yeh_and_kaf_in_a_workbook_are_normalized_not_rejected()
    {
        var (staff, good) = await GoodWorkbookAsync("برنامه پایه حروف عربی");
        var bytes = Workbooks.Edit(good, "بخش‌ها", p => Workbooks.Set(p, "C3", "اقدام كاهش هزينه‌ها"));
        bytes = Workbooks.Edit(bytes, "برنامه", p => Workbooks.Set(p, "B2", "برنامه عربي نويس"));

        long plan = ImportedPlanId(await ImportAsync(staff, bytes));

        Assert.Equal("برنامه عربی نویس", await App.InDbAsync(db => db.Plans.Where(p => p.Id == plan).Select(p => p.Title).SingleAsync()));
        Assert.Equal("اقدام کاهش هزینه‌ها", await App.InDbAsync(db => db.PlanNodes.Where(n => n.PlanId == plan && n.Code == "S1").Select(n => n.Title).SingleAsync()));
    }

    [SkippableFact]
    public async Task A_new_agency_in_the_agencies_sheet_is_created_with_the_plan_and_agencies_may_be_named()
    {
        var (staff, good) = await GoodWorkbookAsync("برنامه پایه دستگاه تازه");
        var code = "EDU" + Random.Shared.Next(1000, 9999);
        var bytes = Workbooks.Edit(good, "دستگاه‌ها", p =>
        {
            Workbooks.Set(p, "A200", code);
            Workbooks.Set(p, "B200", "اداره کل آموزش و پرورش");
            Workbooks.Set(p, "C200", "دستگاه دولتی");
        });
        bytes = Workbooks.Edit(bytes, "بخش‌ها", p =>
        {
            Workbooks.Set(p, "F6", code);
            Workbooks.Set(p, "F3", "سازمان صنعت، معدن و تجارت استان قم"); // by name
        });

        long plan = ImportedPlanId(await ImportAsync(staff, bytes));

        var leads = await App.InDbAsync(db => db.PlanNodes.Where(n => n.PlanId == plan && n.IsAction).OrderBy(n => n.Code)
            .Select(n => n.LeadAgency!.Code).ToListAsync());
        Assert.Equal(["SMT", "SMT", code], leads);
    }
}

public sealed class ExcelImportExportOnSqlite(SqliteDemoApp app) : ExcelImportExport(() => app), IClassFixture<SqliteDemoApp>;

public sealed class ExcelImportExportOnPostgres(PostgresDemoApp app) : ExcelImportExport(() => app.Factory), IClassFixture<PostgresDemoApp>;
