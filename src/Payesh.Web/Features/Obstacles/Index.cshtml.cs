using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Payesh.Domain.Calendar;
using Payesh.Domain.Obstacles;
using Payesh.Web.Features.Account;
using Payesh.Web.Infrastructure;

namespace Payesh.Web.Features.Obstacles;

/// <summary>موانع و مشکلات: the register with filters, the agency's own obstacles, and its Excel export; a thin adapter over
/// <see cref="ObstacleQueries.RegisterAsync"/>.</summary>
public sealed class IndexModel(ObstacleQueries queries) : PageModel
{
    [BindProperty(SupportsGet = true)] public ObstacleFilter Filter { get; set; } = new();

    public List<ObstacleRow> Rows { get; private set; } = [];
    public List<(string Code, string Name)> Agencies { get; } = [];
    public JalaliDate Today { get; private set; }
    public DateOnly TodayDate => Today.ToDateOnly();
    public bool CanRegister { get; private set; }
    public bool IsAgency { get; private set; }
    public string? Error { get; private set; }
    /// <summary>The register's figures (the dashboard's, from <see cref="AccountabilityService"/>) when the list is the whole
    /// register (no filter but «open», not an agency's view); otherwise null and the counts are of the listed rows.</summary>
    public AccountabilityFigures? Register { get; private set; }
    public int Open => Register?.ObstaclesOpen ?? Rows.Count(r => r.IsOpen);
    public int Overdue => Register?.ObstaclesOverdue ?? Rows.Count(r => r.IsOverdue(TodayDate));
    public int Escalated => Rows.Count(r => r.IsOpen && r.Escalation != EscalationLevel.None);
    public int Awaiting => Rows.Count(r => r.State == ObstacleState.Assigned);
    public int Jobs => Rows.Where(r => r.IsOpen).Sum(r => r.JobsAtRisk);
    public const int Limit = 500;

    public async Task OnGetAsync(CancellationToken ct)
    {
        var register = await queries.RegisterAsync(CurrentUser.From(User)!, Filter, Limit, figures: true, ct);
        (Today, Rows, CanRegister, IsAgency, Register) = (register.Today, register.Rows, register.CanRegister, register.IsAgency, register.Figures);
        Agencies.AddRange(register.Agencies);
        if (register.BadFilter is not null) Error = "یکی از صافی‌ها مقدار نادرستی دارد.";
    }

    /// <summary>The register as .xlsx: Persian headers, right-to-left sheet, Jalali dates as text.</summary>
    public async Task<IActionResult> OnGetExportAsync(CancellationToken ct)
    {
        var register = await queries.RegisterAsync(CurrentUser.From(User)!, Filter, 100_000, figures: false, ct);
        var (today, rows) = (register.Today, register.Rows);
        var date = today.ToDateOnly();
        var bytes = Xlsx.Write(new Xlsx.Sheet("موانع و مشکلات",
            ["شماره", "عنوان", "شرح", "موضوع", "شدت", "وضعیت", "ارجاع به سطح بالاتر", "دستگاه گزارش‌دهنده", "ثبت‌کننده", "تاریخ ثبت",
             "دستگاه مسئول رفع", "دستگاه‌های همکار", "مهلت رفع", "سررسید گذشته", "تاریخ بستن", "واحدهای درگیر", "شغل در معرض خطر",
             "مبلغ معطل (ریال)", "واحدهای تولیدی", "بخش‌های برنامه"],
            rows.Select(r => new object?[]
            {
                r.Id, r.Title, r.Description, r.Category.PersianName(), r.Severity.PersianName(), r.State.PersianName(),
                r.Escalation == EscalationLevel.None ? null : r.Escalation.PersianName(), r.ReporterAgency ?? "دبیرخانه ستاد", r.ReportedBy,
                ExcelDate(r.ReportedOn), r.LeadAgency, string.Join("، ", r.Others), ExcelDate(r.Deadline),
                r.IsOverdue(date) ? "بله" : "خیر", ExcelDate(r.ClosedOn), r.UnitsAffected, r.JobsAtRisk, r.AmountBlocked,
                string.Join("، ", r.Units), Fa.Digits(string.Join("، ", r.NodeCodes)),
            })));
        return File(bytes, Xlsx.ContentType, $"payesh-obstacles-{today.ToString().Replace('/', '-')}.xlsx");
    }

    public string ExportQuery()
    {
        var q = new List<string> { "handler=Export" };
        void Add(string name, object? value) { if (value is not null && value.ToString() is { Length: > 0 } s) q.Add($"{name}={Uri.EscapeDataString(s)}"); }
        Add("Filter.State", Filter.State);
        Add("Filter.Category", Filter.Category);
        Add("Filter.Severity", Filter.Severity);
        Add("Filter.Agency", Filter.Agency);
        Add("Filter.Escalated", Filter.Escalated?.ToString().ToLowerInvariant());
        Add("Filter.Overdue", Filter.Overdue?.ToString().ToLowerInvariant());
        Add("Filter.Q", Filter.Q);
        if (Filter.Mine == true) Add("Filter.Mine", "true");
        return "?" + string.Join('&', q);
    }

    /// <summary>A date as a person reads it in the sheet (Jalali, Persian digits: issue 11 § 10); the API keeps Latin digits.</summary>
    private static string? ExcelDate(DateOnly? d) => d is { } x ? Fa.Date(x) : null;
}
