using Microsoft.AspNetCore.Mvc.RazorPages;
using Payesh.Web.Features.Account;
using Payesh.Web.Infrastructure;

namespace Payesh.Web.Features.Plans;

/// <summary>The page side of "which plan": reads and writes the remembered choice (a cookie) around
/// <see cref="PlanQueries.ShowAsync"/>, so that the service itself never sees the request.</summary>
public static class PlanPages
{
    public const string Cookie = "payesh.plan";

    public static async Task<Outcome<PlanShown>> ShowOnPageAsync(this PlanQueries plans, PageModel page, long? asked, CancellationToken ct,
        Func<PlanChoice, bool>? only = null)
    {
        long? remembered = long.TryParse(page.Request.Cookies[Cookie], System.Globalization.NumberStyles.None,
            System.Globalization.CultureInfo.InvariantCulture, out var id) ? id : null;
        var shown = await plans.ShowAsync(CurrentUser.From(page.User)!, asked, remembered, ct, only);
        // The user's explicit choice is remembered for every page that shows a plan.
        if (shown is { Ok: true, Value: { Asked: true, Plan: { } plan } } && plan.Id != remembered)
            page.Response.Cookies.Append(Cookie, plan.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), new CookieOptions
            {
                HttpOnly = true,
                IsEssential = true,
                SameSite = SameSiteMode.Lax,
                Secure = page.Request.IsHttps,
                MaxAge = TimeSpan.FromDays(365),
            });
        return shown;
    }
}
