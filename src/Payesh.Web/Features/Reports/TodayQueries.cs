using Microsoft.EntityFrameworkCore;
using Payesh.Domain.Calendar;
using Payesh.Domain.Progress;
using Payesh.Domain.Text;
using Payesh.Web.Data;
using Payesh.Web.Data.Model;
using Payesh.Web.Features.Account;
using Payesh.Web.Features.Plans;
using Payesh.Web.Features.Progress;
using Payesh.Web.Infrastructure;

namespace Payesh.Web.Features.Reports;

/// <summary>
/// The daily report sheet (گزارش روزانه). Who sees which sheet: staff choose any active agency; an agency user sees their
/// own agency's sheet only, whatever agency they ask for; a user without an agency gets none. Only a communicated plan
/// running today takes reports (<see cref="TakesReports"/>), and only one the user may see (<see cref="PlanQueries"/>).
/// </summary>
public sealed class TodayQueries(PayeshDb db, PlanQueries plans, PayeshClock clock)
{
    public const string NotTakingReports = "این برنامه گزارش امروز نمی‌پذیرد.";
    public const string NoPlanRunning = "امروز هیچ برنامه ابلاغ‌شده‌ای در جریان نیست.";
    public const string NoAgency = "حساب شما به دستگاهی وصل نیست؛ با دبیرخانه تماس بگیرید.";

    /// <summary>The plans that take reports on <paramref name="today"/>: communicated and running.</summary>
    public static Func<PlanChoice, bool> TakesReports(DateOnly today) =>
        p => p.State == PlanState.Approved && p.Start <= today && p.End >= today;

    /// <summary>The sheet of <paramref name="agencyCode"/> (staff; others: their own agency) on <paramref name="day"/> (empty:
    /// today) of the plan shown (<see cref="PlanQueries.ShowAsync"/> narrowed by <see cref="TakesReports"/>).</summary>
    public Task<TodaySheet> SheetAsync(CurrentUser user, Outcome<PlanShown> shown, string? agencyCode, string? day, bool pending, CancellationToken ct) =>
        BuildAsync(user, shown, agencyCode, day, pending, null, ct);

    /// <summary>One row of the sheet, for the row an htmx save draws again: the same checks as <see cref="SheetAsync"/> (plan,
    /// agency, day), then only <paramref name="nodeId"/>'s action and its report for the day (the rejections are the agency's, as on the sheet). Its rows hold that
    /// row, or none when the action is not on the user's sheet; its counts are of that row.</summary>
    public Task<TodaySheet> RowAsync(CurrentUser user, Outcome<PlanShown> shown, string? agencyCode, string? day, long nodeId, CancellationToken ct) =>
        BuildAsync(user, shown, agencyCode, day, false, nodeId, ct);

    /// <param name="only">One action's row (<see cref="RowAsync"/>); null: every action of the agency.</param>
    private async Task<TodaySheet> BuildAsync(CurrentUser user, Outcome<PlanShown> shown, string? agencyCode, string? day, bool pending, long? only,
        CancellationToken ct)
    {
        var today = clock.Today;
        if (!shown.Ok) return TodaySheet.Refused(today, NotTakingReports);
        var plansShown = shown.Value!.Choices.Select(p => (p.Id, p.Title)).ToList();
        if (shown.Value.Plan is not { } plan) return TodaySheet.Refused(today, NoPlanRunning, plans: plansShown);
        var e = await plans.EngineAsync(user, plan.Id, ct);
        if (e is null || !TakesReports(today.ToDateOnly())(new PlanChoice(plan.Id, plan.Title, plan.Year, plan.StartDate, plan.EndDate, plan.State)))
            return TodaySheet.Refused(today, NotTakingReports);

        var (staff, agencies, agency) = await ReportingAgency.ChooseAsync(db, user, agencyCode, ct);
        var sheet = TodaySheet.Refused(today, null, plan.Id, plansShown) with { CanChooseAgency = staff, Agencies = agencies, Agency = agency };
        if (agency is null) return sheet with { Message = NoAgency };

        var earliest = new JalaliDate(Math.Min(today.DayNumber, e.Rules.EarliestReportDay(today.DayNumber, Access.CanBackdateBeyondLimit(user))));
        var (reportDay, dayError) = ChooseDay(e.Rules, today, earliest, day);
        sheet = sheet with { EarliestDay = earliest, ReportDay = reportDay };
        if (dayError is not null) return sheet with { Message = dayError };

        var agencyId = agency.Id;
        var nodes = db.PlanNodes.AsNoTracking().Where(n => n.PlanId == plan.Id && n.IsAction && !n.IsRemoved && n.LeadAgencyId == agencyId);
        var planReports = db.ProgressReports.AsNoTracking().Where(r => r.PlanId == plan.Id);
        var reports = planReports;
        if (only is { } one) (nodes, reports) = (nodes.Where(n => n.Id == one), reports.Where(r => r.NodeId == one));
        var actions = await nodes.OrderBy(n => n.Code).Select(n => new { n.Id, n.Code, n.Title, n.StartDate, n.EndDate }).ToListAsync(ct);
        int d = reportDay.DayNumber;
        var reportDate = reportDay.ToDateOnly();
        // The value each action stands at for the day (the latest standing report of that day), shown after a reload.
        var onDay = (await reports.Where(r => r.ReportDate == reportDate && r.Status != ReportStatus.Rejected)
                .Join(db.PlanNodes.Where(n => n.LeadAgencyId == agencyId), r => r.NodeId, n => n.Id, (r, n) => new { r.Id, r.NodeId, r.PercentHundredths })
                .ToListAsync(ct))
            .GroupBy(r => r.NodeId).ToDictionary(g => g.Key, g => g.MaxBy(r => r.Id)!.PercentHundredths);
        // The agency's latest rejections, as the whole sheet reads them, also for one row: its open rejection is the same.
        var rejections = await RejectionsAsync(planReports, agencyId, today, ct);
        var openRejection = rejections.Where(r => !r.Corrected).GroupBy(r => r.NodeId).ToDictionary(g => g.Key, g => g.First());

        bool needsReason = e.Rules.BeyondWindow(today.DayNumber, d);
        var rows = new List<TodaySheet.Row>();
        int active = 0, reportedCount = 0, completedHidden = 0;
        foreach (var a in actions)
        {
            if (e.ActionOf(a.Id) < 0) continue;
            var f = e.ActionAt(a.Id, d)!;
            bool reported = onDay.TryGetValue(a.Id, out var value);
            // Active: started or starting within a week, not ended before the plan's day, and not finished before it.
            if (a.StartDate!.Value.DayNumber > d + 7) continue;
            if (f.Status == ProgressStatus.Completed && !reported)
            {
                completedHidden++;
                continue;
            }
            active++;
            if (reported)
            {
                reportedCount++;
                if (pending) continue;
            }
            var input = new TodaySheet.RowInput { NodeId = a.Id, Percent = reported ? PersianText.FormatNumber(value / 100.0, 2) : null };
            rows.Add(new TodaySheet.Row(a.Id, a.Code, a.Title, a.StartDate.Value.DayNumber, a.EndDate!.Value.DayNumber, f,
                f.LastReportDay is { } last ? today.DayNumber - last : null, reported, input, [], false, plan.Id, agency.Code,
                reportDay, needsReason, openRejection.GetValueOrDefault(a.Id)));
        }
        // The cursor starts in the first row not yet reported.
        int first = rows.FindIndex(r => !r.ReportedOnDay);
        if (first >= 0) rows[first] = rows[first] with { Autofocus = true };
        return sheet with { Rows = rows, ActiveCount = active, ReportedCount = reportedCount, CompletedHidden = completedHidden, Rejections = rejections };
    }

