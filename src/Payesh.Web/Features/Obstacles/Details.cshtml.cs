using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Payesh.Domain.Calendar;
using Payesh.Domain.Obstacles;
using Payesh.Web.Data;
using Payesh.Web.Data.Model;
using Payesh.Web.Features.Account;
using Payesh.Web.Infrastructure;

namespace Payesh.Web.Features.Obstacles;

/// <summary>One obstacle: what it is, how deep it goes, its history, and the steps this user may take now.</summary>
public sealed class DetailsModel(PayeshDb db, ObstacleCommands writer, PayeshClock clock, IConfiguration config) : PageModel
{
    public sealed record LinkedResolution(long Id, string Number, string Text, string Agency);

    public Obstacle Obstacle { get; private set; } = null!;
    public ObstacleFile History { get; private set; } = null!;
    public List<ObstacleEventRow> Events { get; private set; } = [];
    public Dictionary<long, string> AgencyNames { get; private set; } = [];
    public List<(string Code, string Name)> Agencies { get; } = [];
    public IReadOnlyList<ObstacleStep> Allowed { get; private set; } = [];
    public List<(long Id, string Title)> Duplicates { get; } = [];
    public List<LinkedResolution> Resolutions { get; } = [];
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
        var user = CurrentUser.From(User)!;
        var o = await db.Obstacles.AsNoTracking().Include(x => x.Units).Include(x => x.OtherAgencies)
            .Include(x => x.Nodes).ThenInclude(n => n.Node).FirstOrDefaultAsync(x => x.Id == id, ct);
        if (o is null) return NotFound();
        if (!Access.CanSeeObstacle(user, o.ReporterAgencyId, o.LeadAgencyId, o.OtherAgencies.Select(a => a.AgencyId))) return Forbid();
        Obstacle = o;
        Today = clock.Today;
        Events = await db.ObstacleEvents.AsNoTracking().Where(e => e.ObstacleId == id).OrderBy(e => e.Id).ToListAsync(ct);
        History = ObstacleFile.Replay(Events.Select(ObstacleCommands.ToDomain));
        Attachments = await StepAttachments.OfObstacleAsync(db, id, ct);
        Allowed = History.AllowedSteps(Access.ObstacleActor(user), Today.DayNumber);
        var all = await db.Agencies.AsNoTracking().OrderBy(a => a.Name).Select(a => new { a.Id, a.Code, a.Name, a.IsActive }).ToListAsync(ct);
        AgencyNames = all.ToDictionary(a => a.Id, a => a.Name);
        Agencies.AddRange(all.Where(a => a.IsActive).Select(a => (a.Code, a.Name)));
        var dupIds = ObstacleCommands.ParseIds(o.PossibleDuplicates);
        if (dupIds.Count > 0)
            Duplicates.AddRange((await db.Obstacles.AsNoTracking().Where(x => dupIds.Contains(x.Id)).Select(x => new { x.Id, x.Title }).ToListAsync(ct))
                .Select(x => (x.Id, x.Title)));
        var linked = await db.ResolutionObstacles.AsNoTracking().Where(x => x.ObstacleId == id)
            .Select(x => x.ResolutionId).ToListAsync(ct);
        Resolutions.AddRange((await db.Resolutions.AsNoTracking().Where(r => linked.Contains(r.Id))
            .Select(r => new { r.Id, r.Seq, r.Text, Meeting = r.Meeting!.Number, Agency = r.Agency!.Name }).ToListAsync(ct))
            .Select(r => new LinkedResolution(r.Id, Payesh.Web.Features.Resolutions.ResolutionCommands.Number(r.Meeting, r.Seq), r.Text, r.Agency)));
        var done = Request.Query["done"].ToString();
        if (Message is null && done.Length > 0 && ObstacleTerms.TryParse<ObstacleStep>(done, out var step)) Message = $"ثبت شد: {step.PersianName()}.";
        return null;
    }
}
