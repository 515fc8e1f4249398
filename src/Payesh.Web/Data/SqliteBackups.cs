using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Payesh.Web.Data;

/// <summary>
/// Consistent copies of the SQLite database while people work: <c>VACUUM INTO</c> reads one snapshot in a
/// single read transaction, which in WAL mode never waits for writers nor makes them wait (the
/// <c>sqlite3 .backup</c> of old restarted whenever a writer committed, and under load never finished).
/// A restore refuses a file that fails <c>PRAGMA integrity_check</c>, whose audit chain is broken or whose
/// rows differ from its trail; it then replaces the database file (the app must be stopped) and re-signs
/// the audit checkpoint at the restored head, since going back in time is what a restore means.
/// </summary>
public static class SqliteBackups
{
    public sealed record BackupResult(string? Error, long Bytes, TimeSpan Took);

    public sealed record RestoreResult(string? Error, long Entries);

    public static async Task<BackupResult> BackupAsync(string databaseFile, string backupFile, CancellationToken ct = default)
    {
        var watch = Stopwatch.StartNew();
        var target = Path.GetFullPath(backupFile);
        if (File.Exists(target)) return new BackupResult($"Refused: {target} already exists.", 0, watch.Elapsed);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var partial = target + ".partial";
        File.Delete(partial);
        await using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databaseFile, Mode = SqliteOpenMode.ReadWrite, Pooling = false }.ToString()))
        {
            await connection.OpenAsync(ct);
            await using var busy = connection.CreateCommand();
            busy.CommandText = "PRAGMA busy_timeout=10000;";
            await busy.ExecuteNonQueryAsync(ct);
            await using var vacuum = connection.CreateCommand();
            vacuum.CommandText = "VACUUM INTO $file;";
            vacuum.Parameters.AddWithValue("$file", partial);
            await vacuum.ExecuteNonQueryAsync(ct);
        }
        if (await IntegrityAsync(partial, ct) is { } problem)
        {
            File.Delete(partial);
            return new BackupResult($"Refused: the copy fails the integrity check ({problem}).", 0, watch.Elapsed);
        }
        File.Move(partial, target);
        return new BackupResult(null, new FileInfo(target).Length, watch.Elapsed);
    }

    /// <summary>Null when <c>PRAGMA integrity_check</c> says ok; else what it (or opening the file) says.</summary>
    public static async Task<string?> IntegrityAsync(string file, CancellationToken ct = default)
    {
        if (!File.Exists(file)) return "no such file";
        try
        {
            await using var connection = new SqliteConnection(ReadOnly(file));
            await connection.OpenAsync(ct);
            await using var check = connection.CreateCommand();
            check.CommandText = "PRAGMA integrity_check;";
            var answer = Convert.ToString(await check.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
            return string.Equals(answer, "ok", StringComparison.Ordinal) ? null : answer;
        }
        catch (SqliteException error)
        {
            return error.Message;
        }
    }

    /// <param name="now">When the restore is done: the time of the new checkpoint.</param>
    public static async Task<RestoreResult> RestoreAsync(string backupFile, string databaseFile, AuditKey key, DateTimeOffset now, CancellationToken ct = default)
    {
        var source = Path.GetFullPath(backupFile);
        if (await IntegrityAsync(source, ct) is { } problem)
            return new RestoreResult($"Refused: {source} fails the integrity check ({problem}).", 0);

        AuditChainResult chain;
        AuditRowsResult rows;
        AuditHead? head;
        // The backup's own chain, under the same key; the live checkpoint belongs to the database being replaced.
        var options = new DbContextOptionsBuilder<SqlitePayeshDb>().UseSqlite(ReadOnly(source)).Options;
        await using (var db = new SqlitePayeshDb(options, null, null, key.WithCheckpointFile(source + ".no-checkpoint")))
        {
            try
            {
                chain = await AuditChain.VerifyAsync(db, ct);
                rows = await AuditRows.CompareAsync(db, ct);
                head = await db.AuditHeads.AsNoTracking().FirstOrDefaultAsync(h => h.Id == 1, ct);
            }
            catch (Exception error) when (error is SqliteException or InvalidOperationException)
            {
                return new RestoreResult($"Refused: {source} is not a Payesh database of this version ({error.Message}).", 0);
            }
        }
        SqliteConnection.ClearAllPools();
        if (chain.FirstBreak is { } broken)
            return new RestoreResult($"Refused: the audit chain of {source} is broken: {broken.EnglishReason}.", chain.Count);
        if (rows.Differences.Count > 0)
            return new RestoreResult($"Refused: {rows.Differences.Count} rows of {source} differ from its audit trail, e.g. {rows.Differences[0].Describe()}.", chain.Count);

        var target = Path.GetFullPath(databaseFile);
        var incoming = target + ".restoring";
        File.Copy(source, incoming, overwrite: true);
        foreach (var leftover in new[] { target + "-wal", target + "-shm", target + "-journal" }) File.Delete(leftover);
        File.Move(incoming, target, overwrite: true);
        AuditCheckpoints.Replace(key, new AuditCheckpoint(head?.Count ?? 0, head?.LastHash ?? "", now));
        return new RestoreResult(null, chain.Count);
    }

    private static string ReadOnly(string file) =>
        new SqliteConnectionStringBuilder { DataSource = file, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString();
}
