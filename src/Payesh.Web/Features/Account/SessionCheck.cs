using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Payesh.Web.Data;

namespace Payesh.Web.Features.Account;

/// <summary>
/// Every request of a signed-in browser checks its user's security stamp and active flag (one indexed read): an
/// admin who deactivates a user or changes their role or agency (both renew the stamp) ends that user's sessions
/// on their very next request. Bearer tokens read the user, roles and active flag on every call already.
/// </summary>
public static class SessionCheck
{
    public static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var principal = context.Principal;
        var id = principal?.FindFirstValue(ClaimTypes.NameIdentifier);
        if (id is not null)
        {
            var services = context.HttpContext.RequestServices;
            var stampType = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<IdentityOptions>>().Value.ClaimsIdentity.SecurityStampClaimType;
            var db = services.GetRequiredService<PayeshDb>();
            var user = await db.Users.AsNoTracking().Where(u => u.Id == id).Select(u => new { u.SecurityStamp, u.IsActive })
                .FirstOrDefaultAsync(context.HttpContext.RequestAborted);
            if (user is null || !user.IsActive || user.SecurityStamp != principal!.FindFirstValue(stampType))
            {
                context.RejectPrincipal();
                await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
                return;
            }
        }
        // The stamp is the same: Identity's own validator still refreshes the claims now and then.
        await SecurityStampValidator.ValidatePrincipalAsync(context);
    }
}
