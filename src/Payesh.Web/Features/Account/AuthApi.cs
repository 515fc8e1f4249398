using Microsoft.AspNetCore.Http.HttpResults;
using Payesh.Web.Data;
using Payesh.Web.Infrastructure;
using Payesh.Web.Infrastructure.Input;

namespace Payesh.Web.Features.Account;

public static class AuthApi
{
    public sealed record TokenRequest(string? Username, string? Password);

    /// <summary>A bearer token and when it expires.</summary>
    public sealed record TokenAnswer(string Token, DateTimeOffset ExpiresAt);

    public static void MapAuthApi(this RouteGroupBuilder api) =>
        api.MapPost("/auth/token", IssueTokenAsync).ReadsJson<TokenRequest>().ProducesProblems(401, 415, 422, 429)
            .AllowAnonymous().WithName("IssueToken").WithSummary("دریافت توکن با نام کاربری و گذرواژه");

    public static async Task<Results<Ok<TokenAnswer>, ProblemHttpResult>> IssueTokenAsync(HttpRequest request, SignInGate gate, PayeshDb db, TimeProvider time,
        IConfiguration config, CancellationToken ct)
    {
        var (input, error) = await ApiInput.ReadBodyAsync<TokenRequest>(request);
        if (error is not null) return error;
        var denied = TypedResults.Problem(title: "نام کاربری یا گذرواژه نادرست است", statusCode: StatusCodes.Status401Unauthorized);
        if (string.IsNullOrWhiteSpace(input!.Username) || string.IsNullOrEmpty(input.Password)) return denied;
        var result = await gate.CheckAsync(request.HttpContext, input.Username, input.Password, "api", ct);
        switch (result.Outcome)
        {
            case SignInGate.Outcome.Throttled:
                request.HttpContext.Response.Headers.RetryAfter = SignInGate.RetryAfterSeconds(result.RetryAfter!.Value);
                return TypedResults.Problem(title: "تلاش‌های ورود بیش از اندازه است",
                    detail: $"تلاش‌های ناموفق پیاپی برای این نام کاربری؛ {SignInGate.PersianWait(result.RetryAfter.Value)} دیگر دوباره تلاش کنید.",
                    statusCode: StatusCodes.Status429TooManyRequests);
            case SignInGate.Outcome.LockedOut:
                return TypedResults.Problem(title: "حساب موقتاً بسته است", detail: "این حساب را مدیر سامانه موقتاً بسته است.",
                    statusCode: StatusCodes.Status401Unauthorized);
            case SignInGate.Outcome.Failed:
                return denied;
        }
        var hours = config.GetValue("Payesh:TokenHours", 12);
        var (token, expires) = await BearerTokens.IssueAsync(db, result.User!, "ورود از API", TimeSpan.FromHours(hours), time.GetUtcNow());
        return TypedResults.Ok(new TokenAnswer(token, expires));
    }
}
