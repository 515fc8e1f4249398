using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Payesh.Domain.Calendar;
using Payesh.Web.Features.Account;

namespace Payesh.Web.Features.Plans;

/// <summary>A plan's tree as of a chosen day: the current node's figures, its children (and their
/// children), and the S-curve — every figure from the engine; a thin adapter over <see cref="TreeQueries.TreeAsync"/>.</summary>
public sealed class TreeModel(TreeQueries queries) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? AsOf { get; set; }
    [BindProperty(SupportsGet = true)] public string? Node { get; set; }

    public Data.Model.PlanRow Plan { get; private set; } = null!;
    public JalaliDate Day { get; private set; }
    public string? DateError { get; private set; }
    public NodeRow Current { get; private set; } = null!;
    public IReadOnlyList<NodeRow> Path { get; private set; } = [];
    public IReadOnlyList<(NodeRow Row, List<NodeRow> Children)> Groups { get; private set; } = [];
    public string[] Levels { get; private set; } = [];
    public Figures.SCurve SCurve { get; private set; } = null!;
    /// <summary>The number of the baseline in force on the day, when the plan has more than one.</summary>
    public int? Baseline { get; private set; }
    /// <summary>The axis's delivery-confidence ratings, when the node shown is an axis (issue 12 § 6).</summary>
    public ConfidenceHistory? Ratings { get; private set; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        var answer = await queries.TreeAsync(CurrentUser.From(User)!, id, AsOf, Node, ct);
        if (answer.Value is not { } shown) return NotFound();
        if (shown.Action is var (action, day)) return Redirect($"/Plans/{id}/Action/{action}?asOf={day}");
        var t = shown.Tree!;
        (Plan, Levels, Day, DateError, Current, Path, Groups, SCurve, Baseline, Ratings) =
            (t.Plan, t.Levels, t.Day, t.DateError, t.Current, t.Path, t.Groups, t.SCurve, t.Baseline, t.Ratings);
        return Page();
    }

    public string LevelName(int depth) => depth >= 1 && depth <= Levels.Length ? Levels[depth - 1] : "بخش";

    public string Link(string? code) => $"/Plans/{Plan.Id}?asOf={Day}" + (string.IsNullOrEmpty(code) ? "" : $"&node={Uri.EscapeDataString(code)}");
}
