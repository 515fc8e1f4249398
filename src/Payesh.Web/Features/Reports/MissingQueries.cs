using Payesh.Domain.Calendar;
using Payesh.Web.Data;
using Payesh.Web.Data.Model;
using Payesh.Web.Features.Account;
using Payesh.Web.Features.Plans;
using Payesh.Web.Features.Progress;
using Payesh.Web.Infrastructure;

namespace Payesh.Web.Features.Reports;

/// <summary>The missing reports of a day as a user may see them, and what was wrong with the day asked for (then today).</summary>
public sealed record MissingView(MissingReports.Result Result, string? DayError);

/// <summary>
/// گزارش‌های نرسیده as a page shows them (<see cref="MissingReports"/> computes them). Who may see: staff and viewers, for
/// every agency; an agency manager, for their own agency only (<see cref="Access.CanSeeMissing"/>); nobody else. Only a
/// communicated plan the user may see owes reports: a draft or an unknown plan is "not found".
/// </summary>
public sealed class MissingQueries(PayeshDb db, PlanQueries plans, PlanEngines engines, PayeshClock clock)
{
    public const string NotAllowed = "فهرست گزارش‌های نرسیده را دبیرخانه، ناظران و مدیر هر دستگاه می‌بینند.";

    /// <summary>Who owes a report on <paramref name="day"/> (Jalali, any digits; empty or wrong: today) of the plan.</summary>
    public async Task<Outcome<MissingView>> ShowAsync(CurrentUser user, long planId, string? day, CancellationToken ct)
    {
        if (!Access.CanSeeMissing(user, user.AgencyId)) return Outcome.Forbidden(NotAllowed);
        var plan = await plans.FindAsync(user, planId, ct);
        if (plan is null || plan.State != PlanState.Approved) return Outcome.NotFound(PlanQueries.NotFoundMessage);
        var when = clock.Today;
        string? error = null;
        if (!string.IsNullOrWhiteSpace(day))
        {
            if (JalaliDate.TryParse(day, out var d, out var e)) when = d;
            else error = e;
        }
        // Staff and viewers see every agency; an agency manager their own.
        long? agency = Access.IsStaff(user) || user.Roles.Contains(Roles.Viewer) ? null : user.AgencyId;
        return new MissingView(await MissingReports.ComputeAsync(db, engines, plan.Id, when, agency, ct), error);
    }

    /// <summary>Where a gap is filled (issue 11 § 4): the Today page of that agency with that day picked, for users who
    /// may report for the agency (<see cref="Access.CanReport"/>); null for those who may not (viewers).</summary>
    public static string? FillLink(CurrentUser user, long planId, JalaliDate day, MissingReports.AgencyMissing a, MissingReports.MissingAction m) =>
        Access.CanReport(user, a.AgencyId)
            ? $"/Reports/Today?plan={planId}&agency={Uri.EscapeDataString(a.AgencyCode)}&day={Uri.EscapeDataString(day.ToString())}#r{m.NodeId}"
            : null;
}
