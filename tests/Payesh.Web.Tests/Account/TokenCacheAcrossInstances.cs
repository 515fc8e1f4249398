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

    private static Task CreateUserAsync(PayeshFactory app, string name, string displayName, string role) =>
        InScopeAsync(app, async sp =>
        {
            var users = sp.GetRequiredService<UserManager<AppUser>>();
            var user = new AppUser { UserName = name, DisplayName = displayName, CreatedAt = app.Clock.UtcNow };
            Assert.True((await users.CreateAsync(user, Password)).Succeeded);
            Assert.True((await users.AddToRoleAsync(user, role)).Succeeded);
        });

    /// <summary>Takes <paramref name="taken"/> (if any) from the user and gives <paramref name="given"/> (if any).</summary>
    private static Task ChangeRoleAsync(PayeshFactory app, string name, string? taken, string? given) =>
        InScopeAsync(app, async sp =>
        {
            var users = sp.GetRequiredService<UserManager<AppUser>>();
            var user = (await users.FindByNameAsync(name))!;
            if (taken is not null) Assert.True((await users.RemoveFromRoleAsync(user, taken)).Succeeded);
            if (given is not null) Assert.True((await users.AddToRoleAsync(user, given)).Succeeded);
        });

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
        await CreateUserAsync(a, "cache.viewer", "ناظر آزمون حافظه", Roles.Viewer);
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
        await CreateUserAsync(a, "cache.staff", "دبیرخانه آزمون حافظه", Roles.Secretariat);
        var client = b.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(a, "cache.staff", Password));
        await (await client.PostJsonAsync("/api/v1/plans", TestPlans.Small("برنامه پیش از تغییر نقش"))).JsonAsync(HttpStatusCode.Created);

        await ChangeRoleAsync(a, "cache.staff", Roles.Secretariat, Roles.Viewer);

        await (await client.PostJsonAsync("/api/v1/plans", TestPlans.Small("برنامه پس از تغییر نقش"))).ProblemAsync(HttpStatusCode.Forbidden);
    }

    // A report POST takes a cached token without reading the stamp first; the commit compares it (Account/StampAtCommit.cs).

    /// <summary>Two instances on one database (A owns it) and an approved plan to report on.</summary>
    private sealed record TwoInstances(PayeshFactory A, PayeshFactory B, long Plan) : IDisposable
    {
        public void Dispose()
        {
            B.Dispose();
            A.Dispose();
        }
    }

    private async Task<TwoInstances> WithPlanAsync()
    {
        var (a, b) = Start();
        return new TwoInstances(a, b, await a.CreateApprovedPlanAsync(TestPlans.Small()));
    }

    private static HttpClient Bearer(PayeshFactory app, string token)
    {
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static Task<HttpResponseMessage> ReportAsync(HttpClient client, long plan, int day, decimal percent) =>
        client.PostAsJsonAsync($"/api/v1/plans/{plan}/reports", new { action = TestPlans.SmtAction, date = $"1405/06/{day:00}", percent });

    private static async Task RevokeAsync(PayeshFactory app, string token) =>
        await InScopeAsync(app, async sp =>
        {
            var db = sp.GetRequiredService<PayeshDb>();
            var hash = BearerTokens.Hash(token);
            var row = await db.ApiTokens.SingleAsync(t => t.TokenHash == hash);
            row.RevokedAt = app.Clock.UtcNow;
            await db.SaveChangesAsync();
        });

    [SkippableFact]
    public async Task A_report_sent_with_a_cached_token_revoked_on_another_instance_is_refused_and_not_stored()
    {
        using var both = await WithPlanAsync();
        var (a, b, plan) = (both.A, both.B, both.Plan);
        var token = await TokenAsync(a, "admin", PayeshFactory.AdminPassword);
        var client = Bearer(b, token);
        await (await ReportAsync(client, plan, 28, 10)).JsonAsync(HttpStatusCode.Created); // loads the token into B's cache
        await (await ReportAsync(client, plan, 29, 20)).JsonAsync(HttpStatusCode.Created); // from the cache, stamp compared in the commit

        await RevokeAsync(a, token);

        await (await ReportAsync(client, plan, 30, 30)).ProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal(2, await a.ReportCountAsync(plan));
    }

    [SkippableFact]
    public async Task Refused_input_sent_with_a_cached_token_revoked_on_another_instance_gets_401_not_its_reasons()
    {
        using var both = await WithPlanAsync();
        var (a, b, plan) = (both.A, both.B, both.Plan);
        var token = await TokenAsync(a, "admin", PayeshFactory.AdminPassword);
        var client = Bearer(b, token);
        await (await ReportAsync(client, plan, 28, 10)).JsonAsync(HttpStatusCode.Created);
        await (await ReportAsync(client, plan, 29, 300)).ProblemAsync(HttpStatusCode.UnprocessableEntity); // cached, stamp unchanged

        await RevokeAsync(a, token);

        // The first request after the revocation, still from B's cache: its refusal is not answered.
        await (await ReportAsync(client, plan, 29, 300)).ProblemAsync(HttpStatusCode.Unauthorized);
        await (await ReportAsync(client, plan, 29, 20)).ProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal(1, await a.ReportCountAsync(plan));
    }

    [SkippableFact]
    public async Task A_reporting_role_given_on_another_instance_applies_to_the_next_report_of_a_cached_token()
    {
        using var both = await WithPlanAsync();
        var (a, b, plan) = (both.A, both.B, both.Plan);
        await CreateUserAsync(a, "cache.promoted", "ناظری که گزارش‌دهنده می‌شود", Roles.Viewer);
        var client = Bearer(b, await TokenAsync(a, "cache.promoted", Password));
        await (await ReportAsync(client, plan, 28, 10)).ProblemAsync(HttpStatusCode.Forbidden);
        await (await ReportAsync(client, plan, 28, 10)).ProblemAsync(HttpStatusCode.Forbidden); // refused on the cached claims

        await ChangeRoleAsync(a, "cache.promoted", null, Roles.Secretariat);

        await (await ReportAsync(client, plan, 29, 20)).JsonAsync(HttpStatusCode.Created);
        Assert.Equal(1, await a.ReportCountAsync(plan));
    }

    [SkippableFact]
    public async Task A_report_sent_with_a_cached_token_reads_no_stamp_before_its_commit()
    {
        using var both = await WithPlanAsync();
        var (a, b, plan) = (both.A, both.B, both.Plan);
        var client = Bearer(b, await TokenAsync(a, "admin", PayeshFactory.AdminPassword));
        var reader = b.Services.GetRequiredService<AuthStampReader>();
        await (await ReportAsync(client, plan, 28, 10)).JsonAsync(HttpStatusCode.Created); // loads the token: one read

        long before = reader.Reads;
        await (await ReportAsync(client, plan, 29, 20)).JsonAsync(HttpStatusCode.Created);
        await (await ReportAsync(client, plan, 30, 30)).JsonAsync(HttpStatusCode.Created);
        Assert.Equal(before, reader.Reads);
        // A refusal is answered only after a read; every other call reads before it runs.
        await (await ReportAsync(client, plan, 31, 300)).ProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal(before + 1, reader.Reads);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/plans")).StatusCode);
        Assert.Equal(before + 2, reader.Reads);
    }

    [SkippableFact]
    public async Task A_report_sent_after_another_token_was_revoked_is_stored_once()
    {
        using var both = await WithPlanAsync();
        var (a, b, plan) = (both.A, both.B, both.Plan);
        var kept = Bearer(b, await TokenAsync(a, "admin", PayeshFactory.AdminPassword));
        var revoked = await TokenAsync(a, "admin", PayeshFactory.AdminPassword);
        await (await ReportAsync(kept, plan, 28, 10)).JsonAsync(HttpStatusCode.Created);
        await (await ReportAsync(Bearer(b, revoked), plan, 28, 15)).JsonAsync(HttpStatusCode.Created);

        // The stamp moves for every token; the kept one's claims were cached under the old stamp.
        await RevokeAsync(a, revoked);

        var id = (long)(await (await ReportAsync(kept, plan, 29, 20)).JsonAsync(HttpStatusCode.Created))["id"]!;
        Assert.Equal(3, await a.ReportCountAsync(plan));
        Assert.Equal(2000, await a.InDbAsync(db => db.ProgressReports.Where(r => r.Id == id).Select(r => r.PercentHundredths).SingleAsync()));
        // Refused input under a moved stamp is answered with its reasons once the token is found still valid.
        await (await RevokeThenReportAsync(a, kept, plan)).ProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal(3, await a.ReportCountAsync(plan));
    }

    private static async Task<HttpResponseMessage> RevokeThenReportAsync(PayeshFactory a, HttpClient kept, long plan)
    {
        await RevokeAsync(a, await TokenAsync(a, "admin", PayeshFactory.AdminPassword));
        return await ReportAsync(kept, plan, 30, 300);
    }

    [SkippableFact]
    public async Task A_report_sent_after_the_users_reporting_role_was_taken_on_another_instance_is_forbidden_and_not_stored()
    {
        using var both = await WithPlanAsync();
        var (a, b, plan) = (both.A, both.B, both.Plan);
        await CreateUserAsync(a, "cache.reporter", "دبیرخانه گزارش‌دهنده", Roles.Secretariat);
        var client = Bearer(b, await TokenAsync(a, "cache.reporter", Password));
        await (await ReportAsync(client, plan, 28, 10)).JsonAsync(HttpStatusCode.Created);
        await (await ReportAsync(client, plan, 29, 20)).JsonAsync(HttpStatusCode.Created);

        await ChangeRoleAsync(a, "cache.reporter", Roles.Secretariat, Roles.Viewer);

        await (await ReportAsync(client, plan, 30, 30)).ProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(2, await a.ReportCountAsync(plan));
    }

    [SkippableFact]
    public async Task The_report_commit_stores_a_write_only_under_the_stamp_its_token_was_cached_under()
    {
        using var both = await WithPlanAsync();
        var (a, b, plan) = (both.A, both.B, both.Plan);
        var (node, admin, stamp) = await a.InDbAsync(async db => (
            await db.PlanNodes.Where(n => n.PlanId == plan && n.Code == TestPlans.SmtAction).Select(n => n.Id).SingleAsync(),
            await db.Users.Where(u => u.UserName == "admin").Select(u => u.Id).SingleAsync(),
            await db.AuthStamps.Select(s => s.Version).SingleAsync()));
        var ingest = b.Services.GetRequiredService<Payesh.Web.Features.Reports.ReportIngest>();
        ProgressReport Row(int hundredths) => new()
        {
            PlanId = plan, NodeId = node, ReportDate = new DateOnly(2026, 9, 20), PercentHundredths = hundredths,
            SubmittedAt = a.Clock.UtcNow, SubmittedById = admin, Status = ReportStatus.Submitted,
        };

        Assert.Equal(Payesh.Web.Features.Reports.IngestAnswer.AuthStampMoved,
            await ingest.WriteAsync(plan, [Row(500)], null, admin, "admin", null, stamp - 1, default));
        Assert.Equal(0, await a.ReportCountAsync(plan));
        Assert.Equal(Payesh.Web.Features.Reports.IngestAnswer.Stored,
            await ingest.WriteAsync(plan, [Row(600)], null, admin, "admin", null, stamp, default));
        Assert.Equal(Payesh.Web.Features.Reports.IngestAnswer.Stored,
            await ingest.WriteAsync(plan, [Row(700)], null, admin, "admin", null, null, default));
        Assert.Equal(new[] { 600, 700 }, await a.InDbAsync(db => db.ProgressReports.Where(r => r.PlanId == plan)
            .OrderBy(r => r.Id).Select(r => r.PercentHundredths).ToArrayAsync()));
    }
}

public sealed class TokenCacheAcrossInstancesOnSqlite() : TokenCacheAcrossInstances(TestProvider.Sqlite);

public sealed class TokenCacheAcrossInstancesOnPostgres() : TokenCacheAcrossInstances(TestProvider.Postgres);
