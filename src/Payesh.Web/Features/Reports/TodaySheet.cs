using Payesh.Domain.Calendar;
using Payesh.Domain.Progress;
using Payesh.Web.Data.Model;

namespace Payesh.Web.Features.Reports;

/// <summary>
/// گزارش روزانه of one agency on one day, as <see cref="TodayQueries"/> builds it. <paramref name="Message"/> says why there
/// is no sheet (no plan running, no agency, a day that may not be reported); then <paramref name="Rows"/> is empty.
/// </summary>
/// <param name="ReportDay">The day the sheet reports: today unless a missed day was chosen.</param>
/// <param name="EarliestDay">The earliest day this user may choose (the plan's back-date window; the plan's start for the secretariat).</param>
/// <param name="ActiveCount">Active actions of the agency (before the "pending" filter).</param>
/// <param name="ReportedCount">How many of them have a report for the day.</param>
public sealed record TodaySheet(
    long? PlanId, List<(long Id, string Title)> Plans, bool CanChooseAgency, List<(string Code, string Name)> Agencies, AgencyRow? Agency,
    JalaliDate Today, JalaliDate ReportDay, JalaliDate EarliestDay, List<TodaySheet.Row> Rows, int ActiveCount, int ReportedCount,
    int CompletedHidden, List<TodaySheet.Rejection> Rejections, string? Message)
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

    /// <summary>No sheet, and why.</summary>
    public static TodaySheet Refused(JalaliDate today, string? message, long? planId = null, List<(long, string)>? plans = null) =>
        new(planId, plans ?? [], false, [], null, today, today, today, [], 0, 0, 0, [], message);
}
