using BenchmarkDotNet.Attributes;
using Payesh.Domain.Progress;

namespace Payesh.Benchmarks;

/// <summary>Figures from memory (engine issue § targets): whole tree as of a day, one node, the root's
/// 365-day series, all axes' series, agency figures, and applying one new report.</summary>
[MemoryDiagnoser]
public class EngineBenchmarks
{
    private ProgressTimeline _timeline = null!;
    private ProgressEngine _engine = null!;
    private int _day;
    private int[] _axes = [];
    private int _apply;
    private long _order = long.MaxValue / 2;

    [Params("province", "national")]
    public string Scale { get; set; } = "province";

    [GlobalSetup]
    public void Setup()
    {
        var generator = new Generator(Scale == "national" ? 31 : 1);
        _timeline = generator.Timeline(out _);
        _engine = _timeline.Latest;
        _day = new Payesh.Domain.Calendar.JalaliDate(1403, 6, 31).DayNumber;
        var axes = new List<int>();
        for (int i = 1; i < _engine.NodeCount; i++)
            if (_engine.Depth(i) == (Scale == "national" ? 2 : 1)) axes.Add(i);
        _axes = [.. axes.Take(27)];
    }

    [Benchmark(Description = "whole tree as of a day")]
    public TreeFigures WholeTree() => _engine.Evaluate(_day);

    [Benchmark(Description = "root figures as of a day")]
    public NodeFigures Root() => _engine.Figures(_engine.Root, _day);

    [Benchmark(Description = "one action as of a day")]
    public ActionFigures OneAction() => _engine.Action(_engine.ActionCount / 2, _day);

    [Benchmark(Description = "root 365-day series")]
    public ProgressSeries RootSeries() => _engine.Series(_engine.Root, Generator.YearStart.DayNumber, Generator.YearStart.DayNumber + 364);

    [Benchmark(Description = "27 axes' 365-day series")]
    public int AxesSeries()
    {
        int n = 0;
        foreach (var axis in _axes) n += _engine.Series(axis, Generator.YearStart.DayNumber, Generator.YearStart.DayNumber + 364).Planned.Length;
        return n;
    }

    [Benchmark(Description = "agency figures as of a day")]
    public AgencyFigures[] Agencies() => _engine.Agencies(_day);

    [Benchmark(Description = "apply one new report")]
    public void ApplyOne()
    {
        int action = _apply++ % _engine.ActionCount;
        _timeline.Apply(new ReportFact(action, _day, ++_order, 5000));
    }
}
