using System.Globalization;
using System.Text.RegularExpressions;
using Payesh.Domain.Plans;
using Payesh.Domain.Text;
using Payesh.Web.Features.Admin;
using Payesh.Web.Infrastructure;

namespace Payesh.Web.Features.Plans.Edit;

public static partial class PlanExcel
{
    // ---- reading -------------------------------------------------------------------------------------

    /// <summary>A problem of an imported workbook, at a sheet, row (Excel's own number) and column.</summary>
    public sealed record ImportError(string Sheet, int Row, string? Column, string Message)
    {
        public string Text =>
            (Sheet == NodesSheet ? "" : $"برگه «{Sheet}»، ")
            + (Row > 0 ? $"سطر {Fa.Int(Row)}" : "")
            + (Column is not null ? $"{(Row > 0 ? "، " : "")}ستون «{Column}»" : "")
            + (Row > 0 || Column is not null || Sheet != NodesSheet ? ": " : "")
            + Message;
    }

    public sealed record ReadResult(Plan? Plan, IReadOnlyList<ImportError> Errors, int Rows);

    /// <summary>Reads a workbook into a plan (draft rules: groups may still be empty), or every problem found.</summary>
    /// <param name="progress">Told (stage, done, total) as rows are read and checked.</param>
    public static ReadResult Read(byte[] content, IReadOnlyList<KnownAgency> known, int maxRows, Action<string, int, int>? progress = null)
    {
        var errors = new List<ImportError>();
        var (reader, openError) = XlsxReader.Open(content);
        if (reader is null) return Fail(new ImportError(NodesSheet, 0, null, openError!));
        using (reader)
        {
            foreach (var required in new[] { PlanSheet, NodesSheet })
                if (!reader.HasSheet(required))
                    errors.Add(new ImportError(required, 0, null, $"برگه «{required}» در فایل نیست؛ از الگوی اکسل پایش استفاده کنید (برگه‌ها: {string.Join("، ", new[] { PlanSheet, NodesSheet, RequirementsSheet, AgenciesSheet })})."));
            if (errors.Count > 0) return new ReadResult(null, errors, 0);

            progress?.Invoke("خواندن سطرها", 0, 0);
            var planSheet = reader.Read(PlanSheet, 100);
            var nodes = reader.Read(NodesSheet, maxRows, n => progress?.Invoke("خواندن سطرها", n, 0));
            var reqs = reader.HasSheet(RequirementsSheet) ? reader.Read(RequirementsSheet, maxRows * 4) : null;
            var agencies = reader.HasSheet(AgenciesSheet) ? reader.Read(AgenciesSheet, 5000) : null;
            int rowCount = nodes.Rows.Count - 1;

            if (nodes.TooManyRows)
                return Fail(new ImportError(NodesSheet, 0, null,
                    $"برگه «{NodesSheet}» بیش از {Fa.Int(maxRows)} سطر دارد و خوانده نشد؛ برنامه را در چند فایل کوچک‌تر بفرستید یا با دبیرخانه هماهنگ کنید."));
            if (reqs?.TooManyRows == true) return Fail(new ImportError(RequirementsSheet, 0, null, "سطرهای این برگه بیش از حد مجاز است."));
            if (agencies?.TooManyRows == true) return Fail(new ImportError(AgenciesSheet, 0, null, "سطرهای این برگه بیش از حد مجاز است."));

            // Hostile layouts first: merged cells and formulas make the values unreliable.
            foreach (var sheet in new[] { planSheet, nodes, reqs, agencies })
            {
                if (sheet is null) continue;
                foreach (var range in sheet.MergedRanges)
                    errors.Add(new ImportError(sheet.Name, FirstRow(range), null,
                        $"خانه‌های {range} ادغام شده‌اند؛ ادغام را بردارید و هر مقدار را در خانه خودش بنویسید."));
                foreach (var row in sheet.Rows)
                    foreach (var cell in row.Cells.Values.Where(c => c.Formula))
                        errors.Add(new ImportError(sheet.Name, row.Index, Header(sheet, cell.Column),
                            "فرمول پذیرفته نیست؛ به‌جای فرمول، خود مقدار را بنویسید (در اکسل: کپی و «Paste Values»)."));
            }
            if (errors.Count > 0) return new ReadResult(null, Cap(errors), rowCount);

            progress?.Invoke("بررسی سطرها", 0, rowCount);
            var result = Convert(planSheet, nodes, reqs, agencies, known, errors);
            return new ReadResult(result, Cap(errors), rowCount);
        }
    }

    private static ReadResult Fail(ImportError error) => new(null, [error], 0);

    /// <summary>At most 200 problems are listed (the rest are counted).</summary>
    private static List<ImportError> Cap(List<ImportError> errors)
    {
        if (errors.Count <= 200) return errors;
        var kept = errors.Take(200).ToList();
        kept.Add(new ImportError(NodesSheet, 0, null, $"و {Fa.Int(errors.Count - 200)} خطای دیگر؛ نخست موارد بالا را رفع کنید."));
        return kept;
    }

