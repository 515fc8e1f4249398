using Microsoft.Data.Sqlite;

namespace Payesh.Web.Data;

/// <summary>
/// The report writer's own SQLite settings, beside every connection's (<c>SqlitePragmas</c>); measured in
/// docs/benchmarks.md, "The report writer's statement journals and page cache in memory".
/// <list type="bullet">
/// <item><c>temp_store=MEMORY</c>: a multi-row INSERT inside a transaction keeps a statement journal — the pages it
/// changes, as they were, so that a failing row undoes that statement alone — and SQLite writes it to a temporary file
/// once it passes 64 KB. A statement of 32 reports journals some 80 pages (each report's action has its own index leaf):
/// the writer made two <c>pwrite</c>s per page into a file deleted unread, more system calls than its WAL took.</item>
/// <item><c>cache_size=-65536</c> (64 MB, SQLite's default 2 MB): the pages every commit of reports changes — the last
/// index leaf of each action, the tables' tails, their parents — outgrew the default cache, so each commit read them back
/// from the WAL (a <c>pread</c> per page).</item>
/// </list>
/// Only the writer's connection: elsewhere an in-memory temp store would also hold the sorts of page queries over the
/// national data set in memory, and every pooled connection would keep a 64 MB cache of its own. The writer's connection
/// gets SQLite's defaults back before it returns to the pool, or the pool drops it (<c>ReportIngest</c>).
/// </summary>
public static class SqliteWriterSettings
{
    private const string Apply = "PRAGMA temp_store=MEMORY; PRAGMA cache_size=-65536;";

    /// <summary>SQLite's defaults, for a connection going back to the pool (where any context may take it).</summary>
    private const string Defaults = "PRAGMA temp_store=DEFAULT; PRAGMA cache_size=-2000;";

    public static async Task ApplyAsync(SqliteConnection connection, CancellationToken ct)
    {
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = Apply;
        await cmd.ExecuteNonQueryAsync(ct);
    }

    public static void Reset(SqliteConnection connection)
    {
        if (connection.State != System.Data.ConnectionState.Open) return;
        using var cmd = connection.CreateCommand();
        cmd.CommandText = Defaults;
        cmd.ExecuteNonQuery();
    }
}
