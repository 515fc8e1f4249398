namespace Payesh.Domain.Progress;

/// <summary>A baseline as the engine needs it: its shape and the first day it is in force.</summary>
public sealed record BaselineShape(int EffectiveFrom, PlanShape Shape);

/// <summary>
/// The progress of a plan over its baselines (progress-spec § Baselines): one <see cref="ProgressEngine"/> per
/// baseline, and for day d the figures of the baseline in force on d — the last one whose effective day is ≤ d
/// (the first baseline also covers the days before it). Actual values come from the reports whatever the
/// baseline: every engine shares the same immutable report track of an action, so a report is applied once.
/// Node keys (the caller's ids) and codes are the same in every baseline; a node may be missing from some.
/// With one baseline this is the engine itself: reads go straight to it.
/// </summary>
public sealed class ProgressTimeline
{
    private readonly ProgressEngine[] _engines;
    private readonly int[] _from;
    private readonly Dictionary<long, int> _slotOfKey = [];
    // [baseline][slot] → that engine's action index, or −1 where the node is not an action of that baseline.
    private readonly int[][] _actionOfSlot;
    private readonly ActionTrack[] _tracks;
    private readonly Dictionary<string, int>[]? _nodeByCode;
    private readonly object _writeLock = new();

    public ProgressTimeline(PlanShape shape) : this([new BaselineShape(int.MinValue, shape)]) { }

    /// <param name="baselines">In order of their versions; effective days must not decrease.</param>
    public ProgressTimeline(IReadOnlyList<BaselineShape> baselines)
    {
        if (baselines.Count == 0) throw new DomainException("برنامه دست‌کم یک خط مبنا می‌خواهد.");
        _engines = new ProgressEngine[baselines.Count];
        _from = new int[baselines.Count];
        for (int b = 0; b < baselines.Count; b++)
        {
            if (b > 0 && baselines[b].EffectiveFrom < baselines[b - 1].EffectiveFrom)
                throw new DomainException("تاریخ اجرای خط‌های مبنا باید به‌ترتیب نسخه‌ها باشد.");
            _engines[b] = new ProgressEngine(baselines[b].Shape);
            _from[b] = baselines[b].EffectiveFrom;
        }
        // Slots: the actions of the first baseline in its own order (so that with one baseline slot = action),
        // then the actions the later ones add.
        foreach (var engine in _engines)
            for (int a = 0; a < engine.ActionCount; a++)
                _slotOfKey.TryAdd(engine.Key(engine.NodeOfAction(a)), _slotOfKey.Count);
        _actionOfSlot = new int[_engines.Length][];
        for (int b = 0; b < _engines.Length; b++)
        {
            var map = new int[_slotOfKey.Count];
            Array.Fill(map, -1);
            var engine = _engines[b];
            for (int a = 0; a < engine.ActionCount; a++) map[_slotOfKey[engine.Key(engine.NodeOfAction(a))]] = a;
            _actionOfSlot[b] = map;
        }
        _tracks = new ActionTrack[_slotOfKey.Count];
        Array.Fill(_tracks, ActionTrack.Empty);
        if (_engines.Length > 1)
        {
            _nodeByCode = new Dictionary<string, int>[_engines.Length];
            for (int b = 0; b < _engines.Length; b++)
            {
                var e = _engines[b];
                var byCode = new Dictionary<string, int>(e.NodeCount, StringComparer.Ordinal);
                for (int i = 0; i < e.NodeCount; i++) byCode[e.Code(i)] = i;
                _nodeByCode[b] = byCode;
            }
        }
    }

    public int Count => _engines.Length;
    /// <summary>The latest baseline: the plan's tree as it stands.</summary>
    public ProgressEngine Latest => _engines[^1];
    public ProgressEngine Engine(int baseline) => _engines[baseline];
    public int EffectiveFrom(int baseline) => _from[baseline];
    /// <summary>Every action of any baseline, by the caller's key (reports are addressed to slots).</summary>
    public int SlotCount => _tracks.Length;

