using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Payesh.Domain.Calendar;
using Payesh.Web.Data;
using Payesh.Web.Features.Progress;
using Payesh.Web.Infrastructure;

namespace Payesh.Web.Features.Plans;

/// <summary>A plan's tree as of a chosen day: the current node's figures, its children (and their
/// children), and the S-curve — every figure from the engine.</summary>
public sealed class TreeModel(PayeshDb db, PlanQueries plans, PayeshClock clock, AxisConfidence confidence) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? AsOf { get; set; }
    [BindProperty(SupportsGet = true)] public string? Node { get; set; }

    public Data.Model.PlanRow Plan { get; private set; } = null!;
    public JalaliDate Day { get; private set; }
    public string? DateError { get; private set; }
    public NodeRow Current { get; private set; } = null!;
    public List<NodeRow> Path { get; } = [];
    public List<(NodeRow Row, List<NodeRow> Children)> Groups { get; } = [];
    public string[] Levels { get; private set; } = [];
    public Figures.SCurve SCurve { get; private set; } = null!;
    /// <summary>The number of the baseline in force on the day, when the plan has more than one.</summary>
    public int? Baseline { get; private set; }
    /// <summary>The axis's delivery-confidence ratings, when the node shown is an axis (issue 12 § 6).</summary>
    public ConfidenceHistory? Ratings { get; private set; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        if (await plans.OpenAsync(Account.CurrentUser.From(User)!, id, ct) is not var (plan, e)) return NotFound();
        Plan = plan;
        Levels = plan.Levels.Split('|');
        var today = clock.Today;
        var end = JalaliDate.FromDateOnly(plan.EndDate);
        (Day, DateError) = PlanView.AsOf(AsOf, today > end ? end : today);
        // The tree of the baseline in force on the day (progress-spec § Baselines).
        if (!e.Timeline.TryLocate(Node, Day.DayNumber, out var engine, out int node)) return NotFound();
        if (engine.IsAction(node)) return Redirect($"/Plans/{id}/Action/{engine.Key(node)}?asOf={Day}");
        Baseline = e.Timeline.Count > 1 ? e.Timeline.IndexAt(Day.DayNumber) + 1 : null;

        var tree = engine.Evaluate(Day.DayNumber);
        var ancestors = new List<int>();
        for (int p = engine.Parent(node); p > 0; p = engine.Parent(p)) ancestors.Insert(0, p);
        var children = engine.Children(node);
        // Below the top level, show grandchildren too (programs with their actions).
        var grandchildren = node == engine.Root ? [] : children.SelectMany(c => engine.Children(c)).ToList();
        var rows = await PlanView.RowsAsync(db, e, tree, [.. ancestors, .. node == 0 ? [] : new[] { node }, .. children, .. grandchildren], ct);
        // Axes carry the secretariat's latest delivery-confidence rating as of the day (beside their computed status).
        var rated = await confidence.LatestAsync(id, Day, ct);
        rows = [.. rows.Select(r => r.Depth == 1 && rated.TryGetValue(r.NodeId, out var c) ? r with { Confidence = c } : r)];
        var byIndex = rows.ToDictionary(r => r.Index);
        Current = node == 0
            ? new NodeRow(0, 0, "", plan.Title, 0, false, null, PlanView.Span(engine, 0).Start, PlanView.Span(engine, 0).End, 1, tree.Figures(0),
                Figures.NodeForecast.Of(tree, Figures.NodeForecast.Before(tree), 0))
            : byIndex[node];
        Path.AddRange(ancestors.Select(a => byIndex[a]));
        if (Current.Depth == 1)
        {
            var history = await confidence.HistoryAsync(Account.CurrentUser.From(User)!, id, Current.NodeId, ct);
            if (history.Ok) Ratings = history.Value! with { Ratings = [.. history.Value!.Ratings.Where(r => r.RatedOn <= Day)] };
        }
        foreach (var c in children)
            Groups.Add((byIndex[c], node == 0 ? [] : [.. engine.Children(c).Select(g => byIndex[g])]));

        var start = JalaliDate.FromDateOnly(plan.StartDate);
        var series = e.Series(engine.Code(node), start.DayNumber, end.DayNumber);
        var landing = Figures.NodeForecast.Projection(e, engine.Code(node), Day.DayNumber, end.DayNumber);
        SCurve = Figures.SCurve.From("scurve", Current.Title, series, start, Day, landing);
        return Page();
    }

    public string LevelName(int depth) => depth >= 1 && depth <= Levels.Length ? Levels[depth - 1] : "بخش";

    public string Link(string? code) => $"/Plans/{Plan.Id}?asOf={Day}" + (string.IsNullOrEmpty(code) ? "" : $"&node={Uri.EscapeDataString(code)}");
}
