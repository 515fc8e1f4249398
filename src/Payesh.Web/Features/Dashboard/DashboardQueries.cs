using Microsoft.EntityFrameworkCore;
using Payesh.Domain.Calendar;
using Payesh.Domain.Progress;
using Payesh.Web.Data;
using Payesh.Web.Data.Model;
using Payesh.Web.Features.Account;
using Payesh.Web.Features.Agencies;
using Payesh.Web.Features.Plans;
using Payesh.Web.Features.Progress;
using Payesh.Web.Features.Reports;
using Payesh.Web.Infrastructure;

namespace Payesh.Web.Features.Dashboard;

/// <summary>A stopped or overdue action on the dashboard; <paramref name="Days"/> since its last progress or past its end.</summary>
public sealed record ActionLine(long NodeId, string Code, string Title, string Agency, ActionFigures Figures, int Days);

/// <summary>One node's S-curve as the dashboard shows it.</summary>
public sealed record DashboardCurve(string Title, string NodeCode, Figures.SCurve SCurve);

/// <summary>Everything the dashboard shows of one plan on one day (every figure from the progress engine).</summary>
public sealed record DashboardView(
    PlanRow Plan, JalaliDate Day, string? DateError, NodeFigures Root, int? Forecast, FigureTrends Trends, List<NodeRow> Axes,
    List<AgencyScore> League, Domain.Obstacles.AccountabilityFigures Obstacles, List<ActionLine> Stopped, List<ActionLine> Overdue,
    int StoppedTotal, int OverdueTotal, Heatmap Heat, DashboardCurve Curve);

/// <summary>
/// The governor's dashboard: the whole plan as of a day. The plan comes from <see cref="PlanQueries"/> and is asked for
/// again here with the user (<see cref="PlanQueries.EngineAsync"/>), so a draft is "not found" to anyone but staff
/// whoever passes it in.
/// </summary>
public sealed class DashboardQueries(PayeshDb db, PlanQueries plans, IConfiguration config)
{
    public const int ListLength = 15;

    /// <summary>The plan's dashboard as of <paramref name="asOf"/> (default: today within the plan), with the plan's S-curve.</summary>
    public async Task<Outcome<DashboardView>> ShowAsync(CurrentUser user, PlanRow plan, string? asOf, CancellationToken ct)
    {
        var (day, dateError) = PlanView.AsOf(asOf, plans.DefaultDay(plan));
        if (await plans.EngineAsync(user, plan.Id, ct) is not { } e) return Outcome.NotFound(PlanQueries.NotFoundMessage);
        // progress-spec § Baselines: the day's figures come from the baseline in force on it. Kept by the engine until
        // a report reaches back to the day, like the figures 7 and 30 days earlier that the trends read.
        var tree = e.At(day.DayNumber).EvaluateKept(day.DayNumber);
        var axes = await PlanView.RowsAsync(db, e, tree, tree.Engine.Children(tree.Engine.Root), ct);
        var league = await Scorecard.ComputeAsync(db, e, plan.Id, day, ScoreRules.From(config), ct);
        var (stopped, overdue, stoppedTotal, overdueTotal) = await ListsAsync(tree, day, ct);
        return new DashboardView(plan, day, dateError, tree.Figures(tree.Engine.Root),
            Figures.NodeForecast.Of(tree, Figures.NodeForecast.Before(tree), tree.Engine.Root), FigureTrends.Of(tree), axes,
            league.Scores, league.Obstacles.Total, stopped, overdue, stoppedTotal, overdueTotal, Heat(league, day),
            Curve(e, e.Engine.Root, plan, plan.Title, day));
    }

    /// <summary>The S-curve of one node of the plan (by code), as of the day; not found for an unknown node or a plan the
    /// user may not see.</summary>
    public async Task<Outcome<DashboardCurve>> CurveAsync(CurrentUser user, PlanRow plan, string? asOf, string? node, CancellationToken ct)
    {
        var (day, _) = PlanView.AsOf(asOf, plans.DefaultDay(plan));
        if (await plans.EngineAsync(user, plan.Id, ct) is not { } e) return Outcome.NotFound(PlanQueries.NotFoundMessage);
        if (!e.Engine.TryFind(node, out int n)) return Outcome.NotFound("این بخش در برنامه نیست.");
        var title = n == e.Engine.Root ? plan.Title
            : await db.PlanNodes.AsNoTracking().Where(x => x.Id == e.Engine.Key(n)).Select(x => x.Title).FirstAsync(ct);
        return Curve(e, n, plan, title, day);
    }

    private static DashboardCurve Curve(PlanEngine e, int node, PlanRow plan, string title, JalaliDate day)
    {
        var start = JalaliDate.FromDateOnly(plan.StartDate);
        var end = JalaliDate.FromDateOnly(plan.EndDate);
        var code = e.Engine.Code(node);
        var series = e.Series(code, start.DayNumber, end.DayNumber);
        var landing = Figures.NodeForecast.Projection(e, code, day.DayNumber, end.DayNumber);
        return new DashboardCurve(title, code, Figures.SCurve.From("scurve", title, series, start, day, landing));
    }

