using Microsoft.EntityFrameworkCore;
using Payesh.Web.Data;
using Payesh.Web.Data.Model;
using Payesh.Web.Infrastructure;

namespace Payesh.Web.Features.Obstacles;

/// <summary>In-app notifications of the obstacle and resolution workflow, added to the caller's unit of work
/// (the caller saves them). Recipients are chosen as in <see cref="Reports.Notifier"/>; unlike reminders and
/// rejections, these are not e-mailed.</summary>
public sealed class ObstacleNotices(PayeshDb db, PayeshClock clock)
{
    public async Task ToAgencyAsync(long? agencyId, string title, string? body, string link, CancellationToken ct)
    {
        if (agencyId is null) return;
        var users = await Reports.Notifier.AgencyUsers(db, [agencyId.Value]).Select(u => u.Id).ToListAsync(ct);
        Add(users, title, body, link);
    }

    public async Task ToSecretariatAsync(string title, string? body, string link, CancellationToken ct)
    {
        var roleId = await db.Roles.Where(r => r.Name == Roles.Secretariat).Select(r => r.Id).FirstOrDefaultAsync(ct);
        var users = await db.Users.Where(u => u.IsActive && db.UserRoles.Any(ur => ur.UserId == u.Id && ur.RoleId == roleId))
            .Select(u => u.Id).ToListAsync(ct);
        Add(users, title, body, link);
    }

    private void Add(IEnumerable<string> userIds, string title, string? body, string link)
    {
        foreach (var id in userIds)
            db.Notifications.Add(new Notification
            {
                UserId = id,
                Title = Cut(title, 300),
                Body = body is null ? null : Cut(body, 2000),
                Link = link,
                CreatedAt = clock.Now,
            });
    }

    private static string Cut(string s, int max) => s.Length <= max ? s : s[..(max - 1)] + "…";
}
