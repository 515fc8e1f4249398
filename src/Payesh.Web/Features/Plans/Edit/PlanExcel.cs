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
    /// <summary>The id of the exported plan: an import reads past it, an update checks the file is of that plan (PlanUpdates).</summary>
    public const string FPlanId = "شناسه برنامه";
    public static readonly string[] PlanFields = [FTitle, FYear, FStart, FEnd, FLevels, FStoppage, FAtRisk, FBehind, FVerified, FBackdate, FPlanId];

    private static readonly (CurveKind Kind, string Name)[] CurveNames =
        [.. CurveKindNames.All.Select(k => (k, k.PersianName()))];

    /// <summary>"خطی، منحنی S یا نقاط عطف" (each in «» when <paramref name="quoted"/>), from the one table of curve names.</summary>
    private static string CurveChoices(bool quoted)
    {
        var names = CurveNames.Select(c => quoted ? $"«{c.Name}»" : c.Name).ToArray();
        return string.Join("، ", names[..^1]) + " یا " + names[^1];
    }

    /// <summary>A known agency, as imports may name it (by code or by name).</summary>
    public sealed record KnownAgency(string Code, string Name, AgencyKind Kind, bool IsActive = true);

    // ---- writing -------------------------------------------------------------------------------------

    /// <summary>The workbook of a plan, or the blank template (<paramref name="plan"/> null). What a person reads as text
    /// (codes, Jalali dates, milestones) has Persian digits (issue 11 § 10); numbers stay numeric cells. The import
    /// reads either digits back (<see cref="PlanCodes.Normalize"/>, <see cref="Payesh.Domain.Calendar.JalaliDate"/>).</summary>
    public static byte[] Write(Plan? plan, IReadOnlyList<KnownAgency> agencies, long? planId = null)
    {
        string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);
        static string? P(object? text) => text?.ToString() is { } s ? PersianText.ToPersianDigits(s) : null;
        var settings = plan?.Settings ?? PlanSettings.Default;
        var planRows = new List<object?[]>
        {
            new object?[] { FTitle, plan?.Title },
            new object?[] { FYear, plan is null ? null : plan.Year },
            new object?[] { FStart, P(plan?.Start) },
            new object?[] { FEnd, P(plan?.End) },
            new object?[] { FLevels, string.Join("، ", plan?.Levels ?? Plan.DefaultLevels) },
            new object?[] { FStoppage, settings.StoppageDays },
            new object?[] { FAtRisk, settings.AtRiskBelow },
            new object?[] { FBehind, settings.BehindBelow },
            new object?[] { FVerified, settings.VerifiedOnly ? "بله" : "خیر" },
            new object?[] { FBackdate, settings.BackdateDays },
        };
        if (planId is { } id) planRows.Add([FPlanId, id]);
        var nodeRows = new List<object?[]>();
        var requirementRows = new List<object?[]>();
        void Add(PlanNode n, string? parent)
        {
            var a = n.Action;
            nodeRows.Add([
                P(n.Code), P(parent), n.Title, n.Weight, n.Description,
                a?.LeadAgency, a is null ? null : string.Join("، ", a.Collaborators) is { Length: > 0 } c ? c : null,
                P(a?.Start), P(a?.End), a is null ? null : CurveNames.First(x => x.Kind == a.Curve).Name,
                a is { Milestones.Count: > 0 } ? P(string.Join("؛ ", a.Milestones.Select(m => $"{m.Day}={F(m.Percent)}"))) : null,
                a?.Deliverable, a?.Kpi?.Name, a?.Kpi?.Unit, a?.Kpi is { } k ? k.Target : null,
            ]);
            foreach (var r in n.Requirements) requirementRows.Add([P(n.Code), r.Text, r.Owner, P(r.Deadline)]);
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
        ($"برگه «{PlanSheet}»", "ویژگی‌های برنامه: عنوان، سال، شروع و پایان (شمسی، مانند ۱۴۰۴/۰۱/۰۱)، نام سطوح با «،» و تنظیمات پایش."),
        ($"برگه «{NodesSheet}»", "هر سطر یک بخش (محور، برنامه یا اقدام). ترتیب سطرها ترتیب نمایش است."),
        (Code, "کد یکتای بخش، مانند ۰۱ یا ۰۱.۰۲.۰۳ (رقم فارسی یا لاتین، هر دو یک کد است)."),
        (Parent, "کد بخش بالاتر؛ برای محورها خالی. کدهای والد نباید چرخه بسازند."),
        (Title, "عنوان بخش (الزامی)."),
        (Weight, "سهم بخش میان هم‌سطح‌هایش؛ خالی یعنی ۱."),
        (Agency, "فقط اقدام‌ها: کد یا نام دستگاه مسئول از برگه «دستگاه‌ها». سطری که دستگاه یا تاریخ دارد اقدام است."),
        (Collaborators, "کد دستگاه‌های همکار، جدا با «،»."),
        ($"{Start} و {End}", "تاریخ شمسی به‌صورت متن، مانند ۱۴۰۴/۰۲/۱۵؛ درون بازه برنامه."),
        (Curve, $"{CurveChoices(quoted: false)} (خالی: {CurveKind.Linear.PersianName()})."),
        (Milestones, "فقط برای منحنی نقاط عطف: تاریخ=درصد، جدا با «؛»، مانند ۱۴۰۴/۰۵/۳۱=۴۰؛ ۱۴۰۴/۰۹/۳۰=۷۵"),
        ($"{Deliverable}، {Kpi}، {KpiUnit}، {KpiTarget}", "خروجی اقدام و شاخص سنجش آن (نام، واحد و مقدار هدف با هم)."),
        ($"برگه «{RequirementsSheet}»", "الزامات و نقشه راه: کد بخش، متن الزام، دستگاه مسئول و مهلت (اختیاری)."),
        ($"برگه «{AgenciesSheet}»", "دستگاه‌های شناخته‌شده؛ دستگاه تازه را با کد لاتین (مانند EDU)، نام و نوع بیفزایید."),
        ("ممنوع", "فرمول، خانه ادغام‌شده و بیش از حد مجاز سطر پذیرفته نیست؛ فایل باید .xlsx باشد."),
    ];
}
