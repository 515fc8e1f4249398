using Htmx;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Payesh.Domain.Calendar;
using Payesh.Domain.Progress;
using Payesh.Web.Data;
using Payesh.Web.Features.Agencies;
using Payesh.Web.Features.Plans;
using Payesh.Web.Features.Progress;
using Payesh.Web.Features.Reports;
using Payesh.Web.Infrastructure;

namespace Payesh.Web.Features.Dashboard;

/// <summary>
/// The governor's dashboard: the whole plan as of a chosen day — headline figures, S-curve, axes,
/// reporting discipline by agency and week, the league table and the stopped and overdue actions.
/// Every figure comes from the progress engine.
/// </summary>
public sealed class IndexModel(PayeshDb db, PlanQueries plans, PlanEngines engines, IConfiguration config, AxisConfidence confidence, DecisionPanel decisions) : PageModel
{
    public sealed record ActionLine(long NodeId, string Code, string Title, string Agency, ActionFigures Figures, int Days);

    [BindProperty(SupportsGet = true)] public long? Plan { get; set; }
    [BindProperty(SupportsGet = true)] public string? AsOf { get; set; }
    [BindProperty(SupportsGet = true)] public string? Node { get; set; }

    public Data.Model.PlanRow? PlanRow { get; private set; }
    public PlanShown Shown { get; private set; } = new(null, [], false);
    public JalaliDate Day { get; private set; }
    public string? DateError { get; private set; }
    public NodeFigures Root { get; private set; } = null!;
    /// <summary>The whole plan's forecast finish (its own pace, <see cref="Figures.NodeForecast"/>).</summary>
    public int? Forecast { get; private set; }
    /// <summary>The plan's figures 7 and 30 days earlier on the same baseline (issue 12 § 6), shown by <c>_Change</c>.</summary>
    public FigureTrends? Trends { get; private set; }
    public List<NodeRow> Axes { get; private set; } = [];
    public List<AgencyScore> League { get; private set; } = [];
    public List<ActionLine> Stopped { get; } = [];
    public List<ActionLine> Overdue { get; } = [];
    public Heatmap Heat { get; private set; } = null!;
    public Figures.SCurve SCurve { get; private set; } = null!;
    /// <summary>Province-wide obstacle and resolution figures as of the day (all organizations).</summary>
    public Payesh.Domain.Obstacles.AccountabilityFigures? Obstacles { get; private set; }
    public string CurveTitle { get; private set; } = "";
    /// <summary>The axes' latest delivery-confidence ratings as of the day, by node id (issue 12 § 6).</summary>
    public IReadOnlyDictionary<long, ConfidenceView> Confidence { get; private set; } = new Dictionary<long, ConfidenceView>();
    /// <summary>«نیازمند تصمیم»: what the governor must decide (issue 12 § 6).</summary>
    public DecisionPanel.Panel? Decisions { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var shown = await plans.ShowOnPageAsync(this, Plan, ct);
        if (!shown.Ok) return NotFound();
        var e = await LoadPlanAsync(shown.Value!, ct);
        if (e is null) return Page();
        // progress-spec § Baselines: the day's figures come from the baseline in force on it.
        var tree = e.At(Day.DayNumber).Evaluate(Day.DayNumber);
        Root = tree.Figures(tree.Engine.Root);
        Forecast = Figures.NodeForecast.Of(tree, Figures.NodeForecast.Before(tree), tree.Engine.Root);
        Trends = FigureTrends.Of(tree);
        Axes = await PlanView.RowsAsync(db, e, tree, tree.Engine.Children(tree.Engine.Root), ct);
        var league = await Scorecard.ComputeAsync(db, e, PlanRow!.Id, Day, ScoreRules.From(config), ct);
        League = league.Scores;
        Obstacles = league.Obstacles.Total;
        await ListsAsync(e, tree, ct);
        Heatmap(league);
        Confidence = await confidence.LatestAsync(PlanRow.Id, Day, ct);
        Decisions = await decisions.ComputeAsync(Account.CurrentUser.From(User)!, PlanRow.Id, tree, Trends, Day, ct);
        Curve(e, e.Engine.Root, PlanRow.Title);
        return Page();
    }

    /// <summary>The S-curve of another node (htmx: only the chart box; without htmx, the whole page with that curve).</summary>
    public async Task<IActionResult> OnGetCurveAsync(CancellationToken ct)
    {
        if (!Request.IsHtmx())
        {
            var asked = Node;
            var page = await OnGetAsync(ct);
            if (PlanRow is null || Root is null) return page;
            Node = asked;
        }
        var shown = await plans.ShowOnPageAsync(this, Plan, ct);
        if (!shown.Ok) return NotFound();
        var e = await LoadPlanAsync(shown.Value!, ct);
        if (e is null) return NotFound();
        if (!e.Engine.TryFind(Node, out int node)) return NotFound();
        var title = node == e.Engine.Root ? PlanRow!.Title
            : await db.PlanNodes.AsNoTracking().Where(n => n.Id == e.Engine.Key(node)).Select(n => n.Title).FirstAsync(ct);
        Curve(e, node, title);
        return Request.IsHtmx() ? Partial("_Curve", this) : Page();
    }

