using System.Buffers;
using Payesh.Domain.Plans;

namespace Payesh.Domain.Progress;

/// <summary>
/// Every progress figure of one plan (docs/progress-spec.md), answered from memory.
/// Nodes are held in pre-order with a virtual root at index 0 (code ""), so a subtree is the
/// contiguous range [i, SubtreeEnd(i)) and a roll-up is one backwards pass over it.
/// Reads are lock-free; writes replace one action's immutable track (copy on write).
/// </summary>
public sealed class ProgressEngine
{
    private const double Epsilon = 1e-9;
    /// <summary>The forecast window W of progress-spec § forecast finish (days).</summary>
    public const int ForecastWindow = 30;

    private readonly int[] _parent;
    private readonly int[] _subtreeEnd;
    private readonly int[] _depth;
    private readonly double[] _share;          // weight among siblings (progress-spec § plan tree)
    private readonly double[] _globalWeight;   // product of shares from the root
    private readonly int[] _actionOfNode;      // −1 for non-actions
    private readonly int[] _nodeOfAction;
    private readonly int[] _agencyOfAction;
    private readonly PlannedCurve[] _curves;
    private readonly string[] _codes;
    private readonly long[] _keys;
    private readonly int[][] _children;
    private readonly Dictionary<string, int> _byCode;
    private readonly ActionTrack[] _tracks;
    private readonly object _writeLock = new();
    private long _changes;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<int, double[]> _plannedSeries = new();
    private readonly int _spanStart = int.MaxValue;   // first day on which any action's plan can move
    private readonly int _spanEnd = int.MinValue;     // last such day

    public PlanSettings Settings { get; }

    /// <summary>Grows with every change of the reports held; equal values mean equal figures (for caches).</summary>
    public long Changes => Interlocked.Read(ref _changes);
    public int NodeCount => _parent.Length;
    public int ActionCount => _nodeOfAction.Length;
    public int AgencyCount { get; }
    public int ReportDayCount => _tracks.Sum(t => t.Count);

    public ProgressEngine(PlanShape shape)
    {
        Settings = shape.Settings;
        AgencyCount = shape.AgencyCount;
        int n = shape.Nodes.Count + 1;
        var kids = new List<int>[n];
        for (int i = 0; i < n; i++) kids[i] = [];
        for (int i = 0; i < shape.Nodes.Count; i++)
        {
            int p = shape.Nodes[i].Parent;
            if (p >= i || p < -1) throw new DomainException("ترتیب بخش‌های برنامه نادرست است: والد باید پیش از فرزند بیاید.");
            kids[p + 1].Add(i + 1);
        }

        // Pre-order numbering.
        var order = new int[n];    // new index → input index (+1)
        var newIndex = new int[n]; // input index (+1) → new index
        int next = 0;
        var stack = new Stack<int>();
        stack.Push(0);
        while (stack.Count > 0)
        {
            int v = stack.Pop();
            newIndex[v] = next;
            order[next++] = v;
            for (int c = kids[v].Count - 1; c >= 0; c--) stack.Push(kids[v][c]);
        }

        _parent = new int[n];
        _subtreeEnd = new int[n];
        _depth = new int[n];
        _share = new double[n];
        _globalWeight = new double[n];
        _actionOfNode = new int[n];
        _codes = new string[n];
        _keys = new long[n];
        _children = new int[n][];
        _byCode = new Dictionary<string, int>(n, StringComparer.Ordinal);
        var weights = new double[n];
        var actionNodes = new List<int>();
        for (int i = 0; i < n; i++)
        {
            int v = order[i];
            var src = v == 0 ? null : shape.Nodes[v - 1];
            _parent[i] = v == 0 ? -1 : newIndex[src!.Parent + 1];
            _codes[i] = src?.Code ?? "";
            _keys[i] = src?.Key ?? 0;
            weights[i] = src?.Weight ?? 1;
            _children[i] = [.. kids[v].Select(c => newIndex[c])];
            if (!_byCode.TryAdd(_codes[i], i)) throw new DomainException($"کد «{_codes[i]}» تکراری است.");
            if (src?.Action is not null)
            {
                if (kids[v].Count > 0) throw new DomainException($"اقدام «{src.Code}» نمی‌تواند زیرشاخه داشته باشد.");
                _actionOfNode[i] = actionNodes.Count;
                actionNodes.Add(i);
            }
            else _actionOfNode[i] = -1;
        }
        for (int i = n - 1; i >= 0; i--)
        {
            _subtreeEnd[i] = Math.Max(i + 1, _subtreeEnd[i]);
            if (_parent[i] >= 0) _subtreeEnd[_parent[i]] = Math.Max(_subtreeEnd[_parent[i]], _subtreeEnd[i]);
        }
        _share[0] = 1;
        _globalWeight[0] = 1;
        for (int i = 0; i < n; i++)
        {
            var ch = _children[i];
            double sum = 0;
            foreach (var c in ch) sum += weights[c];
            foreach (var c in ch)
            {
                _share[c] = sum > 0 ? weights[c] / sum : 1.0 / ch.Length;
                _globalWeight[c] = _globalWeight[i] * _share[c];
                _depth[c] = _depth[i] + 1;
            }
        }

        _nodeOfAction = [.. actionNodes];
        _agencyOfAction = new int[actionNodes.Count];
        _curves = new PlannedCurve[actionNodes.Count];
        _tracks = new ActionTrack[actionNodes.Count];
        for (int a = 0; a < actionNodes.Count; a++)
        {
            var src = shape.Nodes[order[actionNodes[a]] - 1].Action!;
            _agencyOfAction[a] = src.Agency;
            _curves[a] = new PlannedCurve(src.Start, src.End, src.Curve, src.Milestones);
            _tracks[a] = ActionTrack.Empty;
            _spanStart = Math.Min(_spanStart, src.Start);
            _spanEnd = Math.Max(_spanEnd, src.End);
        }
    }

