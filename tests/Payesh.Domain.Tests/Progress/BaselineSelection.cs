using Payesh.Domain.Plans;
using Payesh.Domain.Progress;

namespace Payesh.Domain.Tests.Progress;

/// <summary>progress-spec § Baselines: planned(d) and every roll-up for day d use the baseline in force on d;
/// actual values come from the reports whatever the baseline.</summary>
public class BaselineSelection
{
    // Keys are the caller's node ids: the same node has the same key in every baseline.
    private static ShapeNode Group(long key, int parent, string code, double weight = 1) => new(key, parent, code, weight, null);

    private static ShapeNode Action(long key, int parent, string code, int start, int end, double weight = 1, int agency = 0,
        CurveKind curve = CurveKind.Linear, params (int Day, double Percent)[] milestones) =>
        new(key, parent, code, weight, new ShapeAction(agency, start, end, curve, milestones));

    private static PlanShape Shape(params ShapeNode[] nodes) => new(nodes, 2, PlanSettings.Default);

    /// <summary>Baseline 1: A over days 1–100, B over 1–100, equal weights. Baseline 2 (from day 51): A ends on day 60,
    /// B weighs 3, and C (new) runs 51–80. Baseline 3 (from day 71): B is removed.</summary>
    private static ProgressTimeline Timeline() => new(
    [
        new BaselineShape(int.MinValue, Shape(Group(1, -1, "X"), Action(2, 0, "A", 1, 100), Action(3, 0, "B", 1, 100, agency: 1))),
        new BaselineShape(51, Shape(Group(1, -1, "X"), Action(2, 0, "A", 1, 60), Action(3, 0, "B", 1, 100, 3, agency: 1), Action(4, 0, "C", 51, 80))),
        new BaselineShape(71, Shape(Group(1, -1, "X"), Action(2, 0, "A", 1, 60), Action(4, 0, "C", 51, 80))),
    ]);

    private static double Planned(ProgressTimeline t, string code, int day)
    {
        Assert.True(t.TryLocate(code, day, out var engine, out int node));
        return engine.Figures(node, day).Planned;
    }

    private static double Actual(ProgressTimeline t, string code, int day)
    {
        Assert.True(t.TryLocate(code, day, out var engine, out int node));
        return engine.Figures(node, day).Actual;
    }

    [Fact]
    public void Planned_before_a_rebaseline_uses_the_old_schedule_and_from_its_day_on_the_new_one()
    {
        var t = Timeline();

        Assert.Equal(50, Planned(t, "A", 50), 9);          // 50 of 100 days, baseline 1
        Assert.Equal(100.0 * 51 / 60, Planned(t, "A", 51), 9); // day 51 is the first under baseline 2
        Assert.Equal(100, Planned(t, "A", 60), 9);
    }

    [Fact]
    public void Roll_ups_of_a_day_use_the_weights_and_nodes_in_force_that_day()
    {
        var t = Timeline();

        // Day 50: (A 50 + B 50) / 2.
        Assert.Equal(50, Planned(t, "", 50), 9);
        // Day 55: (A 55/60·100 + 3·B 55 + C 5/30·100) / 5.
        Assert.Equal((100.0 * 55 / 60 + 3 * 55 + 100.0 * 5 / 30) / 5, Planned(t, "", 55), 9);
        // Day 75: B is gone: (A 100 + C 25/30·100) / 2.
        Assert.Equal((100 + 100.0 * 25 / 30) / 2, Planned(t, "", 75), 9);
    }

    [Fact]
    public void The_first_baseline_also_covers_days_before_its_effective_day()
    {
        var t = new ProgressTimeline([new BaselineShape(10, Shape(Action(1, -1, "A", 1, 100)))]);

        Assert.Equal(0, t.IndexAt(-1000));
        Assert.Equal(5, Planned(t, "A", 5), 9);
    }

    [Fact]
    public void Of_baselines_in_force_from_the_same_day_the_later_one_wins()
    {
        var t = new ProgressTimeline(
        [
            new BaselineShape(int.MinValue, Shape(Action(1, -1, "A", 1, 100))),
            new BaselineShape(20, Shape(Action(1, -1, "A", 1, 50))),
            new BaselineShape(20, Shape(Action(1, -1, "A", 1, 40))),
        ]);

        Assert.Equal(0, t.IndexAt(19));
        Assert.Equal(2, t.IndexAt(20));
        Assert.Equal(50, Planned(t, "A", 20), 9);
    }

