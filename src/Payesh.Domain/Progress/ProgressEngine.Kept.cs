namespace Payesh.Domain.Progress;

/// <summary>An action whose reports changed since a kept value was computed, with its report track as it was then
/// (sorted days and values in hundredths; callers must not modify the arrays). The action's current track is
/// <see cref="ProgressEngine.ReportTrack"/>.</summary>
public readonly record struct TrackChange(int Action, int[] DaysBefore, int[] ValuesBefore);

public sealed partial class ProgressEngine
{
    // ---- figures kept between reads (issue 14: the dashboard right after a report) ---------------------------

    // A day's figures depend only on the reports of that day and earlier (an action's value, its last progress day and
    // its forecast window all look back), so a change whose first changed day is after a kept day leaves that day's
    // figures as they are: a report for today keeps the figures of 7 and 30 days ago. A change that reaches a kept day
    // is not a reason to compute the day again: a report changes one action, so the day's tree is brought up to date
    // on the next read by recomputing that action and its ancestors (same operations in the same order as Evaluate, so
    // the same numbers), and a caller's derived value by the update it gave. The changes are read from a log of the
    // last LogSize track changes; a value older than the log, or without an update, is computed again.
    // Guarded by _writeLock; few days are asked for (the dashboard's, the brief's and the agency card's).
    private sealed class Entry(object value, long basis, Func<object, IReadOnlyList<TrackChange>, object>? update)
    {
        public object Value { get; } = value;
        /// <summary>The change count the value is of.</summary>
        public long Basis { get; set; } = basis;
        public Func<object, IReadOnlyList<TrackChange>, object>? Update { get; } = update;
    }

    private readonly record struct LoggedChange(int Action, int FirstDay, ActionTrack Before);
    private sealed record TreeKey(int Top);
    private sealed record AgenciesKey;
    private sealed record DerivedKey(object Key);
    private static readonly AgenciesKey Agencies_ = new();

    private readonly Dictionary<(int Day, object Key), Entry> _kept = [];
    private const int MaxKept = 64;
    private const int LogSize = 1024;
    // _log[(n − 1) % LogSize] is the change that moved the count to n (FirstDay int.MaxValue when no figure changed).
    private readonly LoggedChange[] _log = new LoggedChange[LogSize];

    /// <summary>The same figures as <see cref="Evaluate"/> gives, kept until a change reaches back to
    /// <paramref name="day"/> or earlier and then brought up to date. Callers read them only.</summary>
    public TreeFigures EvaluateKept(int day, int top = 0) =>
        (TreeFigures)Keep(day, new TreeKey(top), () => Evaluate(day, top), (old, changes) => Updated((TreeFigures)old, changes));

    /// <summary>The same figures as <see cref="Agencies"/> gives, kept like <see cref="EvaluateKept"/>.</summary>
    public AgencyFigures[] AgenciesKept(int day) =>
        (AgencyFigures[])Keep(day, Agencies_, () => Agencies(day), (old, changes) => Updated((AgencyFigures[])old, day, changes));

    /// <summary>A value the caller derives from this engine's reports of <paramref name="day"/> and earlier and from
    /// nothing else that <paramref name="key"/> does not name (compared by value: a string, tuple or record), kept like
    /// <see cref="EvaluateKept"/>. When reports of <paramref name="day"/> or earlier change, the next read gives
    /// <paramref name="update"/> the kept value and the actions whose tracks changed since (each once, with its track as
    /// it was when the value was kept) and keeps what it returns; without an update the value is computed again. The
    /// dashboard keeps its discipline grid, stopped and overdue lists and slipping actions this way. Callers read it only.</summary>
    public T KeptFor<T>(int day, object key, Func<T> compute, Func<T, IReadOnlyList<TrackChange>, T>? update = null) where T : class =>
        (T)Keep(day, new DerivedKey(key), compute, update is null ? null : (old, changes) => update((T)old, changes));

    /// <summary>Number of values kept (for tests).</summary>
    internal int KeptCount { get { lock (_writeLock) return _kept.Count; } }

    /// <summary>Number of kept values brought up to date rather than computed again (for tests).</summary>
    internal int KeptUpdates => Volatile.Read(ref _keptUpdates);
    private int _keptUpdates;

    private object Keep(int day, object key, Func<object> compute, Func<object, IReadOnlyList<TrackChange>, object>? update)
    {
        object? old = null;
        List<TrackChange>? changes = null;
        long basis;
        lock (_writeLock)
        {
            basis = Changes;
            if (_kept.TryGetValue((day, key), out var entry))
            {
                if (entry.Basis == basis) return entry.Value;
                changes = ChangesSince(entry.Basis, basis, day);
                if (changes is { Count: 0 })
                {
                    entry.Basis = basis; // nothing of this day or earlier changed
                    return entry.Value;
                }
                if (changes is not null && entry.Update is not null) old = entry.Value;
            }
        }
        object value;
        if (old is not null)
        {
            value = update!(old, changes!);
            Interlocked.Increment(ref _keptUpdates);
        }
        else value = compute();
        lock (_writeLock)
        {
            // Kept only if no report moved meanwhile: the value may mix tracks before and after it.
            if (Changes == basis)
            {
                if (_kept.Count >= MaxKept && !_kept.ContainsKey((day, key))) _kept.Clear();
                _kept[(day, key)] = new Entry(value, basis, update);
            }
        }
        return value;
    }

