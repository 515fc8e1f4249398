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

    /// <summary>A command for <paramref name="sql"/> in <paramref name="tx"/>: the connection's kept one (parameters cleared)
    /// when it has statements attached, otherwise a new one that disposing the lease disposes.</summary>
    public static Lease Command(DbConnection connection, DbTransaction? tx, string sql)
    {
        if (Of(connection) is not { } kept)
        {
            var fresh = connection.CreateCommand();
            fresh.CommandText = sql;
            fresh.Transaction = tx;
            return new Lease(fresh, owned: true);
        }
        if (!kept._commands.TryGetValue(sql, out var cmd))
        {
            kept._commands[sql] = cmd = kept._connection.CreateCommand();
            cmd.CommandText = sql;
        }
        cmd.Parameters.Clear();
        cmd.Transaction = (SqliteTransaction?)tx;
        return new Lease(cmd, owned: false);
    }

    /// <summary>A command for one use: disposed after it unless the connection keeps it.</summary>
    public readonly struct Lease(DbCommand command, bool owned) : IAsyncDisposable
    {
        public DbCommand Command { get; } = command;

        public ValueTask DisposeAsync() => owned ? Command.DisposeAsync() : ValueTask.CompletedTask;
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
