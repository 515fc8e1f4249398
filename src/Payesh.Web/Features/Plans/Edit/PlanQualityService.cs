using Microsoft.EntityFrameworkCore;
using Payesh.Domain.Plans;
using Payesh.Web.Data;

namespace Payesh.Web.Features.Plans.Edit;

/// <summary>The plan-quality check of a stored plan (rules: <see cref="PlanQuality"/>), with the ids the fix-list links to.</summary>
public sealed class PlanQualityService(PayeshDb db, IConfiguration config)
{
    public sealed record Result(PlanStore.Loaded Plan, QualityReport Report, IReadOnlyDictionary<string, long> NodeIds);

    /// <summary>How many actions an agency may lead without a collaborating agency (Payesh:Quality:MaxSoloActions).</summary>
    public int MaxSoloActions => Math.Max(1, config.GetValue("Payesh:Quality:MaxSoloActions", 5));

    public async Task<Result?> CheckAsync(long planId, CancellationToken ct)
    {
        var loaded = await PlanStore.LoadAsync(db, planId, ct);
        if (loaded is null) return null;
        var inactive = (await db.Agencies.AsNoTracking().Where(a => !a.IsActive).Select(a => a.Code).ToListAsync(ct))
            .ToHashSet(StringComparer.Ordinal);
        // Obstacles of the register linked to a node of this plan (by the node, whatever plan the obstacle names).
        var withObstacles = (await db.ObstacleNodes.AsNoTracking()
            .Join(db.PlanNodes.Where(n => n.PlanId == planId && !n.IsRemoved), o => o.NodeId, n => n.Id, (o, n) => n.Code)
            .Distinct().ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        var report = PlanQuality.Check(loaded.Plan, new QualityContext(inactive, withObstacles, MaxSoloActions));
        return new Result(loaded, report, loaded.NodeIds);
    }
}
