using System.Globalization;
using System.Text.RegularExpressions;
using Payesh.Domain.Plans;
using Payesh.Domain.Text;
using Payesh.Web.Features.Admin;
using Payesh.Web.Infrastructure;

namespace Payesh.Web.Features.Plans.Edit;

/// <summary>
/// A plan as an Excel workbook (docs/excel-format.md): a sheet of the plan's own fields, one row per node with its
/// parent's code, the requirements and roadmap items, and the agencies. The same format is the blank template, the
/// export of any plan and the import, which is all or nothing: every problem is reported with its sheet, row and
/// column, and the plan's rules are those of <see cref="PlanDocumentReader"/>.
/// </summary>
public static partial class PlanExcel
{
    public const string PlanSheet = "برنامه";
    public const string NodesSheet = "بخش‌ها";
    public const string RequirementsSheet = "الزامات";
    public const string AgenciesSheet = "دستگاه‌ها";
    public const string GuideSheet = "راهنما";

    // Columns of the nodes sheet.
    public const string Code = "کد", Parent = "کد والد", Title = "عنوان", Weight = "وزن", Description = "شرح", Agency = "دستگاه مسئول",
        Collaborators = "دستگاه‌های همکار", Start = "شروع", End = "پایان", Curve = "منحنی", Milestones = "نقاط عطف",
        Deliverable = "خروجی", Kpi = "شاخص", KpiUnit = "واحد شاخص", KpiTarget = "هدف شاخص";

    public static readonly string[] NodeColumns =
        [Code, Parent, Title, Weight, Description, Agency, Collaborators, Start, End, Curve, Milestones, Deliverable, Kpi, KpiUnit, KpiTarget];
    private static readonly string[] RequiredNodeColumns = [Code, Parent, Title];

    public const string ReqNode = "کد بخش", ReqText = "الزام", ReqOwner = "دستگاه مسئول", ReqDeadline = "مهلت";
    public static readonly string[] RequirementColumns = [ReqNode, ReqText, ReqOwner, ReqDeadline];

    public const string AgencyCode = "کد", AgencyName = "نام", AgencyKind = "نوع";
    public static readonly string[] AgencyColumns = [AgencyCode, AgencyName, AgencyKind];

    public const string Field = "ویژگی", Value = "مقدار";
    public const string FTitle = "عنوان", FYear = "سال", FStart = "شروع", FEnd = "پایان", FLevels = "سطوح", FStoppage = "آستانه توقف (روز)",
        FAtRisk = "آستانه در معرض تأخیر", FBehind = "آستانه عقب‌ماندگی", FVerified = "فقط گزارش‌های تأییدشده", FBackdate = "مهلت ثبت با تاریخ گذشته (روز)";
    public static readonly string[] PlanFields = [FTitle, FYear, FStart, FEnd, FLevels, FStoppage, FAtRisk, FBehind, FVerified, FBackdate];

    private static readonly (CurveKind Kind, string Name)[] CurveNames =
        [(CurveKind.Linear, "خطی"), (CurveKind.SCurve, "منحنی S"), (CurveKind.Milestones, "نقاط عطف")];

    /// <summary>A known agency, as imports may name it (by code or by name).</summary>
    public sealed record KnownAgency(string Code, string Name, AgencyKind Kind, bool IsActive = true);

    // ---- writing -------------------------------------------------------------------------------------

