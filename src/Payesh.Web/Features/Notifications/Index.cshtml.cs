using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Payesh.Web.Data;
using Payesh.Web.Data.Model;
using Payesh.Web.Features.Account;
using Payesh.Web.Infrastructure;

namespace Payesh.Web.Features.Notifications;

public sealed class IndexModel(PayeshDb db, PayeshClock clock) : PageModel
{
    public List<Notification> Items { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var me = CurrentUser.From(User)!.Id;
        Items = await db.Notifications.AsNoTracking().Where(n => n.UserId == me)
            .OrderByDescending(n => n.Id).Take(200).ToListAsync(ct);
    }

    public async Task<IActionResult> OnPostReadAllAsync(CancellationToken ct)
    {
        var me = CurrentUser.From(User)!.Id;
        var now = clock.Now;
        await db.Notifications.Where(n => n.UserId == me && n.ReadAt == null).ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, now), ct);
        return RedirectToPage();
    }
}

/// <summary>The unread count beside the menu item.</summary>
public sealed class UnreadCountViewComponent(PayeshDb db) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync()
    {
        var me = CurrentUser.From(HttpContext.User)?.Id;
        int n = me is null ? 0 : await db.Notifications.CountAsync(x => x.UserId == me && x.ReadAt == null);
        return new Microsoft.AspNetCore.Mvc.ViewComponents.HtmlContentViewComponentResult(
            new Microsoft.AspNetCore.Html.HtmlString(n == 0 ? "" : $" <span class=\"badge rounded-pill text-bg-danger unread\">{Fa.Int(n)}</span>"));
    }
}
