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

    /// <summary>The figures per organization and the total as the API shows them (<c>GET …/figures</c>): one agency when
    /// <paramref name="agency"/> names its code; <paramref name="pick"/> chooses the obstacles', the resolutions' or both.</summary>
    public async Task<FiguresAnswer<T>> AnswerAsync<T>(JalaliDate? asOf, string? agency, Func<AccountabilityFigures, T> pick, CancellationToken ct)
    {
        var report = await ComputeAsync(asOf, ct);
        var rows = report.Agencies.Where(a => string.IsNullOrWhiteSpace(agency) || string.Equals(a.Code, agency.Trim(), StringComparison.OrdinalIgnoreCase));
        return new FiguresAnswer<T>(report.AsOf.ToString(), pick(report.Total), [.. rows.Select(a => new AgencyFiguresEntry<T>(a.Code, a.Name, pick(a.Figures)))]);
    }
}

/// <summary>The figures of <c>GET /api/v1/…/figures</c>: the day, the total and each organization's.</summary>
public sealed record FiguresAnswer<T>(string AsOf, T Total, List<AgencyFiguresEntry<T>> Agencies);

public sealed record AgencyFiguresEntry<T>(string Code, string Name, T Figures);

/// <summary>An organization's obstacle figures (docs/api.md § figures).</summary>
public sealed record ObstacleFiguresJson(int Assigned, int Resolved, int ResolvedByDeadline, int Overdue, double? MedianDaysToResolve)
{
    public static ObstacleFiguresJson Of(AccountabilityFigures f) =>
        new(f.ObstaclesAssigned, f.ObstaclesResolved, f.ObstaclesResolvedByDeadline, f.ObstaclesOverdue, f.MedianDaysToResolve);
}

/// <summary>An organization's resolution figures (docs/api.md § figures).</summary>
public sealed record ResolutionFiguresJson(int Assigned, int CarriedOut, int OnTime, int Overdue, double? ImplementationRate)
{
    public static ResolutionFiguresJson Of(AccountabilityFigures f) =>
        new(f.ResolutionsAssigned, f.ResolutionsCarriedOut, f.ResolutionsOnTime, f.ResolutionsOverdue, f.ImplementationRate);
}

/// <summary>Both.</summary>
public sealed record AccountabilityFiguresJson(ObstacleFiguresJson Obstacles, ResolutionFiguresJson Resolutions)
{
    public static AccountabilityFiguresJson Of(AccountabilityFigures f) => new(ObstacleFiguresJson.Of(f), ResolutionFiguresJson.Of(f));
}
