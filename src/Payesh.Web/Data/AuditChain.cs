using System.Security.Cryptography;
using System.Text;
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
    /// <summary>No entry marks where keyed hashing starts: the chain was rebuilt without the key (or the app never started on it).</summary>
    NotKeyed,
    /// <summary>The checkpoint file's signature does not match its content: it was edited or written with another key.</summary>
    CheckpointInvalid,
    /// <summary>Fewer entries than a signed checkpoint counted: entries were deleted from the end or the table was emptied.</summary>
    Truncated,
    /// <summary>The entry at the checkpoint's count does not have the signed head hash: the chain was rewritten.</summary>
    CheckpointMismatch,
}

/// <summary>Where the chain first breaks. <see cref="Entry"/> is null when the head, the keying marker or a checkpoint, not an entry, disagrees.</summary>
public sealed record AuditBreak(AuditBreakKind Kind, AuditEntry? Entry, string? Detail = null)
{
    public string PersianReason => Kind switch
    {
        AuditBreakKind.ContentChanged => "محتوای این مورد پس از ثبت تغییر کرده است (هش ذخیره‌شده با محتوا نمی‌خواند).",
        AuditBreakKind.LinkBroken => "این مورد به هش مورد پیش از خود اشاره نمی‌کند؛ موردی پیش از آن حذف، افزوده یا بازنویسی شده است.",
        AuditBreakKind.NotKeyed => "نشانه آغاز هش کلیددار در زنجیره نیست؛ زنجیره بدون کلید بازسازی شده یا سامانه هنوز روی این پایگاه داده اجرا نشده است.",
        AuditBreakKind.CheckpointInvalid => "امضای نقطه وارسی (بیرون از پایگاه داده) با محتوای آن نمی‌خواند؛ پرونده نقطه وارسی دست‌کاری شده یا کلید دیگری دارد.",
        AuditBreakKind.Truncated => "شمار موارد زنجیره از شمار امضاشده در نقطه وارسی کمتر است؛ مواردی از انتهای زنجیره حذف یا جدول خالی شده است.",
        AuditBreakKind.CheckpointMismatch => "هش مورد متناظر با نقطه وارسی امضاشده نمی‌خواند؛ زنجیره بازنویسی شده است.",
        _ => "سر زنجیره با آخرین مورد موجود نمی‌خواند؛ مواردی از انتهای زنجیره حذف شده است.",
    };

    public string EnglishReason => Kind switch
    {
        AuditBreakKind.ContentChanged => "content changed after it was written (stored hash does not match)",
        AuditBreakKind.LinkBroken => "does not link to the hash of the entry before it (an entry was removed, inserted or re-hashed)",
        AuditBreakKind.NotKeyed => "no keying marker: the chain was rebuilt without the key, or the app never started on this database",
        AuditBreakKind.CheckpointInvalid => "the checkpoint file's signature does not match its content (edited, or signed with another key)",
        AuditBreakKind.Truncated => "fewer entries than a signed checkpoint counted (entries deleted from the end, or the table emptied)",
        AuditBreakKind.CheckpointMismatch => "the entry at the signed checkpoint does not have the signed hash (the chain was rewritten)",
        _ => "the chain head does not match the last entry (entries were removed from the end)",
    } + (Detail is null ? "" : $" [{Detail}]");
}

/// <summary>The outcome of a verification: entries checked, the first break if any, the id of the entry
/// from which hashes are keyed, and the signed checkpoint compared with (null when there is no file yet).</summary>
public sealed record AuditChainResult(long Count, AuditBreak? FirstBreak, long? KeyedFromId = null, AuditCheckpoint? Checkpoint = null)
{
    public bool Intact => FirstBreak is null;
}

/// <summary>
/// Recomputes the audit chain written by <see cref="PayeshDb.SaveChangesAsync(bool, CancellationToken)"/>:
/// in id order, each entry must link to the stored hash of the one before it and its own hash must be
/// <see cref="AuditHash.Compute"/> of its content under the key. Chains begun before keying keep their
/// unkeyed SHA-256 prefix up to the keying marker (<see cref="MarkerAction"/>, itself keyed, linking to the
/// last unkeyed hash, so the prefix cannot be rewritten either). The head row must name the end of the
/// chain, and the signed checkpoint (<see cref="AuditCheckpoints"/>) must be reached with its hash.
/// Used by the audit pages and by the <c>verify-audit</c> command.
/// </summary>
public static class AuditChain
{
    public const string MarkerAction = "keying";
    public const string MarkerEntity = "AuditChain";
    private const int BatchSize = 2000;

    public static bool IsMarker(AuditEntry e) => e.Action == MarkerAction && e.EntityType == MarkerEntity;

    /// <summary>Writes the keying marker once per database: every entry after it is keyed (start-up calls this after migrating).</summary>
    public static async Task EnsureKeyedAsync(PayeshDb db, CancellationToken ct = default)
    {
        if (await db.AuditEntries.AnyAsync(e => e.Action == MarkerAction && e.EntityType == MarkerEntity, ct)) return;
        long before = await db.AuditEntries.LongCountAsync(ct);
        await db.AuditAsync(MarkerAction, MarkerEntity, null, $"{{\"unkeyedEntries\":{before}}}", ct);
    }

