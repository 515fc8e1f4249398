using Payesh.Domain.Progress;

namespace Payesh.Domain.Tests.Progress;

/// <summary>Issue 12 § 6: every headline figure, axis and agency shows its change over 7 and 30 days, read from the
/// engine for the two earlier days.</summary>
public class FigureChangeRules
{
    // Two actions of 100 days each (days 1–100), agency 0 leads A, agency 1 leads B, equal weights.
    // Reports: A 10 on day 20, 30 on day 45, 40 on day 55; B 20 on day 30, nothing after.
    private static TestPlan Plan() => new TestPlan()
        .Group("X").Action("A", 1, 100, parent: "X", agency: 0).Action("B", 1, 100, parent: "X", agency: 1)
        .Report("A", 20, 10).Report("A", 45, 30).Report("A", 55, 40).Report("B", 30, 20);

    [Fact]
    public void Change_is_the_figure_now_less_the_figure_7_and_30_days_before()
    {
        var plan = Plan();
        var t = FigureTrends.Of(plan.Engine.Evaluate(60));
        int x = plan.N("X");

        // Actual of X: day 60 = (40 + 20) / 2 = 30; day 53 = (30 + 20) / 2 = 25; day 30 = (10 + 20) / 2 = 15.
        var actual = t.Actual(x);
        Assert.Equal(30, actual.Now!.Value, 9);
        Assert.Equal(5, actual.Week!.Value, 9);
        Assert.Equal(15, actual.Month!.Value, 9);
        Assert.Equal((Trend.Better, Trend.Better), (actual.WeekTrend, actual.MonthTrend));

        // Planned (linear over 100 days) rises by 7 and 30 points; deviation = actual change − planned change.
        Assert.Equal(7, t.Planned(x).Week!.Value, 9);
        Assert.Equal(5 - 7, t.Deviation(x).Week!.Value, 9);
        Assert.Equal(15 - 30, t.Deviation(x).Month!.Value, 9);
        Assert.Equal(Trend.Worse, t.Deviation(x).WeekTrend);
    }

    [Fact]
    public void Agencies_change_by_the_actions_they_lead()
    {
        var plan = Plan();
        var t = FigureTrends.Of(plan.Engine.Evaluate(60));

        Assert.Equal(40 - 30, t.AgencyActual(0).Week!.Value, 9);   // A: 30 on day 53
        Assert.Equal(40 - 10, t.AgencyActual(0).Month!.Value, 9);  // A: 10 on day 30
        Assert.Equal(0, t.AgencyActual(1).Week!.Value, 9);         // B has not moved
        Assert.Equal(Trend.Same, t.AgencyActual(1).WeekTrend);
    }

    [Fact]
    public void More_stopped_actions_is_worse()
    {
        var plan = Plan();
        // B's last progress is day 30: stopped from day 44 (threshold 14). On day 60 it is stopped; on day 30 it was not.
        var t = FigureTrends.Of(plan.Engine.Evaluate(60));
        var stopped = t.Count(plan.N(""), ProgressStatus.Stopped);

        Assert.Equal(1, stopped.Now);
        Assert.Equal(0, stopped.Month!.Value - 1);
        Assert.Equal(Trend.Worse, stopped.MonthTrend);
    }

    [Fact]
    public void A_change_below_a_twentieth_of_a_point_is_no_change()
    {
        Assert.Equal(Trend.Same, new FigureChange(10.04, 10, 10).WeekTrend);
        Assert.Equal(Trend.Better, new FigureChange(10.05, 10, 10).WeekTrend);
        Assert.Equal(Trend.Worse, new FigureChange(3, 1, 1, HigherIsBetter: false).WeekTrend);
    }

    [Fact]
    public void No_change_when_the_figure_had_no_value_then()
    {
        var c = new FigureChange(0.9, null, 0.8);
        Assert.Null(c.Week);
        Assert.Equal(Trend.Unknown, c.WeekTrend);
        Assert.Equal(0.1, c.Month!.Value, 9);
    }

    [Fact]
    public void Earlier_figures_must_be_7_and_30_days_before()
    {
        var e = Plan().Engine;
        Assert.Throws<ArgumentException>(() => new FigureTrends(e.Evaluate(60), e.Evaluate(52), e.Evaluate(30)));
    }

    [Fact]
    public void Changes_add_up_to_the_figure_on_each_earlier_day_for_random_days()
    {
        var plan = Plan();
        var rnd = new Random(12);
        for (int i = 0; i < 200; i++)
        {
            int day = rnd.Next(-10, 140);
            var t = FigureTrends.Of(plan.Engine.Evaluate(day));
            foreach (int node in new[] { plan.N(""), plan.N("X"), plan.N("A"), plan.N("B") })
            {
                Assert.Equal(plan.Engine.Figures(node, day - 7).Actual, t.Actual(node).Now!.Value - t.Actual(node).Week!.Value, 9);
                Assert.Equal(plan.Engine.Figures(node, day - 30).Actual, t.Actual(node).Now!.Value - t.Actual(node).Month!.Value, 9);
            }
        }
    }
}
