using Microsoft.EntityFrameworkCore;
using Payesh.Domain.Calendar;
using Payesh.Domain.Obstacles;
using Payesh.Web.Data;
using Payesh.Web.Data.Model;
using Payesh.Web.Features.Resolutions;
using Payesh.Web.Infrastructure;

namespace Payesh.Web.Features.Obstacles;

/// <summary>One organization's obstacle and resolution figures, with its name.</summary>
public sealed record OrganizationFigures(long AgencyId, string Code, string Name, AccountabilityFigures Figures);

public sealed record AccountabilityReport(JalaliDate AsOf, IReadOnlyList<OrganizationFigures> Agencies, AccountabilityFigures Total)
{
    public AccountabilityFigures For(long agencyId) =>
        Agencies.FirstOrDefault(a => a.AgencyId == agencyId)?.Figures ?? AccountabilityFigures.Empty(agencyId);
}

/// <summary>
/// Figures per organization (issue 5 § figures): obstacles assigned / resolved / resolved by the deadline /
/// overdue and the median days to resolve; resolutions assigned / carried out / on time. Every page and
/// endpoint that shows them calls this; the rules are the domain's (<see cref="AccountabilityFigures"/>).
/// Histories are replayed up to <c>asOf</c>, so the figures of a past day are those of that day.
/// </summary>
public sealed class AccountabilityService(PayeshDb db, PayeshClock clock)
{
    public Task<AccountabilityReport> ComputeAsync(JalaliDate? asOf = null, CancellationToken ct = default) =>
        ComputeAsync(db, asOf ?? clock.Today, ct);

    public static async Task<AccountabilityReport> ComputeAsync(PayeshDb db, JalaliDate day, CancellationToken ct)
    {
        var date = day.ToDateOnly();
        var obstacleEvents = await db.ObstacleEvents.AsNoTracking().Where(e => e.Day <= date)
            .OrderBy(e => e.ObstacleId).ThenBy(e => e.Id).ToListAsync(ct);
        var obstacles = obstacleEvents.GroupBy(e => e.ObstacleId)
            .Select(g => ObstacleFile.Replay(g.Select(ObstacleCommands.ToDomain))).ToList();

        var resolutions = await db.Resolutions.AsNoTracking().Where(r => r.IssuedOn <= date)
            .Select(r => new { r.Id, r.AgencyId, r.Deadline, r.ObjectionDays }).ToListAsync(ct);
        var resolutionEvents = (await db.ResolutionEvents.AsNoTracking().Where(e => e.Day <= date)
            .OrderBy(e => e.ResolutionId).ThenBy(e => e.Id).ToListAsync(ct)).ToLookup(e => e.ResolutionId);
        var files = resolutions.Where(r => resolutionEvents[r.Id].Any())
            .Select(r => ResolutionFile.Replay(r.AgencyId, r.Deadline.DayNumber, r.ObjectionDays, resolutionEvents[r.Id].Select(ResolutionCommands.ToDomain)))
            .ToList();

        var (figures, total) = AccountabilityFigures.Compute(obstacles, files, day.DayNumber);
        var agencies = await db.Agencies.AsNoTracking().ToDictionaryAsync(a => a.Id, ct);
        var rows = figures.Where(f => agencies.ContainsKey(f.Agency))
            .Select(f => new OrganizationFigures(f.Agency, agencies[f.Agency].Code, agencies[f.Agency].Name, f))
            .OrderBy(f => f.Code, StringComparer.Ordinal).ToList();
        return new AccountabilityReport(day, rows, total);
    }

    public static object Json(AccountabilityFigures f) => new { obstacles = ObstaclesJson(f), resolutions = ResolutionsJson(f) };

    public static object ObstaclesJson(AccountabilityFigures f) => new
    {
        assigned = f.ObstaclesAssigned,
        resolved = f.ObstaclesResolved,
        resolvedByDeadline = f.ObstaclesResolvedByDeadline,
        overdue = f.ObstaclesOverdue,
        medianDaysToResolve = f.MedianDaysToResolve,
    };

    public static object ResolutionsJson(AccountabilityFigures f) => new
    {
        assigned = f.ResolutionsAssigned,
        carriedOut = f.ResolutionsCarriedOut,
        onTime = f.ResolutionsOnTime,
        overdue = f.ResolutionsOverdue,
        implementationRate = f.ImplementationRate,
    };
}
