using Htmx;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Payesh.Domain.Calendar;
using Payesh.Domain.Progress;
using Payesh.Web.Data;
using Payesh.Web.Data.Model;
using Payesh.Web.Features.Account;
using Payesh.Web.Features.Progress;
using Payesh.Web.Features.Plans;
using Payesh.Web.Infrastructure;

namespace Payesh.Web.Features.Reports;

/// <summary>
/// گزارش روزانه: every active action of one agency in one table, each row its own small form
/// (percent, note, justification, evidence) saved with htmx; Enter saves a row and moves to the next.
/// </summary>
[RequestFormLimits(MultipartBodyLengthLimit = 64L * 1024 * 1024)]
[RequestSizeLimit(64L * 1024 * 1024)]
public sealed class TodayModel(PayeshDb db, PlanQueries plans, PlanEngines engines, ReportWriter writer, PayeshClock clock, IConfiguration config) : PageModel
{
    public sealed class RowInput
    {
        public long NodeId { get; set; }
        public string? Percent { get; set; }
        public string? Note { get; set; }
        public string? Justification { get; set; }
        public IFormFile? Evidence { get; set; }
    }

    public sealed record Row(
        long NodeId, string Code, string Title, int Start, int End, ActionFigures Figures, int? DaysSinceReport,
        bool ReportedToday, RowInput Input, Dictionary<string, string> Errors, bool Saved, long PlanId, string AgencyCode)
    {
        public string Key => "r" + NodeId;
    }

    public sealed record Rejection(long ReportId, string Code, string Title, DateOnly Date, int Hundredths, string? Reason, DateTimeOffset? At);

    [BindProperty(SupportsGet = true)] public long? Plan { get; set; }
    [BindProperty(SupportsGet = true)] public string? Agency { get; set; }

    public List<(long Id, string Title)> Plans { get; } = [];
    public List<(string Code, string Name)> Agencies { get; } = [];
    public Data.Model.Agency? CurrentAgency { get; private set; }
    public JalaliDate Today { get; private set; }
    public List<Row> Rows { get; } = [];
    public int CompletedHidden { get; private set; }
    public List<Rejection> Rejections { get; } = [];
    public string? Message { get; private set; }
    public bool CanChooseAgency { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return Page();
        return Page();
    }

