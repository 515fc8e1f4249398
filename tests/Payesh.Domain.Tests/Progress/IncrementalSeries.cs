using FsCheck.Xunit;
using Payesh.Domain.Plans;
using Payesh.Domain.Progress;

namespace Payesh.Domain.Tests.Progress;

/// <summary>
/// Issue 14 item 4: the engine keeps every node's daily actual series and, on a report, updates only the span the
/// report changes (its day until the action's next report) on its ancestors. Whatever the sequence of reports —
/// corrections on the same day, back-dated reports, late arrivals of older submissions, rejected reports taken
/// out — the kept series equals a full recompute exactly.
/// </summary>
[Properties(Arbitrary = [typeof(RandomPlanArbitraries)], MaxTest = 150)]
public class IncrementalSeries
{
    private const int From = RandomPlan.FirstDay, To = RandomPlan.LastDay;

    [Property]
    public void Kept_series_equal_a_full_recompute_after_any_report_sequence(RandomPlan plan)
    {
        var random = new Random(plan.Seed);
        var timeline = plan.Timeline();
        var engine = timeline.Latest;
        var facts = Enumerable.Range(0, plan.ActionCount).Select(a => plan.Reports.Where(r => r.Slot == a).ToList()).ToList();
        var used = plan.Reports.Select(r => r.Order).ToHashSet();
        long order = used.Count == 0 ? 1 : used.Max() + 1;
        int from = From, to = To;
        AssertSame(engine, facts, plan, from, to); // builds the book before any change

        for (int step = 0; step < 40 && plan.ActionCount > 0; step++)
        {
            int a = random.Next(plan.ActionCount);
            var mine = facts[a];
            int kind = random.Next(10);
            if (kind == 0 && mine.Count > 0)
            {
                // A report stops counting (rejected, returned): the action's history is replaced.
                mine.RemoveAt(random.Next(mine.Count));
                timeline.ReplaceReports(a, mine);
            }
            else
            {
                int day = kind switch
                {
                    <= 3 when mine.Count > 0 => mine[random.Next(mine.Count)].Day,                 // a correction of a reported day
                    <= 5 when mine.Count > 0 => mine.Min(f => f.Day) - random.Next(0, 5),           // back-dated before the first
                    _ => random.Next(-5, 81),
                };
                long o = order++;
                if (kind == 9)
                {
                    // A late arrival of an older submission: it loses to a newer one on the same day.
                    do o = random.NextInt64(1, order); while (!used.Add(o));
                }
                else used.Add(o);
                var fact = new ReportFact(a, day, o, random.Next(5) == 0 ? random.Next(2) * 10000 : random.Next(10001));
                mine.Add(fact);
                timeline.Apply(fact);
            }
            if (random.Next(8) == 0)
            {
                // Another window: inside the kept one, or beyond it (the book grows to cover both).
                from = random.Next(From - 20, To);
                to = random.Next(from, To + 20);
            }
            AssertSame(engine, facts, plan, from, to);
        }
    }

    private static void AssertSame(ProgressEngine engine, List<List<ReportFact>> facts, RandomPlan plan, int from, int to)
    {
        var fresh = RandomPlan.Engine(plan.Shape, facts.SelectMany(f => f));
        for (int n = 0; n < engine.NodeCount; n++)
        {
            var kept = engine.Series(n, from, to);
            var full = fresh.SeriesFromScratch(n, from, to);
            Assert.Equal(full.Planned, kept.Planned);
            Assert.Equal(full.Actual, kept.Actual); // exact: same operations in the same order
        }
    }

    [Property]
    public void A_report_marks_only_its_ancestors_and_leaves_the_rest_of_the_book(RandomPlan plan)
    {
        if (plan.ActionCount == 0) return;
        var timeline = plan.Timeline();
        var engine = timeline.Latest;
        engine.Series(engine.Root, From, To);
        var book = engine.Book!;
        int a = plan.Seed % plan.ActionCount;
        timeline.Apply(new ReportFact(a, 30, long.MaxValue, plan.Seed % 10001));
        Assert.Same(book, engine.Book);
        Assert.True(book.DirtyCount <= engine.Depth(engine.NodeOfAction(a)));
        engine.Series(engine.Root, From, To);
        Assert.Equal(0, book.DirtyCount);
    }

    [Fact]
    public void A_new_report_changes_its_day_until_the_next_report()
    {
        var plan = new TestPlan().Action("A", 1, 60, 1).Report("A", 10, 20).Report("A", 40, 50);
        var engine = plan.Engine;
        engine.Series(engine.Root, 0, 60);
        var before = engine.TrackOf(0);
        plan.Timeline.Apply(new ReportFact(0, 25, 99, 3000));
        Assert.Equal((25, 39), ActionTrack.ChangedSpan(before, engine.TrackOf(0)));
        before = engine.TrackOf(0);
        plan.Timeline.Apply(new ReportFact(0, 50, 100, 6000));
        Assert.Equal((50, int.MaxValue), ActionTrack.ChangedSpan(before, engine.TrackOf(0)));
        before = engine.TrackOf(0);
        plan.Timeline.Apply(new ReportFact(0, 25, 101, 3000)); // the same value again: nothing changes
        Assert.Null(ActionTrack.ChangedSpan(before, engine.TrackOf(0)));
        var s = engine.Series(engine.Root, 0, 60);
        Assert.Equal(20, s.Actual[24]);
        Assert.Equal(30, s.Actual[25]);
        Assert.Equal(50, s.Actual[49]);
        Assert.Equal(60, s.Actual[50]);
    }
}