    /// <summary>The index of the baseline in force on <paramref name="day"/>.</summary>
    public int IndexAt(int day)
    {
        for (int b = _engines.Length - 1; b > 0; b--)
            if (_from[b] <= day) return b;
        return 0;
    }

    /// <summary>The engine of the baseline in force on <paramref name="day"/>.</summary>
    public ProgressEngine At(int day) => _engines.Length == 1 ? _engines[0] : _engines[IndexAt(day)];

    /// <summary>The slot of an action (by the caller's key), or −1 if it is an action of no baseline.</summary>
    public int SlotOf(long key) => _slotOfKey.TryGetValue(key, out int slot) ? slot : -1;

    /// <summary>
    /// The engine and node that give a node's figures on a day: the baseline in force if the node is in it,
    /// else the nearest baseline that has it (the latest before, else the earliest after) — so a removed
    /// action keeps its last schedule and an added one its first. "" is the whole plan.
    /// </summary>
    public bool TryLocate(string? code, int day, out ProgressEngine engine, out int node)
    {
        int b = IndexAt(day);
        if (_nodeByCode is null)
        {
            engine = _engines[0];
            return engine.TryFind(code, out node);
        }
        code ??= "";
        for (int k = b; k >= 0; k--)
            if (_nodeByCode[k].TryGetValue(code, out node)) { engine = _engines[k]; return true; }
        for (int k = b + 1; k < _engines.Length; k++)
            if (_nodeByCode[k].TryGetValue(code, out node)) { engine = _engines[k]; return true; }
        engine = _engines[b];
        node = 0;
        return false;
    }

    /// <summary>An action's figures on a day by its slot, under the baseline that gives them (see <see cref="TryLocate"/>).</summary>
    public ActionFigures? Action(int slot, int day)
    {
        if ((uint)slot >= (uint)_tracks.Length) return null;
        int b = IndexAt(day);
        for (int k = b; k >= 0; k--)
            if (_actionOfSlot[k][slot] is var a and >= 0) return _engines[k].Action(a, day);
        for (int k = b + 1; k < _engines.Length; k++)
            if (_actionOfSlot[k][slot] is var a and >= 0) return _engines[k].Action(a, day);
        return null;
    }

    /// <summary>Grows with every change of the reports held by any baseline's engine.</summary>
    public long Changes
    {
        get
        {
            long sum = 0;
            foreach (var e in _engines) sum += e.Changes;
            return sum;
        }
    }

    /// <summary>A node's planned and actual for each day of [from, to], each day under the baseline that gives
    /// that day's figures: the same numbers as <see cref="TryLocate"/> and <see cref="ProgressEngine.Figures"/> give day by day.</summary>
    public ProgressSeries Series(string? code, int from, int to)
    {
        if (to < from) throw new DomainException("پایان بازه پیش از شروع آن است.");
        if (_engines.Length == 1)
        {
            if (!_engines[0].TryFind(code, out int only)) throw new DomainException($"بخشی با کد «{Text.PersianText.ToPersianDigits(code ?? "")}» در این برنامه نیست.");
            return _engines[0].Series(only, from, to);
        }
        int len = to - from + 1;
        var planned = new double[len];
        var actual = new double[len];
        int node = -1;
        for (int day = from; day <= to;)
        {
            int b = IndexAt(day);
            // The run of days under the same baseline: up to the day before the next one takes over.
            int end = b + 1 < _engines.Length ? Math.Min(to, _from[b + 1] - 1) : to;
            if (!TryLocate(code, day, out var engine, out int n)) throw new DomainException($"بخشی با کد «{Text.PersianText.ToPersianDigits(code ?? "")}» در این برنامه نیست.");
            if (engine == Latest) node = n;
            var part = engine.Series(n, day, end);
            Array.Copy(part.Planned, 0, planned, day - from, end - day + 1);
            Array.Copy(part.Actual, 0, actual, day - from, end - day + 1);
            day = end + 1;
        }
        if (node < 0) Latest.TryFind(code, out node);
        return new ProgressSeries(node, from, to, planned, actual);
    }

