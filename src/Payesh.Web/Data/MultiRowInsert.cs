using System.Data.Common;
using System.Text;
using Npgsql;

namespace Payesh.Web.Data;

/// <summary>
/// Multi-row INSERT statements on the caller's connection and transaction (the group commit's hot path): one
/// statement per chunk of rows instead of one per row. Generated ids come back through RETURNING; within one
/// statement rows are inserted in VALUES order, so the ids, sorted, belong to the rows in order.
/// </summary>
public static class MultiRowInsert
{
    /// <summary>Rows per statement on PostgreSQL: few statements, well within its parameter limit.</summary>
    public const int ChunkRows = 500;

    /// <summary>Rows per statement on SQLite (<see cref="SqliteRowInsert"/>).</summary>
    public const int SqliteChunkRows = SqliteRowInsert.ChunkRows;


    /// <param name="value">The value of row r, column c (null for NULL).</param>
    /// <param name="ids">When given, receives the generated "Id" of each row.</param>
    public static async Task InsertAsync(DbConnection conn, DbTransaction tx, string table, string[] columns, int count,
        Func<int, int, object?> value, long[]? ids, CancellationToken ct)
    {
        if (conn is Microsoft.Data.Sqlite.SqliteConnection sqlite)
        {
            SqliteRowInsert.Insert(sqlite, table, columns, count, value, ids);
            return;
        }
        if (conn is not NpgsqlConnection) throw new NotSupportedException($"Bulk inserts on {conn.GetType().Name}.");
        int chunk = ChunkRows;
        DbCommand? full = null;
        try
        {
            for (int start = 0; start < count; start += chunk)
            {
                int rows = Math.Min(chunk, count - start);
                DbCommand cmd;
                if (rows == chunk && full is not null) cmd = full;
                else
                {
                    cmd = Create(conn, tx, table, columns, rows, ids is not null);
                    if (rows == chunk) full = cmd;
                }
                var parameters = cmd.Parameters;
                for (int r = 0; r < rows; r++)
                    for (int c = 0; c < columns.Length; c++)
                        parameters[r * columns.Length + c].Value = value(start + r, c) ?? DBNull.Value;
                try
                {
                    if (ids is null)
                    {
                        await cmd.ExecuteNonQueryAsync(ct);
                        continue;
                    }
                    await using var reader = await cmd.ExecuteReaderAsync(ct);
                    int i = start;
                    while (await reader.ReadAsync(ct)) ids[i++] = reader.GetInt64(0);
                    if (i != start + rows) throw new InvalidOperationException($"{table}: {i - start} ids returned for {rows} rows");
                    Array.Sort(ids, start, rows);
                }
                finally
                {
                    if (!ReferenceEquals(cmd, full)) await cmd.DisposeAsync();
                }
            }
        }
        finally
        {
            if (full is not null) await full.DisposeAsync();
        }
    }

    /// <summary>One multi-row INSERT of rows [<paramref name="start"/>, start + <paramref name="rows"/>) as a PostgreSQL batch
    /// statement (positional parameters), to travel with others in one round trip.</summary>
    public static NpgsqlBatchCommand PgCommand(string table, string[] columns, int start, int rows, Func<int, int, object?> value, bool returning)
    {
        var cmd = new NpgsqlBatchCommand(Sql(table, columns, rows, returning, '$'));
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < columns.Length; c++)
                cmd.Parameters.Add(new NpgsqlParameter { Value = value(start + r, c) ?? DBNull.Value });
        return cmd;
    }

    private static DbCommand Create(DbConnection conn, DbTransaction tx, string table, string[] columns, int rows, bool returning)
    {
        var cmd = conn.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = Sql(table, columns, rows, returning, '$');
        for (int n = 0; n < rows * columns.Length; n++) cmd.Parameters.Add(cmd.CreateParameter());
        return cmd;
    }

    /// <summary>The statement's text with positional parameters numbered row by row, column by column from 1:
    /// <c>$1</c> … for PostgreSQL, <c>?1</c> … for SQLite's own API (<see cref="SqliteRowInsert"/>).</summary>
    internal static string Sql(string table, string[] columns, int rows, bool returning, char marker)
    {
        var sql = new StringBuilder(64 + rows * columns.Length * 8);
        sql.Append("INSERT INTO \"").Append(table).Append("\" (");
        for (int c = 0; c < columns.Length; c++) sql.Append(c == 0 ? "\"" : ", \"").Append(columns[c]).Append('"');
        sql.Append(") VALUES ");
        int n = 1;
        for (int r = 0; r < rows; r++)
        {
            sql.Append(r == 0 ? "(" : ", (");
            for (int c = 0; c < columns.Length; c++, n++) sql.Append(c == 0 ? "" : ", ").Append(marker).Append(n);
            sql.Append(')');
        }
        if (returning) sql.Append(" RETURNING \"Id\"");
        return sql.ToString();
    }
}
