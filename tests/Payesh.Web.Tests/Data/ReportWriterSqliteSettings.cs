using Microsoft.Data.Sqlite;
using Payesh.Web.Data;
using Payesh.Web.Tests.Infrastructure;

namespace Payesh.Web.Tests.Data;

/// <summary>
/// The report writer's SQLite settings (<see cref="SqliteWriterSettings"/>): statement journals and a larger page cache in
/// memory while it holds the connection, SQLite's defaults when the connection goes back to the pool — and a failing
/// multi-row statement still undoes itself alone, its journal now in memory.
/// </summary>
public sealed class ReportWriterSqliteSettings
{
    private readonly string _connectionString = TestDatabases.NewSqliteDatabase(); // one per test: xunit makes an instance each

    private SqliteConnection Open()
    {
        var conn = new SqliteConnection(_connectionString);
        conn.Open();
        Run(conn, "PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON; " +
                  "CREATE TABLE IF NOT EXISTS node (id INTEGER PRIMARY KEY); " +
                  "CREATE TABLE IF NOT EXISTS report (id INTEGER PRIMARY KEY, node INTEGER NOT NULL REFERENCES node(id), day TEXT NOT NULL, note TEXT); " +
                  "CREATE INDEX IF NOT EXISTS report_node_day ON report (node, day);");
        return conn;
    }

    private static object? Run(SqliteConnection conn, string sql, SqliteTransaction? tx = null)
    {
        using var cmd = conn.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        return cmd.ExecuteScalar();
    }

    [Fact]
    public async Task The_writer_keeps_its_journals_and_a_larger_cache_in_memory_and_gives_the_defaults_back()
    {
        using var conn = Open();
        Assert.Equal(0L, Run(conn, "PRAGMA temp_store;"));
        Assert.Equal(-2000L, Run(conn, "PRAGMA cache_size;"));
        await SqliteWriterSettings.ApplyAsync(conn, default);
        Assert.Equal(2L, Run(conn, "PRAGMA temp_store;")); // MEMORY
        Assert.Equal(-65536L, Run(conn, "PRAGMA cache_size;"));
        SqliteWriterSettings.Reset(conn);
        Assert.Equal(0L, Run(conn, "PRAGMA temp_store;"));
        Assert.Equal(-2000L, Run(conn, "PRAGMA cache_size;"));
    }

    [Fact]
    public async Task A_failing_multi_row_statement_undoes_itself_alone_with_its_journal_in_memory()
    {
        using var conn = Open();
        await SqliteWriterSettings.ApplyAsync(conn, default);
        Run(conn, "CREATE INDEX report_node_note ON report (node, note);"); // wide keys: a few to a leaf
        Run(conn, "WITH RECURSIVE n(v) AS (SELECT 1 UNION ALL SELECT v + 1 FROM n WHERE v < 300) INSERT INTO node (id) SELECT v FROM n;");
        string Rows(int first, int count, bool lastBad) => string.Join(", ", Enumerable.Range(first, count).Select(i =>
            $"({(lastBad && i == first + count - 1 ? 9999 : 1 + i % 300)}, '1405-06-31', '{i:D6}{new string('x', 900)}')"));
        // Four rows of every node committed first: some 400 leaves of the wide index exist before the statements below.
        for (int part = 0; part < 4; part++) Run(conn, "INSERT INTO report (node, day, note) VALUES " + Rows(part * 300, 300, lastBad: false));
        long pagesBefore = (long)Run(conn, "PRAGMA page_count;")!;
        Assert.True(pagesBefore > 600, $"{pagesBefore} pages");

        using var tx = conn.BeginTransaction();
        Run(conn, "INSERT INTO report (node, day, note) VALUES " + Rows(1200, 200, lastBad: false), tx);
        // 200 rows for 200 nodes: each goes into an existing leaf of each index, so the statement journals hundreds of
        // pages (well past the 64 KB at which SQLite would have moved its journal to a file), then fails on its last row.
        var refused = Assert.Throws<SqliteException>(() => Run(conn, "INSERT INTO report (node, day, note) VALUES " + Rows(1400, 200, lastBad: true), tx));
        Assert.Equal(19, refused.SqliteErrorCode); // SQLITE_CONSTRAINT: the foreign key of the last row
        Assert.Equal(1400L, Run(conn, "SELECT count(*) FROM report;", tx)); // the first statement's rows, none of the second's
        tx.Commit();
        Assert.Equal(1400L, Run(conn, "SELECT count(*) FROM report;"));
        Assert.Equal(0L, Run(conn, "SELECT count(*) FROM report WHERE note >= '001400';"));
        Assert.Equal("ok", Run(conn, "PRAGMA integrity_check;"));
    }
}
