namespace Payesh.Domain.Tests.Progress;

/// <summary>
/// progress-spec § forecast finish: rate = (actual(d) − actual(d − 30)) / 30; forecast d + ceil((100 − actual) / rate);
/// the last progress day once complete; none when the rate is not positive.
/// </summary>
public class ForecastFinish
{
    private static TestPlan Action() => new TestPlan().Action("A", 1, 200);

    private static int? ForecastOn(TestPlan plan, int day) => plan.ActionAt("A", day).ForecastFinish;

    [Fact]
    public void Forecast_extends_the_pace_of_the_last_30_days()
    {
        var plan = Action().Report("A", 10, 10).Report("A", 40, 40);

        Assert.Equal(40 + 60, ForecastOn(plan, 40)); // 1 point a day, 60 points to go
    }

    [Fact]
    public void Forecast_rounds_the_days_to_go_up()
    {
        var plan = Action().Report("A", 10, 10).Report("A", 40, 17);

        Assert.Equal(40 + 356, ForecastOn(plan, 40)); // 83 / (7/30) = 355.71…
    }

    [Fact]
    public void Actual_before_any_report_counts_as_zero_at_the_start_of_the_window()
    {
        var plan = Action().Report("A", 35, 20);

        Assert.Equal(40 + 120, ForecastOn(plan, 40)); // 80 / (20/30)
    }

    [Fact]
    public void The_window_starts_exactly_30_days_back()
    {
        var plan = Action().Report("A", 10, 10).Report("A", 11, 20).Report("A", 41, 50);

        Assert.Equal(41 + 50, ForecastOn(plan, 41));   // (50 − 20) / 30 = 1 a day
        Assert.Equal(40 + 240, ForecastOn(plan, 40));  // (20 − 10) / 30; 80 to go
    }

    [Fact]
    public void Forecast_uses_hundredths_exactly()
    {
        var plan = Action().Report("A", 10, 12.5);

        Assert.Equal(10 + 210, ForecastOn(plan, 10)); // 87.5 / (12.5/30)
    }

    [Fact]
    public void A_completed_action_is_forecast_to_finish_on_its_last_progress_day()
    {
        var plan = Action().Report("A", 10, 50).Report("A", 30, 100).Report("A", 50, 100);

        Assert.Equal(30, ForecastOn(plan, 60));
        Assert.Equal(30, ForecastOn(plan, 30));
    }

    [Fact]
    public void No_forecast_without_progress_in_the_window()
    {
        var plan = Action().Report("A", 10, 40);

        Assert.Equal(39 + 45, ForecastOn(plan, 39)); // the window still sees 0 on day 9
        Assert.Null(ForecastOn(plan, 40));
        Assert.Null(ForecastOn(plan, 100));
    }

    [Fact]
    public void No_forecast_when_the_pace_is_negative()
    {
        var plan = Action().Report("A", 5, 50).Report("A", 30, 40);

        Assert.Null(ForecastOn(plan, 35));
    }

    [Fact]
    public void No_forecast_without_reports()
    {
        Assert.Null(ForecastOn(Action(), 50));
    }

    [Fact]
    public void Node_figures_of_an_action_carry_its_forecast()
    {
        var plan = Action().Report("A", 10, 10).Report("A", 40, 40);

        Assert.Equal(100, plan.NodeAt("A", 40).ForecastFinish);
    }
}
