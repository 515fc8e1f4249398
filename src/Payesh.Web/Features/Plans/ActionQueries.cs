using Microsoft.EntityFrameworkCore;
using Payesh.Domain.Calendar;
using Payesh.Domain.Progress;
using Payesh.Web.Data;
using Payesh.Web.Data.Model;
using Payesh.Web.Features.Account;
using Payesh.Web.Infrastructure;

namespace Payesh.Web.Features.Plans;

/// <summary>A file attached to an action, to one of its reports or to one of its comments.</summary>
public sealed record ActionEvidence(long Id, long? ReportId, long? CommentId, string FileName, long Size);

/// <summary>One action as of a day: the node with its lead agency, its collaborators' names, the path of its ancestors
/// (code, title), its figures and the schedule in force on the day, the reports up to the day (and how many come later),
/// the latest value as claimed (not rejected) and as verified, comments, files, the S-curve, and whether the user may comment.</summary>
public sealed record ActionView(PlanRow Plan, PlanNodeRow Node, IReadOnlyList<string> Collaborators, IReadOnlyList<(string Code, string Title)> Path,
    JalaliDate Day, ActionFigures Figures, PlannedCurve InForce, IReadOnlyList<ProgressReport> Reports, int LaterReports,
    (int? Claimed, int? Verified) ClaimedAndVerified, IReadOnlyList<ActionComment> Comments, IReadOnlyList<ActionEvidence> Evidence,
    Figures.SCurve SCurve, bool CanComment);

/// <summary>The reads of an action's page: the plan through <see cref="PlanQueries"/> (a draft is not found for anyone
/// but staff), the action itself (not found unless an action of the plan; forbidden to an agency that neither leads it nor
/// collaborates on it: <see cref="Access.CanSeeAction"/>), its figures from the engine of the day's baseline.</summary>
public sealed class ActionQueries(PayeshDb db, PlanQueries plans)
{
    public const string ActionNotFound = "اقدامی با این شناسه در این برنامه نیست.";
    public const string NotYours = "این اقدام از آنِ دستگاه شما نیست.";

    /// <summary>The action as of <paramref name="asOf"/> (none or a bad date: <see cref="PlanQueries.DefaultDay"/>).</summary>
    public async Task<Outcome<ActionView>> ShowAsync(CurrentUser user, long planId, long nodeId, string? asOf, CancellationToken ct)
    {
        if (await plans.OpenAsync(user, planId, ct) is not var (plan, e)) return Outcome.NotFound(PlanQueries.NotFoundMessage);
        var node = await db.PlanNodes.AsNoTracking().Include(n => n.LeadAgency).Include(n => n.Collaborators).ThenInclude(c => c.Agency)
            .FirstOrDefaultAsync(n => n.Id == nodeId && n.PlanId == planId && n.IsAction, ct);
        if (node is null) return Outcome.NotFound(ActionNotFound);
        var collaboratorIds = node.Collaborators.Select(c => c.AgencyId).ToList();
        if (!Access.CanSeeAction(user, node.LeadAgencyId, collaboratorIds)) return Outcome.Forbidden(NotYours);
        var (day, _) = PlanView.AsOf(asOf, plans.DefaultDay(plan));
        // The action as the baseline in force on the day has it (a removed one: its last baseline).
        if (!e.Timeline.TryLocate(node.Code, day.DayNumber, out var engine, out int index) || !engine.IsAction(index))
            return Outcome.NotFound(ActionNotFound);
        var figures = engine.Action(engine.ActionIndex(index), day.DayNumber);
        var inForce = engine.Curve(engine.ActionIndex(index));
        // As of the chosen day: reports dated later are counted, not listed.
        var dayDate = day.ToDateOnly();
        var reports = await db.ProgressReports.AsNoTracking().Where(r => r.NodeId == nodeId && r.ReportDate <= dayDate)
            .OrderByDescending(r => r.ReportDate).ThenByDescending(r => r.Id).ToListAsync(ct);
        var later = await db.ProgressReports.CountAsync(r => r.NodeId == nodeId && r.ReportDate > dayDate, ct);
        var claimed = reports.Where(r => r.Status is not (ReportStatus.Rejected or ReportStatus.Returned)).MaxBy(r => (r.ReportDate, r.Id));
        var verified = reports.Where(r => r.Status == ReportStatus.Verified).MaxBy(r => (r.ReportDate, r.Id));
        var comments = await db.ActionComments.AsNoTracking().Where(c => c.NodeId == nodeId).OrderByDescending(c => c.Id).ToListAsync(ct);
        var evidence = await db.Evidence.AsNoTracking().Where(x => x.NodeId == nodeId)
            .Select(x => new ActionEvidence(x.Id, x.ReportId, x.CommentId, x.FileName, x.Size)).ToListAsync(ct);

        var ancestorIds = new List<long>();
        for (int p = engine.Parent(index); p > 0; p = engine.Parent(p)) ancestorIds.Insert(0, engine.Key(p));
        var titles = await db.PlanNodes.AsNoTracking().Where(n => ancestorIds.Contains(n.Id)).ToDictionaryAsync(n => n.Id, n => (n.Code, n.Title), ct);

        var from = JalaliDate.FromDateOnly(node.StartDate!.Value).AddDays(-7);
        var to = JalaliDate.FromDateOnly(node.EndDate!.Value).AddDays(30);
        if (day > to) to = day;
        var series = e.Series(node.Code, from.DayNumber, to.DayNumber);
        return new ActionView(plan, node, [.. node.Collaborators.Select(c => c.Agency!.Name)], [.. ancestorIds.Select(a => titles[a])],
            day, figures, inForce, reports, later, (claimed?.PercentHundredths, verified?.PercentHundredths), comments, evidence,
            Figures.SCurve.From("scurve", node.Title, series, from, day), Access.CanComment(user, node.LeadAgencyId, collaboratorIds));
    }
}
