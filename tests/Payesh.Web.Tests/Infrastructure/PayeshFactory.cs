using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;
using Payesh.Domain.Calendar;

namespace Payesh.Web.Tests.Infrastructure;

public enum TestProvider { Sqlite, Postgres }

/// <summary>A clock the tests set; "today" defaults to 1405/06/31 (end of the day, Tehran).</summary>
public sealed class TestClock : TimeProvider
{
    public static readonly JalaliDate DefaultToday = new(1405, 6, 31);

    public DateTimeOffset UtcNow { get; set; } = At(DefaultToday);

    public override DateTimeOffset GetUtcNow() => UtcNow;

    /// <summary>Noon in Tehran on a Jalali day.</summary>
    public static DateTimeOffset At(JalaliDate day) =>
        new DateTimeOffset(day.ToDateOnly().ToDateTime(new TimeOnly(12, 0)), TimeSpan.FromHours(3.5)).ToUniversalTime();

    public void SetToday(JalaliDate day) => UtcNow = At(day);
}

/// <summary>Where the tests' databases live. PostgreSQL comes from PAYESH_TEST_PG (set by .ci/run).</summary>
public static class TestDatabases
{
    public static string? PostgresServer => Environment.GetEnvironmentVariable("PAYESH_TEST_PG");
    public static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Skips (on a developer's machine) or fails (in CI) when PostgreSQL is not configured.</summary>
    public static void RequirePostgres()
    {
        if (PostgresServer is not null) return;
        if (InCi) throw new InvalidOperationException("CI=true but PAYESH_TEST_PG is not set: the PostgreSQL tests must run in CI.");
        Skip.If(true, "PostgreSQL tests not run: set PAYESH_TEST_PG to a server's connection string (bash .ci/run does it).");
    }

    public static string NewPostgresDatabase()
    {
        var name = "payesh_test_" + Guid.NewGuid().ToString("N")[..12];
        using var conn = new NpgsqlConnection(PostgresServer);
        conn.Open();
        using var cmd = new NpgsqlCommand($"CREATE DATABASE {name}", conn);
        cmd.ExecuteNonQuery();
        return new NpgsqlConnectionStringBuilder(PostgresServer) { Database = name }.ToString();
    }

    public static void DropPostgresDatabase(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        NpgsqlConnection.ClearAllPools();
        using var conn = new NpgsqlConnection(PostgresServer);
        conn.Open();
        using var cmd = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", conn);
        cmd.ExecuteNonQuery();
    }

    public static string NewSqliteDatabase()
    {
        var dir = Path.Combine(Path.GetTempPath(), "payesh-tests", Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(dir);
        return $"Data Source={Path.Combine(dir, "payesh.db")};Pooling=true";
    }
}

/// <summary>
/// The app in-process (or on a real Kestrel port with <see cref="UseRealServer"/>), on its own new
/// database of the chosen provider, with fixed passwords and a settable clock. Two factories may
/// share one database (<paramref name="connectionString"/>) to act as two instances.
/// </summary>
public class PayeshFactory : WebApplicationFactory<Program>
{
    public const string AdminPassword = "Admin-Pass-2024";
    public const string DemoPassword = "Demo-Pass-2024";

    private readonly bool _ownsDatabase;
    private bool _realServer;

    public PayeshFactory(TestProvider provider, bool seedDemo = true, string? connectionString = null)
    {
        Provider = provider;
        SeedDemo = seedDemo;
        _ownsDatabase = connectionString is null;
        ConnectionString = connectionString ?? (provider == TestProvider.Postgres
            ? TestDatabases.NewPostgresDatabase()
            : TestDatabases.NewSqliteDatabase());
    }

    public TestProvider Provider { get; }
    public bool SeedDemo { get; }
    public string ConnectionString { get; }
    public TestClock Clock { get; } = new();

    /// <summary>Settings over the defaults below (set before the first use), e.g. tight login limits for the
    /// throttling tests or the audit key file of another instance.</summary>
    public Dictionary<string, string?> Settings { get; } = new();

    /// <summary>Service replacements over the app's (set before the first use).</summary>
    public List<Action<IServiceCollection>> TestServices { get; } = [];

    /// <summary>Where the audit key and checkpoints live: beside the SQLite file, or a folder per PostgreSQL
    /// database (so two factories on one database share them, like two instances given the same key).</summary>
    public string DataFolder => Provider == TestProvider.Postgres
        ? Path.Combine(Path.GetTempPath(), "payesh-tests", "pg-" + new NpgsqlConnectionStringBuilder(ConnectionString).Database)
        : Path.GetDirectoryName(new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(ConnectionString).DataSource)!;

    /// <summary>Serve on a real Kestrel port (for browsers); call before the first use.</summary>
    public void UseRealServer()
    {
        _realServer = true;
        UseKestrel(0);
    }

    public Uri ServerAddress
    {
        get
        {
            if (!_realServer) throw new InvalidOperationException("Call UseRealServer() first.");
            StartServer();
            var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
            return new Uri(addresses.First().Replace("[::]", "127.0.0.1").Replace("0.0.0.0", "127.0.0.1"));
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Database:Provider", Provider.ToString());
        builder.UseSetting("ConnectionStrings:Payesh", ConnectionString);
        builder.UseSetting("Payesh:AdminPassword", AdminPassword);
        builder.UseSetting("Payesh:DemoPassword", DemoPassword);
        builder.UseSetting("Payesh:SeedDemo", SeedDemo ? "true" : "false");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("Payesh:DataFolder", DataFolder);
        // Checkpoints only when a test writes one, and at shutdown: never in the middle of a test's tampering.
        builder.UseSetting("Payesh:Audit:CheckpointSeconds", "36000");
        // Most tests sign in many times a minute from one address: the login limits are tested on their own.
        builder.UseSetting("Payesh:Login:PerAddressPerMinute", "1000000");
        builder.UseSetting("Payesh:Login:PerNamePerMinute", "1000000");
        // The weekly brief is sent when a test calls WeeklyBriefJob.RunOnceAsync: the background loop's first run, at start,
        // could race a test that configures SMTP right after the start and claim the week before the test's own runs.
        builder.UseSetting("Payesh:WeeklyBrief", "false");
        foreach (var (key, value) in Settings) builder.UseSetting(key, value);
        if (_realServer) builder.UseUrls("http://127.0.0.1:0");
        builder.ConfigureTestServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Clock);
            // The in-process server has no client address: requests come from loopback, as from a proxy on this host.
            services.AddSingleton<Microsoft.AspNetCore.Hosting.IStartupFilter, LoopbackClient>();
            foreach (var replace in TestServices) replace(services);
        });
    }

