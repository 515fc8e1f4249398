using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Payesh.Benchmarks;

/// <summary>
/// HTTP ingest load script: starts Payesh (Release build) on 127.0.0.1 against a fresh database,
/// then posts single reports from 8 concurrent clients and batches of 500, each for a bounded time;
/// and, in the same run, measures the raw durable one-row-transaction insert rate of the same database.
/// Traffic goes to loopback only.
/// </summary>
public static class IngestBenchmark
{
    public sealed record Result(string Name, int Count, double Seconds)
    {
        public double Rate => Count / Seconds;
    }

    public static async Task RunAsync(string provider, string connectionString, string appDll, TimeSpan duration)
    {
        appDll = Path.GetFullPath(appDll);
        using var app = StartApp(provider, connectionString, appDll, out int port);
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromMinutes(2) };
            var ready = await WaitReadyAsync(http);
            Console.WriteLine($"{provider}: app ready in {ready.TotalSeconds:0.0} s (migrate + demo seed)");
            var token = (await (await http.PostAsJsonAsync("/api/v1/auth/token", new { username = "admin", password = AdminPassword }))
                .Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString();
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            var plans = await http.GetFromJsonAsync<JsonElement>("/api/v1/plans");
            long planId = plans.EnumerateArray().First().GetProperty("id").GetInt64(); // newest year first
            var doc = await http.GetFromJsonAsync<JsonElement>($"/api/v1/plans/{planId}");
            var actions = Leaves(doc.GetProperty("nodes")).ToList();
            // Today, as the server sees it: the newest report day allowed.
            var today = Payesh.Domain.Calendar.JalaliDate.FromDateTime(DateTime.UtcNow.AddHours(3.5)).ToString();

            var single = await SinglePostsAsync(http, planId, actions, today, clients: 8, duration);
            var batch = await BatchPostsAsync(http, planId, actions, today, size: 500, duration);
            var raw1 = await RawInsertsAsync(provider, connectionString, threads: 1, duration);
            var raw8 = await RawInsertsAsync(provider, connectionString, threads: 8, duration);
            foreach (var r in new[] { single, batch, raw1, raw8 })
                Console.WriteLine($"{provider}: {r.Name,-44} {r.Count,9:N0} in {r.Seconds,5:0.0} s = {r.Rate,10:N0}/s");
            Console.WriteLine($"{provider}: single POSTs / raw one-row inserts = {single.Rate / raw1.Rate:P0} (1 connection), {single.Rate / raw8.Rate:P0} (8 connections)");
        }
        finally
        {
            try { app.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
        }
    }

    public const string AdminPassword = "bench-admin-2024";

