using System.Globalization;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Payesh.Web.Data;

/// <summary>
/// The SQLite side of <see cref="MultiRowInsert"/>: multi-row INSERT statements prepared once per shape and bound by
/// parameter index through SQLite's own API, on the connection and transaction the caller holds. Microsoft.Data.Sqlite
/// binds every parameter by name on every execution, and SQLite finds a name by a linear search of the statement's
/// names: at 32 rows of 13 columns that search was most of the cost of storing a report (issue 14, batches).
/// Values are written as Microsoft.Data.Sqlite writes them (dates and times as ISO text), so both read back alike
/// (pinned by a test that stores the same values both ways).
/// </summary>
internal static class SqliteRowInsert
{
    /// <summary>Rows per statement: a statement of 32 rows runs its setup once for all of them.</summary>
    public const int ChunkRows = 32;

    public static void Insert(SqliteConnection conn, string table, string[] columns, int count, Func<int, int, object?> value, long[]? ids)
    {
        var db = conn.Handle ?? throw new InvalidOperationException("The connection is not open.");
        // On a connection with statements kept (the group commit's), every shape is prepared once for its life.
        var kept = SqliteStatements.Of(conn);
        sqlite3_stmt? full = null;
        try
        {
            for (int start = 0; start < count; start += ChunkRows)
            {
                int rows = Math.Min(ChunkRows, count - start);
                var stmt = kept is not null
                    ? kept.Insert(table, columns, rows, ids is not null, () => Prepare(db, table, columns, rows, ids is not null))
                    : rows == ChunkRows ? full ??= Prepare(db, table, columns, rows, ids is not null) : Prepare(db, table, columns, rows, ids is not null);
                try
                {
                    int n = 1;
                    for (int r = 0; r < rows; r++)
                        for (int c = 0; c < columns.Length; c++, n++) Bind(db, stmt, n, value(start + r, c));
                    int i = start, rc;
                    while ((rc = raw.sqlite3_step(stmt)) == raw.SQLITE_ROW)
                        if (ids is not null) ids[i++] = raw.sqlite3_column_int64(stmt, 0);
                    if (rc != raw.SQLITE_DONE) SqliteException.ThrowExceptionForRC(rc, db);
                    if (ids is not null)
                    {
                        if (i != start + rows) throw new InvalidOperationException($"{table}: {i - start} ids returned for {rows} rows");
                        Array.Sort(ids, start, rows); // rows are inserted in VALUES order: ids sorted belong to them in order
                    }
                }
                finally
                {
                    if (kept is not null || ReferenceEquals(stmt, full))
                    {
                        raw.sqlite3_reset(stmt);
                        raw.sqlite3_clear_bindings(stmt);
                    }
                    else stmt.Dispose();
                }
            }
        }
        finally
        {
            full?.Dispose();
        }
    }

    private static sqlite3_stmt Prepare(sqlite3 db, string table, string[] columns, int rows, bool returning)
    {
        int rc = raw.sqlite3_prepare_v2(db, MultiRowInsert.Sql(table, columns, rows, returning, '?'), out var stmt);
        if (rc != raw.SQLITE_OK)
        {
            stmt?.Dispose();
            SqliteException.ThrowExceptionForRC(rc, db);
        }
        return stmt!;
    }

    /// <summary>Binds as Microsoft.Data.Sqlite does for these types (SqliteValueBinder).</summary>
    private static void Bind(sqlite3 db, sqlite3_stmt stmt, int index, object? value)
    {
        int rc = value switch
        {
            null or DBNull => raw.sqlite3_bind_null(stmt, index),
            string s => raw.sqlite3_bind_text(stmt, index, s),
            long l => raw.sqlite3_bind_int64(stmt, index, l),
            int i => raw.sqlite3_bind_int64(stmt, index, i),
            short h => raw.sqlite3_bind_int64(stmt, index, h),
            byte b => raw.sqlite3_bind_int64(stmt, index, b),
            bool f => raw.sqlite3_bind_int64(stmt, index, f ? 1 : 0),
            double d => raw.sqlite3_bind_double(stmt, index, d),
            DateOnly d => raw.sqlite3_bind_text(stmt, index, d.ToString(StoredDates.Format, CultureInfo.InvariantCulture)),
            DateTimeOffset t => raw.sqlite3_bind_text(stmt, index, t.ToString(@"yyyy\-MM\-dd HH\:mm\:ss.FFFFFFFzzz", CultureInfo.InvariantCulture)),
            DateTime t => raw.sqlite3_bind_text(stmt, index, t.ToString(@"yyyy\-MM\-dd HH\:mm\:ss.FFFFFFF", CultureInfo.InvariantCulture)),
            byte[] bytes => raw.sqlite3_bind_blob(stmt, index, bytes),
            _ => throw new NotSupportedException($"No SQLite binding for {value.GetType().Name} values in bulk inserts."),
        };
        if (rc != raw.SQLITE_OK) SqliteException.ThrowExceptionForRC(rc, db);
    }
}
