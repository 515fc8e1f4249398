namespace Payesh.Domain.Progress;

/// <summary>Counts of descendant actions per status, indexed by <see cref="ProgressStatus"/>.</summary>
public readonly struct StatusCounts
{
    private readonly int[] _counts;

    public StatusCounts(int[] counts) => _counts = counts;

    public int this[ProgressStatus s] => _counts is null ? 0 : _counts[(int)s];
    public int Total => _counts?.Sum() ?? 0;
}
