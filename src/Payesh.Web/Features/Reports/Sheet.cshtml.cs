using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Payesh.Domain.Calendar;
using Payesh.Web.Data;
using Payesh.Web.Data.Model;
using Payesh.Web.Features.Account;
using Payesh.Web.Features.Plans;
using Payesh.Web.Infrastructure;

namespace Payesh.Web.Features.Reports;

/// <summary>برگه روزانه اکسل: download the agency's actions for a day, fill the percentages, upload — all rows or none,
/// under the rules and messages of the batch API (<see cref="DaySheets"/>).</summary>
[RequestFormLimits(MultipartBodyLengthLimit = DaySheets.MaxUploadBytes + 64 * 1024)]
[RequestSizeLimit(DaySheets.MaxUploadBytes + 64 * 1024)]
public sealed class SheetModel(PayeshDb db, PlanQueries plans, DaySheets sheets, PayeshClock clock) : PageModel
{
    [BindProperty(SupportsGet = true)] public long? Plan { get; set; }
    [BindProperty(SupportsGet = true)] public string? Agency { get; set; }
    [BindProperty(SupportsGet = true)] public string? Day { get; set; }
    [BindProperty] public IFormFile? Upload { get; set; }

    public List<(long Id, string Title)> Plans { get; } = [];
    public List<(string Code, string Name)> Agencies { get; } = [];
    public AgencyRow? CurrentAgency { get; private set; }
    public PlanRow? PlanRow { get; private set; }
    public JalaliDate SheetDay { get; private set; }
    public string? Message { get; private set; }
    public string? DayError { get; private set; }
    public DaySheets.Ingested? Result { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnGetDownloadAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct) || DayError is not null) return Page();
        var bytes = await sheets.WriteAsync(PlanRow!, CurrentAgency!.Id, SheetDay, ct);
        return File(bytes, Xlsx.ContentType, $"payesh-day-{CurrentAgency.Code}-{SheetDay.ToString().Replace('/', '-')}.xlsx");
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return Page();
        if (Upload is null || Upload.Length == 0) Result = new DaySheets.Ingested(0, ["برگه روزانه پرشده را برگزینید."]);
        else if (Upload.Length > DaySheets.MaxUploadBytes) Result = new DaySheets.Ingested(0, ["فایل بزرگ‌تر از ۵ مگابایت است."]);
        else
        {
            using var buffer = new MemoryStream();
            await Upload.CopyToAsync(buffer, ct);
            Result = await sheets.IngestAsync(PlanRow!.Id, buffer.ToArray(), CurrentUser.From(User)!, ct);
        }
        return Page();
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        var user = CurrentUser.From(User)!;
        var today = clock.Today;
        var todayDate = today.ToDateOnly();
        var shown = await plans.ShowOnPageAsync(this, Plan, ct, only: p => p.State == PlanState.Approved && p.Start <= todayDate && p.End >= todayDate);
        if (!shown.Ok || shown.Value!.Plan is null)
        {
            Message = "امروز هیچ برنامه ابلاغ‌شده‌ای در جریان نیست که گزارش بپذیرد.";
            return false;
        }
        Plans.AddRange(shown.Value.Choices.Select(p => (p.Id, p.Title)));
        PlanRow = shown.Value.Plan;
        Plan = PlanRow.Id;
        if (Access.IsStaff(user))
        {
            var all = await db.Agencies.AsNoTracking().Where(a => a.IsActive).OrderBy(a => a.Name).ToListAsync(ct);
            Agencies.AddRange(all.Select(a => (a.Code, a.Name)));
            CurrentAgency = all.FirstOrDefault(a => a.Code == Agency) ?? all.FirstOrDefault();
        }
        else if (user.AgencyId is { } own) CurrentAgency = await db.Agencies.AsNoTracking().FirstOrDefaultAsync(a => a.Id == own, ct);
        if (CurrentAgency is null)
        {
            Message = "حساب شما به دستگاهی وصل نیست؛ با دبیرخانه تماس بگیرید.";
            return false;
        }
        Agency = CurrentAgency.Code;
        SheetDay = today;
        if (!string.IsNullOrWhiteSpace(Day))
        {
            if (!JalaliDate.TryParse(Day, out var d, out var error)) DayError = "روز گزارش: " + error;
            else if (d > today) DayError = $"روز گزارش ({d.ToPersianString()}) پس از امروز ({today.ToPersianString()}) است.";
            else if (d.ToDateOnly() < PlanRow.StartDate) DayError = $"روز گزارش ({d.ToPersianString()}) پیش از شروع برنامه است.";
            else SheetDay = d;
        }
        Day = SheetDay.ToPersianString();
        return true;
    }
}
