using System.Collections.Concurrent;
using System.Net;

namespace Payesh.Web.Features.Account;

/// <summary>
/// Wrong passwords slow down one user name from one client address (issue 13), instead of Identity's lockout,
/// which let anyone lock any account — the administrator's too — for everyone. After
/// <c>Payesh:Login:FreeFailures</c> (default 3) wrong passwords, that pair waits <c>Payesh:Login:BackoffSeconds</c>
/// (default 2), doubling with each further failure up to <c>Payesh:Login:MaxBackoffMinutes</c> (default 15);
/// a right password clears it. The same user name from another address is not slowed down. Counts live in this
/// instance's memory: behind several instances each counts its own share (the rate limiter is the outer fence).
/// </summary>
public sealed class LoginThrottle(TimeProvider time, IConfiguration config)
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly int _free = Math.Max(1, config.GetValue("Payesh:Login:FreeFailures", 3));
    private readonly TimeSpan _base = TimeSpan.FromSeconds(Math.Max(1, config.GetValue("Payesh:Login:BackoffSeconds", 2)));
    private readonly TimeSpan _max = TimeSpan.FromMinutes(Math.Max(1, config.GetValue("Payesh:Login:MaxBackoffMinutes", 15)));

    private sealed record Entry(int Failures, DateTimeOffset BlockedUntil, DateTimeOffset LastFailure);

    /// <summary>The client's address as seen after the forwarded headers of a known proxy.</summary>
    public static string AddressOf(HttpContext http) => http.Connection.RemoteIpAddress?.ToString() ?? IPAddress.None.ToString();

    /// <summary>A user name as the throttle and the rate limiter key it (Identity compares names case-insensitively).</summary>
    public static string NameKey(string? userName) => (userName ?? "").Trim().ToUpperInvariant();

    private static string Key(string address, string userName) => address + "\n" + NameKey(userName);

    /// <summary>How long this pair must still wait; null when it may try now.</summary>
    public TimeSpan? Wait(string address, string userName)
    {
        if (!_entries.TryGetValue(Key(address, userName), out var e)) return null;
        var left = e.BlockedUntil - time.GetUtcNow();
        return left > TimeSpan.Zero ? left : null;
    }

    public void Failed(string address, string userName)
    {
        var now = time.GetUtcNow();
        _entries.AddOrUpdate(Key(address, userName),
            _ => Next(0, now),
            (_, e) => Next(now - e.LastFailure > _max + _max ? 0 : e.Failures, now));
        if (_entries.Count > 100_000) Prune(now);
    }

    public void Succeeded(string address, string userName) => _entries.TryRemove(Key(address, userName), out _);

    private Entry Next(int failures, DateTimeOffset now)
    {
        failures++;
        if (failures < _free) return new Entry(failures, now, now);
        var wait = TimeSpan.FromTicks(Math.Min(_max.Ticks, _base.Ticks << Math.Min(30, failures - _free)));
        return new Entry(failures, now + wait, now);
    }

    private void Prune(DateTimeOffset now)
    {
        foreach (var (key, e) in _entries)
            if (now - e.LastFailure > _max + _max) _entries.TryRemove(key, out _);
    }
}