    /// <summary>Rejections of the last 30 days' reports of the agency's actions, newest first, each marked corrected when a later
    /// report of the action (not rejected, for the same day or a later one) replaced it.</summary>
    private async Task<List<TodaySheet.Rejection>> RejectionsAsync(IQueryable<ProgressReport> reports, long agencyId, JalaliDate today, CancellationToken ct)
    {
        // Dates, not timestamps: SQLite cannot compare DateTimeOffset.
        var since = today.AddDays(-30).ToDateOnly();
        var rejected = await reports.Where(r => r.Status == ReportStatus.Rejected && r.ReportDate >= since)
            .Join(db.PlanNodes.Where(n => n.LeadAgencyId == agencyId), r => r.NodeId, n => n.Id,
                (r, n) => new { r.Id, r.NodeId, n.Code, n.Title, r.ReportDate, r.PercentHundredths, r.ReviewReason, r.ReviewedAt })
            .OrderByDescending(r => r.Id).Take(50).ToListAsync(ct);
        var rejectedNodes = rejected.Select(r => r.NodeId).Distinct().ToList();
        var later = await reports.Where(r => rejectedNodes.Contains(r.NodeId) && r.ReportDate >= since && r.Status != ReportStatus.Rejected)
            .Select(r => new { r.Id, r.NodeId, r.ReportDate }).ToListAsync(ct);
        return [.. rejected.Take(20).Select(r => new TodaySheet.Rejection(r.Id, r.NodeId, r.Code, r.Title, r.ReportDate, r.PercentHundredths,
            r.ReviewReason, r.ReviewedAt, Corrected: later.Any(l => l.NodeId == r.NodeId && l.Id > r.Id && l.ReportDate >= r.ReportDate)))];
    }

    /// <summary>Reads the chosen day: today by default; a missed day within the plan's back-date window (the secretariat:
    /// back to the plan's start, with a reason per report). A day that may not be reported is refused with the same rule
    /// and words as the report writer, and nothing is shown for it.</summary>
    private static (JalaliDate Day, string? Error) ChooseDay(PlanRules rules, JalaliDate today, JalaliDate earliest, string? day)
    {
        var (d, error) = ReportDay(day, today, new JalaliDate(rules.StartDay));
        if (error is null && d < earliest)
            return (today, $"گزارش را تا {PersianText.ToPersianDigits(rules.BackdateDays)} روز گذشته می‌توان ثبت کرد؛ برای تاریخ قدیمی‌تر با دبیرخانه تماس بگیرید.");
        return (d, error);
    }

    /// <summary>A report day typed by the user (Persian, Arabic or Latin digits): today when empty; refused (today, with why)
    /// when it is not a date, after today or before the plan's <paramref name="start"/>. The Today page and the Excel day sheet
    /// read it alike; the Today page also keeps it within the back-date window.</summary>
    internal static (JalaliDate Day, string? Error) ReportDay(string? day, JalaliDate today, JalaliDate start)
    {
        if (string.IsNullOrWhiteSpace(day)) return (today, null);
        if (!JalaliDate.TryParse(day, out var d, out var error)) return (today, "روز گزارش: " + error);
        if (d > today) return (today, $"روز گزارش ({d.ToPersianString()}) پس از امروز ({today.ToPersianString()}) است.");
        if (d < start) return (today, $"روز گزارش ({d.ToPersianString()}) پیش از شروع برنامه ({start.ToPersianString()}) است.");
        return (d, null);
    }
}
