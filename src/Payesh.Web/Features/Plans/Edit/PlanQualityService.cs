using Microsoft.EntityFrameworkCore;
using Payesh.Domain.Plans;
using Payesh.Web.Data;
using Payesh.Web.Features.Account;

namespace Payesh.Web.Features.Plans.Edit;

/// <summary>The plan-quality check of a stored plan (rules: <see cref="PlanQuality"/>), with the ids the fix-list links to.</summary>
public sealed class PlanQualityService(PayeshDb db, PlanQueries plans, IConfiguration config)
{
    public sealed record Result(PlanStore.Loaded Plan, QualityReport Report, IReadOnlyDictionary<string, long> NodeIds);

    /// <summary>How many actions an agency may lead without a collaborating agency (Payesh:Quality:MaxSoloActions).</summary>
    public int MaxSoloActions => Math.Max(1, config.GetValue("Payesh:Quality:MaxSoloActions", 5));

    /// <summary>The check of a plan the user may see (<see cref="PlanQueries.FindAsync"/>: a draft is not found to anyone but
    /// staff); null when there is no such plan for them.</summary>
    public async Task<Result?> CheckAsync(CurrentUser user, long planId, CancellationToken ct) =>
        await plans.FindAsync(user, planId, ct) is null ? null : await CheckStoredAsync(planId, ct);

    /// <summary>The check of a stored plan, for services that have already decided the user may author it.</summary>
    internal async Task<Result?> CheckStoredAsync(long planId, CancellationToken ct)
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
