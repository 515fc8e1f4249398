using System.Collections.Concurrent;
using System.Security.Claims;

namespace Payesh.Web.Features.Account;

/// <summary>
/// Bearer tokens this instance has checked recently: token hash → the user's claims, valid while the
/// authentication stamp (<see cref="Data.AuthStamps"/>) is the one read when they were loaded. A revocation or a
/// deactivation on any instance moves the stamp, so the next request reloads; the short lifetime only keeps the
/// memory bounded and lets role names and display names follow without a stamp.
/// </summary>
public sealed class TokenCache
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(1);
    private const int MaxEntries = 10_000;

    private sealed record Entry(long Stamp, DateTimeOffset LoadedAt, DateTimeOffset ExpiresAt, Claim[] Claims);

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    /// <summary>The cached claims, or null when the token must be read again.</summary>
    public (DateTimeOffset ExpiresAt, Claim[] Claims)? Get(string hash, long stamp, DateTimeOffset now)
    {
        if (!_entries.TryGetValue(hash, out var e)) return null;
        if (e.Stamp != stamp || e.ExpiresAt <= now || now - e.LoadedAt >= Lifetime || now < e.LoadedAt)
        {
            _entries.TryRemove(hash, out _);
            return null;
        }
        return (e.ExpiresAt, e.Claims);
    }

    /// <summary>The cached claims whatever stamp they were loaded under, with that stamp; null when absent or past their
    /// lifetime. For a request whose write compares the stamp in its own transaction (<see cref="StampAtCommit"/>).</summary>
    public (long Stamp, Claim[] Claims)? Peek(string hash, DateTimeOffset now) =>
        _entries.TryGetValue(hash, out var e) && e.ExpiresAt > now && now - e.LoadedAt < Lifetime && now >= e.LoadedAt
            ? (e.Stamp, e.Claims)
            : null;

    public void Put(string hash, long stamp, DateTimeOffset now, DateTimeOffset expiresAt, Claim[] claims)
    {
        if (_entries.Count >= MaxEntries) _entries.Clear();
        _entries[hash] = new Entry(stamp, now, expiresAt, claims);
    }
}
