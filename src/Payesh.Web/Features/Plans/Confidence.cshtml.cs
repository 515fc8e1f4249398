using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Payesh.Web.Features.Account;
using Payesh.Web.Infrastructure;

namespace Payesh.Web.Features.Plans;

/// <summary>An axis's delivery-confidence ratings (issue 12 § 6): the history for everyone who may see the plan, and the
/// secretariat's form for a new rating. A thin adapter over <see cref="AxisConfidence"/>.</summary>
public sealed class ConfidenceModel(AxisConfidence confidence) : PageModel
{
    [BindProperty] public string? Level { get; set; }
    [BindProperty] public string? Comment { get; set; }

    public ConfidenceHistory History { get; private set; } = null!;
    public bool Saved { get; private set; }
    public Dictionary<string, string> Errors { get; } = [];

    public async Task<IActionResult> OnGetAsync(long id, long nodeId, bool saved, CancellationToken ct)
    {
        Saved = saved;
        return await LoadAsync(id, nodeId, ct) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostAsync(long id, long nodeId, CancellationToken ct)
    {
        var outcome = await confidence.RateAsync(CurrentUser.From(User)!, id, nodeId, new ConfidenceInput(Level, Comment), ct);
        if (outcome.Kind == OutcomeKind.NotFound) return NotFound();
        if (outcome.Kind == OutcomeKind.Forbidden) return Forbid();
        if (outcome.Ok) return Redirect($"/Plans/{id}/Confidence/{nodeId}?saved=true");
        foreach (var e in outcome.Errors) Errors.TryAdd(e.Path, e.Message);
        if (!await LoadAsync(id, nodeId, ct)) return NotFound();
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return Page();
    }

    private async Task<bool> LoadAsync(long id, long nodeId, CancellationToken ct)
    {
        var history = await confidence.HistoryAsync(CurrentUser.From(User)!, id, nodeId, ct);
        if (!history.Ok) return false;
        History = history.Value!;
        return true;
    }
}
