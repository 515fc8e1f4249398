using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Payesh.Web.Data;
using Payesh.Web.Data.Model;
using Payesh.Web.Features.Account;
using Payesh.Web.Tests.Infrastructure;

namespace Payesh.Web.Tests.Account;

/// <summary>
/// Bearer tokens are cached in memory per instance; a revocation or a deactivation written by another instance is
/// obeyed on the very next request (the authentication stamp, Data/AuthStamps.cs), not after the cache's lifetime.
/// </summary>
public abstract class TokenCacheAcrossInstances(TestProvider provider)
{
    private const string Password = "Cache-Pass-2024";

    private (PayeshFactory A, PayeshFactory B) Start()
    {
        if (provider == TestProvider.Postgres) TestDatabases.RequirePostgres();
        var a = new PayeshFactory(provider, seedDemo: false);
        var b = new PayeshFactory(provider, seedDemo: false, connectionString: a.ConnectionString);
        return (a, b);
    }

    private static async Task<string> TokenAsync(PayeshFactory app, string user, string password)
    {
        var answer = await app.CreateClient().PostAsJsonAsync("/api/v1/auth/token", new { username = user, password });
        return (await answer.JsonAsync())["token"]!.ToString();
    }

    private static async Task<HttpStatusCode> StatusAsync(PayeshFactory app, string token)
    {
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return (await client.GetAsync("/api/v1/plans")).StatusCode;
    }

    private static async Task InScopeAsync(PayeshFactory app, Func<IServiceProvider, Task> work)
    {
        using var scope = app.Services.CreateScope();
        await work(scope.ServiceProvider);
    }

    [SkippableFact]
    public async Task A_cached_token_revoked_on_another_instance_is_refused_on_its_next_request()
    {
        var (a, b) = Start();
        using var ownsDatabase = a;
        using var other = b;
        var revoked = await TokenAsync(a, "admin", PayeshFactory.AdminPassword);
        var kept = await TokenAsync(a, "admin", PayeshFactory.AdminPassword);
        // Both are now in B's cache.
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(b, revoked));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(b, kept));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(b, revoked));

        await InScopeAsync(a, async sp =>
        {
            var db = sp.GetRequiredService<PayeshDb>();
            var hash = BearerTokens.Hash(revoked);
            var row = await db.ApiTokens.SingleAsync(t => t.TokenHash == hash);
            row.RevokedAt = a.Clock.UtcNow;
            await db.SaveChangesAsync();
        });

        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(b, revoked));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(a, revoked));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(b, kept));
    }

    [SkippableFact]
    public async Task A_cached_token_of_a_user_deactivated_on_another_instance_is_refused_on_its_next_request()
    {
        var (a, b) = Start();
        using var ownsDatabase = a;
        using var other = b;
        await InScopeAsync(a, async sp =>
        {
            var users = sp.GetRequiredService<UserManager<AppUser>>();
            var user = new AppUser { UserName = "cache.viewer", DisplayName = "ناظر آزمون حافظه", CreatedAt = a.Clock.UtcNow };
            Assert.True((await users.CreateAsync(user, Password)).Succeeded);
            Assert.True((await users.AddToRoleAsync(user, Roles.Viewer)).Succeeded);
        });
        var token = await TokenAsync(a, "cache.viewer", Password);
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(b, token));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(b, token));

        // Only the user row changes (the token itself stays unrevoked): the stamp covers users too.
        await InScopeAsync(a, async sp =>
        {
            var users = sp.GetRequiredService<UserManager<AppUser>>();
            var user = (await users.FindByNameAsync("cache.viewer"))!;
            user.IsActive = false;
            Assert.True((await users.UpdateAsync(user)).Succeeded);
        });

        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(b, token));
        Assert.Null(await a.InDbAsync(db => db.ApiTokens.Where(t => t.User!.UserName == "cache.viewer").Select(t => t.RevokedAt).SingleAsync()));
    }

    [SkippableFact]
    public async Task A_role_taken_away_on_another_instance_applies_on_the_next_request()
    {
        var (a, b) = Start();
        using var ownsDatabase = a;
        using var other = b;
        await InScopeAsync(a, async sp =>
        {
            var users = sp.GetRequiredService<UserManager<AppUser>>();
            var user = new AppUser { UserName = "cache.staff", DisplayName = "دبیرخانه آزمون حافظه", CreatedAt = a.Clock.UtcNow };
            Assert.True((await users.CreateAsync(user, Password)).Succeeded);
            Assert.True((await users.AddToRoleAsync(user, Roles.Secretariat)).Succeeded);
        });
        var client = b.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(a, "cache.staff", Password));
        await (await client.PostJsonAsync("/api/v1/plans", TestPlans.Small("برنامه پیش از تغییر نقش"))).JsonAsync(HttpStatusCode.Created);

        await InScopeAsync(a, async sp =>
        {
            var users = sp.GetRequiredService<UserManager<AppUser>>();
            var user = (await users.FindByNameAsync("cache.staff"))!;
            Assert.True((await users.RemoveFromRoleAsync(user, Roles.Secretariat)).Succeeded);
            Assert.True((await users.AddToRoleAsync(user, Roles.Viewer)).Succeeded);
        });

        await (await client.PostJsonAsync("/api/v1/plans", TestPlans.Small("برنامه پس از تغییر نقش"))).ProblemAsync(HttpStatusCode.Forbidden);
    }
}

public sealed class TokenCacheAcrossInstancesOnSqlite() : TokenCacheAcrossInstances(TestProvider.Sqlite);

public sealed class TokenCacheAcrossInstancesOnPostgres() : TokenCacheAcrossInstances(TestProvider.Postgres);
