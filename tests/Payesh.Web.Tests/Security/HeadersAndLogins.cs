using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Payesh.Web.Data.Model;
using Payesh.Web.Features.Account;
using Payesh.Web.Tests.Infrastructure;

namespace Payesh.Web.Tests.Security;

/// <summary>The app with tight login limits (issue 13): 3 free failures, then 2 s doubling; 20 attempts per address
/// and 6 per name from one address a minute. Each test signs in from addresses of its own (X-Forwarded-For from the
/// loopback proxy), so tests do not use up each other's attempts.</summary>
public sealed class ThrottledApp : IDisposable
{
    private readonly TestProvider _provider;
    private PayeshFactory? _factory;

    public ThrottledApp() : this(TestProvider.Sqlite) { }

    private ThrottledApp(TestProvider provider) => _provider = provider;

    public static ThrottledApp Postgres() => new(TestProvider.Postgres);

    public PayeshFactory Factory
    {
        get
        {
            if (_provider == TestProvider.Postgres) TestDatabases.RequirePostgres();
            if (_factory is not null) return _factory;
            _factory = new PayeshFactory(_provider);
            _factory.Settings["Payesh:Login:PerAddressPerMinute"] = "20";
            _factory.Settings["Payesh:Login:PerNamePerMinute"] = "6";
            _factory.Settings["Payesh:Login:FreeFailures"] = "3";
            _factory.Settings["Payesh:Login:BackoffSeconds"] = "2";
            _factory.Settings["Payesh:Proxy:KnownProxies:0"] = "127.0.0.1";
            _factory.TestServices.Add(s =>
            {
                s.RemoveAll<IPasswordHasher<AppUser>>();
                s.AddSingleton<IPasswordHasher<AppUser>>(new CountingHasher());
            });
            return _factory;
        }
    }

    public void Dispose() => _factory?.Dispose();
}

public sealed class ThrottledPostgresApp : IDisposable
{
    private readonly ThrottledApp _app = ThrottledApp.Postgres();

    public PayeshFactory Factory => _app.Factory;

    public void Dispose() => _app.Dispose();
}

public abstract class HeadersAndLogins(Func<PayeshFactory> app)
{
    private PayeshFactory App => app();

    private static int _address;

    /// <summary>A client address no other test uses.</summary>
    private static string NewAddress() => $"203.0.113.{Interlocked.Increment(ref _address) % 250 + 1}";

