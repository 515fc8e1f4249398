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
        var head = await ScalarAsync(conn, tx, "UPDATE \"AuditHeads\" SET \"Touches\" = \"Touches\" + 1 WHERE \"Id\" = 1 RETURNING \"LastHash\"", ct);
        if (head is not string previous)
        {
            // No head yet (a database that never audited): the change-tracking path creates it.
            await db.AppendAuditAsync(records, ct);
            return;
        }
        var at = db.AuditTime();
        var entries = AuditHash.Chain(records, previous, at, db.RequiredAuditKey);
        previous = entries[^1].Hash;
        await MultiRowInsert.InsertAsync(conn, tx, "AuditEntries", Columns, entries.Length, (row, c) =>
        {
            var e = entries[row];
            return c switch
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
        }, null, ct);
        await using var move = conn.CreateCommand();
        move.Transaction = tx;
        move.CommandText = "UPDATE \"AuditHeads\" SET \"LastHash\" = @hash, \"Count\" = \"Count\" + @n WHERE \"Id\" = 1";
        Add(move, "@hash", previous);
        Add(move, "@n", (long)entries.Length);
        await move.ExecuteNonQueryAsync(ct);
    }

    internal static async Task<object?> ScalarAsync(DbConnection conn, DbTransaction tx, string sql, CancellationToken ct, params (string Name, object Value)[] parameters)
    {
        await using var cmd = conn.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        foreach (var (name, value) in parameters) Add(cmd, name, value);
        return await cmd.ExecuteScalarAsync(ct);
    }

    internal static void Add(DbCommand cmd, string name, object value)
    {
        var p = cmd.CreateParameter();
        p.ParameterName = name;
        p.Value = value;
        cmd.Parameters.Add(p);
    }
}
