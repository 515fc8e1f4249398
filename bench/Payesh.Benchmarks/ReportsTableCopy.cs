using System.Data.Common;
using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;

namespace Payesh.Benchmarks;

/// <summary>
/// The batch path's ceiling set by the schema: report rows written straight into <c>bench_reports</c>, a copy of the
/// reports table with its primary key, its three indexes and its two foreign keys, filled first with the table's own rows,
/// the same size as the table the app writes to. SQLite gets them by the app's own multi-row INSERTs (32-row statements
/// bound by index) on a connection with the app's and the report writer's settings; PostgreSQL by binary COPY with the ids
/// given. Each transaction is one durable commit of the rows, spread over the actions the batches reported on, as a
/// batch's are. No plan stamp, no checks, no audit entry, no engine: the database's work for these rows alone, so the
/// batch figures can be read against it.
/// </summary>
public static class ReportsTableCopy
{
    /// <summary>Which copy: the whole table's shape, or one part left out to show its share of the cost.</summary>
    public enum Shape
    {
        /// <summary>The primary key, the three indexes and the two foreign keys.</summary>
        Whole,
        /// <summary>Without the index of each action's reports by day ("NodeId", "ReportDate"): the one index a batch writes
        /// all over, one leaf per action it reports on.</summary>
        NoHistoryIndex,
        /// <summary>Without the foreign keys to the plan and to the action (checked for every row).</summary>
        NoForeignKeys,
    }

    private static string Name(Shape shape) => shape switch
    {
        Shape.Whole => "bench_reports",
        Shape.NoHistoryIndex => "bench_reports_nohistory",
        _ => "bench_reports_nokeys",
    };

    private static string Label(Shape shape) => shape switch
    {
        Shape.Whole => "",
        Shape.NoHistoryIndex => " w/o history index",
        _ => " w/o foreign keys",
    };

    /// <summary>The columns a new report is written with (ReportRows.Columns in the app).</summary>
    private static readonly string[] Columns =
        ["PlanId", "NodeId", "ReportDate", "PercentHundredths", "Note", "Justification", "BackdateReason", "SubmittedAt", "SubmittedById", "Status", "PreviousHundredths"];

    /// <summary>Every connection's settings (SqlitePragmas.Sql) and the report writer's own (SqliteWriterSettings).</summary>
    private const string SqliteSettings =
        "PRAGMA busy_timeout=10000; PRAGMA foreign_keys=ON; PRAGMA synchronous=FULL; PRAGMA wal_autocheckpoint=10000; " +
        "PRAGMA temp_store=MEMORY; PRAGMA cache_size=-65536;";

    /// <summary>Creates the copy and fills it with the reports table's rows (not timed).</summary>
    public static async Task CreateAsync(string provider, string cs, Shape shape = Shape.Whole)
    {
        var table = Name(shape);
        bool historyIndex = shape != Shape.NoHistoryIndex, keys = shape != Shape.NoForeignKeys;
        await using var conn = await OpenAsync(provider, cs);
        await ExecAsync(conn, $"DROP TABLE IF EXISTS {table}");
        if (conn is SqliteConnection)
        {
            // The table's and its indexes' own DDL, renamed: the same columns, keys and indexes.
            var ddl = new List<string>();
            await using (var read = Command(conn, "SELECT sql FROM sqlite_master WHERE tbl_name = 'ProgressReports' AND sql IS NOT NULL ORDER BY type DESC"))
            await using (var reader = await read.ExecuteReaderAsync())
                while (await reader.ReadAsync()) ddl.Add(reader.GetString(0).Replace("ProgressReports", table, StringComparison.Ordinal));
            if (ddl.Count != 4) throw new InvalidOperationException($"ProgressReports: expected a table and 3 indexes, found {ddl.Count} statements");
            // Without foreign keys: the same DDL, and the rows written with foreign_keys off (InsertAsync).
            foreach (var sql in ddl)
                if (historyIndex || !sql.Contains("\"NodeId\", \"ReportDate\")", StringComparison.Ordinal)) await ExecAsync(conn, sql);
        }
        else
        {
            await ExecAsync(conn, $"CREATE TABLE {table} (LIKE \"ProgressReports\" INCLUDING ALL)");
            if (!historyIndex)
            {
                await using var find = Command(conn, $"SELECT indexname FROM pg_indexes WHERE tablename = '{table}' AND indexdef LIKE '%(\"NodeId\", \"ReportDate\")%'");
                var index = (string?)await find.ExecuteScalarAsync() ?? throw new InvalidOperationException($"{table}: no history index to drop");
                await ExecAsync(conn, $"DROP INDEX \"{index}\"");
            }
            if (keys) await ExecAsync(conn, $"""
                DO $$ DECLARE r record; BEGIN
                  FOR r IN SELECT pg_get_constraintdef(oid) AS d FROM pg_constraint WHERE conrelid = '"ProgressReports"'::regclass AND contype = 'f' LOOP
                    EXECUTE 'ALTER TABLE {table} ADD ' || r.d;
                  END LOOP;
                END $$
                """);
            await using var count = Command(conn, $"SELECT count(*) FROM pg_constraint WHERE conrelid = '{table}'::regclass AND contype = 'f'");
            if (Convert.ToInt64(await count.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture) != (keys ? 2 : 0)) throw new InvalidOperationException($"{table}: the foreign keys were not copied");
        }
        await ExecAsync(conn, $"INSERT INTO {table} SELECT * FROM \"ProgressReports\"");
        if (conn is NpgsqlConnection) await ExecAsync(conn, $"ANALYZE {table}");
    }