    public async Task<IActionResult> OnPostRowAsync([FromForm] RowInput input, CancellationToken ct)
    {
        await LoadAsync(ct);
        var index = Rows.FindIndex(r => r.NodeId == input.NodeId);
        if (index < 0 || Plan is null)
        {
            Message = "این اقدام در فهرست امروز شما نیست.";
            return Request.IsHtmx() ? Content($"<tr><td colspan=\"7\" class=\"text-danger\">{Message}</td></tr>", "text/html") : Page();
        }
        var row = Rows[index];
        var user = CurrentUser.From(User)!;
        var errors = new Dictionary<string, string>();

        Evidence? file = null;
        if (input.Evidence is { Length: > 0 } upload)
        {
            var (read, error) = await EvidenceFiles.ReadAsync(upload, EvidenceFiles.MaxBytes(config), ct);
            if (error is not null) errors["evidence"] = error;
            file = read;
        }
        if (errors.Count == 0)
        {
            var report = new ReportInput
            {
                Action = row.Code,
                Date = Today.ToString(),
                Percent = System.Text.Json.JsonSerializer.SerializeToElement(input.Percent ?? ""),
                Note = input.Note,
                Justification = input.Justification,
            };
            if (string.IsNullOrWhiteSpace(input.Percent)) report.Percent = default;
            var result = await writer.WriteAsync(Plan.Value, [report], user, "", ct);
            if (result is null) errors["percent"] = "برنامه پیدا نشد.";
            else
            {
                foreach (var e in result.Forbidden.Concat(result.Errors)) errors.TryAdd(e.Path, e.Message);
                if (result.Ok && file is not null)
                {
                    file.PlanId = Plan.Value;
                    file.NodeId = row.NodeId;
                    file.ReportId = result.Ids[0];
                    file.UploadedById = user.Id;
                    file.UploadedAt = clock.Now;
                    db.Evidence.Add(file);
                    await db.SaveChangesAsync(ct);
                }
            }
        }

        if (errors.Count > 0)
        {
            // Keep what was typed; say what is wrong, in the row.
            input.Evidence = null;
            Rows[index] = row with { Input = input, Errors = errors, Saved = false };
        }
        else
        {
            var e = (await engines.GetAsync(db, Plan.Value, ct))!;
            var f = e.ActionAt(row.NodeId, Today.DayNumber)!;
            Rows[index] = row with { Figures = f, DaysSinceReport = 0, ReportedToday = true, Input = new RowInput { NodeId = row.NodeId }, Errors = [], Saved = true };
        }
        if (Request.IsHtmx()) return Partial("_TodayRow", Rows[index]);
        Message = errors.Count > 0 ? "گزارش ذخیره نشد؛ خطای ردیف را ببینید." : "گزارش ذخیره شد.";
        return Page();
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        var user = CurrentUser.From(User)!;
        Today = clock.Today;
        var todayDate = Today.ToDateOnly();
        CanChooseAgency = Access.IsStaff(user);
        // Reports go to a communicated plan running today (PlanQueries: a draft is not even found for an agency).
        var shown = await plans.ShowOnPageAsync(this, Plan, ct,
            only: p => p.State == PlanState.Approved && p.Start <= todayDate && p.End >= todayDate);
        if (!shown.Ok)
        {
            Message = "این برنامه گزارش امروز نمی‌پذیرد.";
            Plan = null;
            return false;
        }
        Plans.AddRange(shown.Value!.Choices.Select(p => (p.Id, p.Title)));
        if (shown.Value.Plan is null)
        {
            Message = "امروز هیچ برنامه ابلاغ‌شده‌ای در جریان نیست.";
            return false;
        }
        Plan = shown.Value.Plan.Id;

        if (CanChooseAgency)
        {
            var all = await db.Agencies.AsNoTracking().Where(a => a.IsActive).OrderBy(a => a.Name).ToListAsync(ct);
            Agencies.AddRange(all.Select(a => (a.Code, a.Name)));
            CurrentAgency = all.FirstOrDefault(a => a.Code == Agency) ?? all.FirstOrDefault();
        }
        else if (user.AgencyId is { } own)
        {
            CurrentAgency = await db.Agencies.AsNoTracking().FirstOrDefaultAsync(a => a.Id == own, ct);
        }
        if (CurrentAgency is null)
        {
            Message = "حساب شما به دستگاهی وصل نیست؛ با دبیرخانه تماس بگیرید.";
            return false;
        }
        Agency = CurrentAgency.Code;

        var engine = await engines.GetAsync(db, Plan!.Value, ct);
        if (engine is null) return false;
        var agencyId = CurrentAgency.Id;
        var actions = await db.PlanNodes.AsNoTracking()
            .Where(n => n.PlanId == Plan && n.IsAction && !n.IsRemoved && n.LeadAgencyId == agencyId)
            .OrderBy(n => n.Code).Select(n => new { n.Id, n.Code, n.Title, n.StartDate, n.EndDate }).ToListAsync(ct);
        int day = Today.DayNumber;
        foreach (var a in actions)
        {
            int action = engine.ActionOf(a.Id);
            if (action < 0) continue;
            var f = engine.ActionAt(a.Id, day)!;
            bool reportedToday = f.LastReportDay == day;
            // Active: started or starting within a week, and not finished before today.
            if (a.StartDate!.Value.DayNumber > day + 7) continue;
            if (f.Status == ProgressStatus.Completed && !reportedToday)
            {
                CompletedHidden++;
                continue;
            }
            Rows.Add(new Row(a.Id, a.Code, a.Title, a.StartDate.Value.DayNumber, a.EndDate!.Value.DayNumber, f,
                f.LastReportDay is { } last ? day - last : null, reportedToday, new RowInput { NodeId = a.Id }, [], false, Plan.Value, CurrentAgency.Code));
        }

        // Rejections of the last 30 days' reports (dates, not timestamps: SQLite cannot compare DateTimeOffset).
        var since = Today.AddDays(-30).ToDateOnly();
        var rejected = await db.ProgressReports.AsNoTracking()
            .Where(r => r.PlanId == Plan && r.Status == ReportStatus.Rejected && r.ReportDate >= since)
            .Join(db.PlanNodes.Where(n => n.LeadAgencyId == agencyId), r => r.NodeId, n => n.Id,
                (r, n) => new { r.Id, n.Code, n.Title, r.ReportDate, r.PercentHundredths, r.ReviewReason, r.ReviewedAt })
            .OrderByDescending(r => r.Id).Take(20).ToListAsync(ct);
        Rejections.AddRange(rejected.Select(r => new Rejection(r.Id, r.Code, r.Title, r.ReportDate, r.PercentHundredths, r.ReviewReason, r.ReviewedAt)));
        return true;
    }
}
