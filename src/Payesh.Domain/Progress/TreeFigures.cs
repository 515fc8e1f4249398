using System.Buffers;
using Payesh.Domain.Plans;

namespace Payesh.Domain.Progress;

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

    private TreeFigures(TreeFigures from)
    {
        _engine = from._engine;
        Day = from.Day;
        _lo = from._lo;
        PlannedArray = (double[])from.PlannedArray.Clone();
        ActualArray = (double[])from.ActualArray.Clone();
        StatusArray = (ProgressStatus[])from.StatusArray.Clone();
        CountsArray = (int[])from.CountsArray.Clone();
        ForecastArray = (int[])from.ForecastArray.Clone();
    }

    /// <summary>A copy to bring up to date (kept figures are shared with readers, so they are never changed).</summary>
    internal TreeFigures Copy() => new(this);

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