    /// <summary>Transactions of <paramref name="rows"/> report rows into the copy for <paramref name="duration"/>.</summary>
    public static async Task<IngestBenchmark.Result> InsertAsync(string provider, string cs, long planId, int rows, TimeSpan duration, Shape shape = Shape.Whole)
    {
        var table = Name(shape);
        await using var conn = await OpenAsync(provider, cs);
        if (conn is SqliteConnection && shape == Shape.NoForeignKeys) await ExecAsync(conn, "PRAGMA foreign_keys=OFF");
        // The actions the last batches reported on, and their reporter and status, as stored.
        var nodes = new List<long>();
        await using (var read = Command(conn,
            "SELECT DISTINCT \"NodeId\" FROM \"ProgressReports\" WHERE \"Id\" > (SELECT MAX(\"Id\") - 2000 FROM \"ProgressReports\") ORDER BY 1"))
        await using (var reader = await read.ExecuteReaderAsync())
            while (await reader.ReadAsync()) nodes.Add(reader.GetInt64(0));
        string? user;
        string status;
        await using (var read = Command(conn,
            "SELECT \"SubmittedById\", \"Status\" FROM \"ProgressReports\" WHERE \"Id\" = (SELECT MAX(\"Id\") FROM \"ProgressReports\")"))
        await using (var reader = await read.ExecuteReaderAsync())
        {
            if (!await reader.ReadAsync()) throw new InvalidOperationException("no reports to copy the shape of");
            user = reader.IsDBNull(0) ? null : reader.GetString(0);
            status = reader.GetString(1);
        }
        long nextId = 0;
        if (conn is NpgsqlConnection)
        {
            await using var max = Command(conn, $"SELECT COALESCE(MAX(\"Id\"), 0) FROM {table}");
            nextId = Convert.ToInt64(await max.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture) + 1;
        }
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(3.5));
        int count = 0, round = 0;
        var sw = Stopwatch.StartNew();
        var until = DateTime.UtcNow + duration;
        while (DateTime.UtcNow < until)
        {
            round++;
            var at = DateTimeOffset.UtcNow;
            int percent = Math.Min(10000, 6000 + round);
            await using var tx = await conn.BeginTransactionAsync();
            if (conn is NpgsqlConnection pg)
            {
                await using var copy = await pg.BeginBinaryImportAsync(
                    $"COPY {table} (\"Id\", {string.Join(", ", Columns.Select(c => $"\"{c}\""))}) FROM STDIN (FORMAT BINARY)");
                for (int i = 0; i < rows; i++)
                {
                    await copy.StartRowAsync();
                    await copy.WriteAsync(nextId++, NpgsqlDbType.Bigint);
                    await copy.WriteAsync(planId, NpgsqlDbType.Bigint);
                    await copy.WriteAsync(nodes[i % nodes.Count], NpgsqlDbType.Bigint);
                    await copy.WriteAsync(today, NpgsqlDbType.Date);
                    await copy.WriteAsync(percent, NpgsqlDbType.Integer);
                    await copy.WriteNullAsync();
                    await copy.WriteAsync("بار آزمون", NpgsqlDbType.Varchar);
                    await copy.WriteNullAsync();
                    await copy.WriteAsync(at, NpgsqlDbType.TimestampTz);
                    if (user is null) await copy.WriteNullAsync();
                    else await copy.WriteAsync(user, NpgsqlDbType.Varchar);
                    await copy.WriteAsync(status, NpgsqlDbType.Varchar);
                    await copy.WriteAsync(percent - 1, NpgsqlDbType.Integer);
                }
                await copy.CompleteAsync();
            }
            else
            {
                await Payesh.Web.Data.MultiRowInsert.InsertAsync(conn, tx, table, Columns, rows, (i, c) => c switch
                {
                    0 => planId,
                    1 => nodes[i % nodes.Count],
                    2 => today,
                    3 => percent,
                    5 => "بار آزمون",
                    7 => at,
                    8 => user,
                    9 => status,
                    10 => percent - 1,
                    _ => null,
                }, ids: null, CancellationToken.None);
            }
            await tx.CommitAsync();
            count += rows;
        }
        return new IngestBenchmark.Result($"the reports table's copy{Label(shape)}, {rows} rows/commit", count, sw.Elapsed.TotalSeconds);
    }

    private static async Task<DbConnection> OpenAsync(string provider, string cs)
    {
        DbConnection conn = provider == "postgres" ? new NpgsqlConnection(cs) : new SqliteConnection(cs);
        await conn.OpenAsync();
        if (conn is SqliteConnection) await ExecAsync(conn, SqliteSettings);
        return conn;
    }

    private static DbCommand Command(DbConnection conn, string sql)
    {
        var cmd = conn.CreateCommand();
        cmd.CommandText = sql;
        return cmd;
    }

    private static async Task ExecAsync(DbConnection conn, string sql)
    {
        await using var cmd = Command(conn, sql);
        await cmd.ExecuteNonQueryAsync();
    }
}
