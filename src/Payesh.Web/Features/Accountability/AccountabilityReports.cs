using Microsoft.EntityFrameworkCore;
using Payesh.Domain.Calendar;
using Payesh.Domain.Progress;
using Payesh.Web.Data;
using Payesh.Web.Features.Account;
using Payesh.Web.Features.Agencies;
using Payesh.Web.Features.Plans;
using Payesh.Web.Features.Progress;
using Payesh.Web.Infrastructure;

namespace Payesh.Web.Features.Accountability;

/// <summary>The accountability report's content, for the page and the Excel export alike. The plan comes from
/// <see cref="PlanQueries"/> (which decided that the user may see it).</summary>
public sealed class AccountabilityReports(PayeshDb db, PlanEngines engines, PlanQueries plans, IConfiguration config, AccountabilityCache cache)
{
    public sealed record Evidence(long NodeId, string Code, string Title, ActionFigures Figures, int Days);

    /// <summary>An agency's row and its evidence: stopped, overdue and behind-schedule (behind or at risk) actions.</summary>
    public sealed record Entry(AgencyScore Score, List<Evidence> Stopped, List<Evidence> Overdue, List<Evidence> Behind)
    {
        public bool HasEvidence => Score.UnderPerforming || Stopped.Count + Overdue.Count + Behind.Count
            + Score.Obstacles.ObstaclesOverdue + Score.Obstacles.ResolutionsOverdue > 0;

        public int MissedReportDays => Score.Discipline.Required - Score.Discipline.Reported;
    }

    public sealed record Report(Data.Model.PlanRow Plan, JalaliDate Day, ScoreRules Rules, NodeFigures Root, List<Entry> Entries);

    /// <summary>The report of a plan the user may see (<see cref="PlanQueries.EngineAsync"/>: a draft is "not found" to anyone
    /// but staff), as of <paramref name="asOf"/>; see <see cref="BuildAsync"/>.</summary>
    public async Task<Outcome<Report>> ReportAsync(CurrentUser user, Data.Model.PlanRow plan, string? asOf, CancellationToken ct)
    {
        if (await plans.EngineAsync(user, plan.Id, ct) is null) return Outcome.NotFound(PlanQueries.NotFoundMessage);
        return await BuildAsync(plan, asOf, ct) is { } report ? report : Outcome.NotFound(PlanQueries.NotFoundMessage);
    }

    /// <summary>As of a day: by default the plan's end (or today for a running plan); never before the plan's first day.
    /// Scores and ranks are the league's (<see cref="Scorecard"/>, the same rules as the dashboard and the scorecard: one
    /// score and one rank per agency and day), discipline over its window.</summary>
    public async Task<Report?> BuildAsync(Data.Model.PlanRow plan, string? asOf, CancellationToken ct)
    {
        var (day, _) = PlanView.AsOf(asOf, plans.DefaultDay(plan));
        var start = JalaliDate.FromDateOnly(plan.StartDate);
        if (day < start) day = start;
        // The stamp is read before the engine catches up and before anything is built, so a cached report is never
        // older than its stamp; a write in between only makes the next request build again.
        long touches = await db.AuditTouchesAsync(ct);
        var e = await engines.GetAsync(db, plan.Id, ct);
        if (e is null) return null;
        var stamp = new AccountabilityCache.Stamp(touches, e.StructureVersion, e.Timeline.Changes);
        if (cache.TryGet(plan.Id, day.DayNumber, stamp, out var cached)) return cached with { Plan = plan };
        var report = await BuildUncachedAsync(plan, day, e, ct);
        cache.Put(plan.Id, day.DayNumber, stamp, report);
        return report;
    }

    private async Task<Report> BuildUncachedAsync(Data.Model.PlanRow plan, JalaliDate day, PlanEngine e, CancellationToken ct)
    {
        var rules = ScoreRules.From(config);
        var league = (await Scorecard.ComputeAsync(db, e, plan.Id, day, rules, ct)).Scores;
        var tree = e.At(day.DayNumber).EvaluateKept(day.DayNumber);

        var evidence = AccountabilityEvidence.Of(tree.Engine, day.DayNumber);
        var titles = (await e.TitlesAsync(db, ct)).Nodes; // read once per plan structure, kept with the engine
        Evidence Item((int Node, ActionFigures F) x, int days) =>
            new(tree.Engine.Key(x.Node), tree.Engine.Code(x.Node), titles[tree.Engine.Key(x.Node)], x.F, days);
        int End(int node) => tree.Engine.Curve(tree.Engine.ActionIndex(node)).End;
        // Rank order (1 = best), as on the dashboard and the scorecard; the under-performers are flagged on their rows.
        var entries = league.Select(s =>
        {
            var lists = AccountabilityEvidence.For(evidence, s.AgencyId);
            return new Entry(s,
                [.. lists.Stopped.Select(x => Item(x, day.DayNumber - x.F.LastProgressDay))],
                [.. lists.Overdue.Select(x => Item(x, day.DayNumber - End(x.Node)))],
                [.. lists.Behind.Select(x => Item(x, 0))]);
        }).ToList();
        return new Report(plan, day, rules, tree.Figures(0), entries);
    }
}
