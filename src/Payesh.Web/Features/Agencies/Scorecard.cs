using Microsoft.EntityFrameworkCore;
using Payesh.Domain.Calendar;
using Payesh.Domain.Progress;
using Payesh.Web.Data;
using Payesh.Web.Features.Progress;
using Payesh.Web.Features.Reports;

namespace Payesh.Web.Features.Agencies;

/// <summary>The composite score's weights and the under-performance rule (docs/scorecard.md), from Payesh:Scorecard.</summary>
public sealed record ScoreRules(double ProgressWeight, double DisciplineWeight, double ContinuityWeight, double UnderScore, double UnderDeviation, int DisciplineDays)
{
    public static ScoreRules From(IConfiguration config)
    {
        var s = config.GetSection("Payesh:Scorecard");
        return new ScoreRules(
            s.GetValue("ProgressWeight", 0.5), s.GetValue("DisciplineWeight", 0.3), s.GetValue("ContinuityWeight", 0.2),
            s.GetValue("UnderPerformingBelowScore", 60.0), s.GetValue("UnderPerformingBelowDeviation", -15.0), s.GetValue("DisciplineDays", 84));
    }
}

/// <summary>One agency's standing as of a day: engine figures, discipline, and the composite score's parts.</summary>
public sealed record AgencyScore(
    long AgencyId, string Code, string Name, AgencyFigures Figures, Discipline.Cell Discipline,
    double ProgressPart, double DisciplinePart, double ContinuityPart, double Score, bool UnderPerforming)
{
    public int Actions => Figures.ActionCount;
    public int Stopped => Figures.ActionCounts[ProgressStatus.Stopped];
    public int Overdue => Figures.ActionCounts[ProgressStatus.Overdue];
}

public static class Scorecard
{
    /// <summary>Every agency that leads an action, ranked by score (best first).</summary>
    public static async Task<List<AgencyScore>> ComputeAsync(PayeshDb db, PlanEngine e, long planId, JalaliDate day, ScoreRules rules, CancellationToken ct)
    {
        var plan = await db.Plans.AsNoTracking().Where(p => p.Id == planId).Select(p => new { p.WorkingDays, p.StartDate }).FirstAsync(ct);
        var holidays = (await db.Holidays.AsNoTracking().Select(h => h.Date).ToListAsync(ct)).Select(d => d.DayNumber).ToHashSet();
        int to = day.DayNumber, from = Math.Max(plan.StartDate.DayNumber, to - rules.DisciplineDays + 1);
        var discipline = from <= to
            ? Discipline.Compute(e.Engine, from, to, to - from + 1, MissingReports.WorkingDays(plan.WorkingDays), holidays)
            : new Discipline.Cell[e.Engine.AgencyCount, 1];
        var agencies = await db.Agencies.AsNoTracking().ToDictionaryAsync(a => a.Id, ct);
        var list = new List<AgencyScore>();
        foreach (var f in e.Engine.Agencies(day.DayNumber))
        {
            if (f.ActionCount == 0 || !agencies.TryGetValue(f.Agency, out var agency)) continue;
            var cell = discipline[f.Agency, 0] ?? new Discipline.Cell(0, 0);
            double progress = f.Planned > 0 ? Math.Min(1, f.Actual / f.Planned) : 1;
            double disciplinePart = cell.Share ?? 1;
            double continuity = 1 - (double)(f.ActionCounts[ProgressStatus.Stopped] + f.ActionCounts[ProgressStatus.Overdue]) / f.ActionCount;
            double weights = rules.ProgressWeight + rules.DisciplineWeight + rules.ContinuityWeight;
            double score = weights <= 0 ? 0
                : 100 * (rules.ProgressWeight * progress + rules.DisciplineWeight * disciplinePart + rules.ContinuityWeight * continuity) / weights;
            bool under = score < rules.UnderScore || f.Deviation < rules.UnderDeviation;
            list.Add(new AgencyScore(agency.Id, agency.Code, agency.Name, f, cell, progress, disciplinePart, continuity, score, under));
        }
        return [.. list.OrderByDescending(s => s.Score).ThenBy(s => s.Code, StringComparer.Ordinal)];
    }
}
