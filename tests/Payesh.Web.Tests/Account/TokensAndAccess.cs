using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Payesh.Web.Tests.Infrastructure;

namespace Payesh.Web.Tests.Account;

/// <summary>Bearer tokens and who may do what through the API (docs/api.md § conventions).</summary>
public abstract class TokensAndAccess(Func<PayeshFactory> app)
{
    private PayeshFactory App => app();

    [SkippableFact]
    public async Task Token_is_issued_for_the_right_password()
    {
        var client = App.CreateClient();

        var answer = await (await client.PostAsJsonAsync("/api/v1/auth/token", new { username = "tax.reporter", password = PayeshFactory.DemoPassword }))
            .JsonAsync();

        var token = (string?)answer["token"];
        Assert.False(string.IsNullOrWhiteSpace(token));
        Assert.True(DateTimeOffset.Parse((string)answer["expiresAt"]!, System.Globalization.CultureInfo.InvariantCulture) > App.Clock.UtcNow);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        await (await client.GetAsync("/api/v1/plans")).JsonAsync();
    }

    [SkippableFact]
    public async Task Token_is_refused_for_a_wrong_password()
    {
        var client = App.CreateClient();

        var wrong = await client.PostAsJsonAsync("/api/v1/auth/token", new { username = "bmi.reporter", password = "not-the-password" });
        var nobody = await client.PostAsJsonAsync("/api/v1/auth/token", new { username = "nobody", password = PayeshFactory.DemoPassword });

        await wrong.ProblemAsync(HttpStatusCode.Unauthorized);
        await nobody.ProblemAsync(HttpStatusCode.Unauthorized);
    }

    [SkippableFact]
    public async Task Api_refuses_a_request_without_a_valid_token()
    {
        var client = App.CreateClient();

        var none = await client.GetAsync("/api/v1/plans");
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "pk_not-a-real-token");
        var bogus = await client.GetAsync("/api/v1/plans");

        await none.ProblemAsync(HttpStatusCode.Unauthorized);
        await bogus.ProblemAsync(HttpStatusCode.Unauthorized);
    }

    [SkippableFact]
    public async Task Viewer_may_read_but_not_post_a_plan()
    {
        var viewer = await App.ApiClientAsync("governor");
        var reporter = await App.ApiClientAsync("smt.reporter");

        await (await viewer.GetAsync("/api/v1/plans")).JsonAsync();
        await (await viewer.PostJsonAsync("/api/v1/plans", TestPlans.Small())).ProblemAsync(HttpStatusCode.Forbidden);
        await (await reporter.PostJsonAsync("/api/v1/plans", TestPlans.Small())).ProblemAsync(HttpStatusCode.Forbidden);
    }
}

public sealed class TokensAndAccessOnSqlite(SqliteDemoApp app) : TokensAndAccess(() => app), IClassFixture<SqliteDemoApp>;

public sealed class TokensAndAccessOnPostgres(PostgresDemoApp app) : TokensAndAccess(() => app.Factory), IClassFixture<PostgresDemoApp>;
