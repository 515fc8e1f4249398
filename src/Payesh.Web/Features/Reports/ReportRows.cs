using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;
using Payesh.Web.Data;
using Payesh.Web.Data.Model;

namespace Payesh.Web.Features.Reports;

/// <summary>
/// Inserts report rows and reads back their ids in the caller's transaction: the measured hot path of ingest
/// (docs/benchmarks.md), so plain multi-row statements instead of the change tracker, and binary COPY for
/// PostgreSQL batches.
/// </summary>
public static class ReportRows
{
    private static readonly string[] Columns =
        ["PlanId", "NodeId", "ReportDate", "PercentHundredths", "Note", "Justification", "BackdateReason", "SubmittedAt", "SubmittedById", "Status", "PreviousHundredths"];

    /// <summary>The columns with the review's outcome: rows that arrive already reviewed (the demo seed).</summary>
    private static readonly string[] ReviewedColumns = [.. Columns, "ReviewedAt", "ReviewReason"];

    private static readonly string[] StatusNames = Enum.GetNames<ReportStatus>();

    /// <summary>From this many rows PostgreSQL gets them by binary COPY (two round trips whatever the count).</summary>
    public const int CopyFrom = 32;

    /// <summary>
    /// PostgreSQL bulk path: the ids are drawn from the column's sequence in one statement (after the plan rows are
    /// locked, so ids still grow in commit order per plan), then the rows, ids included, go by binary COPY.
    /// </summary>
    private static async Task CopyAsync(NpgsqlConnection conn, NpgsqlTransaction tx, IReadOnlyList<ProgressReport> rows, bool reviewed, CancellationToken ct)
    {
        var ids = new long[rows.Count];
        await using (var next = new NpgsqlCommand(NextIdsSql, conn, tx))
        {
            next.Parameters.Add(new NpgsqlParameter<int> { TypedValue = rows.Count });
            await using var reader = await next.ExecuteReaderAsync(ct);
            int i = 0;
            while (await reader.ReadAsync(ct)) ids[i++] = reader.GetInt64(0);
        }
        await CopyAsync(conn, rows, ids, reviewed, ct);
    }

    /// <summary>The sequence is looked up once per statement (OFFSET 0 keeps the subquery from being folded into the row
    /// list), not once per id: per id it was 5–8 % of the committing backend's time in a batch profile.</summary>
    private const string NextIdsSql =
        "SELECT nextval(q.seq) FROM (SELECT pg_get_serial_sequence('\"ProgressReports\"', 'Id')::regclass AS seq OFFSET 0) q, generate_series(1, $1)";

    /// <summary>The statement that draws <paramref name="count"/> ids for <see cref="CopyAsync(NpgsqlConnection, IReadOnlyList{ProgressReport}, long[], bool, CancellationToken)"/>, as a batch statement.</summary>
    public static NpgsqlBatchCommand NextIds(int count)
    {
        var cmd = new NpgsqlBatchCommand(NextIdsSql);
        cmd.Parameters.Add(new NpgsqlParameter<int> { TypedValue = count });
        return cmd;
    }

    /// <summary>The rows (fewer than <see cref="CopyFrom"/>) as one multi-row INSERT returning their ids, as a batch statement.</summary>
    public static NpgsqlBatchCommand Insert(IReadOnlyList<ProgressReport> rows) =>
        MultiRowInsert.PgCommand("ProgressReports", Columns, 0, rows.Count, (i, c) => Value(rows[i], c), returning: true);

