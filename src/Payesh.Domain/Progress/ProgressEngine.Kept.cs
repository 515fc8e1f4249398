namespace Payesh.Domain.Progress;

public sealed partial class ProgressEngine
{
    // ---- figures kept between reads (issue 14: the dashboard's 7- and 30-day changes) ------------

    // A day's figures depend only on the reports of that day and earlier (an action's value, its last progress
    // day and its forecast window all look back), so a change whose first changed day is after a kept day leaves
    // that day's figures as they are: a report for today keeps the figures of 7 and 30 days ago. Guarded by
    // _writeLock; few days are asked for (the dashboard's, the brief's and the agency card's).
    private readonly Dictionary<(int Day, int Top), TreeFigures> _keptTrees = [];
    private readonly Dictionary<int, AgencyFigures[]> _keptAgencies = [];
    private readonly Dictionary<(int Day, object Key), object> _keptDerived = [];
    private const int MaxKept = 32;

    /// <summary>The same figures as <see cref="Evaluate"/> gives, kept until a change reaches back to
    /// <paramref name="day"/> or earlier. Callers read them only.</summary>
    public TreeFigures EvaluateKept(int day, int top = 0) => Keep(_keptTrees, (day, top), () => Evaluate(day, top));

    /// <summary>The same figures as <see cref="Agencies"/> gives, kept like <see cref="EvaluateKept"/>.</summary>
    public AgencyFigures[] AgenciesKept(int day) => Keep(_keptAgencies, day, () => Agencies(day));

    /// <summary>A value the caller derives from this engine's reports of <paramref name="day"/> and earlier and from
    /// nothing else that <paramref name="key"/> does not name (compared by value: a string, tuple or record), kept like
    /// <see cref="EvaluateKept"/> until a change reaches back to <paramref name="day"/> or earlier. The dashboard keeps its
    /// discipline grid, stopped and overdue lists and slipping actions this way. Callers read it only.</summary>
    public T KeptFor<T>(int day, object key, Func<T> compute) where T : class =>
        (T)Keep(_keptDerived, (day, key), () => (object)compute());

    /// <summary>Number of days whose figures are kept (for tests).</summary>
    internal int KeptCount { get { lock (_writeLock) return _keptTrees.Count + _keptAgencies.Count + _keptDerived.Count; } }

    private T Keep<TKey, T>(Dictionary<TKey, T> kept, TKey key, Func<T> compute) where TKey : notnull
    {
        lock (_writeLock)
            if (kept.TryGetValue(key, out var hit)) return hit;
        long changes = Changes;
        var value = compute();
        lock (_writeLock)
        {
            // Kept only if no report moved while it was computed: otherwise it may mix tracks before and after.
            if (Changes == changes)
            {
                if (kept.Count >= MaxKept) kept.Clear();
                kept[key] = value;
            }
        }
        return value;
    }

    // Under _writeLock, before the change count moves: forgets what the change reaches.
    private void ForgetKeptFrom(int firstChangedDay)
    {
        if (_keptTrees.Count > 0)
            foreach (var key in _keptTrees.Keys.Where(k => k.Day >= firstChangedDay).ToList()) _keptTrees.Remove(key);
        if (_keptAgencies.Count > 0)
            foreach (var key in _keptAgencies.Keys.Where(d => d >= firstChangedDay).ToList()) _keptAgencies.Remove(key);
        if (_keptDerived.Count > 0)
            foreach (var key in _keptDerived.Keys.Where(k => k.Day >= firstChangedDay).ToList()) _keptDerived.Remove(key);
    }

    private bool HasKept => _keptTrees.Count > 0 || _keptAgencies.Count > 0 || _keptDerived.Count > 0;
}
