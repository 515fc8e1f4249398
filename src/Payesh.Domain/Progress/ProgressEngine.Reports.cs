using System.Buffers;
using Payesh.Domain.Plans;

namespace Payesh.Domain.Progress;

public sealed partial class ProgressEngine
{
    // ---- reports -------------------------------------------------------------------------------

    /// <summary>Replaces every action's history with the given counting reports.</summary>
    public void LoadReports(IEnumerable<ReportFact> facts)
    {
        var loader = BeginLoad();
        foreach (var f in facts) loader.Add(f);
        loader.Complete();
    }

    /// <summary>Collects reports per action (e.g. straight from a database reader), then replaces every history at once.</summary>
    public ReportLoader BeginLoad() => new(this);

    public sealed class ReportLoader
    {
        private readonly ProgressEngine _engine;
        private readonly List<ReportFact>?[] _byAction;

        internal ReportLoader(ProgressEngine engine)
        {
            _engine = engine;
            _byAction = new List<ReportFact>?[engine.ActionCount];
        }

        public void Add(ReportFact fact)
        {
            _engine.CheckAction(fact.ActionIndex);
            (_byAction[fact.ActionIndex] ??= []).Add(fact);
        }

        public void Complete()
        {
            var tracks = new ActionTrack[_byAction.Length];
            for (int a = 0; a < tracks.Length; a++)
            {
                var list = _byAction[a];
                if (list is null) { tracks[a] = ActionTrack.Empty; continue; }
                list.Sort(static (x, y) => x.Day != y.Day ? x.Day.CompareTo(y.Day) : x.Order.CompareTo(y.Order));
                tracks[a] = ActionTrack.FromSorted(list);
                _byAction[a] = null;
            }
            lock (_engine._writeLock)
            {
                Array.Copy(tracks, _engine._tracks, tracks.Length);
                _engine._book = null; // every history replaced: the next series read builds it again
                Interlocked.Increment(ref _engine._changes);
            }
        }
    }

    /// <summary>Adds one counting report (incremental; O(reports of that action)).</summary>
    public void Apply(ReportFact fact)
    {
        CheckAction(fact.ActionIndex);
        lock (_writeLock) Put(fact.ActionIndex, _tracks[fact.ActionIndex].With(fact));
    }

    /// <summary>Replaces one action's history, e.g. after a report stopped counting.</summary>
    public void ReplaceReports(int action, IEnumerable<ReportFact> facts)
    {
        CheckAction(action);
        var track = ActionTrack.From(facts.Where(f => f.ActionIndex == action));
        lock (_writeLock) Put(action, track);
    }

    // The timeline of baselines shares one immutable track per action between its engines.
    internal ActionTrack TrackOf(int action) => _tracks[action];

    internal void SetTrack(int action, ActionTrack track)
    {
        lock (_writeLock) Put(action, track);
    }

    // Under _writeLock: the book learns which days changed before the change count moves, so a reader that
    // sees the new count also sees the change in the book.
    private void Put(int action, ActionTrack track)
    {
        var before = _tracks[action];
        _tracks[action] = track;
        if (_book is { } book && ActionTrack.ChangedSpan(before, track) is var (lo, hi)) book.Changed(action, lo, hi);
        Interlocked.Increment(ref _changes);
    }

    private void CheckAction(int action)
    {
        if ((uint)action >= (uint)ActionCount) throw new ArgumentOutOfRangeException(nameof(action));
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