    public static async Task<AuditChainResult> VerifyAsync(PayeshDb db, CancellationToken ct = default)
    {
        var key = db.AuditKey ?? throw new InvalidOperationException("No audit key configured.");
        // The checkpoint and the head first: entries committed after these reads only lengthen the chain.
        AuditCheckpoint? checkpoint = null;
        AuditBreak? checkpointBreak = null;
        try { checkpoint = AuditCheckpoints.Read(key); }
        catch (AuditCheckpointException bad) { checkpointBreak = new AuditBreak(AuditBreakKind.CheckpointInvalid, null, bad.Message); }
        var head = await db.AuditHeads.AsNoTracking().FirstOrDefaultAsync(h => h.Id == 1, ct);

        long count = 0;
        long lastId = long.MinValue;
        long? keyedFrom = null;
        string previousHash = "";
        string? hashAtHead = null, hashAtCheckpoint = null;
        while (true)
        {
            var batch = await db.AuditEntries.AsNoTracking()
                .Where(e => e.Id > lastId).OrderBy(e => e.Id).Take(BatchSize).ToListAsync(ct);
            foreach (var e in batch)
            {
                count++;
                if (!string.Equals(e.PreviousHash, previousHash, StringComparison.Ordinal))
                    return new AuditChainResult(count, new AuditBreak(AuditBreakKind.LinkBroken, e), keyedFrom, checkpoint);
                if (keyedFrom is null && IsMarker(e) && string.Equals(e.Hash, AuditHash.Compute(e, key), StringComparison.Ordinal))
                    keyedFrom = e.Id;
                var expected = keyedFrom is null ? AuditHash.ComputeUnkeyed(e) : AuditHash.Compute(e, key);
                if (!string.Equals(e.Hash, expected, StringComparison.Ordinal))
                    return new AuditChainResult(count, new AuditBreak(AuditBreakKind.ContentChanged, e), keyedFrom, checkpoint);
                previousHash = e.Hash;
                if (head is not null && count == head.Count) hashAtHead = e.Hash;
                if (checkpoint is not null && count == checkpoint.Count) hashAtCheckpoint = e.Hash;
            }
            if (batch.Count < BatchSize) break;
            lastId = batch[^1].Id;
        }

        AuditChainResult Broken(AuditBreakKind kind, string? detail = null) => new(count, new AuditBreak(kind, null, detail), keyedFrom, checkpoint);
        if (checkpointBreak is not null) return new AuditChainResult(count, checkpointBreak, keyedFrom, null);
        if (checkpoint is not null && count < checkpoint.Count)
            return Broken(AuditBreakKind.Truncated, $"{count} entries, checkpoint of {checkpoint.At:yyyy-MM-dd HH:mm:ss} UTC signed {checkpoint.Count}");
        if (checkpoint is not null && checkpoint.Count > 0 && !string.Equals(hashAtCheckpoint, checkpoint.Head, StringComparison.Ordinal))
            return Broken(AuditBreakKind.CheckpointMismatch, $"entry {checkpoint.Count}");
        if (keyedFrom is null) return Broken(AuditBreakKind.NotKeyed);
        bool headAgrees = head is null
            ? count == 0
            : head.Count == 0 ? head.LastHash.Length == 0 : string.Equals(hashAtHead, head.LastHash, StringComparison.Ordinal);
        return headAgrees ? new AuditChainResult(count, null, keyedFrom, checkpoint) : Broken(AuditBreakKind.HeadMismatch);
    }
}

/// <summary>The chain's head: one row, locked by every audited write.</summary>
public sealed class AuditHead
{
    public int Id { get; set; }
    public string LastHash { get; set; } = "";
    public long Count { get; set; }
    public long Touches { get; set; }
}

/// <summary>The one hash of the audit chain, called by every writer: HMAC-SHA256 of an entry's content
/// (including the previous entry's hash) under the <see cref="AuditKey"/> kept outside the database.</summary>
public static class AuditHash
{
    public static string Compute(AuditEntry e, AuditKey key) => key.Mac(Content(e));

    /// <summary>Entries for <paramref name="records"/>, each linked to the one before it, starting from the head's
    /// <paramref name="previous"/> hash; both writers (the change tracker's and the report committer's) chain here.</summary>
    public static AuditEntry[] Chain(IReadOnlyList<AuditRecord> records, string previous, DateTimeOffset at, AuditKey key)
    {
        var entries = new AuditEntry[records.Count];
        for (int i = 0; i < records.Count; i++)
        {
            var r = records[i];
            var entry = new AuditEntry
            {
                At = at,
                UserId = r.UserId,
                UserName = r.UserName,
                Action = r.Action,
                EntityType = r.EntityType,
                EntityId = r.EntityId,
                Before = r.Before,
                After = r.After,
                PreviousHash = previous,
            };
            entry.Hash = Compute(entry, key);
            previous = entry.Hash;
            entries[i] = entry;
        }
        return entries;
    }

    /// <summary>The unkeyed SHA-256 that chains written before keying used (see <see cref="AuditChain"/>):
    /// only the verifier reads it, for the entries before the chain's keying marker.</summary>
    public static string ComputeUnkeyed(AuditEntry e) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Content(e))));

    private static string Content(AuditEntry e) => string.Join('\u001f',
        e.PreviousHash, e.At.UtcTicks.ToString(System.Globalization.CultureInfo.InvariantCulture),
        e.UserId, e.UserName, e.Action, e.EntityType, e.EntityId, e.Before, e.After);
}