    /// <summary>Every stopped and overdue action of a day, in the order they are listed.</summary>
    private sealed record DayLists(List<(int Action, ActionFigures F)> Stopped, List<(int Action, ActionFigures F)> Overdue);

    /// <summary>The stopped actions (longest without progress first) and the overdue ones (longest past their end first).
    /// The pass over every action is kept by the engine for the day (<see cref="ProgressEngine.KeptFor"/>) and, after a
    /// report, brought up to date for the actions it changed; titles and agency names are read fresh for the few named.</summary>
    private async Task<(List<ActionLine>, List<ActionLine>, int, int)> ListsAsync(TreeFigures tree, JalaliDate day, CancellationToken ct)
    {
        var engine = tree.Engine;
        int End(int node) => engine.Curve(engine.ActionIndex(node)).End;
        int top = tree.Top, d = day.DayNumber;
        var all = engine.KeptFor(d, ("dashboard-lists", top),
            () => Listed(engine, d, top, null, Enumerable.Range(0, engine.ActionCount).ToHashSet()),
            (kept, changes) => Listed(engine, d, top, kept, changes.Select(c => c.Action).ToHashSet()));
        var lists = (Stopped: all.Stopped.Take(ListLength).Select(x => (Node: engine.NodeOfAction(x.Action), x.F)).ToList(),
            Overdue: all.Overdue.Take(ListLength).Select(x => (Node: engine.NodeOfAction(x.Action), x.F)).ToList(),
            StoppedTotal: all.Stopped.Count, OverdueTotal: all.Overdue.Count);
        var ids = lists.Stopped.Concat(lists.Overdue).Select(x => engine.Key(x.Node)).ToList();
        var meta = await db.PlanNodes.AsNoTracking().Where(n => ids.Contains(n.Id))
            .Select(n => new { n.Id, n.Title, Agency = n.LeadAgency!.Name }).ToDictionaryAsync(n => n.Id, ct);
        ActionLine Line((int Node, ActionFigures F) x, int days)
        {
            var m = meta[engine.Key(x.Node)];
            return new ActionLine(m.Id, engine.Code(x.Node), m.Title, m.Agency, x.F, days);
        }
        return ([.. lists.Stopped.Select(x => Line(x, day.DayNumber - x.F.LastProgressDay))],
            [.. lists.Overdue.Select(x => Line(x, day.DayNumber - End(x.Node)))], lists.StoppedTotal, lists.OverdueTotal);
    }

    /// <summary>The stopped and overdue actions among <paramref name="actions"/>, merged into <paramref name="kept"/> (less
    /// those actions) and ordered as a full pass orders them: stopped by last progress day, overdue by end, then by action.</summary>
    private static DayLists Listed(ProgressEngine engine, int day, int top, DayLists? kept, HashSet<int> actions)
    {
        // The day's tree read inside: what is kept must come from the engine as it was when keeping started.
        var now = engine.EvaluateKept(day, top);
        var stopped = kept is null ? [] : kept.Stopped.Where(x => !actions.Contains(x.Action)).ToList();
        var overdue = kept is null ? [] : kept.Overdue.Where(x => !actions.Contains(x.Action)).ToList();
        foreach (int a in actions)
        {
            int node = engine.NodeOfAction(a);
            if (!now.Contains(node)) continue;
            var status = now.Status(node);
            if (status == ProgressStatus.Stopped) stopped.Add((a, engine.Action(a, day)));
            else if (status == ProgressStatus.Overdue) overdue.Add((a, engine.Action(a, day)));
        }
        stopped.Sort((x, y) => x.F.LastProgressDay != y.F.LastProgressDay ? x.F.LastProgressDay.CompareTo(y.F.LastProgressDay) : x.Action.CompareTo(y.Action));
        overdue.Sort((x, y) => engine.Curve(x.Action).End != engine.Curve(y.Action).End
            ? engine.Curve(x.Action).End.CompareTo(engine.Curve(y.Action).End) : x.Action.CompareTo(y.Action));
        return new DayLists(stopped, overdue);
    }

    /// <summary>The discipline the league was scored on, week by week (Saturday–Friday, the last one up to the day).</summary>
    private static Heatmap Heat(League league, JalaliDate day)
    {
        int buckets = league.Weekly.GetLength(1);
        var weeks = Enumerable.Range(0, buckets).Select(b => new JalaliDate(league.From + 7 * b)).ToList();
        var rows = league.Scores.OrderBy(s => s.Name).Select(s =>
        {
            var row = new Discipline.Cell[buckets];
            for (int b = 0; b < buckets; b++) row[b] = league.Weekly[s.AgencyId, b];
            return new Heatmap.Row(s.Code, s.Name, row);
        }).ToList();
        return new Heatmap(weeks, rows, day);
    }
}
