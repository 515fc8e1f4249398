using System.Globalization;
using Htmx;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Payesh.Domain.Calendar;
using Payesh.Domain.Progress;
using Payesh.Domain.Text;
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
public sealed class TodayModel(PayeshDb db, PlanQueries plans, PlanEngines engines, ReportCommands writer, PayeshClock clock, IConfiguration config) : PageModel
{
    public sealed class RowInput
    {
        public long NodeId { get; set; }
        public string? Percent { get; set; }
        public string? Note { get; set; }
        public string? Justification { get; set; }
        public string? BackdateReason { get; set; }
        public IFormFile? Evidence { get; set; }
    }

    /// <param name="Day">The day the row reports (today or a missed day).</param>
    /// <param name="ReportedOnDay">A report for <paramref name="Day"/> stands (not rejected); its value is shown in the input.</param>
    /// <param name="NeedsReason">The day is beyond the agencies' window: the secretariat gives a reason.</param>
    /// <param name="Rejected">The action's latest report was rejected and not yet corrected.</param>
    public sealed record Row(
        long NodeId, string Code, string Title, int Start, int End, ActionFigures Figures, int? DaysSinceReport,
        bool ReportedOnDay, RowInput Input, Dictionary<string, string> Errors, bool Saved, long PlanId, string AgencyCode,
        JalaliDate Day, bool NeedsReason, Rejection? Rejected, bool Autofocus = false)
    {
        public string Key => "r" + NodeId;
    }

    /// <param name="Corrected">A later report of the action (not rejected, for the same day or later) has replaced it.</param>
    public sealed record Rejection(long ReportId, long NodeId, string Code, string Title, DateOnly Date, int Hundredths, string? Reason, DateTimeOffset? At, bool Corrected);

    [BindProperty(SupportsGet = true)] public long? Plan { get; set; }
    [BindProperty(SupportsGet = true)] public string? Agency { get; set; }
    /// <summary>The day to report (a missed day within the plan's window); empty: today.</summary>
    [BindProperty(SupportsGet = true)] public string? Day { get; set; }
    /// <summary>Only the rows not yet reported for the day.</summary>
    [BindProperty(SupportsGet = true)] public bool Pending { get; set; }

    public List<(long Id, string Title)> Plans { get; } = [];
    public List<(string Code, string Name)> Agencies { get; } = [];
    public Data.Model.AgencyRow? CurrentAgency { get; private set; }
    public JalaliDate Today { get; private set; }
    /// <summary>The day the sheet reports: today unless a missed day was chosen.</summary>
    public JalaliDate ReportDay { get; private set; }
    /// <summary>The earliest day this user may choose (the plan's back-date window; the plan's start for the secretariat).</summary>
    public JalaliDate EarliestDay { get; private set; }
    public bool IsToday => ReportDay == Today;
    public List<Row> Rows { get; } = [];
    /// <summary>Active actions of the agency, and how many of them have a report for the day (before the "pending" filter).</summary>
    public int ActiveCount { get; private set; }
    public int ReportedCount { get; private set; }
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
        if (index < 0 || Plan is null || Message is not null)
        {
            Message ??= "این اقدام در فهرست امروز شما نیست.";
            return Request.IsHtmx() ? Content($"<tr><td colspan=\"7\" class=\"text-danger\">{System.Net.WebUtility.HtmlEncode(Message)}</td></tr>", "text/html") : Page();
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
                Date = ReportDay.ToString(),
                Percent = System.Text.Json.JsonSerializer.SerializeToElement(input.Percent ?? ""),
                Note = input.Note,
                Justification = input.Justification,
                BackdateReason = input.BackdateReason,
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
            var f = e.ActionAt(row.NodeId, ReportDay.DayNumber)!;
            var shown = new RowInput { NodeId = row.NodeId, Percent = PersianText.FormatNumber(ReportedValue(input.Percent), 2) };
            Rows[index] = row with { Figures = f, DaysSinceReport = Today.DayNumber - Math.Max(ReportDay.DayNumber, f.LastReportDay ?? int.MinValue), ReportedOnDay = true, Input = shown, Errors = [], Saved = true, Rejected = null };
        }
        // The answer replaces one row: the page's cursor is moved by site.js, not by autofocus.
        if (Request.IsHtmx()) return Partial("_TodayRow", Rows[index] with { Autofocus = false });
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
        if (!ChooseDay(engine.Rules, user)) return false;

        var agencyId = CurrentAgency.Id;
        var actions = await db.PlanNodes.AsNoTracking()
            .Where(n => n.PlanId == Plan && n.IsAction && !n.IsRemoved && n.LeadAgencyId == agencyId)
            .OrderBy(n => n.Code).Select(n => new { n.Id, n.Code, n.Title, n.StartDate, n.EndDate }).ToListAsync(ct);
        int day = ReportDay.DayNumber;
        var reportDate = ReportDay.ToDateOnly();
        // The value each action stands at for the day (the latest standing report of that day), shown after a reload.
        var onDay = (await db.ProgressReports.AsNoTracking()
                .Where(r => r.PlanId == Plan && r.ReportDate == reportDate && r.Status != ReportStatus.Rejected)
                .Join(db.PlanNodes.Where(n => n.LeadAgencyId == agencyId), r => r.NodeId, n => n.Id, (r, n) => new { r.Id, r.NodeId, r.PercentHundredths })
                .ToListAsync(ct))
            .GroupBy(r => r.NodeId).ToDictionary(g => g.Key, g => g.MaxBy(r => r.Id)!.PercentHundredths);

