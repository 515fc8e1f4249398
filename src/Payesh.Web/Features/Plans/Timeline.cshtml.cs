using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Payesh.Domain.Calendar;
using Payesh.Domain.Plans;
using Payesh.Web.Features.Account;

namespace Payesh.Web.Features.Plans;

/// <summary>
/// The timeline (Gantt) of a node's actions (issue 12 § 6): planned bars by Jalali month, actual progress inside each
/// bar, the as-of line, right to left. Positions from <see cref="Gantt"/>, figures from the engine of the day's baseline;
/// a thin adapter over <see cref="TreeQueries.TimelineAsync"/>.
/// </summary>
public sealed class TimelineModel(TreeQueries queries) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? AsOf { get; set; }
    [BindProperty(SupportsGet = true)] public string? Node { get; set; }

    public Data.Model.PlanRow Plan { get; private set; } = null!;
    public JalaliDate Day { get; private set; }
    public string? DateError { get; private set; }
    public string Title { get; private set; } = "";
    public string? Code { get; private set; }
    public GanttLayout Layout { get; private set; } = null!;
    public IReadOnlyList<TimelineRow> Rows { get; private set; } = [];
    public int ActionCount { get; private set; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        var shown = await queries.TimelineAsync(CurrentUser.From(User)!, id, AsOf, Node, ct);
        if (shown.Value is not { } t) return NotFound();
        (Plan, Day, DateError, Title, Code, Layout, Rows, ActionCount) = (t.Plan, t.Day, t.DateError, t.Title, t.Code, t.Layout, t.Rows, t.ActionCount);
        return Page();
    }

    /// <summary>A fraction of the chart as a CSS percentage (invariant digits: it is style, not text).</summary>
    public static string Css(double fraction) => (fraction * 100).ToString("0.###", System.Globalization.CultureInfo.InvariantCulture) + "%";

    public string TreeLink => $"/Plans/{Plan.Id}?asOf={Day}" + (Code is null ? "" : $"&node={Uri.EscapeDataString(Code)}");
}
