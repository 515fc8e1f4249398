using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Payesh.Web.Data;
using Payesh.Web.Data.Model;

namespace Payesh.Web.Features.Reports;

/// <summary>
/// Inserts report rows and reads back their ids in the caller's transaction: the measured hot path of ingest
/// (docs/benchmarks.md), so plain multi-row statements instead of the change tracker.
/// </summary>
public static class ReportRows
{
    private static readonly string[] Columns =
        ["PlanId", "NodeId", "ReportDate", "PercentHundredths", "Note", "Justification", "BackdateReason", "SubmittedAt", "SubmittedById", "Status"];

    private static readonly string[] StatusNames = Enum.GetNames<ReportStatus>();

    public static async Task InsertAsync(PayeshDb db, IReadOnlyList<ProgressReport> rows, CancellationToken ct)
    {
        var conn = db.Database.GetDbConnection();
        var tx = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("Report rows are inserted inside a transaction.");
        var ids = new long[rows.Count];
        await MultiRowInsert.InsertAsync(conn, tx, "ProgressReports", Columns, rows.Count, (i, c) =>
        {
            var r = rows[i];
            return c switch
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
                _ => StatusNames[(int)r.Status],
            };
        }, ids, ct);
        for (int i = 0; i < ids.Length; i++) rows[i].Id = ids[i];
    }
}