    [Fact]
    public void Actual_comes_from_the_reports_whatever_the_baseline()
    {
        var t = Timeline();
        t.Apply(new ReportFact(t.SlotOf(2), 30, 1, 4000));
        t.Apply(new ReportFact(t.SlotOf(3), 30, 2, 2000));

        Assert.Equal(40, Actual(t, "A", 30));
        Assert.Equal(40, Actual(t, "A", 65)); // under baseline 2
        Assert.Equal(40, Actual(t, "A", 90)); // under baseline 3
        // The whole plan's actual follows the nodes and weights in force: day 30 (40 + 20) / 2, day 65 (40 + 3·20 + 0) / 5.
        Assert.Equal(30, Actual(t, "", 30), 9);
        Assert.Equal(20, Actual(t, "", 65), 9);
    }

    [Fact]
    public void A_removed_action_keeps_its_last_schedule_and_an_added_one_its_first()
    {
        var t = Timeline();

        // B is not in baseline 3, C not in baseline 1: each is answered from the nearest baseline that has it.
        Assert.Equal(90, Planned(t, "B", 90), 9);
        Assert.Equal(0, Planned(t, "C", 10), 9);
        Assert.Null(t.Action(-1, 10));
        Assert.Equal(90, t.Action(t.SlotOf(3), 90)!.Planned, 9);
    }

    [Theory]
    [InlineData("")]
    [InlineData("X")]
    [InlineData("A")]
    [InlineData("B")]
    [InlineData("C")]
    public void Series_across_rebaselines_gives_for_every_day_the_figures_of_that_day(string code)
    {
        var t = Timeline();
        t.Apply(new ReportFact(t.SlotOf(2), 20, 1, 1500));
        t.Apply(new ReportFact(t.SlotOf(4), 60, 2, 3000));
        t.Apply(new ReportFact(t.SlotOf(3), 75, 3, 9000));

        var series = t.Series(code, -3, 110);

        Assert.Equal(114, series.Planned.Length);
        for (int i = 0; i < series.Planned.Length; i++)
        {
            Assert.Equal(Planned(t, code, series.From + i), series.Planned[i]);
            Assert.Equal(Actual(t, code, series.From + i), series.Actual[i]);
        }
    }

    [Fact]
    public void With_one_baseline_the_timeline_is_the_engine_itself()
    {
        var shape = Shape(Group(1, -1, "X"), Action(2, 0, "A", 1, 30), Action(3, 0, "B", 10, 40, 2));
        var t = new ProgressTimeline(shape);
        var single = new ProgressTimeline(shape);
        var engine = single.Latest;
        t.Apply(new ReportFact(t.SlotOf(3), 12, 1, 2500));
        Assert.True(engine.TryFind("B", out int b));
        single.Apply(new ReportFact(engine.ActionIndex(b), 12, 1, 2500));

        Assert.Same(t.Latest, t.At(-100));
        Assert.Same(t.Latest, t.At(1000));
        Assert.Equal(engine.Series(0, 0, 50).Planned, t.Series("", 0, 50).Planned);
        Assert.Equal(engine.Series(0, 0, 50).Actual, t.Series("", 0, 50).Actual);
        Assert.Equal(engine.ActionIndex(b), t.SlotOf(3));
    }

    [Fact]
    public void Baselines_must_take_effect_in_the_order_of_their_versions()
    {
        var ex = Assert.Throws<DomainException>(() => new ProgressTimeline(
        [
            new BaselineShape(int.MinValue, Shape(Action(1, -1, "A", 1, 10))),
            new BaselineShape(30, Shape(Action(1, -1, "A", 1, 10))),
            new BaselineShape(20, Shape(Action(1, -1, "A", 1, 10))),
        ]));
        Assert.Matches(PersianPattern.Letters, ex.Message);
    }

    [Fact]
    public void A_loaded_history_and_a_replaced_one_reach_every_baseline()
    {
        var t = Timeline();
        var loader = t.BeginLoad();
        loader.Add(new ReportFact(t.SlotOf(3), 10, 1, 1000));
        loader.Add(new ReportFact(t.SlotOf(3), 60, 2, 6000));
        loader.Complete();
        Assert.Equal(60, ActualOfB(t.Engine(0), 60));
        Assert.Equal(60, ActualOfB(t.Engine(1), 60));

        t.ReplaceReports(t.SlotOf(3), [new ReportFact(t.SlotOf(3), 10, 1, 1000)]);

        Assert.Equal(10, ActualOfB(t.Engine(0), 60));
        Assert.Equal(10, ActualOfB(t.Engine(1), 60));
    }

    private static double ActualOfB(ProgressEngine engine, int day)
    {
        Assert.True(engine.TryFind("B", out int node));
        return engine.ActualOfAction(engine.ActionIndex(node), day);
    }
}
