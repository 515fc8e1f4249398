using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Payesh.Domain.Calendar;
using Payesh.Domain.Obstacles;
using Payesh.Web.Data.Model;
using Payesh.Web.Features.Account;
using Payesh.Web.Infrastructure;

namespace Payesh.Web.Features.Resolutions;

/// <summary>One resolution: its text and links, objection period, history, and the steps this user may take. A thin adapter over
/// <see cref="ResolutionQueries.PageAsync"/> and <see cref="ResolutionCommands.StepAsync"/>.</summary>
public sealed class DetailsModel(ResolutionQueries queries, ResolutionCommands writer, IConfiguration config) : PageModel
{
    public ResolutionRow Row { get; private set; } = null!;
    public ResolutionFile History { get; private set; } = null!;
    public List<ResolutionEventRow> Events { get; private set; } = [];
    public List<(long Id, string Title)> Obstacles { get; private set; } = [];
    public List<(long Id, long PlanId, string Code, string Title, bool IsAction)> Nodes { get; private set; } = [];
    public IReadOnlyList<ResolutionStep> Allowed { get; private set; } = [];
    public Dictionary<long, string> AgencyNames { get; private set; } = [];
    public JalaliDate Today { get; private set; }
    public uint Version { get; private set; }
    public string? Message { get; private set; }
    public string? Error { get; private set; }
    [BindProperty] public ResolutionStepInput Step { get; set; } = new();
    /// <summary>A file that proves the step (optional): a follow-up's or a report of done's proof.</summary>
    [BindProperty] public IFormFile? Attachment { get; set; }
    public ILookup<long, Payesh.Web.Features.Obstacles.StepAttachment> Attachments { get; private set; } = Array.Empty<Payesh.Web.Features.Obstacles.StepAttachment>().ToLookup(a => a.EventId);

    public async Task<IActionResult> OnGetAsync(long id, string? done, CancellationToken ct)
    {
        if (done is not null && ObstacleTerms.TryParse<ResolutionStep>(done, out var s)) Message = $"ثبت شد: {s.PersianName()}.";
        return await LoadAsync(id, ct) ?? Page();
    }

    public async Task<IActionResult> OnPostStepAsync(long id, CancellationToken ct)
    {
        Evidence? file = null;
        if (Attachment is { Length: > 0 } upload)
        {
            (file, var refused) = await Reports.EvidenceFiles.ReadAsync(upload, Reports.EvidenceFiles.MaxBytes(config), ct);
            if (refused is not null)
            {
                Error = refused;
                return await LoadAsync(id, ct) ?? Page();
            }
        }
        var outcome = await writer.StepAsync(id, Step, CurrentUser.From(User)!, file, ct);
        if (outcome.Kind == OutcomeKind.NotFound) return NotFound();
        if (outcome.Kind == OutcomeKind.Forbidden) return Forbid();
        if (outcome.Ok) return Redirect($"/Resolutions/{id}?done={Uri.EscapeDataString(Step.Action ?? "")}");
        Error = outcome.Detail;
        return await LoadAsync(id, ct) ?? Page();
    }

    private async Task<IActionResult?> LoadAsync(long id, CancellationToken ct)
    {
        var page = await queries.PageAsync(CurrentUser.From(User)!, id, ct);
        if (!page.Ok) return NotFound();
        var p = page.Value!;
        (Row, Version, History, Events, Attachments, Allowed) = (p.Row, p.Version, p.History, p.Events, p.Attachments, p.Allowed);
        (AgencyNames, Obstacles, Nodes, Today) = (p.AgencyNames, p.Obstacles, p.Nodes, p.Today);
        return null;
    }
}
