using Microsoft.EntityFrameworkCore;
using Payesh.Web.Data;
using Payesh.Web.Features.Account;

namespace Payesh.Web.Features.Notifications;

/// <summary>What a user does with their own notices.</summary>
public sealed class NotificationCommands(PayeshDb db, Infrastructure.PayeshClock clock)
{
    /// <summary>Marks every unread notice of the user read now; returns how many.</summary>
    public async Task<int> ReadAllAsync(CurrentUser user, CancellationToken ct)
    {
        var now = clock.Now;
        return await db.Notifications.Where(n => n.UserId == user.Id && n.ReadAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, now), ct);
    }
}
