using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Payesh.Domain.Calendar;
using Payesh.Web.Data.Model;
using Payesh.Web.Features.Account;
using Payesh.Web.Features.Plans;
using Payesh.Web.Infrastructure;

namespace Payesh.Web.Features.Reports;

/// <summary>برگه روزانه اکسل: download the agency's actions for a day, fill the percentages, upload — all rows or none,
/// under the rules and messages of the batch API (<see cref="DaySheets"/>). A thin adapter over <see cref="SheetQueries.FormAsync"/>
/// (which plan, agency and day) and <see cref="DaySheets"/>.</summary>
[RequestFormLimits(MultipartBodyLengthLimit = DaySheets.MaxUploadBytes + 64 * 1024)]
[RequestSizeLimit(DaySheets.MaxUploadBytes + 64 * 1024)]
public sealed class SheetModel(PlanQueries plans, SheetQueries queries, DaySheets sheets, PayeshClock clock) : PageModel
{
    [BindProperty(SupportsGet = true)] public long? Plan { get; set; }
    [BindProperty(SupportsGet = true)] public string? Agency { get; set; }
    [BindProperty(SupportsGet = true)] public string? Day { get; set; }
    [BindProperty] public IFormFile? Upload { get; set; }

    public List<(long Id, string Title)> Plans { get; private set; } = [];
    public List<(string Code, string Name)> Agencies { get; private set; } = [];
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
        // Reports go to a communicated plan running today; the service checks the plan shown again and chooses the agency.
        var shown = await plans.ShowOnPageAsync(this, Plan, ct, only: TodayQueries.TakesReports(clock.Today.ToDateOnly()));
        var form = await queries.FormAsync(CurrentUser.From(User)!, shown, Agency, Day, ct);
        (Plans, Agencies, PlanRow, CurrentAgency, SheetDay) = (form.Plans, form.Agencies, form.Plan, form.Agency, form.Day);
        (Message, DayError) = (form.Message, form.DayError);
        if (form.Plan is { } plan) Plan = plan.Id;
        if (!form.Ready) return false;
        Agency = form.Agency!.Code;
        Day = SheetDay.ToPersianString();
        return true;
    }
}
