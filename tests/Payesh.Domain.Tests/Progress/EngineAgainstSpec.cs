using FsCheck.Xunit;
using Payesh.Domain.Progress;

namespace Payesh.Domain.Tests.Progress;

/// <summary>The engine agrees, on random plans, with a literal and slow reading of progress-spec.md (<see cref="SpecOracle"/>).</summary>
[Properties(Arbitrary = [typeof(RandomPlanArbitraries)], MaxTest = 100)]
public class EngineAgainstSpec
{
    private const double Tolerance = 1e-9;

    [Property]
    public void Every_action_figure_follows_the_spec(RandomPlan plan)
    {
        var engine = plan.Engine();
        var oracle = new SpecOracle(plan.Shape, plan.Reports);
        var actions = plan.Shape.Nodes.Where(n => n.Action is not null).Select(n => n.Action!).ToList();
        for (int day = RandomPlan.FirstDay; day <= RandomPlan.LastDay; day++)
        {
            for (int a = 0; a < actions.Count; a++)
            {
                var expected = oracle.Action(a, actions[a], day);
                var actual = engine.Action(a, day);
                string where = $"action {a}, day {day}";
                Assert.True(Math.Abs(expected.Planned - actual.Planned) <= Tolerance, $"{where}: planned {expected.Planned} vs {actual.Planned}");
                Assert.True(expected.Actual == actual.Actual, $"{where}: actual {expected.Actual} vs {actual.Actual}");
                Assert.True(expected.LastProgressDay == actual.LastProgressDay, $"{where}: last progress day {expected.LastProgressDay} vs {actual.LastProgressDay}");
                Assert.True(expected.Forecast == actual.ForecastFinish, $"{where}: forecast {expected.Forecast} vs {actual.ForecastFinish}");
                if (ClearOfThresholds(plan, expected.Actual - expected.Planned))
                    Assert.True(expected.Status == actual.Status, $"{where}: status {expected.Status} vs {actual.Status}");
            }
        }
    }

    [Property]
    public void Every_node_is_the_weighted_mean_of_its_children(RandomPlan plan)
    {
        var engine = plan.Engine();
        var oracle = new SpecOracle(plan.Shape, plan.Reports);
        var actionOfShapeNode = ActionIndexes(plan);
        for (int day = RandomPlan.FirstDay; day <= RandomPlan.LastDay; day += 3)
        {
            var tree = engine.Evaluate(day);
            for (int i = 0; i < plan.Shape.Nodes.Count; i++)
            {
                Assert.True(engine.TryFind(plan.Shape.Nodes[i].Code, out int node));
                var (planned, actual) = oracle.Node(i, day, s => actionOfShapeNode[s]);
                Assert.Equal(planned, tree.Planned(node), Tolerance);
                Assert.Equal(actual, tree.Actual(node), Tolerance);
                if (!engine.IsAction(node) && ClearOfThresholds(plan, actual - planned) && Math.Abs(actual - 100) > Tolerance
                    && (planned > Tolerance || actual > Tolerance))
                {
                    var s = plan.Shape.Settings;
                    var expected = actual >= 100 ? ProgressStatus.Completed
                        : actual - planned < s.BehindBelow ? ProgressStatus.Behind
                        : actual - planned < s.AtRiskBelow ? ProgressStatus.AtRisk
                        : ProgressStatus.OnTrack;
                    Assert.Equal(expected, tree.Status(node));
                }
                else if (!engine.IsAction(node) && planned == 0 && actual == 0)
                    Assert.Equal(ProgressStatus.NotStarted, tree.Status(node));
            }
        }
    }

    [Property]
    public void Agency_figures_are_global_weight_means_over_the_actions_each_leads(RandomPlan plan)
    {
        var engine = plan.Engine();
        var oracle = new SpecOracle(plan.Shape, plan.Reports);
        var actions = plan.Shape.Nodes.Where(n => n.Action is not null).Select(n => n.Action!).ToList();
        var figures = engine.Agencies(plan.Day);
        for (int g = 0; g < RandomPlans.Agencies; g++)
        {
            var led = Enumerable.Range(0, actions.Count).Where(a => actions[a].Agency == g).ToList();
            var weights = led.Select(a => engine.GlobalWeight(engine.NodeOfAction(a))).ToList();
            if (weights.Sum() == 0) weights = [.. led.Select(_ => 1.0)];
            var states = led.Select(a => oracle.Action(a, actions[a], plan.Day)).ToList();
            double total = weights.Sum();
            double planned = total == 0 ? 0 : states.Select((s, i) => weights[i] * s.Planned).Sum() / total;
            double actual = total == 0 ? 0 : states.Select((s, i) => weights[i] * s.Actual).Sum() / total;

            Assert.Equal(led.Count, figures[g].ActionCount);
            Assert.Equal(planned, figures[g].Planned, Tolerance);
            Assert.Equal(actual, figures[g].Actual, Tolerance);
            foreach (var status in ProgressStatusNames.All)
                Assert.Equal(led.Count(a => engine.Action(a, plan.Day).Status == status), figures[g].ActionCounts[status]);
        }
    }

    private static Dictionary<int, int> ActionIndexes(RandomPlan plan)
    {
        // The random plans are listed in tree order, so actions are numbered as they come.
        var result = new Dictionary<int, int>();
        for (int i = 0; i < plan.Shape.Nodes.Count; i++)
            if (plan.Shape.Nodes[i].Action is not null) result[i] = result.Count;
        return result;
    }

    private static bool ClearOfThresholds(RandomPlan plan, double deviation) =>
        Math.Abs(deviation - plan.Shape.Settings.AtRiskBelow) > Tolerance
        && Math.Abs(deviation - plan.Shape.Settings.BehindBelow) > Tolerance;
}
