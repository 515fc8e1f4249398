using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Payesh.Web.Tests.Infrastructure;

namespace Payesh.Web.Tests.Pages;

/// <summary>Issue 11 item 10: a page request that fails gets a Persian HTML page in the site's layout; the API keeps
/// problem+json (with a Persian title).</summary>
public abstract class ErrorPages(Func<PayeshFactory> app)
{
    private PayeshFactory App => app();

    private static async Task<string> HtmlAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.True(response.StatusCode == expected, $"expected {(int)expected}, got {(int)response.StatusCode}: {html[..Math.Min(300, html.Length)]}");
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<html lang=\"fa\" dir=\"rtl\">", html);
        Assert.Contains("<title>", html);
        return html;
    }

    [SkippableFact]
    public async Task A_wrong_address_answers_with_a_Persian_page_in_the_layout()
    {
        var anonymous = Browser.Anonymous(App);
        var html = await HtmlAsync(await anonymous.GetAsync("/no/such/page"), HttpStatusCode.NotFound);
        Assert.Contains("صفحه پیدا نشد", html);
        Assert.Contains("data-status=\"404\"", html);

        // Signed in, the same page has the menu; a plan that does not exist is a 404 page too.
        var governor = await Browser.SignedInAsync(App, "governor");
        var signedIn = await HtmlAsync(await governor.GetAsync("/Plans/987654"), HttpStatusCode.NotFound);
        Assert.Contains("صفحه پیدا نشد", signedIn);
        Assert.Contains("id=\"main-menu\"", signedIn);
        Assert.DoesNotContain("Not Found", signedIn);
    }

    [SkippableFact]
    public async Task A_page_the_role_may_not_open_says_so_in_Persian()
    {
        var reporter = await Browser.SignedInAsync(App, "tax.reporter");
        var answer = await reporter.GetAsync("/Reports/Review");
        Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
        var denied = await HtmlAsync(await reporter.GetAsync(answer.Headers.Location!), HttpStatusCode.OK);
        Assert.Contains("دسترسی مجاز نیست", denied);

        var direct = await HtmlAsync(await reporter.GetAsync("/Error/403"), HttpStatusCode.Forbidden);
        Assert.Contains("دسترسی مجاز نیست", direct);
    }

    [SkippableFact]
    public async Task The_API_keeps_problem_json_with_a_Persian_title()
    {
        var api = await App.ApiClientAsync("governor");
        var problem = await (await api.GetAsync("/api/v1/no-such-thing")).ProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal("صفحه پیدا نشد", problem.Title);
        Assert.Contains("/api/v1/no-such-thing", problem.Detail);
        // A known API answer keeps its own title.
        var plan = await (await api.GetAsync("/api/v1/plans/987654")).ProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal("پیدا نشد", plan.Title);
    }
}

public sealed class ErrorPagesOnSqlite(SqliteDemoApp app) : ErrorPages(() => app), IClassFixture<SqliteDemoApp>;

public sealed class ErrorPagesOnPostgres(PostgresDemoApp app) : ErrorPages(() => app.Factory), IClassFixture<PostgresDemoApp>;

/// <summary>An unexpected exception: the page request gets the Persian 500 page, the API request problem+json —
/// both without the exception's text.</summary>
public sealed class UnexpectedErrors
{
    /// <summary>After the app's own pipeline: <c>/boom</c> and <c>/api/v1/boom</c> throw (no endpoint matches them).</summary>
    private sealed class Boom : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            next(app);
            app.Run(c => c.Request.Path.Value!.EndsWith("/boom", StringComparison.Ordinal)
                ? throw new InvalidOperationException("secret internal detail")
                : Task.CompletedTask);
        };
    }

    [SkippableTheory]
    [InlineData(TestProvider.Sqlite)]
    [InlineData(TestProvider.Postgres)]
    public async Task An_exception_gives_the_Persian_500_page_or_problem_json(TestProvider provider)
    {
        if (provider == TestProvider.Postgres) TestDatabases.RequirePostgres();
        using var factory = new PayeshFactory(provider, seedDemo: false);
        using var app = factory.WithWebHostBuilder(b => b.ConfigureServices(s => s.AddTransient<IStartupFilter, Boom>()));
        var client = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var page = await client.GetAsync("/boom");
        var html = WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.InternalServerError, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("خطایی رخ داد", html);
        Assert.Contains("<html lang=\"fa\" dir=\"rtl\">", html);
        Assert.DoesNotContain("secret internal detail", html);

        var api = await client.GetAsync("/api/v1/boom");
        var problem = await api.ProblemAsync(HttpStatusCode.InternalServerError);
        Assert.DoesNotContain("secret", problem.Detail ?? "");
    }
}
