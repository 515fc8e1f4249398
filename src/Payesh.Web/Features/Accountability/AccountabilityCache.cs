using System.Collections.Concurrent;
using Payesh.Web.Data;

namespace Payesh.Web.Features.Accountability;

/// <summary>
/// The accountability report per plan version and day (issue 14 item 4): at national scale it takes hundreds of
/// milliseconds to build and every governor's load asks for the same one. An entry is used only while its stamp is
/// the current one: the audit head's touch count (<see cref="PayeshDb.AuditTouchesAsync"/>, moved by every audited write of any instance — reports, reviews,
/// obstacles, resolutions, holidays, agencies, titles: everything the report reads) and the plan engine's structure
/// and change count. No timer: a change is seen by the next request.
/// </summary>
public sealed class AccountabilityCache
{
    /// <summary>What the cached report was built from.</summary>
    public readonly record struct Stamp(long AuditTouches, long StructureVersion, long EngineChanges);

    private sealed record Entry(Stamp Stamp, AccountabilityReports.Report Report);

    private const int MaxEntries = 256;
    private readonly ConcurrentDictionary<(long Plan, int Day), Entry> _entries = new();
    private long _hits, _misses;

    public long Hits => Interlocked.Read(ref _hits);
    public long Misses => Interlocked.Read(ref _misses);

    public bool TryGet(long plan, int day, Stamp stamp, out AccountabilityReports.Report report)
    {
        if (_entries.TryGetValue((plan, day), out var hit) && hit.Stamp == stamp)
        {
            Interlocked.Increment(ref _hits);
            report = hit.Report;
            return true;
        }
        Interlocked.Increment(ref _misses);
        report = null!;
        return false;
    }

    public void Put(long plan, int day, Stamp stamp, AccountabilityReports.Report report)
    {
        if (_entries.Count >= MaxEntries) _entries.Clear(); // few plans and days are asked for; keep memory bounded
        _entries[(plan, day)] = new Entry(stamp, report);
    }
}
