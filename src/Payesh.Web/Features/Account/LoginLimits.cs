using System.Collections.Concurrent;
using System.Text.Json;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Payesh.Web.Data;
using Payesh.Web.Infrastructure.Input;

namespace Payesh.Web.Features.Account;

/// <summary>
/// ASP.NET Core's rate limiter on the two doors that take passwords, the login form and <c>/api/v1/auth/token</c>
/// (issue 13): per client address (<c>Payesh:Login:PerAddressPerMinute</c>, default 60) and per user name from
/// that address (<c>Payesh:Login:PerNamePerMinute</c>, default 10). Over either, 429 with Retry-After and a
/// Persian answer; the first refusal of a window is audited. Keying the name by address too means an attacker
/// elsewhere never uses up the real user's attempts.
/// </summary>
public static class LoginLimits
{
    private const string NameItem = "payesh:login-name";
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    private static readonly ConcurrentDictionary<string, long> AuditedWindows = new(StringComparer.Ordinal);

    public static bool IsLogin(HttpContext http) =>
        HttpMethods.IsPost(http.Request.Method)
        && (http.Request.Path.Equals("/Account/Login", StringComparison.OrdinalIgnoreCase)
            || http.Request.Path.Equals("/api/v1/auth/token", StringComparison.OrdinalIgnoreCase));

    public static IServiceCollection AddLoginLimits(this IServiceCollection services, IConfiguration config)
    {
        int perAddress = Math.Max(1, config.GetValue("Payesh:Login:PerAddressPerMinute", 60));
        int perName = Math.Max(1, config.GetValue("Payesh:Login:PerNamePerMinute", 10));
        services.AddSingleton<LoginThrottle>();
        services.AddScoped<SignInGate>();
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.GlobalLimiter = PartitionedRateLimiter.CreateChained(
                PartitionedRateLimiter.Create<HttpContext, string>(http => IsLogin(http)
                    ? RateLimitPartition.GetFixedWindowLimiter(LoginThrottle.AddressOf(http), _ => Options(perAddress))
                    : RateLimitPartition.GetNoLimiter("")),
                PartitionedRateLimiter.Create<HttpContext, string>(http => IsLogin(http)
                    ? RateLimitPartition.GetFixedWindowLimiter(LoginThrottle.AddressOf(http) + "\n" + NameOf(http), _ => Options(perName))
                    : RateLimitPartition.GetNoLimiter("")));
            o.OnRejected = OnRejectedAsync;
        });
        return services;
    }

    private static FixedWindowRateLimiterOptions Options(int permits) => new()
    {
        PermitLimit = permits,
        Window = Window,
        QueueLimit = 0,
        AutoReplenishment = true,
    };

    private static string NameOf(HttpContext http) => http.Items[NameItem] as string ?? "";

    /// <summary>Reads the user name of a login request before the limiter partitions it (the form is read once and
    /// kept for the page; a JSON body is buffered and rewound for the endpoint).</summary>
    public static async Task ReadNameAsync(HttpContext http, Func<Task> next)
    {
        if (IsLogin(http))
        {
            string? name = null;
            if (http.Request.HasFormContentType)
                name = (await http.Request.ReadFormAsync(http.RequestAborted))["UserName"].ToString();
            else if (http.Request.ContentType?.Contains("json", StringComparison.OrdinalIgnoreCase) == true)
            {
                http.Request.EnableBuffering();
                try
                {
                    using var doc = await JsonDocument.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted);
                    if (doc.RootElement.ValueKind == JsonValueKind.Object)
                        foreach (var p in doc.RootElement.EnumerateObject())
                            if (p.NameEquals("username") || p.Name.Equals("username", StringComparison.OrdinalIgnoreCase))
                                name = p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() : null;
                }
                catch (JsonException) { /* the endpoint answers the malformed body itself */ }
                http.Request.Body.Position = 0;
            }
            http.Items[NameItem] = LoginThrottle.NameKey(name);
        }
        await next();
    }

    private static async ValueTask OnRejectedAsync(OnRejectedContext context, CancellationToken ct)
    {
        var http = context.HttpContext;
        var wait = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retry) ? retry : Window;
        var address = LoginThrottle.AddressOf(http);
        var name = NameOf(http);
        long window = http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow().Ticks / Window.Ticks;
        var key = address + "\n" + name;
        if (AuditedWindows.TryGetValue(key, out var last) && last == window) { }
        else
        {
            AuditedWindows[key] = window;
            if (AuditedWindows.Count > 10_000) AuditedWindows.Clear();
            var db = http.RequestServices.GetRequiredService<PayeshDb>();
            await SignInAudit.RecordAsync(db, SignInAudit.Throttled, name, address,
                http.Request.Path.StartsWithSegments("/api") ? "api" : "form", null, ct);
        }
        await InputAnswers.WriteAsync(http, StatusCodes.Status429TooManyRequests, "تلاش‌های ورود بیش از اندازه است",
            $"از این نشانی یا برای این نام کاربری در یک دقیقه بیش از حد تلاش شد؛ {SignInGate.PersianWait(wait)} دیگر دوباره تلاش کنید.",
            retryAfter: SignInGate.RetryAfterSeconds(wait));
    }
}
