using FsCheck.Xunit;
using Payesh.Domain.Progress;

namespace Payesh.Domain.Tests.Progress;

/// <summary>
/// Issue 14 (the dashboard's 7- and 30-day changes): the engine keeps a day's tree and agency figures until a report
/// reaches back to that day. Whatever the sequence of reports — today's, back-dated ones, corrections, late arrivals
/// of older submissions, rejected reports taken out — a kept day's figures equal a fresh evaluation exactly.
/// </summary>
[Properties(Arbitrary = [typeof(RandomPlanArbitraries)], MaxTest = 150)]
public class KeptFigures
{
    private static readonly int[] Days = [RandomPlan.FirstDay, 0, 20, 45, 46, 70, RandomPlan.LastDay];

    [Property]
    public void Kept_figures_equal_a_fresh_evaluation_after_any_report_sequence(RandomPlan plan)
    {
        var random = new Random(plan.Seed);
        var timeline = plan.Timeline();
        var engine = timeline.Latest;
        var facts = Enumerable.Range(0, plan.ActionCount).Select(a => plan.Reports.Where(r => r.Slot == a).ToList()).ToList();
        long order = plan.Reports.Count == 0 ? 1 : plan.Reports.Max(r => r.Order) + 1;
        AssertSame(engine, facts, plan);

        for (int step = 0; step < 30 && plan.ActionCount > 0; step++)
        {
            int a = random.Next(plan.ActionCount);
            var mine = facts[a];
            if (random.Next(10) == 0 && mine.Count > 0)
            {
                mine.RemoveAt(random.Next(mine.Count)); // a report stops counting
                timeline.ReplaceReports(a, mine);
            }
            else
            {
                // Mostly "today's" report (late in the window), sometimes back-dated, sometimes an older submission.
                int day = random.Next(3) == 0 ? random.Next(RandomPlan.FirstDay, RandomPlan.LastDay + 1) : random.Next(60, RandomPlan.LastDay + 1);
                long o = random.Next(8) == 0 ? random.NextInt64(1, order) : order++;
                var fact = new ReportFact(a, day, o, random.Next(10001));
                if (mine.Any(f => f.Order == o)) continue;
                mine.Add(fact);
                timeline.Apply(fact);
            }
            AssertSame(engine, facts, plan);
        }
    }

    [Property]
    public void A_report_for_a_later_day_keeps_the_earlier_days(RandomPlan plan)
    {
        if (plan.ActionCount == 0) return;
        var timeline = plan.Timeline();
        var engine = timeline.Latest;
        var weekAgo = engine.EvaluateKept(63);
        var monthAgo = engine.EvaluateKept(40);
        var today = engine.EvaluateKept(70);
        int a = plan.Seed % plan.ActionCount;
        int value = (int)Math.Round(engine.ActualOfAction(a, 70) * 100);
        timeline.Apply(new ReportFact(a, 70, long.MaxValue, value == 10000 ? 0 : value + 1)); // a different value on day 70
        Assert.Same(weekAgo, engine.EvaluateKept(63));
        Assert.Same(monthAgo, engine.EvaluateKept(40));
        Assert.NotSame(today, engine.EvaluateKept(70)); // a report for the day itself is seen at once
    }

    private static void AssertSame(ProgressEngine engine, List<List<ReportFact>> facts, RandomPlan plan)
    {
        var fresh = RandomPlan.Engine(plan.Shape, facts.SelectMany(f => f));
        foreach (int day in Days)
        {
            var kept = engine.EvaluateKept(day);
            var full = fresh.Evaluate(day);
            for (int n = 0; n < engine.NodeCount; n++)
            {
                Assert.Equal(full.Planned(n), kept.Planned(n));
                Assert.Equal(full.Actual(n), kept.Actual(n));
                Assert.Equal(full.Status(n), kept.Status(n));
                Assert.Equal(full.Forecast(n), kept.Forecast(n));
                foreach (var s in ProgressStatusNames.All) Assert.Equal(full.Count(n, s), kept.Count(n, s));
            }
            var keptAgencies = engine.AgenciesKept(day);
            var fullAgencies = fresh.Agencies(day);
            Assert.Equal(fullAgencies.Length, keptAgencies.Length);
            for (int g = 0; g < fullAgencies.Length; g++)
            {
                Assert.Equal(fullAgencies[g].Planned, keptAgencies[g].Planned);
                Assert.Equal(fullAgencies[g].Actual, keptAgencies[g].Actual);
                Assert.Equal(fullAgencies[g].ActionCount, keptAgencies[g].ActionCount);
                foreach (var s in ProgressStatusNames.All) Assert.Equal(fullAgencies[g].ActionCounts[s], keptAgencies[g].ActionCounts[s]);
            }
        }
    }
}