    // ---- reports (addressed to slots) -------------------------------------------------------

    /// <summary>Adds one counting report to its <see cref="ReportFact.Slot"/>.</summary>
    public void Apply(ReportFact fact)
    {
        CheckSlot(fact.Slot);
        lock (_writeLock)
        {
            var track = _tracks[fact.Slot].With(fact);
            Set(fact.Slot, track);
        }
    }

    /// <summary>Replaces one action's history (slot), e.g. after a report stopped counting.</summary>
    public void ReplaceReports(int slot, IEnumerable<ReportFact> facts)
    {
        CheckSlot(slot);
        var track = ActionTrack.From(facts.Where(f => f.Slot == slot));
        lock (_writeLock) Set(slot, track);
    }

    /// <summary>Replaces every slot's history with the given counting reports.</summary>
    public void LoadReports(IEnumerable<ReportFact> facts)
    {
        var loader = BeginLoad();
        foreach (var f in facts) loader.Add(f);
        loader.Complete();
    }

    /// <summary>Collects reports per slot, then replaces every history at once.</summary>
    public TimelineLoader BeginLoad() => new(this);

    public sealed class TimelineLoader
    {
        private readonly ProgressTimeline _timeline;
        private readonly List<ReportFact>?[] _bySlot;

        internal TimelineLoader(ProgressTimeline timeline)
        {
            _timeline = timeline;
            _bySlot = new List<ReportFact>?[timeline.SlotCount];
        }

        public void Add(ReportFact fact)
        {
            _timeline.CheckSlot(fact.Slot);
            (_bySlot[fact.Slot] ??= []).Add(fact);
        }

        /// <summary>Appends what another loader of the same timeline collected (e.g. a later range of report ids read
        /// on another thread); the other loader is emptied. Not thread-safe: merge after both are filled.</summary>
        public void Absorb(TimelineLoader later)
        {
            ArgumentNullException.ThrowIfNull(later);
            if (later._timeline != _timeline) throw new ArgumentException("A loader of another timeline.", nameof(later));
            for (int s = 0; s < _bySlot.Length; s++)
            {
                if (later._bySlot[s] is not { } theirs) continue;
                if (_bySlot[s] is { } mine) mine.AddRange(theirs);
                else _bySlot[s] = theirs;
                later._bySlot[s] = null;
            }
        }

        public void Complete()
        {
            var tracks = new ActionTrack[_bySlot.Length];
            for (int s = 0; s < tracks.Length; s++)
            {
                var list = _bySlot[s];
                if (list is null) { tracks[s] = ActionTrack.Empty; continue; }
                // Reports mostly arrive in day order (rows read by id): check before paying for a sort.
                if (!Sorted(list)) list.Sort(static (x, y) => x.Day != y.Day ? x.Day.CompareTo(y.Day) : x.Order.CompareTo(y.Order));
                tracks[s] = ActionTrack.FromSorted(list);
                _bySlot[s] = null;
            }
            lock (_timeline._writeLock)
                for (int s = 0; s < tracks.Length; s++) _timeline.Set(s, tracks[s]);
        }
    }

    private static bool Sorted(List<ReportFact> list)
    {
        var span = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(list);
        for (int i = 1; i < span.Length; i++)
        {
            var (a, b) = (span[i - 1], span[i]);
            if (a.Day > b.Day || (a.Day == b.Day && a.Order > b.Order)) return false;
        }
        return true;
    }

    private void Set(int slot, ActionTrack track)
    {
        _tracks[slot] = track;
        for (int b = 0; b < _engines.Length; b++)
            if (_actionOfSlot[b][slot] is var a and >= 0) _engines[b].SetTrack(a, track);
    }

    private void CheckSlot(int slot)
    {
        if ((uint)slot >= (uint)_tracks.Length) throw new ArgumentOutOfRangeException(nameof(slot));
    }
}
