using System.Diagnostics;
using System.Net;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Payesh.Benchmarks;

/// <summary>
/// Start-up (issue 14 § 5): the time from starting the Release process to its first answer on <c>/healthz</c>, to the
/// first 200 on <c>/readyz</c> (migrated, seeded, every approved plan's engine loaded) and to the first signed-in
/// dashboard, with the process's CPU time at readiness — on a fresh database (migrate + demo seed) and on restarts of
/// the same database. <c>restart</c> starts once unmeasured (e.g. on the national database the load benchmark filled,
/// which creates the admin user), then measures restarts only.
/// </summary>
public static class StartupBenchmark
{
    public static async Task RunAsync(string provider, string connectionString, string appDll, string kind, int restarts)
    {
        appDll = Path.GetFullPath(appDll);
        if (kind == "fresh")
        {
            await DropAsync(provider, connectionString);
            await MeasureAsync(provider, connectionString, appDll, "fresh demo (migrate + seed + engines)");
        }
        else
        {
            await MeasureAsync(provider, connectionString, appDll, "first start (not a restart)");
        }
        for (int i = 0; i < restarts; i++)
            await MeasureAsync(provider, connectionString, appDll, "restart");
    }

    private static async Task MeasureAsync(string provider, string connectionString, string appDll, string what)
    {
        var seeded = "";
        var clock = Stopwatch.StartNew();
        using var app = IngestBenchmark.StartApp(provider, connectionString, appDll, out int port, seedDemo: true,
            output: line => { if (line.Contains("seeded in", StringComparison.Ordinal)) seeded = line.Trim(); });
        try
        {
            var cookies = new CookieContainer();
            using var http = new HttpClient(new HttpClientHandler { CookieContainer = cookies })
            {
                BaseAddress = new Uri($"http://127.0.0.1:{port}"),
                Timeout = TimeSpan.FromMinutes(10),
            };
            double live = await FirstAsync(http, "/healthz", clock, ok: false);
            double ready = await FirstAsync(http, "/readyz", clock, ok: true);
            app.Refresh();
            double cpu = app.TotalProcessorTime.TotalSeconds;
            await PageBenchmark.SignInAsync(http);
            (await http.GetAsync("/")).EnsureSuccessStatusCode();
            double dashboard = clock.Elapsed.TotalSeconds;
            Console.WriteLine($"{provider}: startup {what,-38} first answer {live,6:0.00} s, /readyz 200 {ready,6:0.00} s " +
                $"(process CPU {cpu,5:0.00} s), signed-in dashboard 200 {dashboard,6:0.00} s");
            if (seeded.Length > 0) Console.WriteLine($"{provider}:   {seeded}");
        }
        finally
        {
            try { app.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            await app.WaitForExitAsync();
        }
    }

    /// <summary>Seconds since <paramref name="clock"/> started until the path answers at all (<paramref name="ok"/> false)
    /// or with a 2xx.</summary>
    private static async Task<double> FirstAsync(HttpClient http, string path, Stopwatch clock, bool ok)
    {
        while (true)
        {
            try
            {
                using var r = await http.GetAsync(path);
                if (!ok || r.IsSuccessStatusCode) return clock.Elapsed.TotalSeconds;
            }
            catch (HttpRequestException) { }
            if (clock.Elapsed > TimeSpan.FromMinutes(10)) throw new TimeoutException($"{path} did not answer");
            await Task.Delay(20);
        }
    }

    private static async Task DropAsync(string provider, string connectionString)
    {
        if (provider != "postgres")
        {
            var file = new SqliteConnectionStringBuilder(connectionString).DataSource;
            SqliteConnection.ClearAllPools();
            foreach (var f in new[] { file, file + "-wal", file + "-shm" }) File.Delete(f);
            return;
        }
        var b = new NpgsqlConnectionStringBuilder(connectionString);
        var name = b.Database ?? throw new ArgumentException("the PostgreSQL connection string names no database");
        b.Database = "postgres";
        await using var conn = new NpgsqlConnection(b.ConnectionString);
        await conn.OpenAsync();
        foreach (var sql in new[] { $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", $"CREATE DATABASE \"{name}\"" })
        {
            await using var cmd = new NpgsqlCommand(sql, conn);
            await cmd.ExecuteNonQueryAsync();
        }
    }
}
