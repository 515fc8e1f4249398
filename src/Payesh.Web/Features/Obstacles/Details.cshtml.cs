using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Payesh.Domain.Calendar;
using Payesh.Domain.Obstacles;
using Payesh.Web.Data.Model;
using Payesh.Web.Features.Account;
using Payesh.Web.Infrastructure;

namespace Payesh.Web.Features.Obstacles;

/// <summary>One obstacle: what it is, how deep it goes, its history, and the steps this user may take now. A thin adapter over
/// <see cref="ObstacleQueries.PageAsync"/> (which decides who may see it) and <see cref="ObstacleCommands.TransitionAsync"/>.</summary>
public sealed class DetailsModel(ObstacleQueries queries, ObstacleCommands writer, IConfiguration config) : PageModel
{
    public Obstacle Obstacle { get; private set; } = null!;
    public ObstacleFile History { get; private set; } = null!;
    public List<ObstacleEventRow> Events { get; private set; } = [];
    public Dictionary<long, string> AgencyNames { get; private set; } = [];
    public List<(string Code, string Name)> Agencies { get; private set; } = [];
    public IReadOnlyList<ObstacleStep> Allowed { get; private set; } = [];
    public List<(long Id, string Title)> Duplicates { get; private set; } = [];
    public List<LinkedResolution> Resolutions { get; private set; } = [];
    public JalaliDate Today { get; private set; }
    public string? Message { get; private set; }
    public string? Error { get; private set; }
    public string? ErrorStep { get; private set; }
    [BindProperty] public TransitionInput Step { get; set; } = new();
    /// <summary>A file that proves the step (optional).</summary>
    [BindProperty] public IFormFile? Attachment { get; set; }
    public ILookup<long, StepAttachment> Attachments { get; private set; } = Array.Empty<StepAttachment>().ToLookup(a => a.EventId);

    public string AgencyName(long? id) => id is { } x && AgencyNames.TryGetValue(x, out var n) ? n : "—";

    public async Task<IActionResult> OnGetAsync(long id, bool registered, CancellationToken ct)
    {
        if (registered) Message = "مانع ثبت شد.";
        return await LoadAsync(id, ct) ?? Page();
    }

    public async Task<IActionResult> OnPostStepAsync(long id, CancellationToken ct)
    {
        var user = CurrentUser.From(User)!;
        Evidence? file = null;
        if (Attachment is { Length: > 0 } upload)
        {
            (file, var refused) = await Reports.EvidenceFiles.ReadAsync(upload, Reports.EvidenceFiles.MaxBytes(config), ct);
            if (refused is not null)
            {
                Error = refused;
                ErrorStep = Step.Action;
                return await LoadAsync(id, ct) ?? Page();
            }
        }
        var outcome = await writer.TransitionAsync(id, Step, user, file, ct);
        if (outcome.Kind == OutcomeKind.NotFound) return NotFound();
        if (outcome.Kind == OutcomeKind.Forbidden) return Forbid();
        if (outcome.Ok) return Redirect($"/Obstacles/{id}?done={Uri.EscapeDataString(Step.Action ?? "")}#history");
        Error = outcome.Detail;
        ErrorStep = Step.Action;
        return await LoadAsync(id, ct) ?? Page();
    }

    private async Task<IActionResult?> LoadAsync(long id, CancellationToken ct)
    {
        var page = await queries.PageAsync(CurrentUser.From(User)!, id, ct);
        if (page.Kind == OutcomeKind.NotFound) return NotFound();
        if (!page.Ok) return Forbid();
        var p = page.Value!;
        (Obstacle, History, Events, Attachments, Allowed, AgencyNames) = (p.Obstacle, p.History, p.Events, p.Attachments, p.Allowed, p.AgencyNames);
        (Agencies, Duplicates, Resolutions, Today) = (p.Agencies, p.Duplicates, p.Resolutions, p.Today);
        var done = Request.Query["done"].ToString();
        if (Message is null && done.Length > 0 && ObstacleTerms.TryParse<ObstacleStep>(done, out var step)) Message = $"ثبت شد: {step.PersianName()}.";
        return null;
    }
}