    private Task<HttpResponseMessage> TokenAsync(string address, string user, string password)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/auth/token") { Content = JsonContent.Create(new { username = user, password }) };
        request.Headers.Add("X-Forwarded-For", address);
        return App.CreateClient().SendAsync(request);
    }

    [SkippableFact]
    public async Task Every_answer_carries_the_security_headers_and_a_CSP_without_inline_scripts()
    {
        var client = Browser.Anonymous(App);

        foreach (var url in new[] { "/Account/Login", "/api/v1/plans", "/css/site.css", "/healthz" })
        {
            var answer = await client.GetAsync(url);
            var csp = string.Join(";", answer.Headers.GetValues("Content-Security-Policy"));
            var script = csp.Split(';').Select(d => d.Trim()).Single(d => d.StartsWith("script-src ", StringComparison.Ordinal));
            Assert.DoesNotContain("unsafe-inline", script);
            Assert.DoesNotContain("unsafe-eval", script);
            Assert.Contains("frame-ancestors 'none'", csp);
            Assert.Equal("nosniff", answer.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.Equal("same-origin", answer.Headers.GetValues("Referrer-Policy").Single());
            Assert.Contains("camera=()", answer.Headers.GetValues("Permissions-Policy").Single());
            Assert.Equal("DENY", answer.Headers.GetValues("X-Frame-Options").Single());
        }
    }

    [SkippableFact]
    public async Task Pages_have_no_inline_scripts_or_handlers()
    {
        var admin = await Browser.SignedInAsync(App);

        foreach (var url in new[] { "/", "/Plans", "/Plans/1", "/Accountability", "/Obstacles", "/Meetings", "/Resolutions", "/Reports/Review" })
        {
            var html = await admin.PageAsync(url);
            Assert.DoesNotMatch("<script(?![^>]*\\ssrc=)[^>]*>", html);
            Assert.DoesNotMatch("\\son[a-z]+=\"", html);
            Assert.DoesNotContain("javascript:", html);
        }
    }

    [SkippableFact]
    public async Task Behind_a_forwarded_HTTPS_proxy_cookies_are_Secure_and_HSTS_is_sent()
    {
        var client = App.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var login = new HttpRequestMessage(HttpMethod.Get, "/Account/Login");
        login.Headers.Host = "payesh.example.ir";
        login.Headers.Add("X-Forwarded-Proto", "https");
        login.Headers.Add("X-Forwarded-For", NewAddress());
        var plain = new HttpRequestMessage(HttpMethod.Get, "/Account/Login");
        plain.Headers.Host = "payesh.example.ir";

        var viaProxy = await client.SendAsync(login);
        var direct = await client.SendAsync(plain);

        Assert.Contains(viaProxy.Headers.GetValues("Set-Cookie"), c => c.Contains("secure", StringComparison.OrdinalIgnoreCase));
        Assert.StartsWith("max-age=", viaProxy.Headers.GetValues("Strict-Transport-Security").Single());
        Assert.DoesNotContain(direct.Headers.GetValues("Set-Cookie"), c => c.Contains("secure", StringComparison.OrdinalIgnoreCase));
        Assert.False(direct.Headers.Contains("Strict-Transport-Security"));
    }

    [SkippableFact]
    public async Task The_sign_in_cookie_is_Secure_behind_the_proxy()
    {
        var client = App.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var address = NewAddress();
        HttpRequestMessage Proxied(HttpMethod method, string url)
        {
            var r = new HttpRequestMessage(method, url);
            r.Headers.Add("X-Forwarded-Proto", "https");
            r.Headers.Add("X-Forwarded-For", address);
            return r;
        }
        var form = await client.SendAsync(Proxied(HttpMethod.Get, "/Account/Login"));
        var token = System.Text.RegularExpressions.Regex.Match(await form.Content.ReadAsStringAsync(), "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        var cookies = string.Join("; ", form.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]));
        var post = Proxied(HttpMethod.Post, "/Account/Login");
        post.Headers.Add("Cookie", cookies);
        post.Content = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["UserName"] = "governor", ["Password"] = PayeshFactory.DemoPassword, ["__RequestVerificationToken"] = token,
        });

        var answer = await client.SendAsync(post);

        Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
        var session = answer.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("payesh=", StringComparison.Ordinal));
        Assert.Contains("secure", session, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", session, StringComparison.OrdinalIgnoreCase);
    }

    [SkippableFact]
    public async Task Too_many_attempts_from_one_address_are_a_429_with_Retry_After_and_a_Persian_answer()
    {
        var address = NewAddress();
        var answers = new List<HttpResponseMessage>();
        for (int i = 0; i < 21; i++) answers.Add(await TokenAsync(address, $"nobody{i}", "wrong-password-1"));

        var last = answers[^1];
        Assert.All(answers.Take(20), a => Assert.Equal(HttpStatusCode.Unauthorized, a.StatusCode));
        var problem = await last.ProblemAsync(HttpStatusCode.TooManyRequests);
        Api.AssertPersian(problem.Detail);
        Assert.True(int.Parse(last.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture) >= 1);
        // Another address is not affected.
        Assert.Equal(HttpStatusCode.OK, (await TokenAsync(NewAddress(), "governor", PayeshFactory.DemoPassword)).StatusCode);
    }

    [SkippableFact]
    public async Task The_login_form_answers_429_in_Persian_when_one_name_is_tried_too_often()
    {
        var client = Browser.Anonymous(App);
        var address = NewAddress();
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? last = null;
        for (int i = 0; i < 7; i++)
        {
            last = await HostileInput.PostLoginFormAsync(client, "bmi.reporter", "wrong-password-" + i, address);
            statuses.Add(last.StatusCode);
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
        Assert.True(last!.Headers.Contains("Retry-After"));
        Assert.Contains("دوباره تلاش کنید", WebUtility.HtmlDecode(await last.Content.ReadAsStringAsync()));
    }

    [SkippableFact]
    public async Task Wrong_passwords_slow_down_the_name_from_that_address_but_never_lock_the_real_user_out()
    {
        var attacker = NewAddress();
        var answers = new List<HttpResponseMessage>();
        for (int i = 0; i < 4; i++) answers.Add(await TokenAsync(attacker, "admin", "wrong-password-" + i));

        // Three free failures, then the pair waits: 429 with Retry-After, even for the right password
        // (six attempts in all: under the limiter's six a minute for one name from one address).
        Assert.All(answers.Take(3), a => Assert.Equal(HttpStatusCode.Unauthorized, a.StatusCode));
        Assert.Equal(HttpStatusCode.TooManyRequests, answers[3].StatusCode);
        var slowed = await TokenAsync(attacker, "admin", PayeshFactory.AdminPassword);
        await slowed.ProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.True(slowed.Headers.Contains("Retry-After"));
        // The administrator, from their own address, signs in at once; the account is not locked.
        Assert.Equal(HttpStatusCode.OK, (await TokenAsync(NewAddress(), "admin", PayeshFactory.AdminPassword)).StatusCode);
        var admin = await App.InDbAsync(db => db.Users.SingleAsync(u => u.UserName == "admin"));
        Assert.Null(admin.LockoutEnd);
        Assert.Equal(0, admin.AccessFailedCount);
        // Once the wait is over the attacker's address may try again (and the right password works there too).
        App.Clock.UtcNow += TimeSpan.FromMinutes(16);
        try
        {
            Assert.Equal(HttpStatusCode.OK, (await TokenAsync(attacker, "admin", PayeshFactory.AdminPassword)).StatusCode);
        }
        finally { App.Clock.UtcNow -= TimeSpan.FromMinutes(16); }
    }

    [SkippableFact]
    public async Task Unknown_and_inactive_names_run_the_password_hasher_like_known_ones()
    {
        using var scope = App.Services.CreateScope();
        var hasher = scope.ServiceProvider.GetRequiredService<IPasswordHasher<AppUser>>();
        Assert.IsType<CountingHasher>(hasher);
        var counting = (CountingHasher)hasher;
        var address = NewAddress();

        int before = counting.Verifications;
        await TokenAsync(address, "no-such-user-at-all", "wrong-password-1");
        int unknown = counting.Verifications - before;
        before = counting.Verifications;
        await TokenAsync(address, "tax.reporter", "wrong-password-1");
        int known = counting.Verifications - before;

        Assert.Equal(1, unknown);
        Assert.Equal(known, unknown);
    }

    [SkippableFact]
    public async Task Sign_in_successes_failures_and_throttling_are_in_the_audit_trail()
    {
        var address = NewAddress();
        await TokenAsync(address, "smt.reporter", "wrong-password-1");
        await TokenAsync(address, "smt.reporter", "wrong-password-2");
        await TokenAsync(address, "smt.reporter", "wrong-password-3");
        await TokenAsync(address, "smt.reporter", "wrong-password-4");
        await TokenAsync(NewAddress(), "smt.reporter", PayeshFactory.DemoPassword);

        var entries = await App.InDbAsync(db => db.AuditEntries.Where(a => a.EntityType == SignInAudit.EntityType).ToListAsync());
        var mine = entries.Where(e => e.After!.Contains("smt.reporter", StringComparison.OrdinalIgnoreCase)).ToList();
        Assert.Equal(3, mine.Count(e => e.Action == SignInAudit.Failed && e.After!.Contains(address)));
        Assert.Contains(mine, e => e.Action == SignInAudit.Throttled && e.After!.Contains(address));
        Assert.Contains(mine, e => e.Action == SignInAudit.Succeeded && e.UserId is not null);
        Assert.All(mine, e => Assert.DoesNotContain("wrong-password", e.After!));
    }
}

/// <summary>Counts verifications (registered for this class's app by <see cref="HeadersAndLoginsOnSqlite"/> and the PostgreSQL twin).</summary>
public sealed class CountingHasher : IPasswordHasher<AppUser>
{
    private readonly PasswordHasher<AppUser> _inner = new();
    private int _verifications;

    public int Verifications => Volatile.Read(ref _verifications);

    public string HashPassword(AppUser user, string password) => _inner.HashPassword(user, password);

    public PasswordVerificationResult VerifyHashedPassword(AppUser user, string hashedPassword, string providedPassword)
    {
        Interlocked.Increment(ref _verifications);
        return _inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
    }
}

public sealed class HeadersAndLoginsOnSqlite(ThrottledApp app) : HeadersAndLogins(() => app.Factory), IClassFixture<ThrottledApp>;

public sealed class HeadersAndLoginsOnPostgres(ThrottledPostgresApp app) : HeadersAndLogins(() => app.Factory), IClassFixture<ThrottledPostgresApp>;
