using System.Buffers;
using Payesh.Domain.Plans;

namespace Payesh.Domain.Progress;

public sealed partial class ProgressEngine
{
    // ---- reports -------------------------------------------------------------------------------

    // Reports are written through the plan's ProgressTimeline, which owns the tracks (one per slot) and hands each
    // engine the same immutable track of an action: the engine itself only reads them.

    // The timeline of baselines shares one immutable track per action between its engines.
    internal ActionTrack TrackOf(int action) => _tracks[action];

    internal void SetTrack(int action, ActionTrack track)
    {
        lock (_writeLock) Put(action, track);
    }

    // Under _writeLock: the book and the kept figures learn which days changed before the change count moves, so a
    // reader that sees the new count also sees the change in the book and the log.
    private void Put(int action, ActionTrack track)
    {
        var before = _tracks[action];
        _tracks[action] = track;
        int firstChanged = int.MinValue; // with nothing kept, the span is not worked out: "every day" is safe
        if (_book is not null || _kept.Count > 0)
        {
            if (_book is not null && ActionTrack.ChangedSpan(before, track) is var (lo, hi)) _book.Changed(action, lo, hi);
            // Days, not only values: a report repeating the day's value is still a report (reporting discipline).
            firstChanged = ActionTrack.FirstDifference(before, track) ?? int.MaxValue;
        }
        Logged(action, before, firstChanged);
        Interlocked.Increment(ref _changes);
    }

    /// <summary>One action's sorted report days and the value (hundredths) of each, from one immutable
    /// snapshot and without copying: callers must not modify the arrays.</summary>
    public (int[] Days, int[] Values) ReportTrack(int action)
    {
        var t = _tracks[action];
        return (t.Days, t.Values);
    }

    /// <summary>The latest report day ≤ <paramref name="day"/> of one action, if any.</summary>
    public int? LastReportDay(int action, int day)
    {
        var t = _tracks[action];
        int i = t.IndexAtOrBefore(day);
        return i < 0 ? null : t.Days[i];
    }

    /// <summary>The report days and their values (hundredths) of one action.</summary>
    public IReadOnlyList<(int Day, int Hundredths)> ReportDays(int action)
    {
        var t = _tracks[action];
        var result = new (int, int)[t.Count];
        for (int i = 0; i < t.Count; i++) result[i] = (t.Days[i], t.Values[i]);
        return result;
    }
}
