namespace Payesh.Domain.Progress;

/// <summary>
/// The engine's figures of a tree as of a day and 7 and 30 days earlier, on the same baseline (so a re-baseline is not
/// read as a change of pace), and the <see cref="FigureChange"/> of each figure of a node or agency (issue 12 § 6).
/// </summary>
public sealed class FigureTrends
{
    public const int WeekDays = 7;
    public const int MonthDays = 30;

    private readonly Lazy<AgencyFigures[]> _agencies, _agenciesWeek, _agenciesMonth;

    public FigureTrends(TreeFigures now, TreeFigures weekAgo, TreeFigures monthAgo)
    {
        if (weekAgo.Day != now.Day - WeekDays || monthAgo.Day != now.Day - MonthDays)
            throw new ArgumentException("the earlier figures must be 7 and 30 days before the day");
        Now = now;
        WeekAgo = weekAgo;
        MonthAgo = monthAgo;
        var engine = now.Engine;
        _agencies = new(() => engine.AgenciesKept(now.Day));
        _agenciesWeek = new(() => engine.AgenciesKept(weekAgo.Day));
        _agenciesMonth = new(() => engine.AgenciesKept(monthAgo.Day));
    }

    /// <summary>The same subtree 7 and 30 days before <paramref name="now"/>'s day, as the engine keeps them
    /// (<see cref="ProgressEngine.EvaluateKept"/>: a report for a later day, such as today's, leaves them as they are).</summary>
    public static FigureTrends Of(TreeFigures now) =>
        new(now, now.Engine.EvaluateKept(now.Day - WeekDays, now.Top), now.Engine.EvaluateKept(now.Day - MonthDays, now.Top));

    public TreeFigures Now { get; }
    public TreeFigures WeekAgo { get; }
    public TreeFigures MonthAgo { get; }

    public FigureChange Planned(int node) => new(Now.Planned(node), WeekAgo.Planned(node), MonthAgo.Planned(node));
    public FigureChange Actual(int node) => new(Now.Actual(node), WeekAgo.Actual(node), MonthAgo.Actual(node));
    public FigureChange Deviation(int node) => new(Dev(Now, node), Dev(WeekAgo, node), Dev(MonthAgo, node));
    public FigureChange Spi(int node) => new(Spi(Now, node), Spi(WeekAgo, node), Spi(MonthAgo, node));

    /// <summary>The count of the node's actions in a status (fewer stopped or overdue actions is better).</summary>
    public FigureChange Count(int node, ProgressStatus status, bool higherIsBetter = false) =>
        new(Now.Figures(node).ActionCounts[status], WeekAgo.Figures(node).ActionCounts[status], MonthAgo.Figures(node).ActionCounts[status], higherIsBetter);

    /// <summary>An agency's actual progress over the actions it leads (progress-spec § agency figures).</summary>
    public FigureChange AgencyActual(int agency) =>
        new(_agencies.Value[agency].Actual, _agenciesWeek.Value[agency].Actual, _agenciesMonth.Value[agency].Actual);

    /// <summary>An agency's deviation over the actions it leads.</summary>
    public FigureChange AgencyDeviation(int agency) =>
        new(_agencies.Value[agency].Deviation, _agenciesWeek.Value[agency].Deviation, _agenciesMonth.Value[agency].Deviation);

    private static double Dev(TreeFigures t, int node) => t.Actual(node) - t.Planned(node);
    private static double? Spi(TreeFigures t, int node) => t.Planned(node) > 0 ? t.Actual(node) / t.Planned(node) : null;
}
