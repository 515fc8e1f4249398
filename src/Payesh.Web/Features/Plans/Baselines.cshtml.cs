using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Payesh.Web.Features.Account;

namespace Payesh.Web.Features.Plans;

/// <summary>A plan's baselines (progress-spec § Baselines): who recorded each, why, by which decision, from when;
/// what changed between any two; and the whole plan's planned curve under the original baseline beside the one
/// in force day by day. A thin adapter over <see cref="BaselineQueries.PageAsync"/>.</summary>
public sealed class BaselinesModel(BaselineQueries queries) : PageModel
{
    [BindProperty(SupportsGet = true)] public int? A { get; set; }
    [BindProperty(SupportsGet = true)] public int? B { get; set; }

    public Data.Model.PlanRow Plan { get; private set; } = null!;
    public IReadOnlyList<BaselineRow> Baselines { get; private set; } = [];
    public IReadOnlyList<PlanBaselines.Change> Changes { get; private set; } = [];
    public string ChartJson { get; private set; } = "null";
    public bool CanEdit { get; private set; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        var shown = await queries.PageAsync(CurrentUser.From(User)!, id, A, B, ct);
        if (shown.Value is not { } v) return NotFound();
        (Plan, CanEdit, Baselines, A, B, Changes, ChartJson) = (v.Plan, v.CanEdit, v.Baselines, v.A, v.B, v.Changes, v.ChartJson);
        return Page();
    }
}
