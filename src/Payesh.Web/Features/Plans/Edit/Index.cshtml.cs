using Microsoft.AspNetCore.Mvc;
using Payesh.Web.Data.Model;
using Payesh.Web.Infrastructure;

namespace Payesh.Web.Features.Plans.Edit;

/// <summary>The authoring workspace of one plan: its tree as an outline with the edit actions, its state and what to do next;
/// reads from <see cref="AuthoringQueries"/>, writes through <see cref="PlanEditor"/>.</summary>
public sealed class IndexModel(AuthoringQueries queries, PlanEditor editor) : AuthoringPage
{
    public PlanRow Plan { get; private set; } = null!;
    public string[] Levels { get; private set; } = [];
    public IReadOnlyList<OutlineLine> Lines { get; private set; } = [];
    public int Score { get; private set; }
    public int Blocking { get; private set; }
    public int Baselines { get; private set; }
    [TempData] public string? Message { get; set; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        return Page();
    }

    public async Task<IActionResult> OnPostMoveAsync(long id, long nodeId, int delta, CancellationToken ct)
    {
        var outcome = await editor.ReorderAsync(Author, id, nodeId, delta, ct);
        Show(outcome, _ => null);
        if (!outcome.Ok)
        {
            if (!await LoadAsync(id, ct)) return NotFound();
            return Page();
        }
        return Redirect($"/Plans/{id}/Edit#n{nodeId}");
    }

    public async Task<IActionResult> OnPostRemoveAsync(long id, long nodeId, uint version, CancellationToken ct)
    {
        var found = await queries.NodeToRemoveAsync(Author, id, nodeId, ct);
        if (found.Kind == OutcomeKind.Forbidden) return Forbid();
        if (found.Value is not { } node) return NotFound();
        // An approved plan changes only with a reason: the node's page asks for it.
        if (node.PlanState == PlanState.Approved) return Redirect($"/Plans/{id}/Edit/Node/{nodeId}#remove");
        var outcome = await editor.RemoveNodeAsync(Author, id, nodeId, version, null, ct);
        Show(outcome, _ => null);
        if (!outcome.Ok)
        {
            if (!await LoadAsync(id, ct)) return NotFound();
            return Page();
        }
        Message = $"«{Fa.Digits(node.Label)}» و زیرشاخه‌هایش از برنامه حذف شد.";
        return Redirect($"/Plans/{id}/Edit");
    }

    private async Task<bool> LoadAsync(long id, CancellationToken ct)
    {
        if ((await queries.OutlineAsync(Author, id, ct)).Value is not { } outline) return false;
        (Plan, Lines, Score, Blocking, Baselines) = (outline.Plan, outline.Lines, outline.Score, outline.Blocking, outline.Baselines);
        Levels = Plan.Levels.Split('|');
        return true;
    }

    /// <summary>What the plan calls its leaves (the last level name).</summary>
    public string ActionName => Levels.Length > 0 ? Levels[^1] : "اقدام";

    public string LevelName(int depth) => depth >= 1 && depth <= Levels.Length ? Levels[depth - 1] : "بخش";
    public bool CanEdit => Plan.State != PlanState.Closed;
}
