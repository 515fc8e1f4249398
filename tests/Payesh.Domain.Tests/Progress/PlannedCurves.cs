using Payesh.Domain.Plans;
using Payesh.Domain.Progress;

namespace Payesh.Domain.Tests.Progress;

/// <summary>progress-spec § planned progress of an action. Every case is an action from day 1 to day 10.</summary>
public class PlannedCurves
{
    private const double Tolerance = 1e-12;

    [Theory]
    [InlineData(-5, 0)]
    [InlineData(0, 0)]
    [InlineData(1, 10)]
    [InlineData(5, 50)]
    [InlineData(9, 90)]
    [InlineData(10, 100)]
    [InlineData(11, 100)]
    [InlineData(1000, 100)]
    public void Linear_is_the_share_of_days_elapsed_by_the_end_of_the_day(int day, double expected)
    {
        Assert.Equal(expected, new PlannedCurve(1, 10, CurveKind.Linear).At(day), Tolerance);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 2.8)]    // x = 0.1: 3·0.01 − 2·0.001
    [InlineData(2, 10.4)]   // x = 0.2: 3·0.04 − 2·0.008
    [InlineData(5, 50)]
    [InlineData(8, 89.6)]   // x = 0.8: 3·0.64 − 2·0.512
    [InlineData(10, 100)]
    [InlineData(11, 100)]
    public void SCurve_is_3x2_minus_2x3(int day, double expected)
    {
        Assert.Equal(expected, new PlannedCurve(1, 10, CurveKind.SCurve).At(day), Tolerance);
    }

    [Theory]
    [InlineData(-1, 0)]
    [InlineData(0, 0)]      // the point (S − 1, 0)
    [InlineData(1, 10)]
    [InlineData(2, 20)]
    [InlineData(4, 40)]     // the milestone
    [InlineData(7, 70)]     // halfway from (4, 40) to (10, 100)
    [InlineData(10, 100)]   // the point (E, 100)
    [InlineData(12, 100)]
    public void Milestones_are_joined_by_straight_segments_from_S_minus_1_to_E(int day, double expected)
    {
        var curve = new PlannedCurve(1, 10, CurveKind.Milestones, [(4, 40)]);
        Assert.Equal(expected, curve.At(day), Tolerance);
    }

    [Theory]
    [InlineData(1, 50.0 / 3)]
    [InlineData(3, 50)]
    [InlineData(4, 50)]
    [InlineData(6, 50)]
    [InlineData(8, 75)]
    public void Milestones_with_equal_percentages_keep_the_curve_flat_between_them(int day, double expected)
    {
        var curve = new PlannedCurve(1, 10, CurveKind.Milestones, [(3, 50), (6, 50)]);
        Assert.Equal(expected, curve.At(day), Tolerance);
    }

    [Fact]
    public void A_milestone_on_the_first_day_is_reached_that_day()
    {
        var curve = new PlannedCurve(1, 10, CurveKind.Milestones, [(1, 30)]);

        Assert.Equal(0, curve.At(0));
        Assert.Equal(30, curve.At(1), Tolerance);
        Assert.Equal(30 + 70.0 * 3 / 9, curve.At(4), Tolerance);
    }

    [Fact]
    public void A_milestone_on_the_last_day_gives_way_to_100_at_the_end()
    {
        var curve = new PlannedCurve(1, 10, CurveKind.Milestones, [(10, 80)]);

        Assert.Equal(40, curve.At(5), Tolerance);
        Assert.Equal(72, curve.At(9), Tolerance);
        Assert.Equal(100, curve.At(10));
    }

    [Fact]
    public void A_milestone_of_100_before_the_end_keeps_100_after_it()
    {
        var curve = new PlannedCurve(1, 10, CurveKind.Milestones, [(5, 100)]);

        Assert.Equal(80, curve.At(4), Tolerance);
        Assert.Equal(100, curve.At(5), Tolerance);
        Assert.Equal(100, curve.At(7), Tolerance);
    }

    [Fact]
    public void A_milestone_of_zero_keeps_the_curve_at_zero_until_it()
    {
        var curve = new PlannedCurve(1, 10, CurveKind.Milestones, [(5, 0)]);

        Assert.Equal(0, curve.At(3));
        Assert.Equal(0, curve.At(5));
        Assert.Equal(40, curve.At(7), Tolerance);
    }

    [Fact]
    public void Milestones_without_points_are_linear()
    {
        var milestones = new PlannedCurve(1, 10, CurveKind.Milestones, []);
        var linear = new PlannedCurve(1, 10, CurveKind.Linear);

        for (int d = -2; d <= 12; d++) Assert.Equal(linear.At(d), milestones.At(d), Tolerance);
    }

    public static TheoryData<CurveKind> Kinds => [CurveKind.Linear, CurveKind.SCurve, CurveKind.Milestones];

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Planned_is_0_before_the_start_and_100_from_the_end_on(CurveKind kind)
    {
        var curve = new PlannedCurve(11, 40, kind, [(20, 10), (30, 90)]);

        Assert.Equal(0, curve.At(int.MinValue / 2));
        Assert.Equal(0, curve.At(10));
        Assert.True(curve.At(11) > 0);
        Assert.True(curve.At(39) < 100);
        Assert.Equal(100, curve.At(40));
        Assert.Equal(100, curve.At(41));
        Assert.Equal(100, curve.At(int.MaxValue / 2));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void A_one_day_action_is_planned_in_full_on_its_day(CurveKind kind)
    {
        var curve = new PlannedCurve(5, 5, kind, kind == CurveKind.Milestones ? [(5, 40)] : null);

        Assert.Equal(0, curve.At(4));
        Assert.Equal(100, curve.At(5));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void The_planned_curve_never_decreases(CurveKind kind)
    {
        var curve = new PlannedCurve(3, 50, kind, [(3, 5), (10, 5), (20, 60), (49, 60), (50, 70)]);

        for (int d = -5; d <= 55; d++)
        {
            Assert.True(curve.At(d + 1) >= curve.At(d), $"day {d}: {curve.At(d)} then {curve.At(d + 1)}");
            Assert.InRange(curve.At(d), 0, 100);
        }
    }

    [Fact]
    public void An_end_before_the_start_is_refused()
    {
        var ex = Assert.Throws<DomainException>(() => new PlannedCurve(10, 9, CurveKind.Linear));
        Assert.Matches(PersianPattern.Letters, ex.Message);
    }

    [Fact]
    public void The_engine_uses_the_action_curve()
    {
        var plan = new TestPlan()
            .Action("L", 1, 10)
            .Action("S", 1, 10, curve: CurveKind.SCurve)
            .Action("M", 1, 10, curve: CurveKind.Milestones, milestones: [(4, 40)]);

        Assert.Equal(50, plan.ActionAt("L", 5).Planned, Tolerance);
        Assert.Equal(10.4, plan.ActionAt("S", 2).Planned, Tolerance);
        Assert.Equal(70, plan.ActionAt("M", 7).Planned, Tolerance);
        Assert.Equal(70, plan.Engine.PlannedOfAction(plan.A("M"), 7), Tolerance);
        Assert.Equal(CurveKind.SCurve, plan.Engine.Curve(plan.A("S")).Kind);
    }
}
