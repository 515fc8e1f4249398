using Payesh.Domain.Progress;

namespace Payesh.Domain.Tests.Progress;

/// <summary>
/// progress-spec § status, rule 3: stopped when d − last_progress_day ≥ T (14 days by default), where
/// last_progress_day is the latest report day whose value rose, or S − 1 when none did.
/// </summary>
public class Stoppage
{
    // Days 10–100, linear.
    private static TestPlan Action() => new TestPlan().Action("A", 10, 100);

    [Fact]
    public void Stopped_when_no_progress_for_threshold_days()
    {
        var plan = Action().Report("A", 12, 20);

        Assert.NotEqual(ProgressStatus.Stopped, plan.ActionAt("A", 25).Status);
        Assert.Equal(ProgressStatus.Stopped, plan.ActionAt("A", 26).Status);
        Assert.Equal(12, plan.ActionAt("A", 26).LastProgressDay);
    }

    [Fact]
    public void Counts_from_the_day_before_the_start_when_nothing_progressed()
    {
        var plan = Action();

        Assert.Equal(9, plan.ActionAt("A", 22).LastProgressDay);
        Assert.NotEqual(ProgressStatus.Stopped, plan.ActionAt("A", 22).Status);
        Assert.Equal(ProgressStatus.Stopped, plan.ActionAt("A", 23).Status);
    }

    [Fact]
    public void A_flat_report_does_not_count_as_progress()
    {
        var plan = Action().Report("A", 12, 10).Report("A", 20, 10);

        var f = plan.ActionAt("A", 26);

        Assert.Equal(20, f.LastReportDay);
        Assert.Equal(12, f.LastProgressDay);
        Assert.Equal(ProgressStatus.Stopped, f.Status);
    }

    [Fact]
    public void A_first_report_of_zero_is_not_progress()
    {
        var plan = Action().Report("A", 12, 0);

        Assert.Equal(9, plan.ActionAt("A", 15).LastProgressDay);
    }

    [Fact]
    public void A_first_report_above_zero_is_progress()
    {
        var plan = Action().Report("A", 12, 0.01);

        Assert.Equal(12, plan.ActionAt("A", 15).LastProgressDay);
    }

    [Fact]
    public void A_downward_correction_is_not_progress()
    {
        var plan = Action().Report("A", 12, 30).Report("A", 18, 20);

        Assert.Equal(12, plan.ActionAt("A", 20).LastProgressDay);
    }

    [Fact]
    public void A_rise_after_a_correction_is_progress_even_below_the_earlier_peak()
    {
        var plan = Action().Report("A", 12, 30).Report("A", 18, 20).Report("A", 20, 25);

        Assert.Equal(20, plan.ActionAt("A", 21).LastProgressDay);
    }

    [Fact]
    public void A_report_day_is_compared_by_its_last_submitted_value()
    {
        // Day 12 first says 30, then is corrected the same day to 10, below day 8's 20.
        var plan = Action().Report("A", 8, 20).Report("A", 12, 30).Report("A", 12, 10);

        Assert.Equal(8, plan.ActionAt("A", 13).LastProgressDay);
    }

    [Fact]
    public void Progress_reported_for_a_later_day_does_not_count_as_of_an_earlier_day()
    {
        var plan = Action().Report("A", 12, 20).Report("A", 27, 50);

        Assert.Equal(ProgressStatus.Stopped, plan.ActionAt("A", 26).Status);
        Assert.Equal(12, plan.ActionAt("A", 26).LastProgressDay);
        Assert.Equal(27, plan.ActionAt("A", 27).LastProgressDay);
        Assert.NotEqual(ProgressStatus.Stopped, plan.ActionAt("A", 27).Status);
    }

    [Fact]
    public void Early_progress_before_the_start_is_the_last_progress_day()
    {
        var plan = Action().Report("A", 5, 10);

        Assert.Equal(5, plan.ActionAt("A", 12).LastProgressDay);
        Assert.Equal(ProgressStatus.Stopped, plan.ActionAt("A", 19).Status);
    }
}
