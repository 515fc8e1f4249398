using Microsoft.AspNetCore.Mvc;
using Payesh.Web.Features.Account;
using Payesh.Web.Infrastructure;

namespace Payesh.Web.Features.Notifications;

/// <summary>The unread count beside the menu item.</summary>
public sealed class UnreadCountViewComponent(NotificationQueries notices) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync()
    {
        int n = await notices.UnreadAsync(CurrentUser.From(HttpContext.User), HttpContext.RequestAborted);
        return new Microsoft.AspNetCore.Mvc.ViewComponents.HtmlContentViewComponentResult(
            new Microsoft.AspNetCore.Html.HtmlString(n == 0 ? "" : $" <span class=\"badge rounded-pill text-bg-danger unread\">{Fa.Int(n)}</span>"));
    }
}
