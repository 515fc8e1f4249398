using System.Buffers;
using Payesh.Domain.Plans;

namespace Payesh.Domain.Progress;

/// <summary>
/// Every progress figure of one plan (docs/progress-spec.md), answered from memory.
/// Nodes are held in pre-order with a virtual root at index 0 (code ""), so a subtree is the
/// contiguous range [i, SubtreeEnd(i)) and a roll-up is one backwards pass over it.
/// Reads are lock-free; writes replace one action's immutable track (copy on write).
/// </summary>
public sealed partial class ProgressEngine
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
    private SeriesBook? _book;                         // non-action nodes' actual series, kept incrementally
    /// <summary>The widest window the series book keeps (days); longer series are computed directly.</summary>
    internal const int BookMaxDays = 4 * 366;
    internal SeriesBook? Book => Volatile.Read(ref _book);

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
}