    // Under _writeLock: the actions changed on or before `day` by the changes after `from` up to `to`, each once with its
    // earliest track; null if the log no longer holds them all.
    private List<TrackChange>? ChangesSince(long from, long to, int day)
    {
        if (to - from > LogSize) return null;
        var result = new List<TrackChange>();
        HashSet<int>? seen = null;
        for (long n = from + 1; n <= to; n++)
        {
            var c = _log[(n - 1) % LogSize];
            if (c.FirstDay > day) continue;
            seen ??= [];
            if (seen.Add(c.Action)) result.Add(new TrackChange(c.Action, c.Before.Days, c.Before.Values));
        }
        return result;
    }

    // Under _writeLock, before the change count moves: logs the change and forgets the kept values it reaches that
    // cannot be updated.
    private void Logged(int action, ActionTrack before, int firstChangedDay)
    {
        _log[Changes % LogSize] = new LoggedChange(action, firstChangedDay, before);
        if (firstChangedDay == int.MaxValue || _kept.Count == 0) return;
        List<(int, object)>? gone = null;
        foreach (var (key, entry) in _kept)
            if (entry.Update is null && key.Day >= firstChangedDay) (gone ??= []).Add(key);
        if (gone is not null)
            foreach (var key in gone) _kept.Remove(key);
    }

    /// <summary>A kept tree brought up to date: the changed actions' leaves evaluated again and every ancestor summed
    /// again from its children, last to first as <see cref="Evaluate"/> adds them, so the numbers are the same.</summary>
    private TreeFigures Updated(TreeFigures old, IReadOnlyList<TrackChange> changes)
    {
        var t = old.Copy();
        int lo = t.Top, day = t.Day;
        var dirty = new SortedSet<int>(Comparer<int>.Create((x, y) => y.CompareTo(x))); // deepest (highest index) first
        const int S = ProgressStatusNames.Count;
        foreach (var change in changes)
        {
            int node = _nodeOfAction[change.Action];
            if (!t.Contains(node)) continue;
            int k = node - lo;
            var f = Action(change.Action, day);
            t.PlannedArray[k] = f.Planned;
            t.ActualArray[k] = f.Actual;
            t.StatusArray[k] = f.Status;
            t.ForecastArray[k] = f.ForecastFinish ?? TreeFigures.Unknown;
            Array.Clear(t.CountsArray, k * S, S);
            t.CountsArray[k * S + (int)f.Status] = 1;
            for (int p = node; p != lo && dirty.Add(_parent[p]); p = _parent[p]) { }
        }
        foreach (int p in dirty)
        {
            int k = p - lo;
            double planned = 0, actual = 0;
            int forecast = TreeFigures.NoActions;
            Array.Clear(t.CountsArray, k * S, S);
            var kids = _children[p];
            for (int c = kids.Length - 1; c >= 0; c--)
            {
                int kk = kids[c] - lo;
                double share = _share[kids[c]];
                planned += share * t.PlannedArray[kk];
                actual += share * t.ActualArray[kk];
                for (int s = 0; s < S; s++) t.CountsArray[k * S + s] += t.CountsArray[kk * S + s];
                int fk = t.ForecastArray[kk];
                if (forecast == TreeFigures.Unknown || fk == TreeFigures.NoActions) { }
                else if (fk == TreeFigures.Unknown) forecast = TreeFigures.Unknown;
                else forecast = forecast == TreeFigures.NoActions ? fk : Math.Max(forecast, fk);
            }
            t.PlannedArray[k] = planned;
            t.ActualArray[k] = actual;
            t.ForecastArray[k] = forecast;
            t.StatusArray[k] = NodeStatus(planned, actual);
        }
        return t;
    }

    /// <summary>Kept agency figures brought up to date: each changed action's agency summed again over its actions in
    /// the order <see cref="Agencies"/> adds them.</summary>
    private AgencyFigures[] Updated(AgencyFigures[] old, int day, IReadOnlyList<TrackChange> changes)
    {
        var result = (AgencyFigures[])old.Clone();
        foreach (int g in changes.Select(c => _agencyOfAction[c.Action]).Where(g => (uint)g < (uint)AgencyCount).Distinct())
            result[g] = AgencyOf(g, ActionsOfAgency()[g], day);
        return result;
    }
}
