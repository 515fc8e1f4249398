using Microsoft.EntityFrameworkCore;
using Payesh.Web.Data;

namespace Payesh.Web.Features.Agencies;

/// <summary>An agency as the registers' filters offer it.</summary>
public sealed record AgencyOption(long Id, string Code, string Name);

public static class AgencyOptions
{
    /// <summary>Every agency, by name: what the obstacle, resolution and review filters offer.</summary>
    public static async Task<List<AgencyOption>> ForFiltersAsync(PayeshDb db, CancellationToken ct) =>
        await db.Agencies.AsNoTracking().OrderBy(a => a.Name).Select(a => new AgencyOption(a.Id, a.Code, a.Name)).ToListAsync(ct);

    public static List<(string Code, string Name)> CodesAndNames(List<AgencyOption> options) => [.. options.Select(a => (a.Code, a.Name))];
}
