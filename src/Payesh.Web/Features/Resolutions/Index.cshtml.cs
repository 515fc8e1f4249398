using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Payesh.Domain.Calendar;
using Payesh.Domain.Obstacles;
using Payesh.Web.Features.Account;
using Payesh.Web.Features.Obstacles;
using Payesh.Web.Infrastructure;

namespace Payesh.Web.Features.Resolutions;

/// <summary>مصوبات: every resolution with its state, the implementation rate overall and per agency, and the Excel export; a thin
/// adapter over <see cref="ResolutionQueries.RegisterAsync"/>.</summary>
public sealed class IndexModel(ResolutionQueries queries) : PageModel
{
    [BindProperty(SupportsGet = true)] public ResolutionFilter Filter { get; set; } = new();
    public List<ResolutionRow> Rows { get; private set; } = [];
    public AccountabilityReport Figures { get; private set; } = null!;
    public List<(string Code, string Name)> Agencies { get; } = [];
    public JalaliDate Today { get; private set; }
    public string? Error { get; private set; }
    public string? OwnAgencyCode { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var register = await queries.RegisterAsync(CurrentUser.From(User)!, Filter, 2000, figures: true, ct);
        (Today, Rows, OwnAgencyCode, Figures) = (register.Today, register.Rows, register.OwnAgencyCode, register.Figures!);
        Agencies.AddRange(register.Agencies);
        if (register.BadFilter is not null) Error = "یکی از صافی‌ها مقدار نادرستی دارد.";
    }

    public async Task<IActionResult> OnGetExportAsync(CancellationToken ct)
    {
        var register = await queries.RegisterAsync(CurrentUser.From(User)!, Filter, 100_000, figures: false, ct);
        var (today, rows) = (register.Today, register.Rows);
        var date = today.ToDateOnly();
        var bytes = Xlsx.Write(new Xlsx.Sheet("مصوبات",
            ["شماره", "جلسه", "تاریخ جلسه", "متن مصوبه", "دستگاه مسئول", "تاریخ ابلاغ", "مهلت اعتراض تا", "مهلت اجرا", "وضعیت",
             "معوق", "تاریخ انجام", "به‌موقع", "گزارش پیگیری", "موانع مرتبط", "بخش‌های برنامه"],
            rows.Select(r => new object?[]
            {
                Payesh.Domain.Text.PersianText.ToLatinDigits(r.Number), r.MeetingNumber, ExcelDate(r.MeetingDate), r.Text, r.AgencyName,
                ExcelDate(r.IssuedOn), ExcelDate(r.ObjectionUntil), ExcelDate(r.Deadline), r.StateOn(date).PersianName(),
                r.IsOverdue(date) ? "بله" : "خیر", ExcelDate(r.DoneOn), r.DoneOn is { } d ? (d <= r.Deadline ? "بله" : "خیر") : null,
                r.FollowUps, string.Join("، ", r.Obstacles), Fa.Digits(string.Join("، ", r.Nodes)),
            })));
        return File(bytes, Xlsx.ContentType, $"payesh-resolutions-{today.ToString().Replace('/', '-')}.xlsx");
    }

    public string Query(string? handler = null)
    {
        var q = new List<string>();
        if (handler is not null) q.Add("handler=" + handler);
        if (!string.IsNullOrWhiteSpace(Filter.State)) q.Add("Filter.State=" + Uri.EscapeDataString(Filter.State));
        if (!string.IsNullOrWhiteSpace(Filter.Agency)) q.Add("Filter.Agency=" + Uri.EscapeDataString(Filter.Agency));
        if (Filter.Overdue is { } o) q.Add("Filter.Overdue=" + (o ? "true" : "false"));
        return q.Count == 0 ? "" : "?" + string.Join('&', q);
    }

    /// <summary>A date as a person reads it in the sheet (Jalali, Persian digits: issue 11 § 10); the API keeps Latin digits.</summary>
    private static string? ExcelDate(DateOnly? d) => d is { } x ? Fa.Date(x) : null;
}