    // ---- the tree ------------------------------------------------------------------------------

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822", Justification = "The tree's API, read from the engine beside Parent and Children.")]
    public int Root => 0;
    public string Code(int node) => _codes[node];
    public long Key(int node) => _keys[node];
    public int Parent(int node) => _parent[node];
    public int Depth(int node) => _depth[node];
    public IReadOnlyList<int> Children(int node) => _children[node];
    public int SubtreeEnd(int node) => _subtreeEnd[node];
    public bool IsAction(int node) => _actionOfNode[node] >= 0;
    public int ActionIndex(int node) => _actionOfNode[node];
    public int NodeOfAction(int action) => _nodeOfAction[action];
    public int AgencyOfAction(int action) => _agencyOfAction[action];
    public PlannedCurve Curve(int action) => _curves[action];
    public double Share(int node) => _share[node];
    public double GlobalWeight(int node) => _globalWeight[node];

    public bool TryFind(string? code, out int node)
    {
        node = 0;
        return code is null || code.Length == 0 || _byCode.TryGetValue(code, out node);
    }

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
                Interlocked.Increment(ref _engine._changes);
            }
        }
    }

    /// <summary>Adds one counting report (incremental; O(reports of that action)).</summary>
    public void Apply(ReportFact fact)
    {
        CheckAction(fact.ActionIndex);
        lock (_writeLock)
        {
            _tracks[fact.ActionIndex] = _tracks[fact.ActionIndex].With(fact);
            Interlocked.Increment(ref _changes);
        }
    }

    /// <summary>Replaces one action's history, e.g. after a report stopped counting.</summary>
    public void ReplaceReports(int action, IEnumerable<ReportFact> facts)
    {
        CheckAction(action);
        var track = ActionTrack.From(facts.Where(f => f.ActionIndex == action));
        lock (_writeLock)
        {
            _tracks[action] = track;
            Interlocked.Increment(ref _changes);
        }
    }

    // The timeline of baselines shares one immutable track per action between its engines.
    internal ActionTrack TrackOf(int action) => _tracks[action];

    internal void SetTrack(int action, ActionTrack track)
    {
        lock (_writeLock)
        {
            _tracks[action] = track;
            Interlocked.Increment(ref _changes);
        }
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

    // ---- one action ----------------------------------------------------------------------------

    public double PlannedOfAction(int action, int day) => _curves[action].At(day);
    public double ActualOfAction(int action, int day) => _tracks[action].ValueAt(day) / 100.0;

    public ActionFigures Action(int action, int day)
    {
        var track = _tracks[action];
        var curve = _curves[action];
        int i = track.IndexAtOrBefore(day);
        int value = i < 0 ? 0 : track.Values[i];
        int lpd = i < 0 || track.LastProgress[i] == ActionTrack.NoDay ? curve.Start - 1 : track.LastProgress[i];
        double planned = curve.At(day);
        var status = ActionStatus(curve, day, planned, value, lpd);
        int? forecast = Forecast(track, day, value, lpd);
        return new ActionFigures(_nodeOfAction[action], day, planned, value / 100.0, status,
            i < 0 ? null : track.Days[i], lpd, forecast);
    }

    private ProgressStatus ActionStatus(PlannedCurve curve, int day, double planned, int valueHundredths, int lastProgressDay)
    {
        if (valueHundredths >= 10000) return ProgressStatus.Completed;
        if (day < curve.Start && valueHundredths == 0) return ProgressStatus.NotStarted;
        if (day - lastProgressDay >= Settings.StoppageDays) return ProgressStatus.Stopped;
        if (day > curve.End) return ProgressStatus.Overdue;
        return ByDeviation(valueHundredths / 100.0 - planned);
    }

    private ProgressStatus ByDeviation(double deviation) =>
        deviation < Settings.BehindBelow ? ProgressStatus.Behind
        : deviation < Settings.AtRiskBelow ? ProgressStatus.AtRisk
        : ProgressStatus.OnTrack;

    private static int? Forecast(ActionTrack track, int day, int value, int lastProgressDay)
    {
        if (value >= 10000) return lastProgressDay;
        int before = track.ValueAt(day - ForecastWindow);
        if (value <= before) return null;
        // d + ceil((100 − actual) / rate), rate = (actual(d) − actual(d − W)) / W; exact in hundredths.
        long numerator = (long)(10000 - value) * ForecastWindow;
        long denominator = value - before;
        return day + (int)((numerator + denominator - 1) / denominator);
    }

    // ---- any node ------------------------------------------------------------------------------

    /// <summary>The figures of every node of the subtree of <paramref name="top"/> (default: the whole plan) as of a day.</summary>
    public TreeFigures Evaluate(int day, int top = 0)
    {
        int lo = top, hi = _subtreeEnd[top];
        var result = new TreeFigures(this, day, lo, hi);
        var planned = result.PlannedArray;
        var actual = result.ActualArray;
        var status = result.StatusArray;
        var counts = result.CountsArray;
        var forecast = result.ForecastArray;
        const int S = ProgressStatusNames.Count;
        for (int i = hi - 1; i >= lo; i--)
        {
            int k = i - lo;
            int a = _actionOfNode[i];
            if (a >= 0)
            {
                var f = Action(a, day);
                planned[k] = f.Planned;
                actual[k] = f.Actual;
                status[k] = f.Status;
                forecast[k] = f.ForecastFinish ?? TreeFigures.Unknown;
                counts[k * S + (int)f.Status]++;
            }
            else status[k] = NodeStatus(planned[k], actual[k]);
            if (i == lo) break;
            int p = _parent[i] - lo;
            double share = _share[i];
            planned[p] += share * planned[k];
            actual[p] += share * actual[k];
            for (int s = 0; s < S; s++) counts[p * S + s] += counts[k * S + s];
            // A node's forecast finish is its last action's; unknown if any action's is unknown.
            int fp = forecast[p], fk = forecast[k];
            if (fp == TreeFigures.Unknown || fk == TreeFigures.NoActions) { }
            else if (fk == TreeFigures.Unknown) forecast[p] = TreeFigures.Unknown;
            else forecast[p] = fp == TreeFigures.NoActions ? fk : Math.Max(fp, fk);
        }
        return result;
    }

    internal ProgressStatus NodeStatus(double planned, double actual)
    {
        if (actual >= 100 - Epsilon) return ProgressStatus.Completed;
        if (planned <= Epsilon && actual <= Epsilon) return ProgressStatus.NotStarted;
        return ByDeviation(actual - planned);
    }

    /// <summary>The figures of one node as of a day.</summary>
    public NodeFigures Figures(int node, int day) => Evaluate(day, node).Figures(node);

    /// <summary>The node's planned and actual for each day of [from, to]: the same numbers as
    /// <see cref="Figures"/> gives day by day (same operations, same order).</summary>
    public ProgressSeries Series(int node, int from, int to)
    {
        if (to < from) throw new DomainException("پایان بازه پیش از شروع آن است.");
        int len = to - from + 1;
        var planned = new double[len];
        var actual = new double[len];
        int action = _actionOfNode[node];
        if (action >= 0)
        {
            var curve = _curves[action];
            for (int k = 0; k < len; k++) planned[k] = curve.At(from + k);
            AddActionActual(action, from, len, 1.0, actual, identity: true);
        }
        else
        {
            FillPlanned(node, from, planned);
            SubtreeActual(node, from, len, actual);
        }
        return new ProgressSeries(node, from, to, planned, actual);
    }

    /// <summary>
    /// A node's planned series depends on the tree alone, so it is computed once per node (with the same
    /// operations in the same order as <see cref="Evaluate"/>) over the days on which any action's plan
    /// moves; before them every planned value is 0 and after them it stays at its last value.
    /// </summary>
    private void FillPlanned(int node, int from, double[] planned)
    {
        if (_spanEnd < _spanStart) return;
        var cached = _plannedSeries.GetOrAdd(node, n =>
        {
            int len = _spanEnd - _spanStart + 1;
            var values = new double[len];
            SubtreePlanned(n, _spanStart, len, values);
            return values;
        });
        for (int k = 0; k < planned.Length; k++)
        {
            int d = from + k;
            planned[k] = d < _spanStart ? 0 : d > _spanEnd ? cached[^1] : cached[d - _spanStart];
        }
    }

    /// <summary>Computes the planned series of the root ahead of the first request (e.g. right after loading).</summary>
    public void Warm() => FillPlanned(Root, _spanStart, new double[1]);

    private void SubtreePlanned(int node, int from, int len, double[] planned)
    {
        var kids = _children[node];
        // Children are added last to first, as the backwards pass of Evaluate does.
        for (int c = kids.Length - 1; c >= 0; c--)
        {
            int child = kids[c];
            double share = _share[child];
            int a = _actionOfNode[child];
            if (a >= 0)
            {
                var curve = _curves[a];
                for (int k = 0; k < len; k++) planned[k] += share * curve.At(from + k);
                continue;
            }
            var cp = ArrayPool<double>.Shared.Rent(len);
            Array.Clear(cp, 0, len);
            SubtreePlanned(child, from, len, cp);
            for (int k = 0; k < len; k++) planned[k] += share * cp[k];
            ArrayPool<double>.Shared.Return(cp);
        }
    }

    private void SubtreeActual(int node, int from, int len, double[] actual)
    {
        var kids = _children[node];
        for (int c = kids.Length - 1; c >= 0; c--)
        {
            int child = kids[c];
            double share = _share[child];
            int a = _actionOfNode[child];
            if (a >= 0)
            {
                AddActionActual(a, from, len, share, actual, identity: false);
                continue;
            }
            var ca = ArrayPool<double>.Shared.Rent(len);
            Array.Clear(ca, 0, len);
            SubtreeActual(child, from, len, ca);
            for (int k = 0; k < len; k++) actual[k] += share * ca[k];
            ArrayPool<double>.Shared.Return(ca);
        }
    }

    /// <summary>Adds share × actual of one action for each day (the value changes only on report days).</summary>
    private void AddActionActual(int action, int from, int len, double share, double[] actual, bool identity)
    {
        var track = _tracks[action];
        var days = track.Days;
        var values = track.Values;
        int idx = track.IndexAtOrBefore(from);
        double v = idx < 0 ? 0 : values[idx] / 100.0;
        double sv = share * v;
        int next = idx + 1 < days.Length ? days[idx + 1] : int.MaxValue;
        for (int k = 0; k < len; k++)
        {
            int day = from + k;
            while (day >= next)
            {
                idx++;
                v = values[idx] / 100.0;
                sv = share * v;
                next = idx + 1 < days.Length ? days[idx + 1] : int.MaxValue;
            }
            if (identity) actual[k] = v;
            else actual[k] += sv;
        }
    }

    // ---- agencies ------------------------------------------------------------------------------

    /// <summary>Each agency's figures over the actions it leads, weighted by global weight.</summary>
    public AgencyFigures[] Agencies(int day)
    {
        int n = AgencyCount;
        var wSum = new double[n];
        var pSum = new double[n];
        var aSum = new double[n];
        var pEq = new double[n];
        var aEq = new double[n];
        var count = new int[n];
        var counts = new int[n][];
        for (int g = 0; g < n; g++) counts[g] = new int[ProgressStatusNames.Count];
        for (int a = 0; a < ActionCount; a++)
        {
            int g = _agencyOfAction[a];
            if ((uint)g >= (uint)n) continue;
            var f = Action(a, day);
            double w = _globalWeight[_nodeOfAction[a]];
            wSum[g] += w;
            pSum[g] += w * f.Planned;
            aSum[g] += w * f.Actual;
            pEq[g] += f.Planned;
            aEq[g] += f.Actual;
            count[g]++;
            counts[g][(int)f.Status]++;
        }
        var result = new AgencyFigures[n];
        for (int g = 0; g < n; g++)
        {
            double planned, actual;
            if (count[g] == 0) (planned, actual) = (0, 0);
            else if (wSum[g] > 0) (planned, actual) = (pSum[g] / wSum[g], aSum[g] / wSum[g]);
            else (planned, actual) = (pEq[g] / count[g], aEq[g] / count[g]);
            result[g] = new AgencyFigures(g, count[g], planned, actual, new StatusCounts(counts[g]));
        }
        return result;
    }
}

