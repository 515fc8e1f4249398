namespace Payesh.Domain.Progress;

/// <summary>Planned and actual of a node for every day of [From, To].</summary>
public sealed record ProgressSeries(int Node, int From, int To, double[] Planned, double[] Actual);
