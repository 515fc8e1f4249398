namespace Payesh.Domain.Progress;

/// <summary>An agency's figures over the actions it leads (progress-spec § agency figures).</summary>
public sealed record AgencyFigures(int Agency, int ActionCount, double Planned, double Actual, StatusCounts ActionCounts)
{
    public double Deviation => Actual - Planned;
    public double? Spi => Planned > 0 ? Actual / Planned : null;
}