    /// <summary>The workbook of a plan, or the blank template (<paramref name="plan"/> null).</summary>
    public static byte[] Write(Plan? plan, IReadOnlyList<KnownAgency> agencies)
    {
        string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);
        var settings = plan?.Settings ?? PlanSettings.Default;
        var planRows = new List<object?[]>
        {
            new object?[] { FTitle, plan?.Title },
            new object?[] { FYear, plan is null ? null : plan.Year },
            new object?[] { FStart, plan?.Start.ToString() },
            new object?[] { FEnd, plan?.End.ToString() },
            new object?[] { FLevels, string.Join("، ", plan?.Levels ?? Plan.DefaultLevels) },
            new object?[] { FStoppage, settings.StoppageDays },
            new object?[] { FAtRisk, settings.AtRiskBelow },
            new object?[] { FBehind, settings.BehindBelow },
            new object?[] { FVerified, settings.VerifiedOnly ? "بله" : "خیر" },
            new object?[] { FBackdate, settings.BackdateDays },
        };
        var nodeRows = new List<object?[]>();
        var requirementRows = new List<object?[]>();
        void Add(PlanNode n, string? parent)
        {
            var a = n.Action;
            nodeRows.Add([
                n.Code, parent, n.Title, n.Weight, n.Description,
                a?.LeadAgency, a is null ? null : string.Join("، ", a.Collaborators) is { Length: > 0 } c ? c : null,
                a?.Start.ToString(), a?.End.ToString(), a is null ? null : CurveNames.First(x => x.Kind == a.Curve).Name,
                a is { Milestones.Count: > 0 } ? string.Join("؛ ", a.Milestones.Select(m => $"{m.Day}={F(m.Percent)}")) : null,
                a?.Deliverable, a?.Kpi?.Name, a?.Kpi?.Unit, a?.Kpi is { } k ? k.Target : null,
            ]);
            foreach (var r in n.Requirements) requirementRows.Add([n.Code, r.Text, r.Owner, r.Deadline?.ToString()]);
            foreach (var child in n.Children) Add(child, n.Code);
        }
        foreach (var n in plan?.Nodes ?? []) Add(n, null);
        var guide = Guide().Select(g => new object?[] { g.Column, g.Meaning });
        return Xlsx.Write(
            new Xlsx.Sheet(PlanSheet, [Field, Value], planRows) { TextColumns = new HashSet<int> { 1 } },
            new Xlsx.Sheet(NodesSheet, NodeColumns, nodeRows) { TextColumns = new HashSet<int> { 0, 1, 6, 7, 8, 10 } },
            new Xlsx.Sheet(RequirementsSheet, RequirementColumns, requirementRows) { TextColumns = new HashSet<int> { 0, 3 } },
            new Xlsx.Sheet(AgenciesSheet, AgencyColumns,
                agencies.OrderBy(a => a.Code, StringComparer.Ordinal).Select(a => new object?[] { a.Code, a.Name, AgencyKinds.PersianName(a.Kind) })),
            new Xlsx.Sheet(GuideSheet, ["ستون", "معنا و قالب"], guide));
    }

    private static IEnumerable<(string Column, string Meaning)> Guide() =>
    [
        ($"برگه «{PlanSheet}»", "ویژگی‌های برنامه: عنوان، سال، شروع و پایان (شمسی، مانند 1404/01/01)، نام سطوح با «،» و تنظیمات پایش."),
        ($"برگه «{NodesSheet}»", "هر سطر یک بخش (محور، برنامه یا اقدام). ترتیب سطرها ترتیب نمایش است."),
        (Code, "کد یکتای بخش، مانند 01 یا 01.02.03."),
        (Parent, "کد بخش بالاتر؛ برای محورها خالی. کدهای والد نباید چرخه بسازند."),
        (Title, "عنوان بخش (الزامی)."),
        (Weight, "سهم بخش میان هم‌سطح‌هایش؛ خالی یعنی ۱."),
        (Agency, "فقط اقدام‌ها: کد یا نام دستگاه مسئول از برگه «دستگاه‌ها». سطری که دستگاه یا تاریخ دارد اقدام است."),
        (Collaborators, "کد دستگاه‌های همکار، جدا با «،»."),
        ($"{Start} و {End}", "تاریخ شمسی به‌صورت متن، مانند 1404/02/15؛ درون بازه برنامه."),
        (Curve, "خطی، منحنی S یا نقاط عطف (خالی: خطی)."),
        (Milestones, "فقط برای منحنی نقاط عطف: تاریخ=درصد، جدا با «؛»، مانند 1404/05/31=40؛ 1404/09/30=75"),
        ($"{Deliverable}، {Kpi}، {KpiUnit}، {KpiTarget}", "خروجی اقدام و شاخص سنجش آن (نام، واحد و مقدار هدف با هم)."),
        ($"برگه «{RequirementsSheet}»", "الزامات و نقشه راه: کد بخش، متن الزام، دستگاه مسئول و مهلت (اختیاری)."),
        ($"برگه «{AgenciesSheet}»", "دستگاه‌های شناخته‌شده؛ دستگاه تازه را با کد لاتین (مانند EDU)، نام و نوع بیفزایید."),
        ("ممنوع", "فرمول، خانه ادغام‌شده و بیش از حد مجاز سطر پذیرفته نیست؛ فایل باید .xlsx باشد."),
    ];

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

    private static Plan? Convert(XlsxReader.SheetContent planSheet, XlsxReader.SheetContent nodesSheet, XlsxReader.SheetContent? reqSheet,
        XlsxReader.SheetContent? agencySheet, IReadOnlyList<KnownAgency> known, List<ImportError> errors)
    {
        var origins = new Origins();
        var doc = new PlanDocument { Agencies = [], Nodes = [] };

        // The plan's own fields: "field | value" rows.
        var fields = new Dictionary<string, (XlsxReader.Cell? Value, int Row)>(StringComparer.Ordinal);
        foreach (var row in planSheet.Rows)
        {
            var name = row.Cells.Values.OrderBy(c => XlsxReader.ColumnIndex(c.Column)).FirstOrDefault();
            var key = XlsxReader.Normalize(name?.Text ?? "");
            if (key == Field) continue;
            if (!PlanFields.Contains(key))
            {
                if (key.Length > 0) errors.Add(new ImportError(PlanSheet, row.Index, Field, $"«{key}» ویژگی شناخته‌شده‌ای نیست؛ ویژگی‌ها: {string.Join("، ", PlanFields)}."));
                continue;
            }
            var valueCell = row.Cells.Values.Where(c => c != name && !c.IsBlank).OrderBy(c => XlsxReader.ColumnIndex(c.Column)).FirstOrDefault();
            fields[key] = (valueCell, row.Index);
            origins.PlanFieldRows[key] = row.Index;
        }
        string? PlanText(string f) => fields.TryGetValue(f, out var v) ? PersianText.Normalize(v.Value?.Text) is { Length: > 0 } t ? t : null : null;
        double? PlanNumber(string f)
        {
            if (!fields.TryGetValue(f, out var v) || v.Value is null) return null;
            if (v.Value.Number is { } n) return n;
            if (PersianText.ParseNumber(v.Value.Text?.Replace('\u2212', '-')) is { } d) return (double)d;
            errors.Add(new ImportError(PlanSheet, v.Row, Value, $"«{v.Value.Text}» برای «{f}» عدد نیست."));
            return null;
        }
        string? PlanDate(string f)
        {
            if (!fields.TryGetValue(f, out var v) || v.Value is null) return null;
            if (v.Value.Number is not null)
            {
                errors.Add(new ImportError(PlanSheet, v.Row, Value, $"«{f}» باید تاریخ شمسی به‌صورت متن باشد (مانند ۱۴۰۴/۰۱/۰۱)، نه عدد یا تاریخ میلادی اکسل."));
                return null;
            }
            return PersianText.Normalize(v.Value.Text);
        }
        int? Whole(string f) => PlanNumber(f) is { } d ? d == Math.Floor(d) ? (int)d : Err(f) : null;
        int? Err(string f)
        {
            errors.Add(new ImportError(PlanSheet, fields[f].Row, Value, $"«{f}» باید عدد صحیح باشد."));
            return null;
        }
        doc.Title = PlanText(FTitle);
        doc.Year = Whole(FYear);
        doc.Start = PlanDate(FStart);
        doc.End = PlanDate(FEnd);
        if (PlanText(FLevels) is { } levels)
            doc.Levels = [.. levels.Split(['،', ',', '\n'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)];
        var verified = PlanText(FVerified);
        bool? verifiedOnly = verified is null ? null : verified is "بله" or "true" or "1" or "آری" ? true : verified is "خیر" or "false" or "0" or "نه" ? false : null;
        if (verified is not null && verifiedOnly is null)
            errors.Add(new ImportError(PlanSheet, fields[FVerified].Row, Value, "«بله» یا «خیر» بنویسید."));
        doc.Settings = new PlanSettingsDocument
        {
            StoppageDays = Whole(FStoppage),
            AtRiskBelow = PlanNumber(FAtRisk),
            BehindBelow = PlanNumber(FBehind),
            VerifiedOnly = verifiedOnly,
            BackdateDays = Whole(FBackdate),
        };

        // Agencies: known ones by code or name; new ones from the sheet are created with the plan.
        var byCode = known.ToDictionary(a => a.Code, StringComparer.Ordinal);
        var byName = known.GroupBy(a => PersianText.Normalize(a.Name)!).ToDictionary(g => g.Key, g => g.First().Code, StringComparer.Ordinal);
        if (agencySheet is not null && Columns(agencySheet, AgencyColumns, [AgencyCode, AgencyName], errors) is { } ac)
        {
            foreach (var row in agencySheet.Rows.Skip(1))
            {
                var cells = new Cells(agencySheet, row, ac, errors);
                var code = cells.Text(AgencyCode)?.ToUpperInvariant();
                var name = cells.Text(AgencyName);
                if (code is null && name is null) continue;
                if (code is not null && byCode.ContainsKey(code)) continue;
                if (code is null) { cells.Error(AgencyCode, "کد دستگاه تازه را با حروف لاتین بنویسید (مانند EDU)."); continue; }
                var kindText = cells.Text(AgencyKind);
                string? kind = null;
                if (kindText is not null)
                {
                    var match = AgencyKinds.All.FirstOrDefault(k => AgencyKinds.PersianName(k) == kindText || PlanDocumentReader.KindName(k) == kindText, (Payesh.Domain.Plans.AgencyKind)(-1));
                    if ((int)match < 0) cells.Error(AgencyKind, $"نوع «{kindText}» شناخته نیست؛ یکی از: {string.Join("، ", AgencyKinds.All.Select(AgencyKinds.PersianName))}.");
                    else kind = PlanDocumentReader.KindName(match);
                }
                origins.AgencyRows[doc.Agencies.Count] = row.Index;
                doc.Agencies.Add(new AgencyDocument { Code = code, Name = name, Kind = kind });
                byCode[code] = new KnownAgency(code, name ?? code, Domain.Plans.AgencyKind.Other);
                if (name is not null) byName.TryAdd(name, code);
            }
        }
        string? AgencyRef(string? text) =>
            text is null ? null : byCode.ContainsKey(text.ToUpperInvariant()) ? text.ToUpperInvariant() : byName.TryGetValue(text, out var c) ? c : text;

        // Nodes: one per row, placed under their parents by code.
        var columns = Columns(nodesSheet, NodeColumns, RequiredNodeColumns, errors);
        if (columns is null) return null;
        var rows = new List<(NodeDocument Node, string Code, string? Parent, int Row)>();
        var codeRows = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var row in nodesSheet.Rows.Skip(1))
        {
            var cells = new Cells(nodesSheet, row, columns, errors);
            var code = cells.Text(Code);
            if (code is null)
            {
                cells.Error(Code, "کد بخش الزامی است.");
                continue;
            }
            if (!codeRows.TryAdd(code, row.Index))
            {
                cells.Error(Code, $"کد «{code}» تکراری است؛ پیش‌تر در سطر {Fa.Int(codeRows[code])} آمده است.");
                continue;
            }
            var node = new NodeDocument
            {
                Code = code,
                Title = cells.Text(Title),
                Weight = cells.Number(Weight),
                Description = cells.Text(Description),
                Agency = AgencyRef(cells.Text(Agency)),
                Collaborators = cells.Text(Collaborators) is { } cs
                    ? [.. cs.Split(['،', ',', '؛', ';', '\n'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(c => AgencyRef(c)!)]
                    : null,
                Start = cells.Date(Start),
                End = cells.Date(End),
                Deliverable = cells.Text(Deliverable),
            };
            if (cells.Text(Curve) is { } curve)
            {
                var match = CurveNames.FirstOrDefault(c => c.Name == curve || string.Equals(PlanDocumentReader.CurveName(c.Kind), curve, StringComparison.OrdinalIgnoreCase));
                if (match.Name is null) cells.Error(Curve, $"منحنی «{curve}» شناخته نیست؛ یکی از «خطی»، «منحنی S» یا «نقاط عطف» را بنویسید.");
                else node.Curve = PlanDocumentReader.CurveName(match.Kind);
            }
            if (cells.Get(Milestones) is { } ms) node.Milestones = ReadMilestones(ms, cells);
            var kpiName = cells.Text(Kpi);
            var kpiUnit = cells.Text(KpiUnit);
            var kpiTarget = cells.Number(KpiTarget);
            if (kpiName is not null || kpiUnit is not null || cells.Get(KpiTarget) is not null)
                node.Kpi = new KpiDocument { Name = kpiName, Unit = kpiUnit, Target = kpiTarget };
            rows.Add((node, code, cells.Text(Parent), row.Index));
            origins.NodeRows[node] = row.Index;
        }
        if (rows.Count == 0 && errors.Count == 0)
            errors.Add(new ImportError(NodesSheet, 2, null, "برگه هیچ بخشی ندارد؛ دست‌کم یک محور بنویسید."));

        // Parents: known codes, no cycles.
        var byNodeCode = rows.ToDictionary(r => r.Code, StringComparer.Ordinal);
        var inCycle = new HashSet<string>(StringComparer.Ordinal);
        foreach (var r in rows)
        {
            if (r.Parent is null) continue;
            if (!byNodeCode.ContainsKey(r.Parent))
            {
                errors.Add(new ImportError(NodesSheet, r.Row, Parent, $"کد والد «{r.Parent}» در برگه نیست."));
                inCycle.Add(r.Code);
                continue;
            }
            if (inCycle.Contains(r.Code)) continue;
            var chain = new List<string> { r.Code };
            for (var p = r.Parent; p is not null && byNodeCode.TryGetValue(p, out var pr); p = pr.Parent)
            {
                if (p == r.Code)
                {
                    chain.Add(p);
                    errors.Add(new ImportError(NodesSheet, r.Row, Parent,
                        $"کدهای والد چرخه می‌سازند ({string.Join(" ← ", chain)})؛ هر بخش باید سرانجام به یک محور (بی‌والد) برسد."));
                    foreach (var c in chain) inCycle.Add(c);
                    break;
                }
                if (chain.Contains(p)) break; // a cycle further up: reported on its own rows
                chain.Add(p);
            }
        }
        var children = rows.Where(r => r.Parent is not null && !inCycle.Contains(r.Code)).ToLookup(r => r.Parent!);
        foreach (var r in rows)
        {
            if (inCycle.Contains(r.Code)) continue;
            var kids = children[r.Code].ToList();
            if (kids.Count > 0) r.Node.Children = [.. kids.Select(k => k.Node)];
            else if (!PlanDocumentReader.HasActionFields(r.Node)) r.Node.Children = [];
            if (r.Parent is null) doc.Nodes.Add(r.Node);
        }

        // Requirements, by the node's code.
        if (reqSheet is not null && Columns(reqSheet, RequirementColumns, [ReqNode, ReqText], errors) is { } rc)
        {
            foreach (var row in reqSheet.Rows.Skip(1))
            {
                var cells = new Cells(reqSheet, row, rc, errors);
                var code = cells.Text(ReqNode);
                if (code is null) { cells.Error(ReqNode, "کد بخش الزامی است."); continue; }
                if (!byNodeCode.TryGetValue(code, out var owner)) { cells.Error(ReqNode, $"بخشی با کد «{code}» در برگه «{NodesSheet}» نیست."); continue; }
                var list = owner.Node.Requirements ??= [];
                origins.RequirementRows[(owner.Node, list.Count)] = row.Index;
                list.Add(new RequirementDocument { Text = cells.Text(ReqText) ?? "", Owner = AgencyRef(cells.Text(ReqOwner)), Deadline = cells.Date(ReqDeadline) });
            }
        }
        if (errors.Count > 0) return null;

        var (plan, problems) = PlanDocumentReader.Read(doc, new HashSet<string>(known.Select(a => a.Code), StringComparer.Ordinal), PlanReadMode.Draft);
        foreach (var p in problems) errors.Add(Locate(p, doc, origins));
        return errors.Count > 0 ? null : plan;
    }

    private static List<MilestoneDocument> ReadMilestones(XlsxReader.Cell cell, Cells cells)
    {
        var list = new List<MilestoneDocument>();
        var text = PersianText.Normalize(cell.Text) ?? "";
        foreach (var part in text.Split(['؛', ';', '\n', '،', ','], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var pair = part.Split(['=', ':'], StringSplitOptions.TrimEntries);
            decimal? pct = pair.Length == 2 ? PersianText.ParseNumber(pair[1]) : null;
            if (pair.Length != 2 || pct is null)
            {
                cells.Error(Milestones, $"«{part}» نقطه عطف درستی نیست؛ قالب: تاریخ=درصد، مانند ۱۴۰۴/۰۵/۳۱=۴۰");
                continue;
            }
            list.Add(new MilestoneDocument { Date = pair[0], Percent = (double)pct.Value });
        }
        return list;
    }

    private static readonly Dictionary<string, string> PlanPathFields = new()
    {
        ["title"] = FTitle,
        ["year"] = FYear,
        ["start"] = FStart,
        ["end"] = FEnd,
        ["levels"] = FLevels,
        ["settings"] = FAtRisk,
        ["settings.stoppageDays"] = FStoppage,
        ["settings.backdateDays"] = FBackdate,
    };

    [GeneratedRegex(@"^agencies\[(\d+)\](?:\.(\w+))?$")]
    private static partial Regex AgencyPath();

    [GeneratedRegex(@"^\.(\w+)(?:\[(\d+)\])?(?:\.(\w+))?$")]
    private static partial Regex Rest();

    /// <summary>Puts one of the reader's errors (a document path) back at its sheet, row and column.</summary>
    private static ImportError Locate(ValidationError e, PlanDocument doc, Origins origins)
    {
        if (PlanPathFields.TryGetValue(e.Path, out var field))
            return new ImportError(PlanSheet, origins.PlanFieldRows.GetValueOrDefault(field), origins.PlanFieldRows.ContainsKey(field) ? Value : field,
                origins.PlanFieldRows.ContainsKey(field) ? e.Message : "این ویژگی در برگه نیست: " + e.Message);
        if (AgencyPath().Match(e.Path) is { Success: true } am)
        {
            int i = int.Parse(am.Groups[1].Value, CultureInfo.InvariantCulture);
            var col = am.Groups[2].Value switch { "name" => AgencyName, "kind" => AgencyKind, _ => AgencyCode };
            return new ImportError(AgenciesSheet, origins.AgencyRows.GetValueOrDefault(i), col, e.Message);
        }
        // The deepest node the path goes through.
        PlanDocumentPaths.Walked? best = null;
        foreach (var w in PlanDocumentPaths.Walk(doc.Nodes, ""))
            if ((e.Path == w.Path || e.Path.StartsWith(w.Path + ".", StringComparison.Ordinal)) && (best is null || w.Path.Length > best.Value.Path.Length))
                best = w;
        if (best is not { } node) return new ImportError(NodesSheet, 0, null, e.Message);
        int row = origins.NodeRows.GetValueOrDefault(node.Node);
        var m = Rest().Match(e.Path[node.Path.Length..]);
        if (!m.Success) return new ImportError(NodesSheet, row, null, e.Message);
        int? k = m.Groups[2].Success ? int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture) : null;
        var hint = " — کد یا نام دستگاه را از برگه «دستگاه‌ها» بنویسید.";
        return m.Groups[1].Value switch
        {
            "code" => new(NodesSheet, row, Code, e.Message),
            "title" => new(NodesSheet, row, Title, e.Message),
            "weight" => new(NodesSheet, row, Weight, e.Message),
            "description" => new(NodesSheet, row, Description, e.Message),
            "agency" => new(NodesSheet, row, Agency, e.Message + (e.Message.Contains("شناخته نیست") ? hint : "")),
            "collaborators" => new(NodesSheet, row, Collaborators, e.Message + (e.Message.Contains("شناخته نیست") ? hint : "")),
            "start" => new(NodesSheet, row, Start, e.Message),
            "end" => new(NodesSheet, row, End, e.Message),
            "curve" => new(NodesSheet, row, Curve, e.Message),
            "milestones" => new(NodesSheet, row, Milestones, k is { } mi ? $"نقطه عطف {Fa.Int(mi + 1)}: {e.Message}" : e.Message),
            "kpi" => new(NodesSheet, row, Kpi, e.Message),
            "requirements" when k is { } ri => new(RequirementsSheet, origins.RequirementRows.GetValueOrDefault((node.Node, ri)),
                m.Groups[3].Value switch { "owner" => ReqOwner, "deadline" => ReqDeadline, _ => ReqText }, e.Message),
            _ => new(NodesSheet, row, null, e.Message),
        };
    }
}
