using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Payesh.Web.Data;
using Payesh.Web.Data.Model;

namespace Payesh.Web.Features.Account;

/// <summary>Opaque bearer tokens: 32 random bytes shown once; only their SHA-256 is stored, so any
/// instance can check them and an admin can revoke them.</summary>
public static class BearerTokens
{
    public const string Scheme = "Bearer";

    public static string NewToken() => "pk_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))
        .Replace('+', '-').Replace('/', '_').TrimEnd('=');

    public static string Hash(string token) => Hash(token.AsSpan());

    public static string Hash(ReadOnlySpan<char> token)
    {
        Span<byte> utf8 = token.Length <= 256 ? stackalloc byte[Encoding.UTF8.GetMaxByteCount(token.Length)] : new byte[Encoding.UTF8.GetMaxByteCount(token.Length)];
        int n = Encoding.UTF8.GetBytes(token, utf8);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(utf8[..n], hash);
        return Convert.ToHexStringLower(hash);
    }

    public static async Task<(string Token, DateTimeOffset ExpiresAt)> IssueAsync(PayeshDb db, AppUser user, string name, TimeSpan lifetime, DateTimeOffset now)
    {
        var token = NewToken();
        var expires = now + lifetime;
        db.ApiTokens.Add(new ApiToken { UserId = user.Id, Name = name, TokenHash = Hash(token), CreatedAt = now, ExpiresAt = expires });
        await db.SaveChangesAsync();
        return (token, expires);
    }
}

public sealed class BearerTokenHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    BearerTokenCheck check,
    TokenCache cache,
    TimeProvider time) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (string.IsNullOrEmpty(header) || !header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return AuthenticateResult.NoResult();
        var token = header.AsSpan("Bearer ".Length).Trim();
        if (token.IsEmpty) return AuthenticateResult.Fail("empty token");
        var hash = BearerTokens.Hash(token);
        // An endpoint whose one write compares the stamp in its own transaction takes a cached token without reading it
        // now; its filter (StampAtCommit) confirms the stamp before any other answer leaves, and a refusal by authorization
        // is decided on the token checked afresh (StampAtCommitAuthorization).
        if (Context.GetEndpoint()?.Metadata.GetMetadata<StampAtCommit>() is not null && cache.Peek(hash, time.GetUtcNow()) is { } held)
        {
            Context.Features.Set(new DeferredStamp(hash, held.Stamp));
            return Success(held.Claims);
        }
        var claims = await check.ClaimsAsync(Context, hash);
        return claims is null ? AuthenticateResult.Fail("invalid token") : Success(claims);
    }

    private AuthenticateResult Success(Claim[] claims) =>
        AuthenticateResult.Success(new AuthenticationTicket(BearerTokenCheck.Principal(claims), Scheme.Name));

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = 401;
        Response.Headers.WWWAuthenticate = "Bearer";
        await Results.Problem(title: "احراز هویت لازم است", detail: "توکن معتبر در سرآیند Authorization فرستاده نشده است.",
            statusCode: 401).ExecuteAsync(Context);
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = 403;
        await Results.Problem(title: "دسترسی مجاز نیست", detail: "کاربر این توکن اجازه این کار را ندارد.",
            statusCode: 403).ExecuteAsync(Context);
    }
}

/// <summary>
/// Whether a bearer token gives access now: the authentication stamp read first (a revocation committed after that read
/// moves it again, so the next request reloads — Data/AuthStamps.cs), then the token from this instance's cache if it was
/// loaded under that stamp, else from the database (and cached). No context is built for a token found in the cache: the
/// stamp comes from kept, prepared connections.
/// </summary>
public sealed class BearerTokenCheck(AuthStampReader stamps, TokenCache cache, TimeProvider time)
{
    /// <summary>The token's claims, or null when it gives no access.</summary>
    public async Task<Claim[]?> ClaimsAsync(HttpContext http, string hash)
    {
        var now = time.GetUtcNow();
        long stamp = await stamps.ReadAsync(http.RequestAborted);
        var claims = cache.Get(hash, stamp, now);
        if (claims is not null) return claims.Value.Claims;
        var loaded = await LoadAsync(http, hash, now);
        if (loaded is null) return null;
        cache.Put(hash, stamp, now, loaded.Value.ExpiresAt, loaded.Value.Claims);
        return loaded.Value.Claims;
    }

    /// <summary>The stamp as the database holds it now.</summary>
    public Task<long> StampAsync(CancellationToken ct) => stamps.ReadAsync(ct);

    public static ClaimsPrincipal Principal(Claim[] claims) => new(new ClaimsIdentity(claims, BearerTokens.Scheme));

    /// <summary>The token, its user and the user's roles (one query), or null when the token gives no access.</summary>
    private static async Task<(DateTimeOffset ExpiresAt, Claim[] Claims)?> LoadAsync(HttpContext http, string hash, DateTimeOffset now)
    {
        var db = http.RequestServices.GetRequiredService<PayeshDb>();
        var row = await db.ApiTokens.AsNoTracking().Where(t => t.TokenHash == hash)
            .Select(t => new
            {
                t.ExpiresAt,
                t.RevokedAt,
                t.User!.Id,
                t.User.UserName,
                t.User.DisplayName,
                t.User.AgencyId,
                t.User.IsActive,
                Roles = db.UserRoles.Where(ur => ur.UserId == t.UserId).Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => r.Name).ToList(),
            })
            .FirstOrDefaultAsync(http.RequestAborted);
        if (row is null || row.RevokedAt is not null || row.ExpiresAt <= now || !row.IsActive) return null;
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, row.Id),
            new(ClaimTypes.Name, row.UserName ?? ""),
            new("payesh:display", row.DisplayName),
        };
        if (row.AgencyId is { } agency) claims.Add(new Claim(CurrentUser.AgencyClaim, agency.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        claims.AddRange(row.Roles.Where(r => r is not null).Select(r => new Claim(ClaimTypes.Role, r!)));
        return (row.ExpiresAt, [.. claims]);
    }
}

/// <summary>The signed-in user as the rest of the app needs it.</summary>
public sealed record CurrentUser(string Id, string Name, IReadOnlySet<string> Roles, long? AgencyId)
{
    public const string AgencyClaim = "payesh:agency";

    public bool IsAdmin => Roles.Contains(Data.Model.Roles.Admin);
    public bool IsSecretariat => Roles.Contains(Data.Model.Roles.Secretariat);

    public static CurrentUser? From(ClaimsPrincipal principal)
    {
        if (principal.Identity?.IsAuthenticated != true) return null;
        var id = principal.FindFirstValue(ClaimTypes.NameIdentifier);
        if (id is null) return null;
        var roles = principal.FindAll(ClaimTypes.Role).Select(c => c.Value).ToHashSet(StringComparer.Ordinal);
        long? agency = long.TryParse(principal.FindFirstValue(AgencyClaim), out var a) ? a : null;
        return new CurrentUser(id, principal.Identity.Name ?? "", roles, agency);
    }
}

/// <summary>Adds the agency and display name to the user's claims.</summary>
public sealed class PayeshClaimsFactory(UserManager<AppUser> users, RoleManager<IdentityRole> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<AppUser, IdentityRole>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(AppUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        if (user.AgencyId is { } a) identity.AddClaim(new Claim(CurrentUser.AgencyClaim, a.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        identity.AddClaim(new Claim("payesh:display", user.DisplayName));
        return identity;
    }
}
