using FsCheck.Xunit;
using Payesh.Domain.Progress;

namespace Payesh.Domain.Tests.Progress;

/// <summary>Invariants of the engine over random small plans (progress-spec as a whole).</summary>
[Properties(Arbitrary = [typeof(RandomPlanArbitraries)], MaxTest = 100)]
public class EngineProperties
{
    private const double Tolerance = 1e-9;

    private static IEnumerable<int> Days => Enumerable.Range(RandomPlan.FirstDay, RandomPlan.LastDay - RandomPlan.FirstDay + 1);

    // Roll-ups are unrounded sums of share × figure (progress-spec § derived figures), so a mean of
    // hundreds may come out one ulp above 100 (e.g. 100.00000000000001); actions are exact.
    private const double Top = 100 + Tolerance;

    [Property]
    public void Every_figure_is_between_0_and_100(RandomPlan plan)
    {
        var engine = plan.Engine();
        foreach (int day in Days)
        {
            var tree = engine.Evaluate(day);
            for (int n = 0; n < engine.NodeCount; n++)
            {
                Assert.InRange(tree.Planned(n), 0, engine.IsAction(n) ? 100 : Top);
                Assert.InRange(tree.Actual(n), 0, engine.IsAction(n) ? 100 : Top);
            }
            foreach (var agency in engine.Agencies(day))
            {
                Assert.InRange(agency.Planned, 0, Top);
                Assert.InRange(agency.Actual, 0, Top);
            }
        }
    }

    [Property]
    public void The_root_is_the_sum_of_global_weight_times_action_figure(RandomPlan plan)
    {
        var engine = plan.Engine();
        double totalWeight = Enumerable.Range(0, engine.ActionCount).Sum(a => engine.GlobalWeight(engine.NodeOfAction(a)));
        Assert.Equal(1, totalWeight, Tolerance);
        foreach (int day in Days)
        {
            double planned = 0, actual = 0;
            for (int a = 0; a < engine.ActionCount; a++)
            {
                double w = engine.GlobalWeight(engine.NodeOfAction(a));
                planned += w * engine.PlannedOfAction(a, day);
                actual += w * engine.ActualOfAction(a, day);
            }
            var root = engine.Figures(engine.Root, day);
            Assert.Equal(planned, root.Planned, Tolerance);
            Assert.Equal(actual, root.Actual, Tolerance);
        }
    }

    [Property]
    public void Series_day_i_is_the_figures_of_day_i(RandomPlan plan)
    {
        var engine = plan.Engine();
        for (int n = 0; n < engine.NodeCount; n++)
        {
            var series = engine.Series(n, RandomPlan.FirstDay, RandomPlan.LastDay);
            foreach (int day in Days)
            {
                var f = engine.Figures(n, day);
                Assert.Equal(f.Planned, series.Planned[day - series.From]);
                Assert.Equal(f.Actual, series.Actual[day - series.From]);
            }
        }
    }

    [Property]
    public void Reports_dated_after_a_day_never_change_the_figures_as_of_that_day(RandomPlan plan)
    {
        var all = plan.Engine();
        var known = RandomPlan.Engine(plan.Shape, plan.Reports.Where(r => r.Day <= plan.Day));

        for (int n = 0; n < all.NodeCount; n++)
            AssertSame(known.Figures(n, plan.Day), all.Figures(n, plan.Day));
        for (int a = 0; a < all.ActionCount; a++)
            Assert.Equal(known.Action(a, plan.Day), all.Action(a, plan.Day));
        var agenciesKnown = known.Agencies(plan.Day);
        var agenciesAll = all.Agencies(plan.Day);
        for (int g = 0; g < agenciesAll.Length; g++)
        {
            Assert.Equal(agenciesKnown[g].Planned, agenciesAll[g].Planned);
            Assert.Equal(agenciesKnown[g].Actual, agenciesAll[g].Actual);
            AssertSameCounts(agenciesKnown[g].ActionCounts, agenciesAll[g].ActionCounts);
        }
    }

    [Property]
    public void Reordering_children_changes_nothing(RandomPlan plan)
    {
        var original = plan.Engine();
        var timeline = new ProgressTimeline(RandomPlans.Reordered(plan.Shape, new Random(plan.Seed)));
        var reordered = timeline.Latest;
        // Actions are numbered in tree order, so the same reports name other slots in the reordered plan.
        timeline.LoadReports(plan.Reports.Select(r =>
        {
            Assert.True(reordered.TryFind(original.Code(original.NodeOfAction(r.Slot)), out int node));
            return r with { Slot = reordered.ActionIndex(node) };
        }));

        AssertEquivalent(original, reordered);
    }

    [Property]
    public void Scaling_sibling_weights_by_a_positive_factor_changes_nothing(RandomPlan plan)
    {
        var rescaled = RandomPlans.Rescaled(plan.Shape, new Random(plan.Seed));
        AssertEquivalent(plan.Engine(), RandomPlan.Engine(rescaled, plan.Reports));
    }

