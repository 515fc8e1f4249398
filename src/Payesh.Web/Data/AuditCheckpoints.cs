using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Payesh.Web.Infrastructure;

namespace Payesh.Web.Data;

/// <summary>A signed statement, kept outside the database, that the chain had <see cref="Count"/> entries
/// and that the last of them had the hash <see cref="Head"/>.</summary>
public sealed record AuditCheckpoint(long Count, string Head, DateTimeOffset At);

public sealed class AuditCheckpointException(string message) : Exception(message);

/// <summary>
/// Reads and writes <see cref="AuditKey.CheckpointFile"/>: one JSON object with the count, the head hash,
/// the time and an HMAC of the three under the audit key. A checkpoint only moves forward: a database
/// with fewer entries than the file is left for <c>verify-audit</c> to report (truncation), never re-signed.
/// </summary>
public static class AuditCheckpoints
{
    private sealed record Stored(long Count, string Head, DateTimeOffset At, string Mac);

    private static string Signed(long count, string head, DateTimeOffset at) =>
        string.Join('\u001f', "payesh-audit-checkpoint", count.ToString(CultureInfo.InvariantCulture), head,
            at.UtcTicks.ToString(CultureInfo.InvariantCulture));

    /// <summary>The checkpoint, or null when none has been written; throws when the file is not a valid signed checkpoint.</summary>
    public static AuditCheckpoint? Read(AuditKey key)
    {
        if (!File.Exists(key.CheckpointFile)) return null;
        Stored? stored;
        try { stored = JsonSerializer.Deserialize<Stored>(File.ReadAllText(key.CheckpointFile)); }
        catch (JsonException) { throw new AuditCheckpointException($"{key.CheckpointFile} is not a checkpoint"); }
        if (stored is null || stored.Head is null || stored.Mac is null)
            throw new AuditCheckpointException($"{key.CheckpointFile} is not a checkpoint");
        if (!string.Equals(key.Mac(Signed(stored.Count, stored.Head, stored.At)), stored.Mac, StringComparison.Ordinal))
            throw new AuditCheckpointException($"{key.CheckpointFile} has a wrong signature");
        return new AuditCheckpoint(stored.Count, stored.Head, stored.At);
    }

    /// <summary>Signs the database's current head, unless the file already records a longer chain.
    /// Returns what was written, or null when nothing was.</summary>
    public static async Task<AuditCheckpoint?> WriteAsync(PayeshDb db, DateTimeOffset now, CancellationToken ct = default)
    {
        var key = db.AuditKey ?? throw new InvalidOperationException("No audit key configured.");
        var head = await db.AuditHeads.AsNoTracking().FirstOrDefaultAsync(h => h.Id == 1, ct);
        if (head is null) return null;
        AuditCheckpoint? current;
        try { current = Read(key); }
        catch (AuditCheckpointException) { return null; }
        if (current is not null && current.Count >= head.Count) return null;
        var checkpoint = new AuditCheckpoint(head.Count, head.LastHash, now);
        Replace(key, checkpoint);
        return checkpoint;
    }

    /// <summary>Replaces the checkpoint whatever it said (after a restore, which legitimately goes back in time).</summary>
    public static void Replace(AuditKey key, AuditCheckpoint checkpoint)
    {
        var at = new DateTimeOffset(checkpoint.At.UtcTicks, TimeSpan.Zero);
        var json = JsonSerializer.Serialize(new Stored(checkpoint.Count, checkpoint.Head, at, key.Mac(Signed(checkpoint.Count, checkpoint.Head, at))));
        var folder = Path.GetDirectoryName(Path.GetFullPath(key.CheckpointFile))!;
        Directory.CreateDirectory(folder);
        var temp = Path.Combine(folder, $".{Path.GetFileName(key.CheckpointFile)}.{Guid.NewGuid():N}.tmp");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var stream = new FileStream(temp, options))
        using (var writer = new StreamWriter(stream))
            writer.Write(json);
        File.Move(temp, key.CheckpointFile, overwrite: true);
    }
}

/// <summary>Writes a checkpoint every <c>Payesh:Audit:CheckpointSeconds</c> (default 60) and at shutdown.</summary>
public sealed class AuditCheckpointWriter(IServiceScopeFactory scopes, TimeProvider clock, IConfiguration config, ILogger<AuditCheckpointWriter> log)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = TimeSpan.FromSeconds(Math.Max(1, config.GetValue("Payesh:Audit:CheckpointSeconds", 60)));
        using var timer = new PeriodicTimer(interval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken)) await WriteAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await WriteAsync(cancellationToken);
    }

    private async Task WriteAsync(CancellationToken ct)
    {
        try
        {
            using var scope = scopes.CreateScope();
            await AuditCheckpoints.WriteAsync(scope.ServiceProvider.GetRequiredService<PayeshDb>(), clock.GetUtcNow(), ct);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException or System.Data.Common.DbException or InvalidOperationException)
        {
            log.AuditCheckpointFailed(error);
        }
    }
}