    [GeneratedRegex(@"\d+")]
    private static partial Regex Digits();

    private static int FirstRow(string range) =>
        Digits().Match(range) is { Success: true } m ? int.Parse(m.Value, CultureInfo.InvariantCulture) : 0;

    /// <summary>Column letter → header text of a sheet (its first row).</summary>
    private static string? Header(XlsxReader.SheetContent sheet, string column) =>
        sheet.Rows.Count > 0 && sheet.Rows[0].Cells.TryGetValue(column, out var h) && !string.IsNullOrWhiteSpace(h.Text) ? XlsxReader.Normalize(h.Text) : column;

    /// <summary>Header text → column letter, after checking the header row against the expected columns.</summary>
    private static Dictionary<string, string>? Columns(XlsxReader.SheetContent sheet, string[] expected, string[] required, List<ImportError> errors)
    {
        if (sheet.Rows.Count == 0)
        {
            errors.Add(new ImportError(sheet.Name, 1, null, $"برگه خالی است؛ سطر نخست باید عنوان ستون‌ها باشد: {string.Join("، ", expected)}."));
            return null;
        }
        var header = sheet.Rows[0];
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        int before = errors.Count;
        foreach (var cell in header.Cells.Values.OrderBy(c => XlsxReader.ColumnIndex(c.Column)))
        {
            var name = XlsxReader.Normalize(cell.Text ?? "");
            if (name.Length == 0) continue;
            if (!expected.Contains(name))
                errors.Add(new ImportError(sheet.Name, header.Index, name, $"ستون «{name}» شناخته نیست؛ ستون‌های این برگه: {string.Join("، ", expected)}."));
            else if (!map.TryAdd(name, cell.Column))
                errors.Add(new ImportError(sheet.Name, header.Index, name, "این ستون دو بار آمده است."));
        }
        foreach (var r in required.Where(r => !map.ContainsKey(r)))
            errors.Add(new ImportError(sheet.Name, header.Index, r, "این ستون در سطر عنوان‌ها نیست؛ ستون‌ها را با الگوی اکسل پایش مقایسه کنید."));
        // Data under a column without a header would be lost silently.
        var headed = map.Values.ToHashSet();
        foreach (var row in sheet.Rows.Skip(1))
            foreach (var cell in row.Cells.Values.Where(c => !c.IsBlank && !headed.Contains(c.Column) && !header.Cells.ContainsKey(c.Column)))
            {
                errors.Add(new ImportError(sheet.Name, row.Index, cell.Column, "این خانه زیر ستونی بی‌عنوان است؛ یا عنوان ستون را بنویسید یا خانه را پاک کنید."));
                break;
            }
        return errors.Count > before ? null : map;
    }

    private sealed class Cells(XlsxReader.SheetContent sheet, XlsxReader.Row row, Dictionary<string, string> columns, List<ImportError> errors)
    {
        public int Row => row.Index;

        public XlsxReader.Cell? Get(string column) =>
            columns.TryGetValue(column, out var letter) && row.Cells.TryGetValue(letter, out var c) && !c.IsBlank ? c : null;

        public string? Text(string column) => PersianText.Normalize(Get(column)?.Text) is { Length: > 0 } t ? t : null;

        public double? Number(string column)
        {
            var c = Get(column);
            if (c is null) return null;
            if (c.Number is { } n) return n;
            if (PersianText.ParseNumber(c.Text?.Replace('\u2212', '-')) is { } d) return (double)d;
            Error(column, $"«{c.Text}» عدد نیست.");
            return null;
        }

        /// <summary>A Jalali date typed as text; a number here is Excel's (Gregorian) date or a typo.</summary>
        public string? Date(string column)
        {
            var c = Get(column);
            if (c is null) return null;
            if (c.Number is not null)
            {
                Error(column, "تاریخ باید شمسی و به‌صورت متن نوشته شود (مانند ۱۴۰۴/۰۲/۱۵)؛ این خانه عدد یا تاریخ میلادی اکسل است. قالب ستون را «Text» کنید و تاریخ را دوباره بنویسید.");
                return null;
            }
            return PersianText.Normalize(c.Text);
        }

        public void Error(string column, string message) => errors.Add(new ImportError(sheet.Name, row.Index, column, message));
    }

    /// <summary>Where in the workbook each part of the plan document came from, to put the reader's errors back there.</summary>
    private sealed class Origins
    {
        public Dictionary<string, int> PlanFieldRows { get; } = [];
        public Dictionary<NodeDocument, int> NodeRows { get; } = [];
        public Dictionary<(NodeDocument Node, int Index), int> RequirementRows { get; } = [];
        public Dictionary<int, int> AgencyRows { get; } = [];
    }
}
