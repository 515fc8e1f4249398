using Microsoft.EntityFrameworkCore;
using Payesh.Web.Data;
using Payesh.Web.Data.Model;
using Payesh.Web.Features.Account;

namespace Payesh.Web.Features.Notifications;

/// <summary>A user's notices: each user reads only their own.</summary>
public sealed class NotificationQueries(PayeshDb db)
{
    public const int Limit = 200;

    /// <summary>The user's newest notices, newest first.</summary>
    public async Task<List<Notification>> ListAsync(CurrentUser user, CancellationToken ct) =>
        await db.Notifications.AsNoTracking().Where(n => n.UserId == user.Id).OrderByDescending(n => n.Id).Take(Limit).ToListAsync(ct);

    /// <summary>How many of the user's notices are unread (0 for nobody).</summary>
    public async Task<int> UnreadAsync(CurrentUser? user, CancellationToken ct) =>
        user is null ? 0 : await db.Notifications.CountAsync(n => n.UserId == user.Id && n.ReadAt == null, ct);
}
