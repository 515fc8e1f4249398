using Microsoft.EntityFrameworkCore;
using Payesh.Web.Data;
using Payesh.Web.Data.Model;
using Payesh.Web.Features.Account;
using Payesh.Web.Infrastructure;

namespace Payesh.Web.Features.Reports;

/// <summary>The agency whose actions a daily sheet (the Today page and the Excel day sheet) shows.</summary>
/// <param name="CanChoose">Staff choose among <paramref name="Choices"/>; anyone else gets their own agency, whatever they ask for.</param>
/// <param name="Agency">The agency chosen; null for a user without an agency.</param>
public sealed record ReportingAgency(bool CanChoose, List<(string Code, string Name)> Choices, AgencyRow? Agency)
{
    /// <summary>Staff: the active agency with <paramref name="code"/>, else the first by name; an agency user: their own.</summary>
    public static async Task<ReportingAgency> ChooseAsync(PayeshDb db, CurrentUser user, string? code, CancellationToken ct)
    {
        if (Access.IsStaff(user))
        {
            var all = await db.Agencies.AsNoTracking().Where(a => a.IsActive).OrderBy(a => a.Name).ToListAsync(ct);
            return new(true, [.. all.Select(a => (a.Code, a.Name))], all.FirstOrDefault(a => a.Code == code) ?? all.FirstOrDefault());
        }
        var own = user.AgencyId is { } id ? await db.Agencies.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, ct) : null;
        return new(false, [], own);
    }
}
