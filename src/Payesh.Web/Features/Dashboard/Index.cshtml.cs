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
public sealed class IndexModel(PayeshDb db, PlanEngines engines, PayeshClock clock, IConfiguration config) : PageModel
{
    public sealed record ActionLine(long NodeId, string Code, string Title, string Agency, ActionFigures Figures, int Days);

    [BindProperty(SupportsGet = true)] public long? Plan { get; set; }
    [BindProperty(SupportsGet = true)] public string? AsOf { get; set; }
    [BindProperty(SupportsGet = true)] public string? Node { get; set; }

    public Data.Model.Plan? PlanRow { get; private set; }
    public List<(long Id, string Title)> Plans { get; } = [];
    public JalaliDate Day { get; private set; }
    public string? DateError { get; private set; }
    public NodeFigures Root { get; private set; } = null!;
    public List<NodeRow> Axes { get; private set; } = [];
    public List<AgencyScore> League { get; private set; } = [];
    public List<ActionLine> Stopped { get; } = [];
    public List<ActionLine> Overdue { get; } = [];
    public List<JalaliDate> Weeks { get; } = [];
    public List<(string Code, string Name, Discipline.Cell[] Cells)> Heat { get; } = [];
    public string SeriesJson { get; private set; } = "null";
    public string CurveTitle { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var e = await LoadPlanAsync(ct);
        if (e is null) return Page();
        var tree = e.Engine.Evaluate(Day.DayNumber);
        Root = tree.Figures(e.Engine.Root);
        Axes = await PlanView.RowsAsync(db, e, tree, e.Engine.Children(e.Engine.Root), ct);
        League = await Scorecard.ComputeAsync(db, e, PlanRow!.Id, Day, ScoreRules.From(config), ct);
        await ListsAsync(e, tree, ct);
        await HeatAsync(e, ct);
        Curve(e, e.Engine.Root, PlanRow.Title);
        return Page();
    }

    /// <summary>The S-curve of another node (htmx: only the chart box).</summary>
    public async Task<IActionResult> OnGetCurveAsync(CancellationToken ct)
    {
        var e = await LoadPlanAsync(ct);
        if (e is null) return NotFound();
        if (!e.Engine.TryFind(Node, out int node)) return NotFound();
        var title = node == e.Engine.Root ? PlanRow!.Title
            : await db.PlanNodes.AsNoTracking().Where(n => n.Id == e.Engine.Key(node)).Select(n => n.Title).FirstAsync(ct);
        Curve(e, node, title);
        return Request.IsHtmx() ? Partial("_Curve", this) : Page();
    }

    private async Task<PlanEngine?> LoadPlanAsync(CancellationToken ct)
    {
        var plans = await db.Plans.AsNoTracking().OrderByDescending(p => p.Year).ThenByDescending(p => p.Id).ToListAsync(ct);
        Plans.AddRange(plans.Select(p => (p.Id, p.Title)));
        PlanRow = plans.FirstOrDefault(p => p.Id == Plan) ?? plans.FirstOrDefault();
        if (PlanRow is null) return null;
        Plan = PlanRow.Id;
        var end = JalaliDate.FromDateOnly(PlanRow.EndDate);
        var today = clock.Today;
        (Day, DateError) = PlanView.AsOf(AsOf, today > end ? end : today);
        return await engines.GetAsync(db, PlanRow.Id, ct);
    }

    private void Curve(PlanEngine e, int node, string title)
    {
        CurveTitle = title;
        Node = e.Engine.Code(node);
        var start = JalaliDate.FromDateOnly(PlanRow!.StartDate);
        var end = JalaliDate.FromDateOnly(PlanRow.EndDate);
        var series = e.Engine.Series(node, start.DayNumber, end.DayNumber);
        SeriesJson = System.Text.Json.JsonSerializer.Serialize(new
        {
            days = Enumerable.Range(0, series.Planned.Length).Select(i => start.AddDays(i).ToPersianString()),
            planned = series.Planned.Select(v => Math.Round(v, 2)),
            actual = series.Actual.Take(Math.Max(0, Day - start + 1)).Select(v => Math.Round(v, 2)),
            today = Math.Clamp(Day - start, 0, series.Planned.Length - 1),
        });
    }