    /// <summary>A client with a bearer token of <paramref name="user"/>.</summary>
    public async Task<HttpClient> ApiClientAsync(string user = "admin")
    {
        var client = CreateClient();
        var password = user == "admin" ? AdminPassword : DemoPassword;
        var response = await client.PostAsJsonAsync("/api/v1/auth/token", new { username = user, password });
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<TokenAnswer>();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", body!.Token);
        return client;
    }

    private sealed class LoopbackClient : Microsoft.AspNetCore.Hosting.IStartupFilter
    {
        public Action<Microsoft.AspNetCore.Builder.IApplicationBuilder> Configure(Action<Microsoft.AspNetCore.Builder.IApplicationBuilder> next) => app =>
        {
            app.Use((http, nextMiddleware) =>
            {
                http.Connection.RemoteIpAddress ??= System.Net.IPAddress.Loopback;
                return nextMiddleware(http);
            });
            next(app);
        };
    }

    public sealed record TokenAnswer(string Token, DateTimeOffset ExpiresAt);

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (!disposing || !_ownsDatabase) return;
        try
        {
            if (Provider == TestProvider.Postgres)
            {
                TestDatabases.DropPostgresDatabase(ConnectionString);
                Directory.Delete(DataFolder, recursive: true);
            }
            else
            {
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                var file = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(ConnectionString).DataSource;
                Directory.Delete(Path.GetDirectoryName(file)!, recursive: true);
            }
        }
        catch (Exception) { /* a leftover temp database is harmless */ }
    }
}
