using Payesh.Domain.Plans;

namespace Payesh.Domain.Tests.Progress;

/// <summary>progress-spec § series: for every day the same numbers as the single-day query.</summary>
public class SeriesMatchesFigures
{
    private static TestPlan Plan() => new TestPlan()
        .Group("X", 3)
        .Group("X1", 2, "X").Action("A", 1, 30, 1, "X1").Action("B", 10, 40, 3, "X1", curve: CurveKind.SCurve)
        .Action("C", 5, 25, 1, "X", curve: CurveKind.Milestones, milestones: [(10, 30), (20, 35)])
        .Group("Y", 0).Action("D", 20, 20, 0, "Y").Action("E", 1, 60, 0, "Y")
        .Report("A", 3, 10).Report("A", 12, 35.5).Report("A", 12, 30).Report("A", 29, 100)
        .Report("B", 8, 5).Report("B", 20, 2.25)
        .Report("C", 15, 40)
        .Report("E", 1, 1).Report("E", 50, 99.99);

    [Theory]
    [InlineData("")]
    [InlineData("X")]
    [InlineData("X1")]
    [InlineData("Y")]
    [InlineData("A")]
    [InlineData("C")]
    [InlineData("D")]
    public void Series_gives_for_every_day_the_figures_of_that_day(string code)
    {
        var plan = Plan();

        var series = plan.Engine.Series(plan.N(code), -5, 70);

        Assert.Equal(76, series.Planned.Length);
        Assert.Equal(76, series.Actual.Length);
        for (int i = 0; i < series.Planned.Length; i++)
        {
            var f = plan.NodeAt(code, series.From + i);
            Assert.Equal(f.Planned, series.Planned[i]);
            Assert.Equal(f.Actual, series.Actual[i]);
        }
    }

    [Fact]
    public void A_one_day_series_is_that_day()
    {
        var plan = Plan();

        var series = plan.Engine.Series(plan.N(""), 15, 15);

        Assert.Equal(plan.NodeAt("", 15).Planned, Assert.Single(series.Planned));
        Assert.Equal(plan.NodeAt("", 15).Actual, Assert.Single(series.Actual));
    }

    [Fact]
    public void A_series_ending_before_it_starts_is_refused()
    {
        var plan = Plan();

        Assert.Throws<DomainException>(() => plan.Engine.Series(plan.N(""), 10, 9));
    }
}