    public static Process StartApp(string provider, string connectionString, string appDll, out int port)
    {
        port = FreePort();
        var psi = new ProcessStartInfo("dotnet", $"\"{appDll}\" --urls http://127.0.0.1:{port}")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            // The content root (wwwroot, static files) is the project folder above bin/<config>/<tfm>.
            WorkingDirectory = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(appDll)!, "..", "..", "..")),
        };
        psi.Environment["Database__Provider"] = provider == "postgres" ? "Postgres" : "Sqlite";
        psi.Environment["ConnectionStrings__Payesh"] = connectionString;
        psi.Environment["Payesh__AdminPassword"] = AdminPassword;
        psi.Environment["Payesh__DemoPassword"] = "bench-demo-2024";
        psi.Environment["Payesh__Reminders"] = "false";
        psi.Environment["Logging__LogLevel__Default"] = "Warning";
        psi.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        var app = Process.Start(psi)!;
        app.OutputDataReceived += (_, _) => { };
        app.ErrorDataReceived += (_, _) => { };
        app.BeginOutputReadLine();
        app.BeginErrorReadLine();
        return app;
    }

    public static async Task<TimeSpan> WaitReadyAsync(HttpClient http)
    {
        var ready = Stopwatch.StartNew();
        while (true)
        {
            try { if ((await http.GetAsync("/healthz")).IsSuccessStatusCode) return ready.Elapsed; }
            catch (HttpRequestException) { }
            if (ready.Elapsed > TimeSpan.FromMinutes(5)) throw new TimeoutException("the app did not start");
            await Task.Delay(250);
        }
    }

    private static IEnumerable<string> Leaves(JsonElement nodes)
    {
        foreach (var n in nodes.EnumerateArray())
        {
            if (n.TryGetProperty("children", out var c) && c.ValueKind == JsonValueKind.Array && c.GetArrayLength() > 0)
                foreach (var l in Leaves(c)) yield return l;
            else yield return n.GetProperty("code").GetString()!;
        }
    }

    private static async Task<Result> SinglePostsAsync(HttpClient http, long planId, List<string> actions, string today, int clients, TimeSpan duration)
    {
        int count = 0, failed = 0;
        var sw = Stopwatch.StartNew();
        var until = DateTime.UtcNow + duration;
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async c =>
        {
            // Each client owns its own actions, so its values only rise.
            var mine = actions.Where((_, i) => i % clients == c).ToList();
            var value = new Dictionary<string, int>();
            int k = 0;
            while (DateTime.UtcNow < until)
            {
                var action = mine[k++ % mine.Count];
                int v = value[action] = Math.Min(10000, value.GetValueOrDefault(action, 5000) + 1);
                var response = await http.PostAsJsonAsync($"/api/v1/plans/{planId}/reports",
                    new { action, date = today, percent = v / 100.0, note = "بار آزمون", justification = "بار آزمون" });
                if (!response.IsSuccessStatusCode && failed == 0) Console.WriteLine($"  first failure: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                if (response.IsSuccessStatusCode) Interlocked.Increment(ref count);
                else Interlocked.Increment(ref failed);
            }
        }));
        if (failed > 0) Console.WriteLine($"  ({failed} single POSTs failed)");
        return new Result($"single-report POSTs, {clients} clients", count, sw.Elapsed.TotalSeconds);
    }

    private static async Task<Result> BatchPostsAsync(HttpClient http, long planId, List<string> actions, string today, int size, TimeSpan duration)
    {
        int count = 0, failed = 0, round = 0;
        var sw = Stopwatch.StartNew();
        var until = DateTime.UtcNow + duration;
        while (DateTime.UtcNow < until)
        {
            round++;
            var reports = Enumerable.Range(0, size).Select(i => new
            {
                action = actions[i % actions.Count],
                date = today,
                percent = Math.Round(Math.Min(100.0, 60 + (round * (size / actions.Count + 1) + i / actions.Count) * 0.01), 2),
                justification = "بار آزمون",
            }).ToList();
            var response = await http.PostAsJsonAsync($"/api/v1/plans/{planId}/reports/batch", new { reports });
            if (!response.IsSuccessStatusCode && failed == 0) Console.WriteLine($"  first failure: {(int)response.StatusCode} {(await response.Content.ReadAsStringAsync())[..Math.Min(400, (int)(response.Content.Headers.ContentLength ?? 400))]}");
            if (response.IsSuccessStatusCode) count += size;
            else failed++;
        }
        if (failed > 0) Console.WriteLine($"  ({failed} batches failed)");
        return new Result($"batch POSTs of {size}, 1 client", count, sw.Elapsed.TotalSeconds);
    }

    /// <summary>The yardstick: one-row durable transactions into a scratch table of the same database.</summary>
    private static async Task<Result> RawInsertsAsync(string provider, string cs, int threads, TimeSpan duration)
    {
        int count = 0;
        await Exec(provider, cs, "CREATE TABLE IF NOT EXISTS bench_raw (id BIGINT, v INTEGER, note TEXT)");
        var sw = Stopwatch.StartNew();
        var until = DateTime.UtcNow + duration;
        await Task.WhenAll(Enumerable.Range(0, threads).Select(t => Task.Run(async () =>
        {
            await using var conn = Open(provider, cs);
            await conn.OpenAsync();
            if (provider != "postgres")
            {
                await using var p = conn.CreateCommand();
                p.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA busy_timeout=10000;";
                await p.ExecuteNonQueryAsync();
            }
            long i = 0;
            while (DateTime.UtcNow < until)
            {
                await using var tx = await conn.BeginTransactionAsync();
                await using var cmd = conn.CreateCommand();
                cmd.Transaction = tx;
                cmd.CommandText = $"INSERT INTO bench_raw (id, v, note) VALUES ({t * 1_000_000_000L + i++}, 5000, 'raw')";
                await cmd.ExecuteNonQueryAsync();
                await tx.CommitAsync();
                Interlocked.Increment(ref count);
            }
        })));
        return new Result($"raw one-row inserts, {threads} connection(s)", count, sw.Elapsed.TotalSeconds);
    }

    private static System.Data.Common.DbConnection Open(string provider, string cs) =>
        provider == "postgres" ? new NpgsqlConnection(cs) : new SqliteConnection(cs);

    private static async Task Exec(string provider, string cs, string sql)
    {
        await using var conn = Open(provider, cs);
        await conn.OpenAsync();
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = sql;
        await cmd.ExecuteNonQueryAsync();
    }

    private static int FreePort()
    {
        var l = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        l.Start();
        int port = ((System.Net.IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }
}
