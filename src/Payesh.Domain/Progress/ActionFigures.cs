namespace Payesh.Domain.Progress;

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
