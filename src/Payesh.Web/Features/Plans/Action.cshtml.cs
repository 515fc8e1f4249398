using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Payesh.Domain.Calendar;
using Payesh.Domain.Progress;
using Payesh.Web.Data;
using Payesh.Web.Data.Model;
using Payesh.Web.Features.Account;
using Payesh.Web.Features.Progress;
using Payesh.Web.Features.Reports;
using Payesh.Web.Infrastructure;

namespace Payesh.Web.Features.Plans;

/// <summary>One action: its schedule, figures as of a day, S-curve and every report (including rejected ones).</summary>
[RequestFormLimits(MultipartBodyLengthLimit = 64L * 1024 * 1024)]
[RequestSizeLimit(64L * 1024 * 1024)]
public sealed class ActionModel(PayeshDb db, PlanQueries plans, PayeshClock clock, IConfiguration config) : PageModel
{
    public sealed record EvidenceLink(long Id, long? ReportId, long? CommentId, string FileName, long Size);

    [BindProperty] public string? CommentText { get; set; }
    [BindProperty] public IFormFile? CommentFile { get; set; }
    public string? CommentError { get; private set; }
    public List<ActionComment> Comments { get; private set; } = [];
    public List<EvidenceLink> Evidence { get; private set; } = [];
    public bool CanComment { get; private set; }
    /// <summary>The latest value as claimed (not rejected) and as verified by the secretariat, as of the day.</summary>
    public (int? Claimed, int? Verified) ClaimedAndVerified { get; private set; }

    [BindProperty(SupportsGet = true)] public string? AsOf { get; set; }

    public Data.Model.PlanRow Plan { get; private set; } = null!;
    public Data.Model.PlanNodeRow Node { get; private set; } = null!;
    public List<string> Collaborators { get; private set; } = [];
    public JalaliDate Day { get; private set; }
    public ActionFigures Figures { get; private set; } = null!;
    public List<ProgressReport> Reports { get; private set; } = [];
    public int LaterReports { get; private set; }
    public List<(string Code, string Title)> Path { get; } = [];
    public Payesh.Web.Features.Figures.SCurve SCurve { get; private set; } = null!;
    /// <summary>The schedule in force on the day (it differs from the current one before a re-baseline's effective day).</summary>
    public PlannedCurve? InForce { get; private set; }

    public async Task<IActionResult> OnGetAsync(long id, long nodeId, CancellationToken ct)
    {
        var user = CurrentUser.From(User)!;
        if (await plans.OpenAsync(user, id, ct) is not var (plan, e)) return NotFound();
        var node = await db.PlanNodes.AsNoTracking().Include(n => n.LeadAgency).Include(n => n.Collaborators).ThenInclude(c => c.Agency)
            .FirstOrDefaultAsync(n => n.Id == nodeId && n.PlanId == id && n.IsAction, ct);
        if (node is null) return NotFound();
        var collaboratorIds = node.Collaborators.Select(c => c.AgencyId).ToList();
        if (!Access.CanSeeAction(user, node.LeadAgencyId, collaboratorIds)) return Forbid();
        CanComment = Access.CanComment(user, node.LeadAgencyId, collaboratorIds);
        Plan = plan;
        Node = node;
        Collaborators = [.. node.Collaborators.Select(c => c.Agency!.Name)];
        var end = JalaliDate.FromDateOnly(plan.EndDate);
        var today = clock.Today;
        (Day, _) = PlanView.AsOf(AsOf, today > end ? end : today);
        // The action as the baseline in force on the day has it (a removed one: its last baseline).
        if (!e.Timeline.TryLocate(node.Code, Day.DayNumber, out var engine, out int index) || !engine.IsAction(index)) return NotFound();
        Figures = engine.Action(engine.ActionIndex(index), Day.DayNumber);
        InForce = engine.Curve(engine.ActionIndex(index));
        // As of the chosen day: reports dated later are counted, not listed.
        var dayDate = Day.ToDateOnly();
        Reports = await db.ProgressReports.AsNoTracking().Where(r => r.NodeId == nodeId && r.ReportDate <= dayDate)
            .OrderByDescending(r => r.ReportDate).ThenByDescending(r => r.Id).ToListAsync(ct);
        LaterReports = await db.ProgressReports.CountAsync(r => r.NodeId == nodeId && r.ReportDate > dayDate, ct);
        var claimed = Reports.Where(r => r.Status is not (ReportStatus.Rejected or ReportStatus.Returned)).MaxBy(r => (r.ReportDate, r.Id));
        var verified = Reports.Where(r => r.Status == ReportStatus.Verified).MaxBy(r => (r.ReportDate, r.Id));
        ClaimedAndVerified = (claimed?.PercentHundredths, verified?.PercentHundredths);
        Comments = await db.ActionComments.AsNoTracking().Where(c => c.NodeId == nodeId).OrderByDescending(c => c.Id).ToListAsync(ct);
        Evidence = (await db.Evidence.AsNoTracking().Where(x => x.NodeId == nodeId)
            .Select(x => new { x.Id, x.ReportId, x.CommentId, x.FileName, x.Size }).ToListAsync(ct))
            .Select(x => new EvidenceLink(x.Id, x.ReportId, x.CommentId, x.FileName, x.Size)).ToList();

        var ancestorIds = new List<long>();
        for (int p = engine.Parent(index); p > 0; p = engine.Parent(p)) ancestorIds.Insert(0, engine.Key(p));
        var titles = await db.PlanNodes.AsNoTracking().Where(n => ancestorIds.Contains(n.Id)).ToDictionaryAsync(n => n.Id, n => (n.Code, n.Title), ct);
        Path.AddRange(ancestorIds.Select(a => titles[a]));

        var from = JalaliDate.FromDateOnly(node.StartDate!.Value).AddDays(-7);
        var to = JalaliDate.FromDateOnly(node.EndDate!.Value).AddDays(30);
        if (Day > to) to = Day;
        var series = e.Series(node.Code, from.DayNumber, to.DayNumber);
        SCurve = Payesh.Web.Features.Figures.SCurve.From("scurve", node.Title, series, from, Day);
        return Page();
    }

