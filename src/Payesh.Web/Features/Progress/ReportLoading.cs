using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Payesh.Domain.Progress;
using Payesh.Web.Data;

namespace Payesh.Web.Features.Progress;

/// <summary>
/// Reads a plan's counting reports into a <see cref="ProgressTimeline.TimelineLoader"/>: the measured hot path of
/// loading an engine (10 M rows at national scale, docs/benchmarks.md § start-up), so a plain data reader, no change
/// tracking and no per-row objects. On SQLite a large plan is read in ranges of report ids on several connections at
/// once (WAL: readers do not wait for each other), one loader per range, merged in id order.
/// </summary>
internal static class ReportLoading
{
    /// <summary>Below this many ids one reader is as fast: a range's connection and thread cost more than they save
    /// (set by <c>Payesh:Engines:ReportsPerReadRange</c>; tests set it low to read a small plan in ranges).</summary>
    public const long DefaultRowsPerRange = 500_000;

    public static async Task<ProgressTimeline.TimelineLoader> LoadAsync(PayeshDb db, ProgressTimeline timeline, long planId,
        bool verifiedOnly, long upToId, long rowsPerRange, CancellationToken ct)
    {
        var conn = db.Database.GetDbConnection();
        int ranges = 1;
        long firstId = 0;
        if (conn is SqliteConnection && Environment.ProcessorCount > 1)
        {
            firstId = await db.ProgressReports.Where(r => r.PlanId == planId).MinAsync(r => (long?)r.Id, ct) ?? 0;
            ranges = (int)Math.Clamp((upToId - firstId + 1) / Math.Max(1, rowsPerRange), 1, Math.Min(Environment.ProcessorCount, 4));
        }
        if (ranges == 1)
        {
            var loader = timeline.BeginLoad();
            bool opened = conn.State != System.Data.ConnectionState.Open;
            if (opened) await conn.OpenAsync(ct);
            try
            {
                await ReadAsync(conn, timeline, loader, planId, verifiedOnly, 0, upToId, ct);
            }
            finally
            {
                if (opened) await conn.CloseAsync();
            }
            return loader;
        }
        long span = (upToId - firstId + ranges) / ranges;
        var parts = Enumerable.Range(0, ranges).Select(i => Task.Run(async () =>
        {
            long from = firstId + i * span, to = i == ranges - 1 ? upToId : from + span - 1;
            var part = timeline.BeginLoad();
            await using var own = new SqliteConnection(conn.ConnectionString);
            await own.OpenAsync(ct);
            await ReadAsync(own, timeline, part, planId, verifiedOnly, from, to, ct);
            return part;
        }, ct)).ToArray();
        var loaders = await Task.WhenAll(parts);
        for (int i = 1; i < loaders.Length; i++) loaders[0].Absorb(loaders[i]);
        return loaders[0];
    }

    private static async Task ReadAsync(DbConnection conn, ProgressTimeline timeline, ProgressTimeline.TimelineLoader loader,
        long planId, bool verifiedOnly, long fromId, long toId, CancellationToken ct)
    {
        // The same rule as PlanEngines.Counts: verified only, or everything but rejected and returned reports.
        string counting = verifiedOnly ? "\"Status\" = 'Verified'" : "\"Status\" NOT IN ('Rejected', 'Returned')";
        if (conn is SqliteConnection sqlite)
        {
            ReadSqlite(sqlite, counting, timeline, loader, planId, fromId, toId, ct);
            return;
        }
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = "SELECT \"NodeId\", \"ReportDate\", \"Id\", \"PercentHundredths\" FROM \"ProgressReports\" " +
            $"WHERE \"PlanId\" = @plan AND \"Id\" >= @from AND \"Id\" <= @to AND {counting}";
        foreach (var (name, value) in new[] { ("@plan", planId), ("@from", fromId), ("@to", toId) })
        {
            var p = cmd.CreateParameter();
            p.ParameterName = name;
            p.Value = value;
            cmd.Parameters.Add(p);
        }
        await using var reader = await cmd.ExecuteReaderAsync(System.Data.CommandBehavior.SequentialAccess, ct);
        while (await reader.ReadAsync(ct))
            Add(timeline, loader, reader.GetInt64(0), reader.GetFieldValue<DateOnly>(1).DayNumber, reader.GetInt64(2), reader.GetInt32(3));
    }

    /// <summary>
    /// SQLite through its own API: a statement stepped row by row (<see cref="SqliteNative"/>), the columns read by index
    /// and the day parsed here from the stored <c>yyyy-MM-dd</c> text (the rows of a day come together, so mostly the last
    /// day again) — the ADO.NET reader's per-row checks and SQLite's own date functions were most of a restart's CPU at
    /// national scale.
    /// </summary>
    private static void ReadSqlite(SqliteConnection conn, string counting, ProgressTimeline timeline, ProgressTimeline.TimelineLoader loader,
        long planId, long fromId, long toId, CancellationToken ct)
    {
        var db = conn.Handle ?? throw new InvalidOperationException("The connection is not open.");
        const string Select = "SELECT \"NodeId\", \"ReportDate\", \"Id\", \"PercentHundredths\" FROM \"ProgressReports\" " +
            "WHERE \"PlanId\" = ?1 AND \"Id\" >= ?2 AND \"Id\" <= ?3 AND ";
        int rc = SQLitePCL.raw.sqlite3_prepare_v2(db, Select + counting, out var stmt);
        using (stmt)
        {
            if (rc != SQLitePCL.raw.SQLITE_OK) SqliteException.ThrowExceptionForRC(rc, db);
            SQLitePCL.raw.sqlite3_bind_int64(stmt, 1, planId);
            SQLitePCL.raw.sqlite3_bind_int64(stmt, 2, fromId);
            SQLitePCL.raw.sqlite3_bind_int64(stmt, 3, toId);
            bool held = false;
            stmt.DangerousAddRef(ref held);
            try
            {
                nint statement = SqliteNative.StatementOf(stmt);
                byte[] lastDate = [];
                int lastDay = 0, rows = 0;
                while ((rc = SqliteNative.Step(statement)) == SQLitePCL.raw.SQLITE_ROW)
                {
                    if ((++rows & 0xFFFF) == 0) ct.ThrowIfCancellationRequested();
                    var date = SqliteNative.ColumnBytesOf(statement, 1);
                    if (!date.SequenceEqual(lastDate))
                    {
                        lastDay = StoredDates.DayNumber(date);
                        lastDate = date.ToArray();
                    }
                    Add(timeline, loader, SqliteNative.ColumnInt64(statement, 0), lastDay, SqliteNative.ColumnInt64(statement, 2), SqliteNative.ColumnInt32(statement, 3));
                }
            }
            finally
            {
                if (held) stmt.DangerousRelease();
            }
            if (rc != SQLitePCL.raw.SQLITE_DONE) SqliteException.ThrowExceptionForRC(rc, db);
        }
    }

    private static void Add(ProgressTimeline timeline, ProgressTimeline.TimelineLoader loader, long nodeId, int day, long id, int hundredths)
    {
        int slot = timeline.SlotOf(nodeId);
        if (slot >= 0) loader.Add(new ReportFact(slot, day, id, hundredths));
    }
}
