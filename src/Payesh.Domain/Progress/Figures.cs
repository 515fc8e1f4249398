namespace Payesh.Domain.Progress;

/// <summary>Counts of descendant actions per status, indexed by <see cref="ProgressStatus"/>.</summary>
public readonly struct StatusCounts
{
    private readonly int[] _counts;

    public StatusCounts(int[] counts) => _counts = counts;

    public int this[ProgressStatus s] => _counts is null ? 0 : _counts[(int)s];
    public int Total => _counts?.Sum() ?? 0;
}

/// <summary>The figures of one node as of a day (progress-spec § derived figures).</summary>
public sealed record NodeFigures(
    int Node,
    int Day,
    double Planned,
    double Actual,
    ProgressStatus Status,
    int? ForecastFinish,
    StatusCounts ActionCounts)
{
    public double Deviation => Actual - Planned;
    public double? Spi => Planned > 0 ? Actual / Planned : null;
}

/// <summary>The state of one action as of a day.</summary>
public sealed record ActionFigures(
    int Node,
    int Day,
    double Planned,
    double Actual,
    ProgressStatus Status,
    int? LastReportDay,
    int LastProgressDay,
    int? ForecastFinish)
{
    public double Deviation => Actual - Planned;
    public double? Spi => Planned > 0 ? Actual / Planned : null;
}

/// <summary>An agency's figures over the actions it leads (progress-spec § agency figures).</summary>
public sealed record AgencyFigures(int Agency, int ActionCount, double Planned, double Actual, StatusCounts ActionCounts)
{
    public double Deviation => Actual - Planned;
    public double? Spi => Planned > 0 ? Actual / Planned : null;
}

/// <summary>Planned and actual of a node for every day of [From, To].</summary>
public sealed record ProgressSeries(int Node, int From, int To, double[] Planned, double[] Actual);