    [Property]
    public void The_planned_curve_never_decreases(ShapeAction action)
    {
        var curve = new PlannedCurve(action.Start, action.End, action.Curve, action.Milestones);

        Assert.Equal(0, curve.At(action.Start - 1));
        Assert.Equal(100, curve.At(action.End));
        for (int d = action.Start - 3; d <= action.End + 3; d++)
        {
            Assert.InRange(curve.At(d), 0, 100);
            Assert.True(curve.At(d + 1) >= curve.At(d), $"day {d}: {curve.At(d)} then {curve.At(d + 1)}");
        }
    }

    [Property]
    public void Applying_reports_one_by_one_equals_loading_them_at_once(RandomPlan plan)
    {
        var bulk = plan.Engine();
        var timeline = new ProgressTimeline(plan.Shape);
        foreach (var report in plan.Reports) timeline.Apply(report);
        var incremental = timeline.Latest;

        for (int a = 0; a < bulk.ActionCount; a++)
            Assert.Equal(bulk.ReportDays(a), incremental.ReportDays(a));
        foreach (int day in Days)
            for (int n = 0; n < bulk.NodeCount; n++)
                AssertSame(bulk.Figures(n, day), incremental.Figures(n, day));
    }

    [Property]
    public void A_report_that_stops_counting_is_as_if_it_never_came(RandomPlan plan)
    {
        if (plan.Reports.Count == 0) return;
        var dropped = plan.Reports[plan.Seed % plan.Reports.Count];
        var remaining = plan.Reports.Where(r => r != dropped).ToList();
        var timeline = plan.Timeline();
        var engine = timeline.Latest;

        timeline.ReplaceReports(dropped.Slot, remaining);

        var fresh = RandomPlan.Engine(plan.Shape, remaining);
        foreach (int day in Days)
            for (int n = 0; n < engine.NodeCount; n++)
                AssertSame(fresh.Figures(n, day), engine.Figures(n, day));
    }

    [Property]
    public void Every_action_is_counted_once_in_each_of_its_ancestors(RandomPlan plan)
    {
        var engine = plan.Engine();
        var tree = engine.Evaluate(plan.Day);
        for (int n = 0; n < engine.NodeCount; n++)
        {
            int actions = Enumerable.Range(n, engine.SubtreeEnd(n) - n).Count(engine.IsAction);
            Assert.Equal(actions, tree.Counts(n).Total);
            foreach (var s in ProgressStatusNames.All)
                Assert.Equal(tree.Counts(n)[s], engine.Children(n).Sum(c => tree.Counts(c)[s]) + (engine.IsAction(n) && tree.Status(n) == s ? 1 : 0));
        }
        Assert.Equal(engine.ActionCount, engine.Agencies(plan.Day).Sum(g => g.ActionCount));
        Assert.Equal(engine.ActionCount, engine.Agencies(plan.Day).Sum(g => g.ActionCounts.Total));
    }

    private static void AssertSame(NodeFigures expected, NodeFigures actual)
    {
        Assert.Equal(expected.Planned, actual.Planned);
        Assert.Equal(expected.Actual, actual.Actual);
        Assert.Equal(expected.Status, actual.Status);
        Assert.Equal(expected.ForecastFinish, actual.ForecastFinish);
        AssertSameCounts(expected.ActionCounts, actual.ActionCounts);
    }

    private static void AssertSameCounts(StatusCounts expected, StatusCounts actual)
    {
        foreach (var s in ProgressStatusNames.All) Assert.Equal(expected[s], actual[s]);
    }

    /// <summary>Two engines of the same plan told apart only by node order or weight scale: equal figures by code.</summary>
    private static void AssertEquivalent(ProgressEngine expected, ProgressEngine actual)
    {
        foreach (int day in Days)
        {
            var e = expected.Evaluate(day);
            var a = actual.Evaluate(day);
            for (int n = 0; n < expected.NodeCount; n++)
            {
                Assert.True(actual.TryFind(expected.Code(n), out int m));
                Assert.Equal(expected.GlobalWeight(n), actual.GlobalWeight(m), Tolerance);
                Assert.Equal(e.Planned(n), a.Planned(m), Tolerance);
                Assert.Equal(e.Actual(n), a.Actual(m), Tolerance);
                AssertSameCounts(e.Counts(n), a.Counts(m));
                if (expected.IsAction(n) || ClearOfThresholds(expected, e.Planned(n), e.Actual(n)))
                    Assert.Equal(e.Status(n), a.Status(m));
            }
            var ge = expected.Agencies(day);
            var ga = actual.Agencies(day);
            for (int g = 0; g < ge.Length; g++)
            {
                Assert.Equal(ge[g].Planned, ga[g].Planned, Tolerance);
                Assert.Equal(ge[g].Actual, ga[g].Actual, Tolerance);
                AssertSameCounts(ge[g].ActionCounts, ga[g].ActionCounts);
            }
        }
    }

    // A node's status may flip where rounding puts its figures on a boundary; elsewhere it must not change.
    private static bool ClearOfThresholds(ProgressEngine engine, double planned, double actual)
    {
        double deviation = actual - planned;
        return Math.Abs(actual - 100) > 1e-6 && planned > 1e-6
            && Math.Abs(deviation - engine.Settings.AtRiskBelow) > 1e-6
            && Math.Abs(deviation - engine.Settings.BehindBelow) > 1e-6;
    }
}