        // Rejections of the last 30 days' reports not yet corrected by a later report of the same action
        // (dates, not timestamps: SQLite cannot compare DateTimeOffset).
        var since = Today.AddDays(-30).ToDateOnly();
        var rejected = await db.ProgressReports.AsNoTracking()
            .Where(r => r.PlanId == Plan && r.Status == ReportStatus.Rejected && r.ReportDate >= since)
            .Join(db.PlanNodes.Where(n => n.LeadAgencyId == agencyId), r => r.NodeId, n => n.Id,
                (r, n) => new { r.Id, r.NodeId, n.Code, n.Title, r.ReportDate, r.PercentHundredths, r.ReviewReason, r.ReviewedAt })
            .OrderByDescending(r => r.Id).Take(50).ToListAsync(ct);
        var rejectedNodes = rejected.Select(r => r.NodeId).Distinct().ToList();
        // Corrected: a later report of the action, not rejected, for the same day or a later one.
        var later = await db.ProgressReports.AsNoTracking()
            .Where(r => r.PlanId == Plan && rejectedNodes.Contains(r.NodeId) && r.ReportDate >= since && r.Status != ReportStatus.Rejected)
            .Select(r => new { r.Id, r.NodeId, r.ReportDate }).ToListAsync(ct);
        Rejections.AddRange(rejected.Take(20).Select(r => new Rejection(r.Id, r.NodeId, r.Code, r.Title, r.ReportDate, r.PercentHundredths, r.ReviewReason, r.ReviewedAt,
            Corrected: later.Any(l => l.NodeId == r.NodeId && l.Id > r.Id && l.ReportDate >= r.ReportDate))));
        var openRejection = Rejections.Where(r => !r.Corrected).GroupBy(r => r.NodeId).ToDictionary(g => g.Key, g => g.First());

        bool needsReason = engine.Rules.BeyondWindow(Today.DayNumber, day);
        foreach (var a in actions)
        {
            int action = engine.ActionOf(a.Id);
            if (action < 0) continue;
            var f = engine.ActionAt(a.Id, day)!;
            bool reported = onDay.TryGetValue(a.Id, out var value);
            // Active: started or starting within a week, not ended before the plan's day, and not finished before it.
            if (a.StartDate!.Value.DayNumber > day + 7) continue;
            if (f.Status == ProgressStatus.Completed && !reported)
            {
                CompletedHidden++;
                continue;
            }
            ActiveCount++;
            if (reported)
            {
                ReportedCount++;
                if (Pending) continue;
            }
            var input = new RowInput { NodeId = a.Id, Percent = reported ? PersianText.FormatNumber(value / 100.0, 2) : null };
            Rows.Add(new Row(a.Id, a.Code, a.Title, a.StartDate.Value.DayNumber, a.EndDate!.Value.DayNumber, f,
                f.LastReportDay is { } last ? Today.DayNumber - last : null, reported, input, [], false, Plan.Value, CurrentAgency.Code,
                ReportDay, needsReason, openRejection.GetValueOrDefault(a.Id)));
        }
        // The cursor starts in the first row not yet reported.
        int first = Rows.FindIndex(r => !r.ReportedOnDay);
        if (first >= 0) Rows[first] = Rows[first] with { Autofocus = true };
        return true;
    }

    /// <summary>Reads the chosen day: today by default; a missed day within the plan's back-date window (the
    /// secretariat: back to the plan's start, with a reason per report). A day that may not be reported is refused
    /// with the same rule and words as the report writer, and nothing is shown for it.</summary>
    private bool ChooseDay(PlanRules rules, CurrentUser user)
    {
        ReportDay = Today;
        EarliestDay = new JalaliDate(Math.Min(Today.DayNumber, rules.EarliestReportDay(Today.DayNumber, Access.CanBackdateBeyondLimit(user))));
        if (string.IsNullOrWhiteSpace(Day)) return true;
        if (!JalaliDate.TryParse(Day, out var d, out var error)) Message = "روز گزارش: " + error;
        else if (d > Today) Message = $"روز گزارش ({d.ToPersianString()}) پس از امروز ({Today.ToPersianString()}) است.";
        else if (d.DayNumber < rules.StartDay) Message = $"روز گزارش ({d.ToPersianString()}) پیش از شروع برنامه ({new JalaliDate(rules.StartDay).ToPersianString()}) است.";
        else if (d < EarliestDay)
            Message = $"گزارش را تا {PersianText.ToPersianDigits(rules.BackdateDays)} روز گذشته می‌توان ثبت کرد؛ برای تاریخ قدیمی‌تر با دبیرخانه تماس بگیرید.";
        else ReportDay = d;
        Day = ReportDay.ToPersianString();
        return Message is null;
    }

    /// <summary>Where a rejected report is corrected: its own day while it is within the window, else today's sheet.</summary>
    public string CorrectLink(Rejection r)
    {
        var day = JalaliDate.FromDateOnly(r.Date);
        var query = $"?plan={Plan}&agency={Uri.EscapeDataString(Agency ?? "")}";
        if (day >= EarliestDay && day != Today) query += "&day=" + day;
        return "/Reports/Today" + query + "#r" + r.NodeId;
    }

    private static double ReportedValue(string? percent) => (ReportCommands.CheckPercent(PersianText.ParseNumber(percent), false, out _) ?? 0) / 100.0;
}