/// <summary>The figures of a subtree as of one day, from <see cref="ProgressEngine.Evaluate"/>.</summary>
public sealed class TreeFigures
{
    private readonly ProgressEngine _engine;
    private readonly int _lo;

    internal TreeFigures(ProgressEngine engine, int day, int lo, int hi)
    {
        _engine = engine;
        Day = day;
        _lo = lo;
        int len = hi - lo;
        PlannedArray = new double[len];
        ActualArray = new double[len];
        StatusArray = new ProgressStatus[len];
        CountsArray = new int[len * ProgressStatusNames.Count];
        ForecastArray = new int[len];
        Array.Fill(ForecastArray, NoActions);
    }

    internal const int Unknown = int.MinValue;
    internal const int NoActions = int.MinValue + 1;

    internal double[] PlannedArray { get; }
    internal double[] ActualArray { get; }
    internal ProgressStatus[] StatusArray { get; }
    internal int[] CountsArray { get; }
    // A day, or Unknown (not forecastable), or NoActions.
    internal int[] ForecastArray { get; }

    public int Day { get; }
    public int Top => _lo;
    public bool Contains(int node) => node >= _lo && node < _lo + PlannedArray.Length;

    public double Planned(int node) => PlannedArray[node - _lo];
    public double Actual(int node) => ActualArray[node - _lo];
    public ProgressStatus Status(int node) => StatusArray[node - _lo];

    public int? Forecast(int node)
    {
        int f = ForecastArray[node - _lo];
        return f is Unknown or NoActions ? null : f;
    }

    public StatusCounts Counts(int node)
    {
        const int S = ProgressStatusNames.Count;
        var c = new int[S];
        Array.Copy(CountsArray, (node - _lo) * S, c, 0, S);
        return new StatusCounts(c);
    }

    /// <summary>How many actions under <paramref name="node"/> have status <paramref name="status"/> (no allocation).</summary>
    public int Count(int node, ProgressStatus status) => CountsArray[(node - _lo) * ProgressStatusNames.Count + (int)status];

    public NodeFigures Figures(int node) =>
        new(node, Day, Planned(node), Actual(node), Status(node), Forecast(node), Counts(node));

    public ProgressEngine Engine => _engine;
}
