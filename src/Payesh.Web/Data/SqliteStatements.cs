using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Payesh.Web.Data;

/// <summary>
/// Statements kept prepared on one long-lived SQLite connection (the report group commit's): the same few statements
/// run on every commit, so they are parsed once instead of once per commit. Attached to the connection while its owner
/// holds it open; <see cref="SqliteRowInsert"/> and <see cref="Command"/> find it from the connection alone, and without
/// one they prepare and dispose as before. The owner disposes it before the connection.
/// </summary>
public sealed class SqliteStatements : IDisposable
{
    private static readonly ConditionalWeakTable<SqliteConnection, SqliteStatements> Attached = new();

    private readonly SqliteConnection _connection;
    private readonly Dictionary<(string Table, int Columns, int Rows, bool Returning), sqlite3_stmt> _raw = [];
    private readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);

    private SqliteStatements(SqliteConnection connection) => _connection = connection;

    /// <summary>Keeps statements for <paramref name="connection"/> (open) until the result is disposed.</summary>
    public static SqliteStatements Attach(SqliteConnection connection)
    {
        var statements = new SqliteStatements(connection);
        Attached.AddOrUpdate(connection, statements);
        return statements;
    }

    internal static SqliteStatements? Of(DbConnection connection) =>
        connection is SqliteConnection sqlite && Attached.TryGetValue(sqlite, out var s) ? s : null;

    /// <summary>The multi-row insert of this shape, prepared on first use; the caller resets it after each use.</summary>
    internal sqlite3_stmt Insert(string table, string[] columns, int rows, bool returning, Func<sqlite3_stmt> prepare)
    {
        var key = (table, columns.Length, rows, returning);
        if (!_raw.TryGetValue(key, out var stmt)) _raw[key] = stmt = prepare();
        return stmt;
    }

    /// <summary>A command for <paramref name="sql"/> in <paramref name="tx"/>: kept (parameters cleared, to be disposed by
    /// nobody but the owner) when the connection has statements attached, otherwise new (<paramref name="owned"/>: the
    /// caller disposes it).</summary>
    public static DbCommand Command(DbConnection connection, DbTransaction? tx, string sql, out bool owned)
    {
        DbCommand cmd;
        if (Of(connection) is { } kept)
        {
            if (!kept._commands.TryGetValue(sql, out var c))
            {
                kept._commands[sql] = c = kept._connection.CreateCommand();
                c.CommandText = sql;
            }
            c.Parameters.Clear();
            cmd = c;
            owned = false;
        }
        else
        {
            cmd = connection.CreateCommand();
            cmd.CommandText = sql;
            owned = true;
        }
        cmd.Transaction = tx;
        return cmd;
    }

    public void Dispose()
    {
        Attached.Remove(_connection);
        foreach (var c in _commands.Values) c.Dispose();
        foreach (var s in _raw.Values) s.Dispose();
        _commands.Clear();
        _raw.Clear();
    }
}
