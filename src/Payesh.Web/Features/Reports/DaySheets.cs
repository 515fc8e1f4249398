using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Payesh.Domain.Calendar;
using Payesh.Domain.Plans;
using Payesh.Domain.Text;
using Payesh.Web.Data;
using Payesh.Web.Data.Model;
using Payesh.Web.Features.Account;
using Payesh.Web.Infrastructure;

namespace Payesh.Web.Features.Reports;

/// <summary>
/// The agency's day sheet (issue 11 § 8): an Excel sheet of the actions an agency leads, for one day, to fill and
/// send back. The filled rows go through the batch API's writer (<see cref="ReportCommands"/>) — the same rules,
/// messages and single transaction: all rows or none — and every error is put back at its Excel row and column.
/// </summary>
public sealed partial class DaySheets(PayeshDb db, ReportCommands writer)
{
    public const string Sheet = "گزارش روزانه", GuideSheet = "راهنما";
    public const string Code = "کد اقدام", Title = "عنوان اقدام", Date = "تاریخ گزارش", Last = "آخرین درصد ثبت‌شده",
        Percent = "درصد پیشرفت", Note = "شرح", Justification = "توجیه کاهش", BackdateReason = "دلیل ثبت با تاریخ گذشته";
    public static readonly string[] Columns = [Code, Title, Date, Last, Percent, Note, Justification, BackdateReason];
    public const string PlanIdField = "شناسه برنامه";
    public const long MaxUploadBytes = 5L * 1024 * 1024;
    private const int MaxRows = 10_000;

    /// <summary>The outcome of an upload: how many reports were stored, or every problem (nothing stored).</summary>
    public sealed record Ingested(int Accepted, IReadOnlyList<string> Errors)
    {
        public bool Ok => Errors.Count == 0;
    }

    /// <summary>The sheet of <paramref name="agencyId"/>'s actions in the plan for <paramref name="day"/>.</summary>
    public async Task<byte[]> WriteAsync(PlanRow plan, long agencyId, JalaliDate day, CancellationToken ct)
    {
        var actions = await db.PlanNodes.AsNoTracking()
            .Where(n => n.PlanId == plan.Id && n.IsAction && !n.IsRemoved && n.LeadAgencyId == agencyId)
            .OrderBy(n => n.Code).Select(n => new { n.Id, n.Code, n.Title }).ToListAsync(ct);
        var ids = actions.Select(a => a.Id).ToList();
        var date = day.ToDateOnly();
        var last = (await db.ProgressReports.AsNoTracking()
                .Where(r => r.PlanId == plan.Id && ids.Contains(r.NodeId) && r.Status != ReportStatus.Rejected && r.ReportDate <= date)
                .Select(r => new { r.Id, r.NodeId, r.ReportDate, r.PercentHundredths }).ToListAsync(ct))
            .GroupBy(r => r.NodeId).ToDictionary(g => g.Key, g => g.OrderBy(r => r.ReportDate).ThenBy(r => r.Id).Last().PercentHundredths);
        var rows = actions.Select(a => new object?[]
        {
            Fa.Digits(a.Code), a.Title, day.ToPersianString(),
            last.TryGetValue(a.Id, out var h) ? h / 100.0 : null, null, null, null, null,
        });
        var guide = new List<object?[]>
        {
            new object?[] { "برنامه", plan.Title },
            new object?[] { PlanIdField, plan.Id },
            new object?[] { "روز", day.ToPersianString() },
            new object?[] { Percent, "درصد پیشرفت اقدام تا پایان این روز (۰ تا ۱۰۰). سطری که این ستون را ندارد ثبت نمی‌شود." },
            new object?[] { Justification, "اگر درصد از گزارش پیشین کمتر است، دلیل را بنویسید." },
            new object?[] { BackdateReason, "برای روزی پیش از مهلت دستگاه‌ها (فقط دبیرخانه)." },
            new object?[] { "همه یا هیچ", "اگر یک سطر خطا داشته باشد، هیچ سطری ثبت نمی‌شود و خطای هر سطر با شماره‌اش نشان داده می‌شود." },
        };
        return Xlsx.Write(
            new Xlsx.Sheet(Sheet, Columns, rows) { TextColumns = new HashSet<int> { 0, 2 } },
            new Xlsx.Sheet(GuideSheet, ["ویژگی", "مقدار"], guide));
    }

