using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Payesh.Web.Data;
using Payesh.Web.Data.Model;
using Payesh.Web.Infrastructure;

namespace Payesh.Web.Features.Admin.Users;

/// <summary>The users, filtered by role, agency, state and a search text.</summary>
public sealed class IndexModel(PayeshDb db, PayeshClock clock) : PageModel
{
    public sealed record Row(string Id, string UserName, string DisplayName, string? Agency, bool IsActive, bool LockedOut, DateTimeOffset CreatedAt, List<string> Roles);
    public sealed record AgencyChoice(long Id, string Name, bool IsActive);

    [BindProperty(SupportsGet = true)] public string? Role { get; set; }
    [BindProperty(SupportsGet = true)] public long? Agency { get; set; }
    [BindProperty(SupportsGet = true)] public string? Status { get; set; }
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [TempData] public string? Message { get; set; }

    public List<Row> Rows { get; private set; } = [];
    public List<AgencyChoice> Agencies { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        Agencies = await db.Agencies.AsNoTracking().OrderBy(a => a.Name).Select(a => new AgencyChoice(a.Id, a.Name, a.IsActive)).ToListAsync(ct);

        var q = db.Users.AsNoTracking();
        if (!string.IsNullOrEmpty(Role) && Roles.All.Contains(Role))
        {
            var roleId = await db.Roles.Where(r => r.Name == Role).Select(r => r.Id).FirstOrDefaultAsync(ct);
            q = q.Where(u => db.UserRoles.Any(ur => ur.UserId == u.Id && ur.RoleId == roleId));
        }
        if (Agency is { } agencyId) q = q.Where(u => u.AgencyId == agencyId);
        if (Status == "active") q = q.Where(u => u.IsActive);
        else if (Status == "inactive") q = q.Where(u => !u.IsActive);
        if (AdminText.Text(Q) is { } text)
        {
            var lower = text.ToLowerInvariant();
            q = q.Where(u => u.UserName!.Contains(lower) || u.DisplayName.Contains(text));
        }
        var now = clock.Now;
        var users = await q.OrderBy(u => u.UserName)
            .Select(u => new { u.Id, u.UserName, u.DisplayName, Agency = u.Agency == null ? null : u.Agency.Name, u.IsActive, u.LockoutEnd, u.CreatedAt })
            .ToListAsync(ct);
        var ids = users.Select(u => u.Id).ToList();
        var roles = await (from ur in db.UserRoles
                           join r in db.Roles on ur.RoleId equals r.Id
                           where ids.Contains(ur.UserId)
                           select new { ur.UserId, r.Name }).ToListAsync(ct);
        var byUser = roles.ToLookup(r => r.UserId, r => r.Name ?? "");
        Rows = [.. users.Select(u => new Row(u.Id, u.UserName ?? "", u.DisplayName, u.Agency, u.IsActive, u.LockoutEnd > now, u.CreatedAt,
            [.. byUser[u.Id].Select(Roles.PersianName)]))];
    }
}
