using Microsoft.EntityFrameworkCore;
using Payesh.Web.Data.Model;

namespace Payesh.Web.Data;

public enum AuditBreakKind
{
    /// <summary>The entry's stored hash is not the hash of its content: it was edited after it was written.</summary>
    ContentChanged,
    /// <summary>The entry does not point at the hash of the entry before it: an entry was removed, inserted or re-hashed.</summary>
    LinkBroken,
    /// <summary>The chain's head (AuditHeads) names an end the entries do not reach: entries were removed from the end.</summary>
    HeadMismatch,
}

/// <summary>Where the chain first breaks. <see cref="Entry"/> is null when the head, not an entry, disagrees.</summary>
public sealed record AuditBreak(AuditBreakKind Kind, AuditEntry? Entry)
{
    public string PersianReason => Kind switch
    {
        AuditBreakKind.ContentChanged => "محتوای این مورد پس از ثبت تغییر کرده است (هش ذخیره‌شده با محتوا نمی‌خواند).",
        AuditBreakKind.LinkBroken => "این مورد به هش مورد پیش از خود اشاره نمی‌کند؛ موردی پیش از آن حذف، افزوده یا بازنویسی شده است.",
        _ => "سر زنجیره با آخرین مورد موجود نمی‌خواند؛ مواردی از انتهای زنجیره حذف شده است.",
    };

    public string EnglishReason => Kind switch
    {
        AuditBreakKind.ContentChanged => "content changed after it was written (stored hash does not match)",
        AuditBreakKind.LinkBroken => "does not link to the hash of the entry before it (an entry was removed, inserted or re-hashed)",
        _ => "the chain head does not match the last entry (entries were removed from the end)",
    };
}

/// <summary>The outcome of a verification: how many entries were checked and the first break, if any.</summary>
public sealed record AuditChainResult(long Count, AuditBreak? FirstBreak)
{
    public bool Intact => FirstBreak is null;
}

/// <summary>
/// Recomputes the audit chain written by <see cref="PayeshDb.SaveChangesAsync(bool, CancellationToken)"/>:
/// in id order, each entry must link to the stored hash of the one before it and its own hash must be
/// <see cref="AuditHash.Compute"/> of its content; the head row must name the end of the chain.
/// Used by the audit pages and by the <c>verify-audit</c> command.
/// </summary>
public static class AuditChain
{
    private const int BatchSize = 2000;

    public static async Task<AuditChainResult> VerifyAsync(PayeshDb db, CancellationToken ct = default)
    {
        // The head first: writers append entries and move the head in one transaction, so entries
        // committed after this read only lengthen the chain beyond the head we compare with.
        var head = await db.AuditHeads.AsNoTracking().FirstOrDefaultAsync(h => h.Id == 1, ct);

        long count = 0;
        long lastId = long.MinValue;
        string previousHash = "";
        string? hashAtHead = null;
        while (true)
        {
            var batch = await db.AuditEntries.AsNoTracking()
                .Where(e => e.Id > lastId).OrderBy(e => e.Id).Take(BatchSize).ToListAsync(ct);
            foreach (var e in batch)
            {
                count++;
                if (!string.Equals(e.PreviousHash, previousHash, StringComparison.Ordinal))
                    return new AuditChainResult(count, new AuditBreak(AuditBreakKind.LinkBroken, e));
                if (!string.Equals(e.Hash, AuditHash.Compute(e), StringComparison.Ordinal))
                    return new AuditChainResult(count, new AuditBreak(AuditBreakKind.ContentChanged, e));
                previousHash = e.Hash;
                if (head is not null && count == head.Count) hashAtHead = e.Hash;
            }
            if (batch.Count < BatchSize) break;
            lastId = batch[^1].Id;
        }

        bool headAgrees = head is null
            ? count == 0
            : head.Count == 0 ? head.LastHash.Length == 0 : string.Equals(hashAtHead, head.LastHash, StringComparison.Ordinal);
        return new AuditChainResult(count, headAgrees ? null : new AuditBreak(AuditBreakKind.HeadMismatch, null));
    }
}

/// <summary><c>dotnet run --project src/Payesh.Web -- verify-audit</c>: verifies the configured database's audit chain; exit code 0 intact, 1 broken or unreadable.</summary>
public static class AuditCommand
{
    public const string Name = "verify-audit";

    public static bool IsRequested(string[] args) => args.Length > 0 && string.Equals(args[0], Name, StringComparison.OrdinalIgnoreCase);

    public static async Task<int> RunAsync(IServiceProvider services, TextWriter output, CancellationToken ct = default)
    {
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PayeshDb>();
        AuditChainResult result;
        try
        {
            result = await AuditChain.VerifyAsync(db, ct);
        }
        catch (Exception error) when (error is System.Data.Common.DbException or InvalidOperationException)
        {
            await output.WriteLineAsync($"Cannot read the audit trail: {error.Message}");
            return 1;
        }
        if (result.FirstBreak is not { } broken)
        {
            await output.WriteLineAsync($"Audit chain intact: {result.Count} entries.");
            return 0;
        }
        if (broken.Entry is { } e)
        {
            await output.WriteLineAsync(
                $"Audit chain BROKEN at entry {e.Id} ({e.At.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC, {e.UserName ?? "-"}, {e.Action} {e.EntityType} {e.EntityId}): {broken.EnglishReason}.");
        }
        else
        {
            await output.WriteLineAsync($"Audit chain BROKEN after {result.Count} entries: {broken.EnglishReason}.");
        }
        return 1;
    }
}
