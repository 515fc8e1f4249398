using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Payesh.Domain.Plans;
using Payesh.Web.Features.Account;
using Payesh.Web.Features.Plans.Edit;
using Payesh.Web.Infrastructure;

namespace Payesh.Web.Features.Plans;

/// <summary>The plan-quality check: a score, each rule's result and a fix-list with links (staff edit, others read).</summary>
public sealed class QualityModel(PlanQualityService quality) : PageModel
{
    public PlanStore.Loaded Plan { get; private set; } = null!;
    public QualityReport Report { get; private set; } = null!;
    public IReadOnlyDictionary<string, long> NodeIds { get; private set; } = new Dictionary<string, long>();
    public bool CanEdit { get; private set; }
    public int MaxSolo => quality.MaxSoloActions;

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        var user = CurrentUser.From(User)!;
        var result = await quality.CheckAsync(user, id, ct);
        if (result is null) return NotFound();
        Plan = result.Plan;
        Report = result.Report;
        NodeIds = result.NodeIds;
        CanEdit = Access.CanManagePlans(user) && Plan.Row.State != Data.Model.PlanState.Closed;
        return Page();
    }

    /// <summary>Where a finding is fixed (staff) or seen (others).</summary>
    public string? Link(QualityFinding f)
    {
        if (f.NodeCode is not { } code || !NodeIds.TryGetValue(code, out var id)) return null;
        if (CanEdit) return $"/Plans/{Plan.Row.Id}/Edit/Node/{id}";
        var node = Plan.Nodes.FirstOrDefault(n => n.Id == id);
        return node?.IsAction == true ? $"/Plans/{Plan.Row.Id}/Action/{id}" : $"/Plans/{Plan.Row.Id}?node={Uri.EscapeDataString(code)}";
    }

    public static string ScoreClass(int score) => score >= 85 ? "text-success" : score >= 60 ? "text-warning-emphasis" : "text-danger";
}
