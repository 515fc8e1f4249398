using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Payesh.Web.Data.Model;

namespace Payesh.Web.Data;

/// <summary>
/// Audit entries of the report group commit, chained in the committer: one statement takes the chain's head
/// (and its lock) and returns its hash, the entries are hashed here by <see cref="AuditHash.Compute"/> and written
/// with multi-row inserts, and one statement moves the head on — no change tracker, no read-then-write per request.
/// The same chain (and key) as <see cref="PayeshDb.AppendAuditAsync"/> writes, verified by <see cref="AuditChain"/>.
/// </summary>
public static class AuditAppender
{
    private static readonly string[] Columns =
        ["At", "UserId", "UserName", "Action", "EntityType", "EntityId", "Before", "After", "PreviousHash", "Hash"];

    /// <summary>Appends <paramref name="records"/> in the caller's transaction.</summary>
    public static async Task AppendAsync(PayeshDb db, IReadOnlyList<AuditRecord> records, CancellationToken ct)
    {
        if (records.Count == 0) return;
        var conn = db.Database.GetDbConnection();
        var tx = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("Audit rows are appended inside a transaction.");
        // An UPDATE takes the row lock (PostgreSQL) or the write lock (SQLite) until commit: the chain never forks.
        var head = await ScalarAsync(conn, tx, HeadSql, ct);
        await AppendAfterHeadAsync(db, head as string, records, ct);
    }

    /// <summary>Takes the chain's head and its lock, and returns its hash (no row: NULL).</summary>
    public const string HeadSql = "UPDATE \"AuditHeads\" SET \"Touches\" = \"Touches\" + 1 WHERE \"Id\" = 1 RETURNING \"LastHash\"";

    private const string MoveSql = "UPDATE \"AuditHeads\" SET \"LastHash\" = @hash, \"Count\" = \"Count\" + @n WHERE \"Id\" = 1";

    /// <summary>
    /// The rest of <see cref="AppendAsync"/> once <see cref="HeadSql"/> has run in the caller's transaction and returned
    /// <paramref name="previous"/>: the entries hashed here, then inserted and the head moved on — on PostgreSQL as one
    /// statement batch (one round trip), on SQLite statement by statement.
    /// </summary>
    public static async Task AppendAfterHeadAsync(PayeshDb db, string? previous, IReadOnlyList<AuditRecord> records, CancellationToken ct)
    {
        if (records.Count == 0) return;
        if (previous is null)
        {
            // No head yet (a database that never audited): the change-tracking path creates it.
            await db.AppendAuditAsync(records, ct);
            return;
        }
        var conn = db.Database.GetDbConnection();
        var tx = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("Audit rows are appended inside a transaction.");
        var entries = AuditHash.Chain(records, previous, db.AuditTime(), db.RequiredAuditKey);
        if (conn is Npgsql.NpgsqlConnection pg)
        {
            await PgAppendAsync(pg, (Npgsql.NpgsqlTransaction)tx, entries, commit: false, ct);
            return;
        }
        await MultiRowInsert.InsertAsync(conn, tx, "AuditEntries", Columns, entries.Length, (r, c) => Value(entries[r], c), null, ct);
        await using var moveOn = SqliteStatements.Command(conn, tx, MoveSql);
        Add(moveOn.Command, "@hash", entries[^1].Hash);
        Add(moveOn.Command, "@n", (long)entries.Length);
        await moveOn.Command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>
    /// PostgreSQL, the report committer's own transaction (begun by SQL in its first batch, no <see cref="Npgsql.NpgsqlTransaction"/>):
    /// the entries chained after <paramref name="previous"/> (<see cref="HeadSql"/> ran in that transaction), inserted, the head
    /// moved on and the transaction committed — one round trip.
    /// </summary>
    public static Task AppendAndCommitAsync(PayeshDb db, Npgsql.NpgsqlConnection pg, string previous, IReadOnlyList<AuditRecord> records, CancellationToken ct) =>
        PgAppendAsync(pg, null, AuditHash.Chain(records, previous, db.AuditTime(), db.RequiredAuditKey), commit: true, ct);

    private static async Task PgAppendAsync(Npgsql.NpgsqlConnection pg, Npgsql.NpgsqlTransaction? tx, AuditEntry[] entries, bool commit, CancellationToken ct)
    {
        await using var batch = new Npgsql.NpgsqlBatch(pg, tx);
        for (int start = 0; start < entries.Length; start += MultiRowInsert.ChunkRows)
            batch.BatchCommands.Add(MultiRowInsert.PgCommand("AuditEntries", Columns, start, Math.Min(MultiRowInsert.ChunkRows, entries.Length - start),
                (r, c) => Value(entries[r], c), returning: false));
        if (entries.Length > 0)
        {
            var move = new Npgsql.NpgsqlBatchCommand("UPDATE \"AuditHeads\" SET \"LastHash\" = $1, \"Count\" = \"Count\" + $2 WHERE \"Id\" = 1");
            move.Parameters.Add(new Npgsql.NpgsqlParameter { Value = entries[^1].Hash });
            move.Parameters.Add(new Npgsql.NpgsqlParameter { Value = (long)entries.Length });
            batch.BatchCommands.Add(move);
        }
        if (commit) batch.BatchCommands.Add(new Npgsql.NpgsqlBatchCommand("COMMIT"));
        if (batch.BatchCommands.Count > 0) await batch.ExecuteNonQueryAsync(ct);
    }

    private static object? Value(AuditEntry e, int c) => c switch
    {
        0 => e.At,
        1 => e.UserId,
        2 => e.UserName,
        3 => e.Action,
        4 => e.EntityType,
        5 => e.EntityId,
        6 => e.Before,
        7 => e.After,
        8 => e.PreviousHash,
        _ => e.Hash,
    };

    /// <summary>One value from <paramref name="sql"/> in <paramref name="tx"/>, on the connection's kept statement if it has
    /// one (<see cref="SqliteStatements"/>).</summary>
    internal static async Task<object?> ScalarAsync(DbConnection conn, DbTransaction tx, string sql, CancellationToken ct, params (string Name, object Value)[] parameters)
    {
        await using var cmd = SqliteStatements.Command(conn, tx, sql);
        foreach (var (name, value) in parameters) Add(cmd.Command, name, value);
        return await cmd.Command.ExecuteScalarAsync(ct);
    }

    internal static void Add(DbCommand cmd, string name, object value)
    {
        var p = cmd.CreateParameter();
        p.ParameterName = name;
        p.Value = value;
        cmd.Parameters.Add(p);
    }
}
