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
/// and, in the same run, measures the raw durable one-row-transaction insert rate of the same database, raw
/// multi-row inserts (and COPY on PostgreSQL) into a table without indexes, and the same report rows written straight
/// into a copy of the reports table (<see cref="ReportsTableCopy"/>): what the schema itself allows a batch.
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

            // Warm-up (JIT, tiering, pools), not counted: long enough for tiered compilation to finish what the start-up
            // and the write paths queued (at 5 + 3 s it still took a third of the 1-client phase's CPU samples);
            // PAYESH_BENCH_WARMUP=<seconds> changes it.
            var warmup = TimeSpan.FromSeconds(double.TryParse(Environment.GetEnvironmentVariable("PAYESH_BENCH_WARMUP"),
                System.Globalization.CultureInfo.InvariantCulture, out var w) ? w : 20);
            await SinglePostsAsync(http, planId, actions, today, clients: 8, warmup * 0.6);
            await BatchPostsAsync(http, planId, actions, today, size: 500, warmup * 0.2);
            await SinglePostsAsync(http, planId, actions, today, clients: 1, warmup * 0.2);
            // Server CPU per request: the app process's CPU time over the phase, divided by what it stored.
            var sequential = await Measured(app, () => SinglePostsAsync(http, planId, actions, today, clients: 1, duration));
            var single = await Measured(app, () => SinglePostsAsync(http, planId, actions, today, clients: 8, duration));
            var batch = await Measured(app, () => BatchPostsAsync(http, planId, actions, today, size: 500, duration));
            // Several agencies sending their sheets at once: the group commit stores their batches together.
            var commitsBefore = await CommitsAsync(http);
            var batch4 = await Measured(app, () => BatchPostsAsync(http, planId, actions, today, size: 500, duration, clients: 4));
            var commitsAfter = await CommitsAsync(http);
            var raw1 = await RawInsertsAsync(provider, connectionString, threads: 1, duration);
            var raw8 = await RawInsertsAsync(provider, connectionString, threads: 8, duration);
            var rawMulti = await RawMultiRowAsync(provider, connectionString, rows: 500, duration);
            var rawCopy = provider == "postgres" ? await RawCopyAsync(connectionString, rows: 500, duration) : null;
            // The schema's own ceiling: the same rows straight into a copy of the reports table, with its indexes and keys.
            await ReportsTableCopy.CreateAsync(provider, connectionString);
            var table500 = await ReportsTableCopy.InsertAsync(provider, connectionString, planId, rows: 500, duration);
            var table2000 = await ReportsTableCopy.InsertAsync(provider, connectionString, planId, rows: 2000, duration);
            await ReportsTableCopy.CreateAsync(provider, connectionString, ReportsTableCopy.Shape.NoHistoryIndex);
            var noHistory2000 = await ReportsTableCopy.InsertAsync(provider, connectionString, planId, rows: 2000, duration, ReportsTableCopy.Shape.NoHistoryIndex);
            await ReportsTableCopy.CreateAsync(provider, connectionString, ReportsTableCopy.Shape.NoForeignKeys);
            var noKeys2000 = await ReportsTableCopy.InsertAsync(provider, connectionString, planId, rows: 2000, duration, ReportsTableCopy.Shape.NoForeignKeys);
            foreach (var (r, cpu) in new[] { sequential, single, batch, batch4 })
                Console.WriteLine($"{provider}: {r.Name,-44} {r.Count,9:N0} in {r.Seconds,5:0.0} s = {r.Rate,10:N0}/s, server CPU {cpu:0.000} ms per report");
            foreach (var r in new[] { raw1, raw8, rawMulti, rawCopy, table500, table2000, noHistory2000, noKeys2000 }.OfType<Result>())
                Console.WriteLine($"{provider}: {r.Name,-44} {r.Count,9:N0} in {r.Seconds,5:0.0} s = {r.Rate,10:N0}/s");
            if (commitsBefore is { } c0 && commitsAfter is { } c1 && c1.Count > c0.Count)
                Console.WriteLine($"{provider}: batch POSTs of 500, 4 clients: {c1.Count - c0.Count:N0} group commits of {(c1.Sum - c0.Sum) / (c1.Count - c0.Count):N0} reports on average");
            Console.WriteLine($"{provider}: single POSTs, 8 clients / raw one-row inserts = {single.R.Rate / raw1.Rate:P0} (1 connection), {single.R.Rate / raw8.Rate:P0} (8 connections)");
            foreach (var b in new[] { batch.R, batch4.R })
                Console.WriteLine($"{provider}: {b.Name} / raw multi-row inserts of 500 = {b.Rate / rawMulti.Rate:P0}" +
                    (rawCopy is null ? "" : $"; / raw binary COPY of 500 = {b.Rate / rawCopy.Rate:P0}") +
                    $"; / the reports table's copy, 500 rows per commit = {b.Rate / table500.Rate:P0}, 2,000 = {b.Rate / table2000.Rate:P0}");
        }
        finally
        {
            try { app.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
        }
        await app.WaitForExitAsync();
        await VerifyAuditAsync(provider, connectionString, appDll);
    }

    /// <summary>The group commits so far and the reports they stored (the app's <c>payesh_ingest_commit_reports</c> histogram at
    /// /metrics), or null when metrics are off.</summary>
    private static async Task<(double Count, double Sum)?> CommitsAsync(HttpClient http)
    {
        using var response = await http.GetAsync("/metrics");
        if (!response.IsSuccessStatusCode) return null;
        double? count = null, sum = null;
        foreach (var line in (await response.Content.ReadAsStringAsync()).Split('\n'))
        {
            if (line.StartsWith("payesh_ingest_commit_reports_count", StringComparison.Ordinal)) count = Value(line);
            else if (line.StartsWith("payesh_ingest_commit_reports_sum", StringComparison.Ordinal)) sum = Value(line);
        }
        return count is { } c && sum is { } s ? (c, s) : null;

        static double Value(string line) // name{labels} value [timestamp]
        {
            int start = line.IndexOf('}', StringComparison.Ordinal) is var brace and >= 0 ? brace + 1 : line.IndexOf(' ', StringComparison.Ordinal);
            return double.Parse(line[start..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    public const string AdminPassword = "bench-admin-2024";
    public const string DemoPassword = "bench-demo-2024";

    private static async Task<(Result R, double CpuMsPerReport)> Measured(Process app, Func<Task<Result>> phase)
    {
        app.Refresh();
        var before = app.TotalProcessorTime;
        var r = await phase();
        app.Refresh();
        return (r, (app.TotalProcessorTime - before).TotalMilliseconds / Math.Max(1, r.Count));
    }

    /// <summary>The audit chain after the load, checked by the app's own <c>verify-audit</c> command (exit code 0 = intact).</summary>
    public static async Task VerifyAuditAsync(string provider, string connectionString, string appDll)
    {
        var psi = new ProcessStartInfo("dotnet", $"\"{Path.GetFullPath(appDll)}\" verify-audit")
        {
            RedirectStandardOutput = true,
            WorkingDirectory = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(appDll))!, "..", "..", "..")),
        };
        psi.Environment["Database__Provider"] = provider == "postgres" ? "Postgres" : "Sqlite";
        psi.Environment["ConnectionStrings__Payesh"] = connectionString;
        psi.Environment["Payesh__AdminPassword"] = AdminPassword;
        psi.Environment["Logging__LogLevel__Default"] = "Warning";
        using var p = Process.Start(psi)!;
        var output = await p.StandardOutput.ReadToEndAsync();
        await p.WaitForExitAsync();
        Console.WriteLine($"{provider}: audit chain after the load: exit {p.ExitCode}, {output.Trim().Split('\n').LastOrDefault()}");
    }

    public static Process StartApp(string provider, string connectionString, string appDll, out int port, bool seedDemo = true, Action<string>? output = null)
    {
        port = int.TryParse(Environment.GetEnvironmentVariable("PAYESH_BENCH_PORT"), out var fixedPort) ? fixedPort : FreePort();
        var psi = new ProcessStartInfo("dotnet", $"\"{appDll}\" --urls http://127.0.0.1:{port}")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            // The content root (wwwroot, static files): a published folder's own, else the project folder above bin/<config>/<tfm>.
            WorkingDirectory = Directory.Exists(Path.Combine(Path.GetDirectoryName(appDll)!, "wwwroot"))
                ? Path.GetDirectoryName(appDll)!
                : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(appDll)!, "..", "..", "..")),
        };
        psi.Environment["Database__Provider"] = provider == "postgres" ? "Postgres" : "Sqlite";
        psi.Environment["ConnectionStrings__Payesh"] = connectionString;
        psi.Environment["Payesh__AdminPassword"] = AdminPassword;
        psi.Environment["Payesh__DemoPassword"] = DemoPassword;
        psi.Environment["Payesh__Reminders"] = "false";
        psi.Environment["Payesh__SeedDemo"] = seedDemo ? "true" : "false";
        psi.Environment["Logging__LogLevel__Default"] = "Warning";
        psi.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        var app = Process.Start(psi)!;
        app.OutputDataReceived += (_, e) => { if (e.Data is { } line) output?.Invoke(line); };
        app.ErrorDataReceived += (_, e) => { if (e.Data is { } line) output?.Invoke(line); };
        app.BeginOutputReadLine();
        app.BeginErrorReadLine();
        return app;
    }

    public static async Task<TimeSpan> WaitReadyAsync(HttpClient http)
    {
        var ready = Stopwatch.StartNew();
        while (true)
        {
            // Ready: migrated, seeded and the plans' engines loaded (/readyz answers 503 until then).
            try { if ((await http.GetAsync("/readyz")).IsSuccessStatusCode) return ready.Elapsed; }
            catch (HttpRequestException) { }
            if (ready.Elapsed > TimeSpan.FromMinutes(5)) throw new TimeoutException("the app did not start");
            await Task.Delay(50);
        }
    }

    internal static IEnumerable<string> Leaves(JsonElement nodes)
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

    /// <summary>Batches of <paramref name="size"/> reports from <paramref name="clients"/> concurrent clients, each sending its
    /// next batch when the last is answered. The bodies are written with a <see cref="Utf8JsonWriter"/>: the client shares the
    /// machine's two cores with the server, so it should take as little of them as it can.</summary>
    private static async Task<Result> BatchPostsAsync(HttpClient http, long planId, List<string> actions, string today, int size, TimeSpan duration, int clients = 1)
    {
        int count = 0, failed = 0, rounds = 0;
        var sw = Stopwatch.StartNew();
        var until = DateTime.UtcNow + duration;
        await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
        {
            var buffer = new System.Buffers.ArrayBufferWriter<byte>(size * 128);
            while (DateTime.UtcNow < until)
            {
                int round = Interlocked.Increment(ref rounds);
                buffer.ResetWrittenCount();
                using (var json = new Utf8JsonWriter(buffer))
                {
                    json.WriteStartObject();
                    json.WriteStartArray("reports");
                    for (int i = 0; i < size; i++)
                    {
                        json.WriteStartObject();
                        json.WriteString("action", actions[i % actions.Count]);
                        json.WriteString("date", today);
                        json.WriteNumber("percent", Math.Round(Math.Min(100.0, 60 + (round * (size / actions.Count + 1) + i / actions.Count) * 0.01), 2));
                        json.WriteString("justification", "بار آزمون");
                        json.WriteEndObject();
                    }
                    json.WriteEndArray();
                    json.WriteEndObject();
                }
                using var body = new ByteArrayContent(buffer.WrittenMemory.ToArray());
                body.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                using var response = await http.PostAsync($"/api/v1/plans/{planId}/reports/batch", body);
                if (!response.IsSuccessStatusCode && Interlocked.Increment(ref failed) == 1)
                    Console.WriteLine($"  first failure: {(int)response.StatusCode} {(await response.Content.ReadAsStringAsync())[..Math.Min(400, (int)(response.Content.Headers.ContentLength ?? 400))]}");
                if (response.IsSuccessStatusCode) Interlocked.Add(ref count, size);
            }
        })));
        if (failed > 0) Console.WriteLine($"  ({failed} batches failed)");
        return new Result($"batch POSTs of {size}, {clients} client{(clients == 1 ? "" : "s")}", count, sw.Elapsed.TotalSeconds);
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

    /// <summary>The batch yardstick: multi-row INSERTs of <paramref name="rows"/> rows (10 columns, like a report), one durable transaction each.</summary>
    private static async Task<Result> RawMultiRowAsync(string provider, string cs, int rows, TimeSpan duration)
    {
        await Exec(provider, cs, "CREATE TABLE IF NOT EXISTS bench_multi (a BIGINT, b BIGINT, c TEXT, d INTEGER, e TEXT, f TEXT, g TEXT, h TEXT, i TEXT, j TEXT)");
        await using var conn = Open(provider, cs);
        await conn.OpenAsync();
        if (provider != "postgres")
        {
            await using var p = conn.CreateCommand();
            p.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;";
            await p.ExecuteNonQueryAsync();
        }
        // One transaction of `rows` rows, in statements of at most `each` rows: SQLite finds parameters by name with a
        // linear search, so it gets the statement size the app uses (MultiRowInsert.SqliteChunkRows).
        int each = provider == "postgres" ? rows : Math.Min(rows, Payesh.Web.Data.MultiRowInsert.SqliteChunkRows);
        await using var cmd = conn.CreateCommand();
        var sql = new System.Text.StringBuilder("INSERT INTO bench_multi VALUES ");
        for (int r = 0; r < each; r++)
        {
            sql.Append(r == 0 ? "(" : ",(");
            for (int c = 0; c < 10; c++)
            {
                var p = cmd.CreateParameter();
                if (provider == "postgres") sql.Append(c == 0 ? "" : ",").Append('$').Append(r * 10 + c + 1);
                else { p.ParameterName = $"@p{r * 10 + c}"; sql.Append(c == 0 ? "" : ",").Append(p.ParameterName); }
                cmd.Parameters.Add(p);
            }
            sql.Append(')');
        }
        cmd.CommandText = sql.ToString();
        int count = 0;
        long n = 0;
        var sw = Stopwatch.StartNew();
        var until = DateTime.UtcNow + duration;
        while (DateTime.UtcNow < until)
        {
            await using var tx = await conn.BeginTransactionAsync();
            cmd.Transaction = tx;
            for (int done = 0; done < rows; done += each)
            {
                for (int r = 0; r < each; r++)
                {
                    cmd.Parameters[r * 10].Value = n++;
                    cmd.Parameters[r * 10 + 1].Value = 7L;
                    cmd.Parameters[r * 10 + 2].Value = "2026-11-30";
                    cmd.Parameters[r * 10 + 3].Value = 5000;
                    for (int c = 4; c < 10; c++) cmd.Parameters[r * 10 + c].Value = c == 5 ? "بار آزمون" : DBNull.Value;
                }
                await cmd.ExecuteNonQueryAsync();
                count += each;
            }
            await tx.CommitAsync();
        }
        return new Result($"raw multi-row inserts of {rows}, 1 connection", count, sw.Elapsed.TotalSeconds);
    }

    /// <summary>PostgreSQL's bulk yardstick: binary COPY of <paramref name="rows"/> rows per durable transaction.</summary>
    private static async Task<Result> RawCopyAsync(string cs, int rows, TimeSpan duration)
    {
        await Exec("postgres", cs, "CREATE TABLE IF NOT EXISTS bench_multi (a BIGINT, b BIGINT, c TEXT, d INTEGER, e TEXT, f TEXT, g TEXT, h TEXT, i TEXT, j TEXT)");
        await using var conn = new NpgsqlConnection(cs);
        await conn.OpenAsync();
        int count = 0;
        long n = 0;
        var sw = Stopwatch.StartNew();
        var until = DateTime.UtcNow + duration;
        while (DateTime.UtcNow < until)
        {
            await using var tx = await conn.BeginTransactionAsync();
            await using (var copy = await conn.BeginBinaryImportAsync("COPY bench_multi (a, b, c, d, f) FROM STDIN (FORMAT BINARY)"))
            {
                for (int r = 0; r < rows; r++)
                {
                    await copy.StartRowAsync();
                    await copy.WriteAsync(n++, NpgsqlTypes.NpgsqlDbType.Bigint);
                    await copy.WriteAsync(7L, NpgsqlTypes.NpgsqlDbType.Bigint);
                    await copy.WriteAsync("2026-11-30", NpgsqlTypes.NpgsqlDbType.Text);
                    await copy.WriteAsync(5000, NpgsqlTypes.NpgsqlDbType.Integer);
                    await copy.WriteAsync("بار آزمون", NpgsqlTypes.NpgsqlDbType.Text);
                }
                await copy.CompleteAsync();
            }
            await tx.CommitAsync();
            count += rows;
        }
        return new Result($"raw binary COPY of {rows}, 1 connection", count, sw.Elapsed.TotalSeconds);
    }

    private static System.Data.Common.DbConnection Open(string provider, string cs) =>
        provider == "postgres" ? new NpgsqlConnection(cs) : new SqliteConnection(cs);

    internal static async Task Exec(string provider, string cs, string sql)
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
