using Payesh.Domain.Plans;
using Payesh.Domain.Progress;

namespace Payesh.Domain.Tests.Progress;

/// <summary>
/// progress-spec.md read literally and computed the slow way, to check the engine against:
/// no shared code with it, no caching, whole percentages as the spec writes them.
/// </summary>
internal sealed class SpecOracle(PlanShape shape, IReadOnlyList<ReportFact> reports)
{
    private const int Window = 30;

    public sealed record ActionState(double Planned, double Actual, int LastProgressDay, ProgressStatus Status, int? Forecast);

    public static double Planned(ShapeAction a, int d)
    {
        int duration = a.End - a.Start + 1;
        int elapsed = Math.Clamp(d - a.Start + 1, 0, duration);
        double x = (double)elapsed / duration;
        switch (a.Curve)
        {
            case CurveKind.Linear:
                return 100 * x;
            case CurveKind.SCurve:
                return 100 * (3 * x * x - 2 * x * x * x);
            default:
                if (d < a.Start) return 0;
                if (d >= a.End) return 100;
                var points = new List<(int Day, double Pct)> { (a.Start - 1, 0) };
                points.AddRange(a.Milestones);
                points.Add((a.End, 100));
                var before = points.Last(p => p.Day <= d);
                var after = points.First(p => p.Day > d);
                return before.Pct + (after.Pct - before.Pct) * (d - before.Day) / (after.Day - before.Day);
        }
    }

    /// <summary>Report day → the percentage of its last submitted counting report, in hundredths.</summary>
    private SortedDictionary<int, int> ReportDays(int action) =>
        new(reports.Where(r => r.Slot == action).GroupBy(r => r.Day)
            .ToDictionary(g => g.Key, g => g.MaxBy(r => r.Order).Hundredths));

    private static int ValueAt(SortedDictionary<int, int> days, int d) =>
        days.Where(kv => kv.Key <= d).Select(kv => kv.Value).LastOrDefault();

    public ActionState Action(int action, ShapeAction a, int d)
    {
        var s = shape.Settings;
        var days = ReportDays(action);
        int value = ValueAt(days, d);
        double actual = value / 100.0;
        double planned = Planned(a, d);

        int? lastProgress = null;
        int previous = 0;
        foreach (var (day, v) in days.Where(kv => kv.Key <= d))
        {
            if (v > previous) lastProgress = day;
            previous = v;
        }
        int lpd = lastProgress ?? a.Start - 1;

        double deviation = actual - planned;
        var status =
            actual >= 100 ? ProgressStatus.Completed
            : d < a.Start && actual == 0 ? ProgressStatus.NotStarted
            : d - lpd >= s.StoppageDays ? ProgressStatus.Stopped
            : d > a.End ? ProgressStatus.Overdue
            : deviation < s.BehindBelow ? ProgressStatus.Behind
            : deviation < s.AtRiskBelow ? ProgressStatus.AtRisk
            : ProgressStatus.OnTrack;

        int? forecast = null;
        int windowStart = ValueAt(days, d - Window);
        if (actual >= 100) forecast = lpd;
        else if (value > windowStart)
        {
            // d + ceil((100 − actual) / rate) with rate = Δ / W, exactly: ceil((10000 − value) · W / Δ) in hundredths.
            long toGo = (10000L - value) * Window, delta = value - windowStart;
            forecast = d + (int)(toGo / delta + (toGo % delta == 0 ? 0 : 1));
        }
        return new ActionState(planned, actual, lpd, status, forecast);
    }

    /// <summary>A node's (planned, actual): its action's, or the weighted mean of its children (equal when all weigh 0).</summary>
    public (double Planned, double Actual) Node(int shapeIndex, int d, Func<int, int> actionOfShapeNode)
    {
        var node = shape.Nodes[shapeIndex];
        if (node.Action is { } a)
        {
            var state = Action(actionOfShapeNode(shapeIndex), a, d);
            return (state.Planned, state.Actual);
        }
        var children = Enumerable.Range(0, shape.Nodes.Count).Where(i => shape.Nodes[i].Parent == shapeIndex).ToList();
        if (children.Count == 0) return (0, 0);
        double total = children.Sum(c => shape.Nodes[c].Weight);
        double planned = 0, actual = 0;
        foreach (var c in children)
        {
            double w = total > 0 ? shape.Nodes[c].Weight / total : 1.0 / children.Count;
            var (p, v) = Node(c, d, actionOfShapeNode);
            planned += w * p;
            actual += w * v;
        }
        return (planned, actual);
    }
}
