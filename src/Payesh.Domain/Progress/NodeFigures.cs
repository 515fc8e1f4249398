namespace Payesh.Domain.Progress;

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
