using Microsoft.EntityFrameworkCore;
using Payesh.Domain.Calendar;
using Payesh.Domain.Plans;
using Payesh.Domain.Progress;
using Payesh.Web.Data;
using Payesh.Web.Data.Model;
using Payesh.Web.Features.Account;
using Payesh.Web.Infrastructure;

namespace Payesh.Web.Features.Plans;

/// <summary>A plan's tree as of a day: the node shown, its path, its children (and below the top level their children),
/// the S-curve, the baseline in force (when there is more than one) and an axis's confidence ratings up to the day.</summary>
public sealed record TreeView(PlanRow Plan, string[] Levels, JalaliDate Day, string? DateError, NodeRow Current,
    IReadOnlyList<NodeRow> Path, IReadOnlyList<(NodeRow Row, List<NodeRow> Children)> Groups, Figures.SCurve SCurve,
    int? Baseline, ConfidenceHistory? Ratings);

/// <summary>The tree page's answer: the tree, or — when the node asked for is an action — that action, to be opened on the day.</summary>
public sealed record TreeAnswer(TreeView? Tree, (long NodeId, JalaliDate Day)? Action);

/// <summary>One action's row of the timeline: its bar and the figures the data table shows.</summary>
public sealed record TimelineRow(GanttBar Bar, long NodeId, string? Agency, ActionFigures Figures);

/// <summary>The timeline (Gantt) of a node's actions as of a day; at most <see cref="TreeQueries.TimelineRows"/> rows of
/// <see cref="ActionCount"/>.</summary>
public sealed record TimelineView(PlanRow Plan, JalaliDate Day, string? DateError, string Title, string? Code, GanttLayout Layout,
    IReadOnlyList<TimelineRow> Rows, int ActionCount);

/// <summary>
/// The reads of a plan's tree and timeline pages: the plan through <see cref="PlanQueries"/> (a plan the user may not see,
/// or a node not in the baseline in force on the day, is not found), titles and agencies from the database, every figure
/// from the engine of the day's baseline (progress-spec § Baselines).
/// </summary>
public sealed class TreeQueries(PayeshDb db, PlanQueries plans, AxisConfidence confidence)
{
    /// <summary>Rows the timeline draws at most; a larger subtree asks for a narrower node.</summary>
    public const int TimelineRows = 400;

    private const string NodeNotFound = "بخشی با این کد در برنامه نیست.";

