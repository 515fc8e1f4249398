using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Payesh.Web.Data.Model;
using Payesh.Web.Features.Account;

namespace Payesh.Web.Features.Notifications;

/// <summary>The user's notices (<see cref="NotificationQueries"/>, <see cref="NotificationCommands"/>).</summary>
public sealed class IndexModel(NotificationQueries notices, NotificationCommands commands) : PageModel
{
    public List<Notification> Items { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Items = await notices.ListAsync(CurrentUser.From(User)!, ct);

    public async Task<IActionResult> OnPostReadAllAsync(CancellationToken ct)
    {
        await commands.ReadAllAsync(CurrentUser.From(User)!, ct);
        return RedirectToPage();
    }
}