    /// <summary>Reads a filled sheet and stores its rows as reports of <paramref name="planId"/>, all or nothing.</summary>
    public async Task<Ingested> IngestAsync(long planId, byte[] content, CurrentUser user, CancellationToken ct)
    {
        var (reader, openError) = XlsxReader.Open(content);
        if (reader is null) return new Ingested(0, [openError!]);
        var errors = new List<string>();
        var inputs = new List<ReportInput>();
        var rowOf = new List<int>();
        using (reader)
        {
            if (!reader.HasSheet(Sheet)) return new Ingested(0, [$"برگه «{Sheet}» در فایل نیست؛ برگه روزانه را از همین صفحه دریافت کنید."]);
            if (reader.HasSheet(GuideSheet) && SheetPlanId(reader.Read(GuideSheet, 50)) is { } other && other != planId)
                return new Ingested(0, [$"این برگه برای برنامه دیگری (شماره {Fa.Int(other)}) ساخته شده است؛ برگه همین برنامه را دریافت کنید."]);
            var sheet = reader.Read(Sheet, MaxRows + 1);
            if (sheet.TooManyRows) return new Ingested(0, [$"برگه بیش از {Fa.Int(MaxRows)} سطر دارد."]);
            foreach (var range in sheet.MergedRanges) errors.Add($"خانه‌های {range} ادغام شده‌اند؛ ادغام را بردارید.");
            var header = sheet.Rows.Count > 0 ? sheet.Rows[0] : null;
            var columns = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var c in header?.Cells.Values ?? [])
                if (Columns.Contains(XlsxReader.Normalize(c.Text ?? ""))) columns[XlsxReader.Normalize(c.Text ?? "")] = c.Column;
            foreach (var required in new[] { Code, Date, Percent })
                if (!columns.ContainsKey(required)) errors.Add($"ستون «{required}» در سطر عنوان‌ها نیست.");
            if (errors.Count > 0) return new Ingested(0, errors);

            foreach (var row in sheet.Rows.Skip(1))
            {
                XlsxReader.Cell? Cell(string column) => columns.TryGetValue(column, out var l) && row.Cells.TryGetValue(l, out var c) && !c.IsBlank ? c : null;
                string? Text(string column) => Cell(column) is { } c ? c.Text ?? c.Number?.ToString(CultureInfo.InvariantCulture) : null;
                foreach (var f in row.Cells.Values.Where(c => c.Formula))
                    errors.Add(At(row.Index, null, "فرمول پذیرفته نیست؛ به‌جای فرمول، خود مقدار را بنویسید."));
                var percent = Cell(Percent);
                if (percent is null) continue; // not reported in this sheet
                if (Cell(Date) is { Number: not null })
                {
                    errors.Add(At(row.Index, Date, "تاریخ باید شمسی و به‌صورت متن نوشته شود (مانند ۱۴۰۵/۰۲/۱۵)."));
                    continue;
                }
                inputs.Add(new ReportInput
                {
                    Action = Text(Code),
                    Date = Text(Date),
                    Percent = percent.Number is { } n ? JsonSerializer.SerializeToElement(n) : JsonSerializer.SerializeToElement(percent.Text ?? ""),
                    Note = Text(Note),
                    Justification = Text(Justification),
                    BackdateReason = Text(BackdateReason),
                });
                rowOf.Add(row.Index);
            }
        }
        if (errors.Count > 0) return new Ingested(0, errors);
        if (inputs.Count == 0) return new Ingested(0, [$"هیچ سطری «{Percent}» ندارد؛ درصد پیشرفت اقدام‌هایی را که گزارش می‌کنید بنویسید."]);

        var result = await writer.WriteAsync(planId, inputs, user, "rows", ct);
        if (result.Kind == OutcomeKind.NotFound) return new Ingested(0, ["برنامه پیدا نشد."]);
        foreach (var e in result.Errors.Concat(result.Data as IReadOnlyList<ValidationError> ?? []))
        {
            var m = RowPath().Match(e.Path);
            if (!m.Success) errors.Add(e.Message);
            else errors.Add(At(rowOf[int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)], FieldColumn(m.Groups[2].Value), e.Message));
        }
        return errors.Count > 0 ? new Ingested(0, errors) : new Ingested(result.Value!.Count, []);
    }

    private static string At(int row, string? column, string message) =>
        $"سطر {Fa.Int(row)}{(column is null ? "" : $"، ستون «{column}»")}: {message}";

    private static string? FieldColumn(string field) => field switch
    {
        "action" => Code,
        "date" => Date,
        "percent" => Percent,
        "note" => Note,
        "justification" => Justification,
        "backdateReason" => BackdateReason,
        _ => null,
    };

    [GeneratedRegex(@"^rows\[(\d+)\]\.?(\w*)$")]
    private static partial Regex RowPath();

    private static long? SheetPlanId(XlsxReader.SheetContent guide)
    {
        foreach (var r in guide.Rows)
        {
            var cells = r.Cells.Values.OrderBy(c => XlsxReader.ColumnIndex(c.Column)).ToList();
            if (cells.Count < 2 || XlsxReader.Normalize(cells[0].Text ?? "") != PlanIdField) continue;
            if (cells[1].Number is { } n) return (long)n;
            return PersianText.ParseNumber(cells[1].Text) is { } d ? (long)d : null;
        }
        return null;
    }
}