    private async Task ListsAsync(PlanEngine e, TreeFigures tree, CancellationToken ct)
    {
        var stopped = new List<(int Node, ActionFigures F)>();
        var overdue = new List<(int Node, ActionFigures F)>();
        for (int a = 0; a < e.Engine.ActionCount; a++)
        {
            int node = e.Engine.NodeOfAction(a);
            var status = tree.Status(node);
            if (status == ProgressStatus.Stopped) stopped.Add((node, e.Engine.Action(a, Day.DayNumber)));
            else if (status == ProgressStatus.Overdue) overdue.Add((node, e.Engine.Action(a, Day.DayNumber)));
        }
        var top = stopped.OrderBy(x => x.F.LastProgressDay).Take(15)
            .Concat(overdue.OrderBy(x => e.Engine.Curve(e.Engine.ActionIndex(x.Node)).End).Take(15)).ToList();
        var ids = top.Select(x => e.Engine.Key(x.Node)).ToList();
        var meta = await db.PlanNodes.AsNoTracking().Where(n => ids.Contains(n.Id))
            .Select(n => new { n.Id, n.Title, Agency = n.LeadAgency!.Name }).ToDictionaryAsync(n => n.Id, ct);
        foreach (var (node, f) in stopped.OrderBy(x => x.F.LastProgressDay).Take(15))
        {
            var m = meta[e.Engine.Key(node)];
            Stopped.Add(new ActionLine(m.Id, e.Engine.Code(node), m.Title, m.Agency, f, Day.DayNumber - f.LastProgressDay));
        }
        foreach (var (node, f) in overdue.OrderBy(x => e.Engine.Curve(e.Engine.ActionIndex(x.Node)).End).Take(15))
        {
            var m = meta[e.Engine.Key(node)];
            Overdue.Add(new ActionLine(m.Id, e.Engine.Code(node), m.Title, m.Agency, f, Day.DayNumber - e.Engine.Curve(e.Engine.ActionIndex(node)).End));
        }
        StoppedTotal = stopped.Count;
        OverdueTotal = overdue.Count;
    }

    public int StoppedTotal { get; private set; }
    public int OverdueTotal { get; private set; }

    private async Task HeatAsync(PlanEngine e, CancellationToken ct)
    {
        // Twelve weeks, Saturday to Friday, ending with the week of the chosen day.
        var planStart = JalaliDate.FromDateOnly(PlanRow!.StartDate).DayNumber;
        int weekStart = Day.DayNumber - Day.DayOfWeek;
        int from = Math.Max(planStart, weekStart - 11 * 7);
        from -= new JalaliDate(from).DayOfWeek;
        int to = weekStart + 6;
        var holidays = (await db.Holidays.AsNoTracking().Select(h => h.Date).ToListAsync(ct)).Select(d => d.DayNumber).ToHashSet();
        var cells = Discipline.Compute(e.Engine, from, Math.Min(to, Day.DayNumber), 7, MissingReports.WorkingDays(PlanRow.WorkingDays), holidays);
        for (int w = from; w <= to; w += 7) Weeks.Add(new JalaliDate(w));
        foreach (var s in League.OrderBy(s => s.Name))
        {
            var row = new Discipline.Cell[Weeks.Count];
            for (int b = 0; b < Weeks.Count; b++)
                row[b] = b < cells.GetLength(1) ? cells[s.AgencyId, b] : new Discipline.Cell(0, 0);
            Heat.Add((s.Code, s.Name, row));
        }
    }

    public string Link(string? code) => $"/Plans/{Plan}?asOf={Day}" + (string.IsNullOrEmpty(code) ? "" : $"&node={Uri.EscapeDataString(code)}");

    public static string HeatColor(double? share) => share switch
    {
        null => "#f2f4f7",
        >= 0.9 => "#12b76a",
        >= 0.75 => "#6ce9a6",
        >= 0.5 => "#fec84b",
        >= 0.25 => "#f79009",
        _ => "#d92d20",
    };
}
