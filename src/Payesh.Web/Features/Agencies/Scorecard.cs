using Microsoft.EntityFrameworkCore;
using Payesh.Domain.Calendar;
using Payesh.Domain.Progress;
using Payesh.Web.Data;
using Payesh.Web.Features.Progress;
using Payesh.Domain.Obstacles;
using Payesh.Web.Features.Obstacles;
using Payesh.Web.Features.Reports;

namespace Payesh.Web.Features.Agencies;

/// <summary>The composite score's weights and the under-performance rule (docs/scorecard.md), from Payesh:Scorecard.</summary>
public sealed record ScoreRules(double ProgressWeight, double DisciplineWeight, double ContinuityWeight, double ObstaclesWeight,
    double UnderScore, double UnderDeviation, int DisciplineDays)
{
    public static ScoreRules From(IConfiguration config)
    {
        var s = config.GetSection("Payesh:Scorecard");
        return new ScoreRules(
            s.GetValue("ProgressWeight", 0.45), s.GetValue("DisciplineWeight", 0.3), s.GetValue("ContinuityWeight", 0.15),
            s.GetValue("ObstaclesWeight", 0.1),
            s.GetValue("UnderPerformingBelowScore", 60.0), s.GetValue("UnderPerformingBelowDeviation", -15.0), s.GetValue("DisciplineDays", 84));
    }
}

/// <summary>One agency's standing as of a day: engine figures, discipline, and the composite score's parts.</summary>
public sealed record AgencyScore(
    long AgencyId, string Code, string Name, AgencyFigures Figures, Discipline.Cell Discipline, AccountabilityFigures Obstacles,
    double ProgressPart, double DisciplinePart, double ContinuityPart, double ObstaclesPart, double Score, bool UnderPerforming)
{
    /// <summary>Obstacles resolved by their deadline and resolutions carried out on time, over all assigned; 1 when none.</summary>
    public static double ObstaclesShare(AccountabilityFigures o)
    {
        int assigned = o.ObstaclesAssigned + o.ResolutionsAssigned;
        return assigned == 0 ? 1 : (double)(o.ObstaclesResolvedByDeadline + o.ResolutionsOnTime) / assigned;
    }

    /// <summary>Place in the league by score, 1 = best; the same on every page (set by <see cref="Scorecard.ComputeAsync"/>).</summary>
    public int Rank { get; init; }

    public int Actions => Figures.ActionCount;
    public int Stopped => Figures.ActionCounts[ProgressStatus.Stopped];
    public int Overdue => Figures.ActionCounts[ProgressStatus.Overdue];
}

/// <summary>The ranked agencies and the weekly discipline they were scored on (the dashboard's heat map).</summary>
public sealed record League(List<AgencyScore> Scores, Discipline.Cell[,] Weekly, int From, int To, AccountabilityReport Obstacles);

public static class Scorecard
{
    /// <summary>The first day of the discipline window: the Saturday on or after the day <paramref name="days"/> − 1 before
    /// <paramref name="to"/>, so the window is whole Saturday–Friday weeks (the current one up to the day), at most
    /// <paramref name="days"/> long — the heat map's columns are the Iranian week.</summary>
    public static int WindowStart(int to, int days)
    {
        int from = to - days + 1;
        while (DateOnly.FromDayNumber(from).DayOfWeek != DayOfWeek.Saturday && from < to) from++;
        return from;
    }

    /// <summary>Every agency that leads an action, ranked by score (best first, <see cref="AgencyScore.Rank"/> 1).
    /// The one computation of score and rank: the dashboard, the scorecard and the accountability report all call it
    /// with the same rules, so the same day gives the same score and rank everywhere. Discipline is counted over the
    /// <see cref="ScoreRules.DisciplineDays"/> days ending on <paramref name="day"/>, in blocks of 7 days.</summary>
    public static async Task<League> ComputeAsync(PayeshDb db, PlanEngine e, long planId, JalaliDate day, ScoreRules rules, CancellationToken ct)
    {
        var obstacles = await AccountabilityService.ComputeAsync(db, day, ct);
        var plan = await db.Plans.AsNoTracking().Where(p => p.Id == planId).Select(p => new { p.WorkingDays, p.StartDate }).FirstAsync(ct);
        var holidays = (await db.Holidays.AsNoTracking().Select(h => h.Date).ToListAsync(ct)).Select(d => d.DayNumber).ToHashSet();
        int to = day.DayNumber, from = WindowStart(to, rules.DisciplineDays);
        // Kept by the engine for the day (it reads report days up to it) and brought up to date action by action after a
        // report; the working days and the window's holidays are part of the key, so a calendar change is a new entry.
        var windowHolidays = string.Join(',', holidays.Where(h => h >= from && h <= to).Order());
        var workingDays = MissingReports.WorkingDays(plan.WorkingDays);
        var weekly = e.Engine.KeptFor(to, ("discipline", from, plan.WorkingDays, windowHolidays),
            () => Discipline.Compute(e.Engine, from, to, 7, workingDays, holidays),
            (kept, changes) => Discipline.Update(kept, changes, e.Engine, from, to, 7, workingDays, holidays));
        var agencies = await db.Agencies.AsNoTracking().ToDictionaryAsync(a => a.Id, ct);
        var list = new List<AgencyScore>();
        foreach (var f in e.At(day.DayNumber).AgenciesKept(day.DayNumber))
        {
            if (f.ActionCount == 0 || !agencies.TryGetValue(f.Agency, out var agency)) continue;
            int required = 0, reported = 0;
            for (int b = 0; b < weekly.GetLength(1); b++)
            {
                required += weekly[f.Agency, b].Required;
                reported += weekly[f.Agency, b].Reported;
            }
            var cell = new Discipline.Cell(required, reported);
            double progress = f.Planned > 0 ? Math.Min(1, f.Actual / f.Planned) : 1;
            double disciplinePart = cell.Share ?? 1;
            double continuity = 1 - (double)(f.ActionCounts[ProgressStatus.Stopped] + f.ActionCounts[ProgressStatus.Overdue]) / f.ActionCount;
            var figures = obstacles.For(agency.Id);
            double obstaclesPart = AgencyScore.ObstaclesShare(figures);
            double weights = rules.ProgressWeight + rules.DisciplineWeight + rules.ContinuityWeight + rules.ObstaclesWeight;
            double score = weights <= 0 ? 0
                : 100 * (rules.ProgressWeight * progress + rules.DisciplineWeight * disciplinePart + rules.ContinuityWeight * continuity
                         + rules.ObstaclesWeight * obstaclesPart) / weights;
            bool under = score < rules.UnderScore || f.Deviation < rules.UnderDeviation;
            list.Add(new AgencyScore(agency.Id, agency.Code, agency.Name, f, cell, figures, progress, disciplinePart, continuity, obstaclesPart, score, under));
        }
        var ranked = list.OrderByDescending(s => s.Score).ThenBy(s => s.Code, StringComparer.Ordinal).Select((s, i) => s with { Rank = i + 1 });
        return new League([.. ranked], weekly, from, to, obstacles);
    }
}
