using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Payesh.Domain.Calendar;
using Payesh.Domain.Plans;
using Payesh.Domain.Progress;
using Payesh.Web.Data;
using Payesh.Web.Infrastructure;

namespace Payesh.Web.Features.Plans;

/// <summary>
/// The timeline (Gantt) of a node's actions (issue 12 § 6): planned bars by Jalali month, actual progress inside each
/// bar, the as-of line, right to left. Positions from <see cref="Gantt"/>, figures from the engine of the day's baseline.
/// </summary>
public sealed class TimelineModel(PayeshDb db, PlanQueries plans) : PageModel
{
    /// <summary>Rows drawn at most; a larger subtree asks for a narrower node.</summary>
    public const int MaxRows = 400;

    /// <summary>One action's row: its bar and the figures the data table shows.</summary>
    public sealed record Row(GanttBar Bar, long NodeId, string? Agency, ActionFigures Figures);

    [BindProperty(SupportsGet = true)] public string? AsOf { get; set; }
    [BindProperty(SupportsGet = true)] public string? Node { get; set; }

    public Data.Model.PlanRow Plan { get; private set; } = null!;
    public JalaliDate Day { get; private set; }
    public string? DateError { get; private set; }
    public string Title { get; private set; } = "";
    public string? Code { get; private set; }
    public GanttLayout Layout { get; private set; } = null!;
    public List<Row> Rows { get; } = [];
    public int ActionCount { get; private set; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        if (await plans.OpenAsync(Account.CurrentUser.From(User)!, id, ct) is not var (plan, e)) return NotFound();
        Plan = plan;
        (Day, DateError) = PlanView.AsOf(AsOf, plans.DefaultDay(plan));
        if (!e.Timeline.TryLocate(Node, Day.DayNumber, out var engine, out int node)) return NotFound();
        Code = node == engine.Root ? null : engine.Code(node);
        var tree = engine.Evaluate(Day.DayNumber);

        var actions = new List<int>();
        for (int n = node; n < engine.SubtreeEnd(node); n++)
            if (engine.IsAction(n)) actions.Add(n);
        ActionCount = actions.Count;
        var shown = actions.Take(MaxRows).ToList();
        var ids = shown.Select(engine.Key).Append(engine.Key(node)).ToList();
        var meta = await db.PlanNodes.AsNoTracking().Where(n => ids.Contains(n.Id))
            .Select(n => new { n.Id, n.Title, Agency = n.LeadAgency == null ? null : n.LeadAgency.Name }).ToDictionaryAsync(n => n.Id, ct);
        Title = node == engine.Root ? plan.Title : meta[engine.Key(node)].Title;

        var items = shown.Select(n =>
        {
            var c = engine.Curve(engine.ActionIndex(n));
            return new GanttItem(engine.Code(n), meta[engine.Key(n)].Title, new JalaliDate(c.Start), new JalaliDate(c.End), tree.Actual(n));
        }).ToList();
        Layout = Gantt.Layout(items, Day);
        for (int i = 0; i < shown.Count; i++)
        {
            var n = shown[i];
            Rows.Add(new Row(Layout.Bars[i], engine.Key(n), meta[engine.Key(n)].Agency, engine.Action(engine.ActionIndex(n), Day.DayNumber)));
        }
        return Page();
    }

    /// <summary>A fraction of the chart as a CSS percentage (invariant digits: it is style, not text).</summary>
    public static string Css(double fraction) => (fraction * 100).ToString("0.###", System.Globalization.CultureInfo.InvariantCulture) + "%";

    public string TreeLink => $"/Plans/{Plan.Id}?asOf={Day}" + (Code is null ? "" : $"&node={Uri.EscapeDataString(Code)}");
}