    /// <summary>Binary COPY of the rows with the ids drawn for them (sorted here: they are given in row order).</summary>
    public static async Task CopyAsync(NpgsqlConnection conn, IReadOnlyList<ProgressReport> rows, long[] ids, bool reviewed, CancellationToken ct)
    {
        Array.Sort(ids);
        await using var copy = await conn.BeginBinaryImportAsync(
            "COPY \"ProgressReports\" (\"Id\", \"PlanId\", \"NodeId\", \"ReportDate\", \"PercentHundredths\", \"Note\", \"Justification\", " +
            "\"BackdateReason\", \"SubmittedAt\", \"SubmittedById\", \"Status\", \"PreviousHundredths\"" +
            (reviewed ? ", \"ReviewedAt\", \"ReviewReason\"" : "") + ") FROM STDIN (FORMAT BINARY)", ct);
        for (int i = 0; i < rows.Count; i++)
        {
            var r = rows[i];
            r.Id = ids[i];
            await copy.StartRowAsync(ct);
            await copy.WriteAsync(r.Id, NpgsqlDbType.Bigint, ct);
            await copy.WriteAsync(r.PlanId, NpgsqlDbType.Bigint, ct);
            await copy.WriteAsync(r.NodeId, NpgsqlDbType.Bigint, ct);
            await copy.WriteAsync(r.ReportDate, NpgsqlDbType.Date, ct);
            await copy.WriteAsync(r.PercentHundredths, NpgsqlDbType.Integer, ct);
            await Text(copy, r.Note, ct);
            await Text(copy, r.Justification, ct);
            await Text(copy, r.BackdateReason, ct);
            await copy.WriteAsync(r.SubmittedAt, NpgsqlDbType.TimestampTz, ct);
            await Text(copy, r.SubmittedById, ct);
            await copy.WriteAsync(StatusNames[(int)r.Status], NpgsqlDbType.Varchar, ct);
            if (r.PreviousHundredths is { } previous) await copy.WriteAsync(previous, NpgsqlDbType.Integer, ct);
            else await copy.WriteNullAsync(ct);
            if (!reviewed) continue;
            if (r.ReviewedAt is { } at) await copy.WriteAsync(at, NpgsqlDbType.TimestampTz, ct);
            else await copy.WriteNullAsync(ct);
            await Text(copy, r.ReviewReason, ct);
        }
        await copy.CompleteAsync(ct);
    }

    private static async Task Text(NpgsqlBinaryImporter copy, string? value, CancellationToken ct)
    {
        if (value is null) await copy.WriteNullAsync(ct);
        else await copy.WriteAsync(value, NpgsqlDbType.Varchar, ct);
    }

    public static Task InsertAsync(PayeshDb db, IReadOnlyList<ProgressReport> rows, CancellationToken ct) =>
        InsertAsync(db, rows, reviewed: false, ct);

    /// <param name="reviewed">Also write <see cref="ProgressReport.ReviewedAt"/> and <see cref="ProgressReport.ReviewReason"/>
    /// (rows that arrive already reviewed, as the demo's history does).</param>
    public static async Task InsertAsync(PayeshDb db, IReadOnlyList<ProgressReport> rows, bool reviewed, CancellationToken ct)
    {
        var conn = db.Database.GetDbConnection();
        var tx = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("Report rows are inserted inside a transaction.");
        if (conn is NpgsqlConnection pg && rows.Count >= CopyFrom)
        {
            await CopyAsync(pg, (NpgsqlTransaction)tx, rows, reviewed, ct);
            return;
        }
        var ids = new long[rows.Count];
        await MultiRowInsert.InsertAsync(conn, tx, "ProgressReports", reviewed ? ReviewedColumns : Columns, rows.Count, (i, c) => Value(rows[i], c), ids, ct);
        for (int i = 0; i < ids.Length; i++) rows[i].Id = ids[i];
    }

    private static object? Value(ProgressReport r, int c) => c switch
    {
        0 => r.PlanId,
        1 => r.NodeId,
        2 => r.ReportDate,
        3 => r.PercentHundredths,
        4 => r.Note,
        5 => r.Justification,
        6 => r.BackdateReason,
        7 => r.SubmittedAt,
        8 => r.SubmittedById,
        9 => StatusNames[(int)r.Status],
        10 => r.PreviousHundredths,
        11 => r.ReviewedAt,
        _ => r.ReviewReason,
    };
}
