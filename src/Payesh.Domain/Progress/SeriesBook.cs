namespace Payesh.Domain.Progress;

/// <summary>
/// The actual series of every non-action node of one engine over a window of days, kept up to date
/// incrementally (issue 14 item 4). A report changes one action's value only from its day until the
/// action's next report, so a change marks that span dirty on the action's ancestors; the next read
/// recomputes just those spans, children before parents, with the same operations in the same order as
/// <see cref="ProgressEngine.Series"/> computes a whole subtree — so the numbers are identical to a full
/// recompute, not merely close. Writers mark (cheap, under the engine's write lock); readers flush and copy
/// under the book's own lock.
/// </summary>
internal sealed class SeriesBook
{
    private readonly ProgressEngine _engine;
    private readonly double[]?[] _actual;   // per node over [From, To]; null for actions
    private readonly int[] _dirtyLo;        // per node: offsets of the dirty span, lo > hi when clean
    private readonly int[] _dirtyHi;
    private readonly List<int> _dirty = [];
    private readonly object _lock = new();

    public int From { get; }
    public int To { get; }
    private int Length => To - From + 1;

    public SeriesBook(ProgressEngine engine, int from, int to)
    {
        _engine = engine;
        From = from;
        To = to;
        int n = engine.NodeCount;
        _actual = new double[n][];
        _dirtyLo = new int[n];
        _dirtyHi = new int[n];
        Array.Fill(_dirtyLo, int.MaxValue);
        Array.Fill(_dirtyHi, int.MinValue);
        // Children have higher pre-order indices than their parent: one backwards pass fills every node.
        for (int i = n - 1; i >= 0; i--)
        {
            if (engine.IsAction(i)) continue;
            _actual[i] = new double[Length];
            Recompute(i, 0, Length - 1);
        }
    }

    public bool Covers(int from, int to) => from >= From && to <= To;

    /// <summary>One action's values changed on the days [lo, hi]: its ancestors' series are stale there.</summary>
    public void Changed(int action, int lo, int hi)
    {
        if (hi < From || lo > To) return;
        int a = Math.Max(lo, From) - From, b = Math.Min(hi, To) - From;
        lock (_lock)
        {
            for (int p = _engine.Parent(_engine.NodeOfAction(action)); p >= 0; p = _engine.Parent(p))
            {
                if (_dirtyLo[p] > _dirtyHi[p]) _dirty.Add(p);
                _dirtyLo[p] = Math.Min(_dirtyLo[p], a);
                _dirtyHi[p] = Math.Max(_dirtyHi[p], b);
            }
        }
    }

    /// <summary>Copies a non-action node's actual values of [from, to] (inside the window) into <paramref name="target"/>.</summary>
    public void Copy(int node, int from, int to, double[] target)
    {
        lock (_lock)
        {
            Flush();
            Array.Copy(_actual[node]!, from - From, target, 0, to - from + 1);
        }
    }

    /// <summary>Number of nodes waiting to be recomputed (for tests).</summary>
    internal int DirtyCount { get { lock (_lock) return _dirty.Count; } }

    private void Flush()
    {
        if (_dirty.Count == 0) return;
        // Deepest first: a child's span is current before its parent sums it.
        _dirty.Sort(static (x, y) => y.CompareTo(x));
        foreach (int p in _dirty)
        {
            Recompute(p, _dirtyLo[p], _dirtyHi[p]);
            _dirtyLo[p] = int.MaxValue;
            _dirtyHi[p] = int.MinValue;
        }
        _dirty.Clear();
    }

    /// <summary>actual[k] = Σ over children, last to first, of share × child[k] — as ProgressEngine.SubtreeActual adds them.</summary>
    private void Recompute(int node, int lo, int hi)
    {
        var actual = _actual[node]!;
        Array.Clear(actual, lo, hi - lo + 1);
        var kids = _engine.Children(node);
        for (int c = kids.Count - 1; c >= 0; c--)
        {
            int child = kids[c];
            double share = _engine.Share(child);
            int a = _engine.ActionIndex(child);
            if (a < 0)
            {
                var ca = _actual[child]!;
                for (int k = lo; k <= hi; k++) actual[k] += share * ca[k];
                continue;
            }
            var track = _engine.TrackOf(a);
            var days = track.Days;
            var values = track.Values;
            int day0 = From + lo;
            int idx = track.IndexAtOrBefore(day0);
            double sv = share * (idx < 0 ? 0 : values[idx] / 100.0);
            int next = idx + 1 < days.Length ? days[idx + 1] : int.MaxValue;
            for (int k = lo; k <= hi; k++)
            {
                int day = From + k;
                while (day >= next)
                {
                    idx++;
                    sv = share * (values[idx] / 100.0);
                    next = idx + 1 < days.Length ? days[idx + 1] : int.MaxValue;
                }
                actual[k] += sv;
            }
        }
    }
}
