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
            // One to three reports between reads: the kept values are brought up to date over all of them at once.
            for (int n = random.Next(1, 4); n > 0; n--) Report(random, timeline, facts, ref order);
            AssertSame(engine, facts, plan);
        }
    }

    private static void Report(Random random, ProgressTimeline timeline, List<List<ReportFact>> facts, ref long order)
    {
        {
            int a = random.Next(facts.Count);
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
                if (mine.Any(f => f.Order == o)) return;
                mine.Add(fact);
                timeline.Apply(fact);
            }
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
        int updates = engine.KeptUpdates;
        Assert.NotSame(today, engine.EvaluateKept(70)); // a report for the day itself is seen at once,
        Assert.Equal(updates + 1, engine.KeptUpdates);  // by bringing the kept tree up to date, not evaluating it again
    }

    [Property]
    public void More_changes_than_the_log_holds_compute_the_day_again(RandomPlan plan)
    {
        if (plan.ActionCount == 0) return;
        var timeline = plan.Timeline();
        var engine = timeline.Latest;
        engine.EvaluateKept(70);
        var facts = Enumerable.Range(0, plan.ActionCount).Select(a => plan.Reports.Where(r => r.Slot == a).ToList()).ToList();
        long order = plan.Reports.Count == 0 ? 1 : plan.Reports.Max(r => r.Order) + 1;
        for (int i = 0; i < 1100; i++)
        {
            var fact = new ReportFact(i % plan.ActionCount, 60 + i % 11, order++, (i * 37) % 10001);
            facts[fact.Slot].Add(fact);
            timeline.Apply(fact);
        }
        int updates = engine.KeptUpdates;
        AssertSame(engine, facts, plan);
        Assert.Equal(updates, engine.KeptUpdates);
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
            // A caller's derived value with an update (per agency: report days up to the day and their values' sum).
            var derived = engine.KeptFor(day, ("test-report-days", day), () => ReportDays(engine, day), (old, changes) =>
            {
                var next = (long[])old.Clone();
                foreach (var c in changes)
                {
                    Add(next, engine, c.Action, c.DaysBefore, c.ValuesBefore, day, -1);
                    var (d, v) = engine.ReportTrack(c.Action);
                    Add(next, engine, c.Action, d, v, day, +1);
                }
                return next;
            });
            Assert.Equal(ReportDays(fresh, day), derived);
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

    private static long[] ReportDays(ProgressEngine engine, int day)
    {
        var result = new long[2 * (engine.AgencyCount + 1)];
        for (int a = 0; a < engine.ActionCount; a++)
        {
            var (d, v) = engine.ReportTrack(a);
            Add(result, engine, a, d, v, day, +1);
        }
        return result;
    }

    private static void Add(long[] sums, ProgressEngine engine, int action, int[] days, int[] values, int day, int sign)
    {
        int g = Math.Clamp(engine.AgencyOfAction(action), -1, engine.AgencyCount - 1) + 1;
        for (int i = 0; i < days.Length && days[i] <= day; i++)
        {
            sums[2 * g] += sign;
            sums[2 * g + 1] += sign * values[i];
        }
    }
}
