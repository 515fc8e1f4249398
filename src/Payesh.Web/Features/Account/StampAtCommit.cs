using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;

namespace Payesh.Web.Features.Account;

/// <summary>
/// An API endpoint whose only write is a report group commit, which compares the authentication stamp
/// (<see cref="Data.AuthStamps"/>) inside its own transaction. A bearer token this instance holds in its cache is then taken
/// without reading the stamp first — the one database round trip a report POST made before its write — and:
/// <list type="bullet">
/// <item>the write is stored only if the stamp is still the one the token was cached under, read after the plan rows are
/// locked (<see cref="Reports.ReportIngest"/>): a revocation committed before that read stores nothing;</item>
/// <item>any other answer (refused input, a stamp that moved, an error) leaves only after this filter has read the stamp; if
/// it moved, the token is checked afresh: no longer valid → 401, its user's roles no longer allowing the endpoint → 403, else
/// the request runs once more under the fresh claims;</item>
/// <item>a refusal by the authorization middleware on the cached claims is not answered from them either:
/// <see cref="StampAtCommitAuthorization"/> checks the token afresh and authorizes again.</item>
/// </list>
/// So a token revoked or a user deactivated on any instance is refused on its next request, as for every other endpoint.
/// Marker and filter come together (<see cref="ChecksAuthStampAtCommit"/>): the handler defers only where the filter runs.
/// </summary>
public sealed class StampAtCommit
{
    private static readonly StampAtCommit Marker = new();

    private StampAtCommit() { }

    /// <summary>Marks the endpoint and adds its filter.</summary>
    public static RouteHandlerBuilder ChecksAuthStampAtCommit(RouteHandlerBuilder endpoint) =>
        endpoint.WithMetadata(Marker).AddEndpointFilter(ConfirmAsync);

    private static async ValueTask<object?> ConfirmAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var deferred = http.Features.Get<DeferredStamp>();
        if (deferred is null) return await next(context); // authenticated after a stamp read, as everywhere else
        http.Request.EnableBuffering(); // a run under fresh claims reads the body again
        object? answer;
        try
        {
            answer = await next(context);
        }
        catch (Exception) when (!deferred.Confirmed)
        {
            if (await StillValidAsync(http, deferred)) throw;
            await http.ChallengeAsync(BearerTokens.Scheme); // not even an error is answered to a revoked token
            return Results.Empty;
        }
        if (deferred.Confirmed) return answer;
        var check = http.RequestServices.GetRequiredService<BearerTokenCheck>();
        if (await check.StampAsync(http.RequestAborted) == deferred.Stamp)
        {
            deferred.Confirmed = true;
            return answer;
        }

        // The stamp moved since the token was cached: what was answered may rest on claims no longer in force.
        var endpoint = http.GetEndpoint()!;
        var policy = await AuthorizationPolicy.CombineAsync(http.RequestServices.GetRequiredService<IAuthorizationPolicyProvider>(),
            endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>(), endpoint.Metadata.GetOrderedMetadata<AuthorizationPolicy>());
        if (!await AuthorizeAfreshAsync(http, deferred, policy)) return Results.Empty;
        http.Request.Body.Position = 0;
        return await next(context);
    }

    /// <summary>
    /// The token checked afresh (the stamp read first) and <paramref name="policy"/> evaluated on its claims, which become the
    /// request's user: false once the answer has been given — 401 when the token no longer gives access, 403 when the policy
    /// refuses. The request is no longer deferred after it.
    /// </summary>
    internal static async Task<bool> AuthorizeAfreshAsync(HttpContext http, DeferredStamp deferred, AuthorizationPolicy? policy)
    {
        http.Features.Set<DeferredStamp>(null);
        var claims = await http.RequestServices.GetRequiredService<BearerTokenCheck>().ClaimsAsync(http, deferred.Hash);
        if (claims is null)
        {
            await http.ChallengeAsync(BearerTokens.Scheme);
            return false;
        }
        http.User = BearerTokenCheck.Principal(claims);
        if (policy is null || (await http.RequestServices.GetRequiredService<IAuthorizationService>().AuthorizeAsync(http.User, http.GetEndpoint(), policy)).Succeeded)
            return true;
        await http.ForbidAsync(BearerTokens.Scheme);
        return false;
    }

    /// <summary>After a failed run: does the token still give access (the stamp unchanged, or the token found valid afresh)?</summary>
    private static async Task<bool> StillValidAsync(HttpContext http, DeferredStamp deferred)
    {
        var check = http.RequestServices.GetRequiredService<BearerTokenCheck>();
        if (await check.StampAsync(CancellationToken.None) == deferred.Stamp) return true;
        return await check.ClaimsAsync(http, deferred.Hash) is not null;
    }
}

/// <summary>
/// The authorization middleware's answer for a request authenticated from cached claims without a stamp read
/// (<see cref="StampAtCommit"/>): a refusal is not given on those claims — the token is checked afresh (401 if it no longer
/// gives access) and the policy evaluated again on the fresh claims, so a role just given is obeyed on the next request
/// too. Every other request is answered as the framework answers it.
/// </summary>
public sealed class StampAtCommitAuthorization : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _framework = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (!authorizeResult.Succeeded && context.Features.Get<DeferredStamp>() is { } deferred)
        {
            if (!await StampAtCommit.AuthorizeAfreshAsync(context, deferred, policy)) return;
            authorizeResult = PolicyAuthorizationResult.Success();
        }
        await _framework.HandleAsync(next, context, policy, authorizeResult);
    }
}

/// <summary>
/// A request authenticated from the token cache without a stamp read (<see cref="StampAtCommit"/>): the stamp its claims were
/// cached under, and whether a read since — the report commit's, or the filter's — found it unchanged.
/// </summary>
public sealed class DeferredStamp(string hash, long stamp)
{
    public string Hash { get; } = hash;
    public long Stamp { get; } = stamp;
    public bool Confirmed { get; set; }
}
