using Payesh.Domain.Progress;

namespace Payesh.Domain.Tests.Progress;

/// <summary>Issue 12: a node's forecast finish is its own pace over the last 30 days carried forward — the action rule
/// applied to the node's weighted actual — so the plan and every axis have one.</summary>
public class PaceForecastRules
{
    [Fact]
    public void Forecast_carries_the_nodes_own_pace_forward()
    {
        // 40 → 52 in 30 days = 0.4 a day; 48 points to go = 120 days.
        Assert.Equal(1000 + 120, PaceForecast.Finish(52, 40, 1000));
    }

    [Fact]
    public void Forecast_rounds_the_days_to_go_up()
    {
        // 10 → 17: 7/30 a day; 83 / (7/30) = 355.71… → 356.
        Assert.Equal(1000 + 356, PaceForecast.Finish(17, 10, 1000));
    }

    [Fact]
    public void No_forecast_without_progress_in_the_window_or_once_finished()
    {
        Assert.Null(PaceForecast.Finish(30, 30, 1000));
        Assert.Null(PaceForecast.Finish(100, 90, 1000));
    }

    [Fact]
    public void Weighted_rounding_noise_is_not_a_pace()
    {
        Assert.Null(PaceForecast.Finish(30.0000000001, 30, 1000));
    }

    [Fact]
    public void Landing_is_the_pace_carried_to_the_plan_end_capped_at_100()
    {
        Assert.Equal(52 + 0.4 * 50, PaceForecast.Landing(52, 40, 1000, 1050), 9);
        Assert.Equal(100, PaceForecast.Landing(52, 40, 1000, 2000));
        Assert.Equal(30, PaceForecast.Landing(30, 35, 1000, 1100));
    }
}