    /// <summary>The tree at <paramref name="node"/> (a code; none: the whole plan) as of <paramref name="asOf"/> (a Jalali
    /// date; none or a bad one: <see cref="PlanQueries.DefaultDay"/> — a bad one with its error).</summary>
    public async Task<Outcome<TreeAnswer>> TreeAsync(CurrentUser user, long planId, string? asOf, string? node, CancellationToken ct)
    {
        if (await plans.OpenAsync(user, planId, ct) is not var (plan, e)) return Outcome.NotFound(PlanQueries.NotFoundMessage);
        var end = JalaliDate.FromDateOnly(plan.EndDate);
        var (day, dateError) = PlanView.AsOf(asOf, plans.DefaultDay(plan));
        // The tree of the baseline in force on the day (progress-spec § Baselines).
        if (!e.Timeline.TryLocate(node, day.DayNumber, out var engine, out int at)) return Outcome.NotFound(NodeNotFound);
        if (engine.IsAction(at)) return new TreeAnswer(null, (engine.Key(at), day));
        int? baseline = e.Timeline.Count > 1 ? e.Timeline.IndexAt(day.DayNumber) + 1 : null;

        var tree = engine.EvaluateKept(day.DayNumber);
        var ancestors = new List<int>();
        for (int p = engine.Parent(at); p > 0; p = engine.Parent(p)) ancestors.Insert(0, p);
        var children = engine.Children(at);
        // Below the top level, show grandchildren too (programs with their actions).
        var grandchildren = at == engine.Root ? [] : children.SelectMany(c => engine.Children(c)).ToList();
        var rows = await PlanView.RowsAsync(db, e, tree, [.. ancestors, .. at == 0 ? [] : new[] { at }, .. children, .. grandchildren], ct);
        // Axes carry the secretariat's latest delivery-confidence rating as of the day (beside their computed status).
        var rated = await confidence.LatestAsync(planId, day, ct);
        rows = [.. rows.Select(r => r.Depth == 1 && rated.TryGetValue(r.NodeId, out var c) ? r with { Confidence = c } : r)];
        var byIndex = rows.ToDictionary(r => r.Index);
        var current = at == 0
            ? new NodeRow(0, 0, "", plan.Title, 0, false, null, PlanView.Span(engine, 0).Start, PlanView.Span(engine, 0).End, 1, tree.Figures(0),
                Figures.NodeForecast.Of(tree, Figures.NodeForecast.Before(tree), 0))
            : byIndex[at];
        ConfidenceHistory? ratings = null;
        if (current.Depth == 1)
        {
            var history = await confidence.HistoryAsync(user, planId, current.NodeId, ct);
            if (history.Ok) ratings = history.Value! with { Ratings = [.. history.Value!.Ratings.Where(r => r.RatedOn <= day)] };
        }
        var groups = children.Select(c => (byIndex[c], at == 0 ? new List<NodeRow>() : [.. engine.Children(c).Select(g => byIndex[g])])).ToList();

        var start = JalaliDate.FromDateOnly(plan.StartDate);
        var series = e.Series(engine.Code(at), start.DayNumber, end.DayNumber);
        var landing = Figures.NodeForecast.Projection(e, engine.Code(at), day.DayNumber, end.DayNumber);
        var curve = Figures.SCurve.From("scurve", current.Title, series, start, day, landing);
        return new TreeAnswer(new TreeView(plan, plan.Levels.Split('|'), day, dateError, current,
            [.. ancestors.Select(a => byIndex[a])], groups, curve, baseline, ratings), null);
    }

    /// <summary>The timeline of the actions under <paramref name="node"/> (none: the whole plan) as of <paramref name="asOf"/>
    /// (none or a bad one: <see cref="PlanQueries.DefaultDay"/>).</summary>
    public async Task<Outcome<TimelineView>> TimelineAsync(CurrentUser user, long planId, string? asOf, string? node, CancellationToken ct)
    {
        if (await plans.OpenAsync(user, planId, ct) is not var (plan, e)) return Outcome.NotFound(PlanQueries.NotFoundMessage);
        var (day, dateError) = PlanView.AsOf(asOf, plans.DefaultDay(plan));
        if (!e.Timeline.TryLocate(node, day.DayNumber, out var engine, out int at)) return Outcome.NotFound(NodeNotFound);
        var code = at == engine.Root ? null : engine.Code(at);
        var tree = engine.EvaluateKept(day.DayNumber);

        var actions = new List<int>();
        for (int n = at; n < engine.SubtreeEnd(at); n++)
            if (engine.IsAction(n)) actions.Add(n);
        var shown = actions.Take(TimelineRows).ToList();
        var ids = shown.Select(engine.Key).Append(engine.Key(at)).ToList();
        var meta = await db.PlanNodes.AsNoTracking().Where(n => ids.Contains(n.Id))
            .Select(n => new { n.Id, n.Title, Agency = n.LeadAgency == null ? null : n.LeadAgency.Name }).ToDictionaryAsync(n => n.Id, ct);
        var title = at == engine.Root ? plan.Title : meta[engine.Key(at)].Title;

        var items = shown.Select(n =>
        {
            var c = engine.Curve(engine.ActionIndex(n));
            return new GanttItem(engine.Code(n), meta[engine.Key(n)].Title, new JalaliDate(c.Start), new JalaliDate(c.End), tree.Actual(n));
        }).ToList();
        var layout = Gantt.Layout(items, day);
        var rows = shown.Select((n, i) => new TimelineRow(layout.Bars[i], engine.Key(n), meta[engine.Key(n)].Agency,
            engine.Action(engine.ActionIndex(n), day.DayNumber))).ToList();
        return new TimelineView(plan, day, dateError, title, code, layout, rows, actions.Count);
    }
}
