using Microsoft.EntityFrameworkCore;
using Payesh.Domain.Calendar;
using Payesh.Web.Data;
using Payesh.Web.Data.Model;

namespace Payesh.Web.Features.Reports;

/// <summary>Who owes a report on a day: on the plan's working days (Saturday–Wednesday unless the plan
/// says otherwise, minus holidays), every action that is running and not yet complete needs one.</summary>
public static class MissingReports
{
    public sealed record MissingAction(long NodeId, string Code, string Title);

    public sealed record AgencyMissing(long AgencyId, string AgencyCode, string AgencyName, int Due, List<MissingAction> Missing);

    public sealed record Result(JalaliDate Day, bool WorkingDay, string? WhyNot, List<AgencyMissing> Agencies)
    {
        public int Due => Agencies.Sum(a => a.Due);
        public int MissingCount => Agencies.Sum(a => a.Missing.Count);
    }

    public static IReadOnlySet<int> WorkingDays(string? setting)
    {
        var days = (setting ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(x => int.TryParse(x, out var d) ? d : -1).Where(d => d is >= 0 and <= 6).ToHashSet();
        return days.Count > 0 ? days : new HashSet<int> { 0, 1, 2, 3, 4 };
    }

    public static async Task<Result> ComputeAsync(PayeshDb db, Progress.PlanEngines engines, long planId, JalaliDate day, long? agencyId, CancellationToken ct)
    {
        var plan = await db.Plans.AsNoTracking().FirstAsync(p => p.Id == planId, ct);
        var date = day.ToDateOnly();
        if (!WorkingDays(plan.WorkingDays).Contains(day.DayOfWeek))
            return new Result(day, false, $"{day.WeekdayName} روز کاری گزارش‌دهی نیست.", []);
        var holiday = await db.Holidays.AsNoTracking().FirstOrDefaultAsync(h => h.Date == date, ct);
        if (holiday is not null) return new Result(day, false, $"تعطیل: {holiday.Title}", []);
        if (date < plan.StartDate || date > plan.EndDate) return new Result(day, false, "این روز در بازه برنامه نیست.", []);

        var engine = await engines.GetAsync(db, planId, ct);
        var actions = await db.PlanNodes.AsNoTracking()
            .Where(n => n.PlanId == planId && n.IsAction && !n.IsRemoved && n.StartDate <= date && n.EndDate >= date)
            .Where(n => agencyId == null || n.LeadAgencyId == agencyId)
            .Select(n => new { n.Id, n.Code, n.Title, n.LeadAgencyId }).ToListAsync(ct);
        var reported = (await db.ProgressReports.AsNoTracking()
            .Where(r => r.PlanId == planId && r.ReportDate == date && r.Status != ReportStatus.Rejected && r.Status != ReportStatus.Returned)
            .Select(r => r.NodeId).Distinct().ToListAsync(ct)).ToHashSet();
        var agencies = await db.Agencies.AsNoTracking().ToDictionaryAsync(a => a.Id, ct);
        var result = new List<AgencyMissing>();
        foreach (var g in actions.GroupBy(a => a.LeadAgencyId!.Value))
        {
            var due = g.Where(a =>
            {
                // An action completed before this day owes nothing more.
                int action = engine!.ActionOf(a.Id);
                return action < 0 || engine.Engine.ActualOfAction(action, day.DayNumber - 1) < 100;
            }).ToList();
            var missing = due.Where(a => !reported.Contains(a.Id)).OrderBy(a => a.Code)
                .Select(a => new MissingAction(a.Id, a.Code, a.Title)).ToList();
            var agency = agencies[g.Key];
            result.Add(new AgencyMissing(agency.Id, agency.Code, agency.Name, due.Count, missing));
        }
        return new Result(day, true, null, [.. result.OrderByDescending(a => a.Missing.Count).ThenBy(a => a.AgencyName)]);
    }
}