    /// <summary>A comment (with an optional file) by the lead or a collaborating agency or the secretariat.</summary>
    public async Task<IActionResult> OnPostCommentAsync(long id, long nodeId, CancellationToken ct)
    {
        var user = CurrentUser.From(User)!;
        if (await plans.FindAsync(user, id, ct) is null) return NotFound();
        var node = await db.PlanNodes.AsNoTracking().Where(n => n.Id == nodeId && n.PlanId == id && n.IsAction)
            .Select(n => new { n.LeadAgencyId, Collaborators = n.Collaborators.Select(c => c.AgencyId).ToList() }).FirstOrDefaultAsync(ct);
        if (node is null) return NotFound();
        if (!Access.CanComment(user, node.LeadAgencyId, node.Collaborators)) return Forbid();
        var text = Payesh.Domain.Text.PersianText.Normalize(CommentText);
        Evidence? file = null;
        if (string.IsNullOrEmpty(text)) CommentError = "متن یادداشت را بنویسید.";
        else if (text.Length > 4000) CommentError = "یادداشت نباید از ۴۰۰۰ نویسه بیشتر باشد.";
        else if (CommentFile is { Length: > 0 })
            (file, CommentError) = await EvidenceFiles.ReadAsync(CommentFile, EvidenceFiles.MaxBytes(config), ct);
        if (CommentError is not null)
        {
            var page = await OnGetAsync(id, nodeId, ct);
            return page;
        }
        var comment = new ActionComment
        {
            PlanId = id,
            NodeId = nodeId,
            AgencyId = user.AgencyId,
            UserId = user.Id,
            UserName = User.FindFirst("payesh:display")?.Value ?? user.Name,
            Text = text!,
            At = clock.Now,
        };
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.ActionComments.Add(comment);
        await db.SaveChangesAsync(ct);
        if (file is not null)
        {
            file.PlanId = id;
            file.NodeId = nodeId;
            file.CommentId = comment.Id;
            file.UploadedById = user.Id;
            file.UploadedAt = clock.Now;
            db.Evidence.Add(file);
            await db.SaveChangesAsync(ct);
        }
        await tx.CommitAsync(ct);
        return Redirect($"/Plans/{id}/Action/{nodeId}?asOf={AsOf}#comments");
    }

    public static string CurveName(Domain.Plans.CurveKind c) => Domain.Plans.CurveKindNames.PersianName(c);
}