    /// <summary>The plan shown (PlanQueries: the one asked for, else the remembered choice, else the plan in force) and its day.</summary>
    private async Task<PlanEngine?> LoadPlanAsync(PlanShown shown, CancellationToken ct)
    {
        Shown = shown;
        PlanRow = shown.Plan;
        if (PlanRow is null) return null;
        Plan = PlanRow.Id;
        (Day, DateError) = PlanView.AsOf(AsOf, plans.DefaultDay(PlanRow));
        return await engines.GetAsync(db, PlanRow.Id, ct);
    }

    private void Curve(PlanEngine e, int node, string title)
    {
        CurveTitle = title;
        Node = e.Engine.Code(node);
        var start = JalaliDate.FromDateOnly(PlanRow!.StartDate);
        var end = JalaliDate.FromDateOnly(PlanRow.EndDate);
        var series = e.Series(e.Engine.Code(node), start.DayNumber, end.DayNumber);
        var landing = Figures.NodeForecast.Projection(e, Node, Day.DayNumber, end.DayNumber);
        SCurve = Figures.SCurve.From("scurve", title, series, start, Day, landing);
    }

    private async Task ListsAsync(PlanEngine e, TreeFigures tree, CancellationToken ct)
    {
        var stopped = new List<(int Node, ActionFigures F)>();
        var overdue = new List<(int Node, ActionFigures F)>();
        for (int a = 0; a < tree.Engine.ActionCount; a++)
        {
            int node = tree.Engine.NodeOfAction(a);
            var status = tree.Status(node);
            if (status == ProgressStatus.Stopped) stopped.Add((node, tree.Engine.Action(a, Day.DayNumber)));
            else if (status == ProgressStatus.Overdue) overdue.Add((node, tree.Engine.Action(a, Day.DayNumber)));
        }
        var top = stopped.OrderBy(x => x.F.LastProgressDay).Take(15)
            .Concat(overdue.OrderBy(x => tree.Engine.Curve(tree.Engine.ActionIndex(x.Node)).End).Take(15)).ToList();
        var ids = top.Select(x => tree.Engine.Key(x.Node)).ToList();
        var meta = await db.PlanNodes.AsNoTracking().Where(n => ids.Contains(n.Id))
            .Select(n => new { n.Id, n.Title, Agency = n.LeadAgency!.Name }).ToDictionaryAsync(n => n.Id, ct);
        foreach (var (node, f) in stopped.OrderBy(x => x.F.LastProgressDay).Take(15))
        {
            var m = meta[tree.Engine.Key(node)];
            Stopped.Add(new ActionLine(m.Id, tree.Engine.Code(node), m.Title, m.Agency, f, Day.DayNumber - f.LastProgressDay));
        }
        foreach (var (node, f) in overdue.OrderBy(x => tree.Engine.Curve(tree.Engine.ActionIndex(x.Node)).End).Take(15))
        {
            var m = meta[tree.Engine.Key(node)];
            Overdue.Add(new ActionLine(m.Id, tree.Engine.Code(node), m.Title, m.Agency, f, Day.DayNumber - tree.Engine.Curve(tree.Engine.ActionIndex(node)).End));
        }
        StoppedTotal = stopped.Count;
        OverdueTotal = overdue.Count;
    }

    public int StoppedTotal { get; private set; }
    public int OverdueTotal { get; private set; }

    /// <summary>The discipline the league was scored on, week by week (Saturday–Friday, the last one up to the day).</summary>
    private void Heatmap(League league)
    {
        int buckets = league.Weekly.GetLength(1);
        var weeks = Enumerable.Range(0, buckets).Select(b => new JalaliDate(league.From + 7 * b)).ToList();
        var rows = League.OrderBy(s => s.Name).Select(s =>
        {
            var row = new Discipline.Cell[buckets];
            for (int b = 0; b < buckets; b++) row[b] = league.Weekly[s.AgencyId, b];
            return new Heatmap.Row(s.Code, s.Name, row);
        }).ToList();
        Heat = new Heatmap(weeks, rows, Day);
    }

    public string Link(string? code) => $"/Plans/{Plan}?asOf={Day}" + (string.IsNullOrEmpty(code) ? "" : $"&node={Uri.EscapeDataString(code)}");

}
