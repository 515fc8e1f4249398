using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Payesh.Domain.Calendar;
using Payesh.Domain.Progress;
using Payesh.Web.Data.Model;
using Payesh.Web.Features.Account;
using Payesh.Web.Features.Reports;
using Payesh.Web.Infrastructure;

namespace Payesh.Web.Features.Plans;

/// <summary>One action: its schedule, figures as of a day, S-curve and every report (including rejected ones); a thin
/// adapter over <see cref="ActionQueries.ShowAsync"/> and <see cref="ActionCommands.CommentAsync"/>.</summary>
[RequestFormLimits(MultipartBodyLengthLimit = 64L * 1024 * 1024)]
[RequestSizeLimit(64L * 1024 * 1024)]
public sealed class ActionModel(ActionQueries queries, ActionCommands commands, IConfiguration config) : PageModel
{
    [BindProperty] public string? CommentText { get; set; }
    [BindProperty] public IFormFile? CommentFile { get; set; }
    public string? CommentError { get; private set; }
    public IReadOnlyList<ActionComment> Comments { get; private set; } = [];
    public IReadOnlyList<ActionEvidence> Evidence { get; private set; } = [];
    public bool CanComment { get; private set; }
    /// <summary>The latest value as claimed (not rejected) and as verified by the secretariat, as of the day.</summary>
    public (int? Claimed, int? Verified) ClaimedAndVerified { get; private set; }

    [BindProperty(SupportsGet = true)] public string? AsOf { get; set; }

    public PlanRow Plan { get; private set; } = null!;
    public PlanNodeRow Node { get; private set; } = null!;
    public IReadOnlyList<string> Collaborators { get; private set; } = [];
    public JalaliDate Day { get; private set; }
    public ActionFigures Figures { get; private set; } = null!;
    public IReadOnlyList<ProgressReport> Reports { get; private set; } = [];
    public int LaterReports { get; private set; }
    public IReadOnlyList<(string Code, string Title)> Path { get; private set; } = [];
    public Payesh.Web.Features.Figures.SCurve SCurve { get; private set; } = null!;
    /// <summary>The schedule in force on the day (it differs from the current one before a re-baseline's effective day).</summary>
    public PlannedCurve? InForce { get; private set; }

    public async Task<IActionResult> OnGetAsync(long id, long nodeId, CancellationToken ct)
    {
        var shown = await queries.ShowAsync(CurrentUser.From(User)!, id, nodeId, AsOf, ct);
        if (shown.Kind == OutcomeKind.Forbidden) return Forbid();
        if (shown.Value is not { } v) return NotFound();
        (Plan, Node, Collaborators, Path, Day, Figures, InForce) = (v.Plan, v.Node, v.Collaborators, v.Path, v.Day, v.Figures, v.InForce);
        (Reports, LaterReports, ClaimedAndVerified, Comments, Evidence, SCurve, CanComment) =
            (v.Reports, v.LaterReports, v.ClaimedAndVerified, v.Comments, v.Evidence, v.SCurve, v.CanComment);
        return Page();
    }

    /// <summary>A comment (with an optional file) by the lead or a collaborating agency or the secretariat.</summary>
    public async Task<IActionResult> OnPostCommentAsync(long id, long nodeId, CancellationToken ct)
    {
        var user = CurrentUser.From(User)!;
        Evidence? file = null;
        string? fileError = null;
        if (CommentFile is { Length: > 0 }) (file, fileError) = await EvidenceFiles.ReadAsync(CommentFile, EvidenceFiles.MaxBytes(config), ct);
        var saved = await commands.CommentAsync(user, User.FindFirst("payesh:display")?.Value ?? user.Name, id, nodeId, CommentText, file, fileError, ct);
        switch (saved.Kind)
        {
            case OutcomeKind.NotFound: return NotFound();
            case OutcomeKind.Forbidden: return Forbid();
            case OutcomeKind.Invalid:
                CommentError = saved.Detail;
                return await OnGetAsync(id, nodeId, ct);
        }
        return Redirect($"/Plans/{id}/Action/{nodeId}?asOf={AsOf}#comments");
    }

    public static string CurveName(Domain.Plans.CurveKind c) => Domain.Plans.CurveKindNames.PersianName(c);
}
