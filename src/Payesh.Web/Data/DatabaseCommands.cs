using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Payesh.Web.Infrastructure;

namespace Payesh.Web.Data;

/// <summary>
/// The commands run instead of serving (<c>dotnet run --project src/Payesh.Web -- COMMAND</c>), each on the
/// configured database: <c>verify-audit</c> (chain, checkpoint and rows against the trail), <c>backup FILE</c>
/// and <c>restore FILE</c> (SQLite; PostgreSQL is backed up with its own tools, docs/operations.md).
/// Exit code 0 on success, 1 when the check fails or the command is refused, 2 on wrong use.
/// </summary>
public static class DatabaseCommands
{
    public const string Verify = "verify-audit", Backup = "backup", Restore = "restore";

    public static bool IsRequested(string[] args) =>
        args.Length > 0 && args[0].ToLowerInvariant() is Verify or Backup or Restore;

    public static async Task<int> RunAsync(string[] args, IServiceProvider services, TextWriter output, CancellationToken ct = default)
    {
        var command = args[0].ToLowerInvariant();
        if (command == Verify) return await VerifyAsync(services, output, ct);
        if (args.Length < 2)
        {
            await output.WriteLineAsync($"Usage: {command} FILE");
            return 2;
        }
        var config = services.GetRequiredService<IConfiguration>();
        if (DatabaseSetup.Provider(config) != DatabaseProvider.Sqlite)
        {
            await output.WriteLineAsync($"'{command}' is for SQLite. On PostgreSQL use pg_dump / pg_restore, or a base backup with WAL archiving (docs/operations.md § backups).");
            return 2;
        }
        var source = new SqliteConnectionStringBuilder(DatabaseSetup.ConnectionString(config, services.GetRequiredService<IHostEnvironment>(), DatabaseProvider.Sqlite)).DataSource;
        var key = services.GetRequiredService<AuditKey>();
        if (command == Backup)
        {
            var done = await SqliteBackups.BackupAsync(source, args[1], ct);
            await output.WriteLineAsync(done.Error ?? $"Backup written to {args[1]}: {done.Bytes:N0} bytes in {done.Took.TotalSeconds:0.00} s.");
            return done.Error is null ? 0 : 1;
        }
        var restored = await SqliteBackups.RestoreAsync(args[1], source, key, services.GetRequiredService<TimeProvider>().GetUtcNow(), ct);
        await output.WriteLineAsync(restored.Error ?? $"Restored {args[1]} into {source}: {restored.Entries} audit entries, chain intact, rows agree with the trail.");
        return restored.Error is null ? 0 : 1;
    }

    /// <summary>The chain (keyed hashes, links, head, signed checkpoint), then every audited row against its last audited value.</summary>
    public static async Task<int> VerifyAsync(IServiceProvider services, TextWriter output, CancellationToken ct = default)
    {
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PayeshDb>();
        return await VerifyAsync(db, output, ct);
    }

    public static async Task<int> VerifyAsync(PayeshDb db, TextWriter output, CancellationToken ct = default)
    {
        AuditChainResult result;
        AuditRowsResult rows;
        try
        {
            result = await AuditChain.VerifyAsync(db, ct);
            rows = await AuditRows.CompareAsync(db, ct);
        }
        catch (Exception error) when (error is System.Data.Common.DbException or InvalidOperationException or System.Text.Json.JsonException)
        {
            await output.WriteLineAsync($"Cannot read the audit trail: {error.Message}");
            return 1;
        }
        if (result.FirstBreak is not { } broken)
        {
            var checkpoint = result.Checkpoint is { } c ? $"signed checkpoint of {c.At.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC at {c.Count} reached" : "no checkpoint file yet";
            await output.WriteLineAsync($"Audit chain intact: {result.Count} entries, keyed from entry {result.KeyedFromId}; {checkpoint}.");
        }
        else if (broken.Entry is { } e)
        {
            await output.WriteLineAsync(
                $"Audit chain BROKEN at entry {e.Id} ({e.At.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC, {e.UserName ?? "-"}, {e.Action} {e.EntityType} {e.EntityId}): {broken.EnglishReason}.");
        }
        else
        {
            await output.WriteLineAsync($"Audit chain BROKEN after {result.Count} entries: {broken.EnglishReason}.");
        }

        await output.WriteLineAsync(
            $"Rows against the trail: {rows.RowsCompared} compared ({rows.BulkSeededRows} from a bulk seed, values not recorded), {rows.Differences.Count} differences.");
        foreach (var d in rows.Differences.Take(100)) await output.WriteLineAsync("  DIFFERENT " + d.Describe());
        if (rows.Differences.Count > 100) await output.WriteLineAsync($"  … and {rows.Differences.Count - 100} more.");
        return result.Intact && rows.Differences.Count == 0 ? 0 : 1;
    }
}
