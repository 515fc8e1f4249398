using FsCheck.Xunit;
using Payesh.Domain.Progress;

namespace Payesh.Domain.Tests.Progress;

/// <summary>Issue 12 § 6: the projected landing is the node's pace over the last 30 days carried to the plan's end,
/// capped at 100, drawn as a line from the day shown.</summary>
public class PaceProjectionRules
{
    [Fact]
    public void Landing_carries_the_pace_of_the_last_30_days_to_the_plan_end()
    {
        // 40 → 52 in 30 days = 0.4 a day; 50 days to the end: 52 + 20 = 72.
        var p = PaceProjection.Of(52, 40, 1000, 1050);
        Assert.Equal(0.4, p.Rate, 9);
        Assert.Equal(72, p.Landing, 9);
        Assert.Null(p.Full);
        Assert.Equal([(1000, 52.0), (1050, 72.0)], p.Points().Select(x => (x.Day, Math.Round(x.Value, 9))));
    }

    [Fact]
    public void Landing_is_capped_at_100_on_the_day_the_pace_reaches_it()
    {
        // 0.4 a day from 52: 48 points take 120 days → day 1120, before the end on 2000.
        var p = PaceProjection.Of(52, 40, 1000, 2000);
        Assert.Equal(100, p.Landing);
        Assert.Equal(1120, p.Full);
        Assert.Equal(PaceForecast.Finish(52, 40, 1000), p.Full);
        Assert.Equal([(1000, 52.0), (1120, 100.0), (2000, 100.0)], p.Points().Select(x => (x.Day, Math.Round(x.Value, 9))));
    }

    [Fact]
    public void No_progress_or_a_correction_downwards_lands_where_it_stands()
    {
        Assert.Equal(30, PaceProjection.Of(30, 30, 1000, 1100).Landing);
        Assert.Equal(30, PaceProjection.Of(30, 35, 1000, 1100).Landing);
        Assert.Equal(0, PaceProjection.Of(30, 35, 1000, 1100).Rate);
    }

    [Fact]
    public void A_finished_node_has_landed_already()
    {
        var p = PaceProjection.Of(100, 90, 1000, 1100);
        Assert.Equal(100, p.Landing);
        Assert.Equal(1000, p.Full);
    }

    [Fact]
    public void After_the_plan_end_the_landing_is_the_figure_itself()
    {
        var p = PaceProjection.Of(70, 60, 1200, 1100);
        Assert.Equal(70, p.Landing);
        Assert.Single(p.Points());
    }

    [Property]
    public void Landing_lies_between_today_and_100_and_agrees_with_the_line(byte nowRaw, byte beforeRaw, ushort daysLeft)
    {
        double now = nowRaw % 101, before = beforeRaw % 101;
        var p = PaceProjection.Of(now, before, 5000, 5000 + daysLeft % 800);
        Assert.InRange(p.Landing, now, 100);
        Assert.Equal(p.Landing, p.At(p.End), 9);
        Assert.Equal(PaceForecast.Landing(now, before, 5000, p.End), p.Landing, 9);
        var points = p.Points();
        for (int i = 1; i < points.Count; i++)
        {
            Assert.True(points[i].Day > points[i - 1].Day);
            Assert.True(points[i].Value >= points[i - 1].Value);
        }
    }
}
