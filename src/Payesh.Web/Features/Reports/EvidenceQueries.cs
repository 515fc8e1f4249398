using Microsoft.EntityFrameworkCore;
using Payesh.Web.Data;
using Payesh.Web.Features.Account;
using Payesh.Web.Features.Plans;
using Payesh.Web.Infrastructure;

namespace Payesh.Web.Features.Reports;

/// <summary>An evidence file to send: its bytes, its checked content type and the name it was uploaded with.</summary>
public sealed record EvidenceContent(byte[] Content, string ContentType, string FileName);

/// <summary>
/// Who may open an evidence file: a report's file whoever may see its action (<see cref="Access.CanSeeAction"/>) on a plan they
/// may see (a draft's files do not exist for anyone but staff: not found, <see cref="PlanQueries.FindAsync"/>); an obstacle's
/// file whoever the obstacle concerns (<see cref="Access.CanSeeObstacle"/>); a resolution's file everyone signed in, as the
/// resolution itself is.
/// </summary>
public sealed class EvidenceQueries(PayeshDb db, PlanQueries plans)
{
    public const string NotFoundMessage = "فایل پیدا نشد.";

    public async Task<Outcome<EvidenceContent>> FileAsync(CurrentUser user, long id, CancellationToken ct)
    {
        var meta = await db.Evidence.AsNoTracking().Where(e => e.Id == id)
            .Select(e => new { e.PlanId, e.NodeId, e.ObstacleId, e.FileName, e.ContentType }).FirstOrDefaultAsync(ct);
        if (meta is null) return Outcome.NotFound(NotFoundMessage);
        if (meta.NodeId is { } nodeId)
        {
            if (meta.PlanId is not { } planId || await plans.FindAsync(user, planId, ct) is null) return Outcome.NotFound(NotFoundMessage);
            var node = await db.PlanNodes.AsNoTracking().Where(n => n.Id == nodeId)
                .Select(n => new { n.LeadAgencyId, Collaborators = n.Collaborators.Select(c => c.AgencyId).ToList() }).FirstAsync(ct);
            if (!Access.CanSeeAction(user, node.LeadAgencyId, node.Collaborators)) return Outcome.Forbidden("این فایل از اقدامی است که به دستگاه شما مربوط نیست.");
        }
        else if (meta.ObstacleId is { } obstacleId)
        {
            var o = await db.Obstacles.AsNoTracking().Where(x => x.Id == obstacleId)
                .Select(x => new { x.ReporterAgencyId, x.LeadAgencyId, Others = x.OtherAgencies.Select(a => a.AgencyId).ToList() }).FirstAsync(ct);
            if (!Access.CanSeeObstacle(user, o.ReporterAgencyId, o.LeadAgencyId, o.Others)) return Outcome.Forbidden("این فایل از مانعی است که به دستگاه شما مربوط نیست.");
        }
        var content = await db.Evidence.AsNoTracking().Where(e => e.Id == id).Select(e => e.Content).FirstAsync(ct);
        return new EvidenceContent(content, meta.ContentType, meta.FileName);
    }
}
