using Microsoft.AspNetCore.Identity;
using Payesh.Web.Data;
using Payesh.Web.Data.Model;
using Payesh.Web.Infrastructure;

namespace Payesh.Web.Features.Account;

public static class AuthApi
{
    public sealed record TokenRequest(string? Username, string? Password);

    public static void MapAuthApi(this RouteGroupBuilder api)
    {
        api.MapPost("/auth/token", async (HttpRequest request, UserManager<AppUser> users, SignInManager<AppUser> signIn,
            PayeshDb db, TimeProvider time, IConfiguration config) =>
        {
            var (input, error) = await ApiResults.ReadBodyAsync<TokenRequest>(request);
            if (error is not null) return error;
            var denied = Results.Problem(title: "نام کاربری یا گذرواژه نادرست است", statusCode: StatusCodes.Status401Unauthorized);
            if (string.IsNullOrWhiteSpace(input!.Username) || string.IsNullOrEmpty(input.Password)) return denied;
            var user = await users.FindByNameAsync(input.Username.Trim());
            if (user is null || !user.IsActive) return denied;
            var check = await signIn.CheckPasswordSignInAsync(user, input.Password, lockoutOnFailure: true);
            if (check.IsLockedOut)
                return Results.Problem(title: "حساب موقتاً قفل شده است", detail: "به‌دلیل تلاش‌های ناموفق پیاپی، چند دقیقه بعد دوباره تلاش کنید.",
                    statusCode: StatusCodes.Status401Unauthorized);
            if (!check.Succeeded) return denied;
            var hours = config.GetValue("Payesh:TokenHours", 12);
            var (token, expires) = await BearerTokens.IssueAsync(db, user, "ورود از API", TimeSpan.FromHours(hours), time.GetUtcNow());
            return Results.Ok(new { token, expiresAt = expires });
        }).AllowAnonymous().WithName("IssueToken").WithSummary("دریافت توکن با نام کاربری و گذرواژه");
    }
}
