using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using Payesh.Web.Data;
using Payesh.Web.Data.Model;

namespace Payesh.Web.Features.Reports;

/// <summary>
/// Inserts report rows and reads back their ids in the caller's transaction: the measured hot path of
/// ingest (docs/benchmarks.md), so plain commands instead of the change tracker — one prepared statement
/// per row on SQLite (in-process, no round trips), one batch of statements on PostgreSQL (one round trip).
/// </summary>
public static class ReportRows
{
    private const string Insert =
        "INSERT INTO \"ProgressReports\" (\"PlanId\", \"NodeId\", \"ReportDate\", \"PercentHundredths\", \"Note\", \"Justification\", " +
        "\"BackdateReason\", \"SubmittedAt\", \"SubmittedById\", \"Status\", \"PreviousHundredths\") VALUES ({0}) RETURNING \"Id\"";

    public static async Task InsertAsync(PayeshDb db, IReadOnlyList<ProgressReport> rows, CancellationToken ct)
    {
        var conn = db.Database.GetDbConnection();
        var tx = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("Report rows are inserted inside a transaction.");
        if (conn is NpgsqlConnection pg)
        {
            foreach (var chunk in rows.Chunk(1000))
            {
                await using var batch = new NpgsqlBatch(pg, (NpgsqlTransaction)tx);
                foreach (var r in chunk)
                {
                    var cmd = new NpgsqlBatchCommand(string.Format(Insert, "$1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11"));
                    foreach (var value in Values(r)) cmd.Parameters.Add(new NpgsqlParameter { Value = value });
                    batch.BatchCommands.Add(cmd);
                }
                await using var reader = await batch.ExecuteReaderAsync(ct);
                foreach (var r in chunk)
                {
                    await reader.ReadAsync(ct);
                    r.Id = reader.GetInt64(0);
                    await reader.NextResultAsync(ct);
                }
            }
            return;
        }
        await using var insert = conn.CreateCommand();
        insert.Transaction = tx;
        insert.CommandText = string.Format(Insert, "@p0, @p1, @p2, @p3, @p4, @p5, @p6, @p7, @p8, @p9, @p10");
        var parameters = new DbParameter[11];
        for (int i = 0; i < parameters.Length; i++)
        {
            parameters[i] = insert.CreateParameter();
            parameters[i].ParameterName = "@p" + i;
            insert.Parameters.Add(parameters[i]);
        }
        foreach (var r in rows)
        {
            int i = 0;
            foreach (var value in Values(r)) parameters[i++].Value = value;
            r.Id = (long)(await insert.ExecuteScalarAsync(ct))!;
        }
    }

    private static IEnumerable<object> Values(ProgressReport r)
    {
        yield return r.PlanId;
        yield return r.NodeId;
        yield return r.ReportDate;
        yield return r.PercentHundredths;
        yield return (object?)r.Note ?? DBNull.Value;
        yield return (object?)r.Justification ?? DBNull.Value;
        yield return (object?)r.BackdateReason ?? DBNull.Value;
        yield return r.SubmittedAt;
        yield return (object?)r.SubmittedById ?? DBNull.Value;
        yield return r.Status.ToString();
        yield return (object?)r.PreviousHundredths ?? DBNull.Value;
    }
}
