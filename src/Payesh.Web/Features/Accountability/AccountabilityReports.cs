using Microsoft.EntityFrameworkCore;
using Payesh.Domain.Calendar;
using Payesh.Domain.Progress;
using Payesh.Web.Data;
using Payesh.Web.Features.Agencies;
using Payesh.Web.Features.Plans;
using Payesh.Web.Features.Progress;
using Payesh.Web.Infrastructure;

namespace Payesh.Web.Features.Accountability;

/// <summary>The accountability report's content, for the page and the Excel export alike. The plan comes from
/// <see cref="PlanQueries"/> (which decided that the user may see it).</summary>
public sealed class AccountabilityReports(PayeshDb db, PlanEngines engines, PlanQueries plans, IConfiguration config)
{
    public sealed record Evidence(long NodeId, string Code, string Title, ActionFigures Figures, int Days);

    public sealed record Entry(AgencyScore Score, List<Evidence> Stopped, List<Evidence> Overdue)
    {
        public int MissedReportDays => Score.Discipline.Required - Score.Discipline.Reported;
    }

    public sealed record Report(Data.Model.Plan Plan, JalaliDate Day, ScoreRules Rules, NodeFigures Root, List<Entry> Entries);

    /// <summary>By default the whole plan year up to its end (or today for a running plan); the discipline window is
    /// then the whole period. The period never ends before it starts: an earlier day is the plan's first.</summary>
    public async Task<Report?> BuildAsync(Data.Model.Plan plan, string? asOf, CancellationToken ct)
    {
        var (day, _) = PlanView.AsOf(asOf, plans.DefaultDay(plan));
        var start = JalaliDate.FromDateOnly(plan.StartDate);
        if (day < start) day = start;
        var e = await engines.GetAsync(db, plan.Id, ct);
        if (e is null) return null;
        var rules = ScoreRules.From(config) with { DisciplineDays = Math.Max(1, day.DayNumber - plan.StartDate.DayNumber + 1) };
        var league = (await Scorecard.ComputeAsync(db, e, plan.Id, day, rules, ct)).Scores;
        var tree = e.At(day.DayNumber).Evaluate(day.DayNumber);

        var byAgency = new Dictionary<long, (List<(int Node, ActionFigures F)> Stopped, List<(int Node, ActionFigures F)> Overdue)>();
        for (int a = 0; a < tree.Engine.ActionCount; a++)
        {
            int node = tree.Engine.NodeOfAction(a);
            var status = tree.Status(node);
            if (status is not (ProgressStatus.Stopped or ProgressStatus.Overdue)) continue;
            long agency = tree.Engine.AgencyOfAction(a);
            if (!byAgency.TryGetValue(agency, out var lists)) byAgency[agency] = lists = ([], []);
            (status == ProgressStatus.Stopped ? lists.Stopped : lists.Overdue).Add((node, tree.Engine.Action(a, day.DayNumber)));
        }
        var ids = byAgency.Values.SelectMany(l => l.Stopped.Concat(l.Overdue)).Select(x => tree.Engine.Key(x.Node)).ToList();
        var titles = await db.PlanNodes.AsNoTracking().Where(n => ids.Contains(n.Id)).ToDictionaryAsync(n => n.Id, n => n.Title, ct);
        var entries = league
            .OrderByDescending(s => s.UnderPerforming).ThenBy(s => s.Score)
            .Select(s =>
            {
                byAgency.TryGetValue(s.AgencyId, out var lists);
                return new Entry(s,
                    [.. (lists.Stopped ?? []).OrderBy(x => x.F.LastProgressDay).Select(x => new Evidence(tree.Engine.Key(x.Node), tree.Engine.Code(x.Node), titles[tree.Engine.Key(x.Node)], x.F, day.DayNumber - x.F.LastProgressDay))],
                    [.. (lists.Overdue ?? []).OrderBy(x => tree.Engine.Curve(tree.Engine.ActionIndex(x.Node)).End).Select(x => new Evidence(tree.Engine.Key(x.Node), tree.Engine.Code(x.Node), titles[tree.Engine.Key(x.Node)], x.F, day.DayNumber - tree.Engine.Curve(tree.Engine.ActionIndex(x.Node)).End))]);
            }).ToList();
        return new Report(plan, day, rules, tree.Figures(0), entries);
    }
}
