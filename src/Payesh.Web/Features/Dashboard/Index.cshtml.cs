using Htmx;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Payesh.Domain.Calendar;
using Payesh.Domain.Progress;
using Payesh.Web.Features.Account;
using Payesh.Web.Features.Agencies;
using Payesh.Web.Features.Plans;

namespace Payesh.Web.Features.Dashboard;

/// <summary>
/// The governor's dashboard: the whole plan as of a chosen day — headline figures, S-curve, axes,
/// reporting discipline by agency and week, the league table and the stopped and overdue actions.
/// A thin adapter over <see cref="DashboardQueries"/>.
/// </summary>
public sealed class IndexModel(PlanQueries plans, DashboardQueries dashboard, AxisConfidence confidence, DecisionPanel decisions) : PageModel
{
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
    public List<ActionLine> Stopped { get; private set; } = [];
    public List<ActionLine> Overdue { get; private set; } = [];
    public int StoppedTotal { get; private set; }
    public int OverdueTotal { get; private set; }
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
        Shown = shown.Value!;
        if (Shown.Plan is null) return Page();
        var view = await dashboard.ShowAsync(CurrentUser.From(User)!, Shown.Plan, AsOf, ct);
        if (!view.Ok) return NotFound();
        var v = view.Value!;
        (PlanRow, Plan, Day, DateError, Root, Forecast, Trends) = (v.Plan, v.Plan.Id, v.Day, v.DateError, v.Root, v.Forecast, v.Trends);
        (Axes, League, Obstacles, Stopped, Overdue, StoppedTotal, OverdueTotal, Heat) =
            (v.Axes, v.League, v.Obstacles, v.Stopped, v.Overdue, v.StoppedTotal, v.OverdueTotal, v.Heat);
        ShowCurve(v.Curve);
        Confidence = await confidence.LatestAsync(v.Plan.Id, Day, ct);
        if (v.Trends is { } trends) Decisions = await decisions.ComputeAsync(CurrentUser.From(User)!, v.Plan.Id, trends.Now, trends, Day, ct);
        return Page();
    }

    /// <summary>The S-curve of another node (htmx: only the chart box; without htmx, the whole page with that curve).</summary>
    public async Task<IActionResult> OnGetCurveAsync(CancellationToken ct)
    {
        var asked = Node;
        if (!Request.IsHtmx())
        {
            var page = await OnGetAsync(ct);
            if (PlanRow is null) return page;
        }
        else
        {
            var shown = await plans.ShowOnPageAsync(this, Plan, ct);
            if (shown.Value?.Plan is not { } plan) return NotFound();
            (PlanRow, Plan) = (plan, plan.Id);
        }
        var curve = await dashboard.CurveAsync(CurrentUser.From(User)!, PlanRow, AsOf, asked, ct);
        if (!curve.Ok) return NotFound();
        ShowCurve(curve.Value!);
        return Request.IsHtmx() ? Partial("_Curve", this) : Page();
    }

    private void ShowCurve(DashboardCurve curve) => (CurveTitle, Node, SCurve) = (curve.Title, curve.NodeCode, curve.SCurve);

    public string Link(string? code) => $"/Plans/{Plan}?asOf={Day}" + (string.IsNullOrEmpty(code) ? "" : $"&node={Uri.EscapeDataString(code)}");
}
