using Payesh.Domain.Plans;
using Payesh.Domain.Progress;

namespace Payesh.Domain.Tests.Progress;

/// <summary>
/// progress-spec § status of an action: the first rule that holds wins, in the order
/// completed, not-started, stopped, overdue, behind, at-risk, on-track.
/// </summary>
public class ActionStatusRules
{
    // Days 1–20, linear: planned 50 on day 10 exactly.
    private static TestPlan Action(PlanSettings? settings = null) =>
        new TestPlan { Settings = settings ?? PlanSettings.Default }.Action("A", 1, 20);

    private static ProgressStatus StatusOnDay10With(double actual, PlanSettings? settings = null) =>
        Action(settings).Report("A", 10, actual).ActionAt("A", 10).Status;

    [Fact]
    public void Completed_when_actual_reaches_100()
    {
        Assert.Equal(ProgressStatus.Completed, StatusOnDay10With(100));
    }

    [Fact]
    public void Completed_wins_over_not_started()
    {
        var plan = new TestPlan().Action("A", 10, 20).Report("A", 5, 100);

        Assert.Equal(ProgressStatus.Completed, plan.ActionAt("A", 6).Status);
    }

    [Fact]
    public void Completed_wins_over_stopped_and_overdue()
    {
        var plan = Action().Report("A", 5, 100);

        Assert.Equal(ProgressStatus.Completed, plan.ActionAt("A", 60).Status);
    }

    [Fact]
    public void Not_started_before_the_start_with_nothing_reported()
    {
        var plan = new TestPlan().Action("A", 10, 20);

        Assert.Equal(ProgressStatus.NotStarted, plan.ActionAt("A", 9).Status);
        Assert.Equal(ProgressStatus.NotStarted, plan.ActionAt("A", -100).Status);
    }

    [Fact]
    public void Not_started_ends_on_the_start_day()
    {
        var plan = new TestPlan().Action("A", 10, 20);

        Assert.NotEqual(ProgressStatus.NotStarted, plan.ActionAt("A", 10).Status);
    }

    [Fact]
    public void Not_not_started_once_progress_is_reported_before_the_start()
    {
        var plan = new TestPlan().Action("A", 10, 20).Report("A", 5, 10);

        Assert.Equal(ProgressStatus.OnTrack, plan.ActionAt("A", 6).Status);
    }

    [Fact]
    public void A_zero_report_before_the_start_keeps_it_not_started()
    {
        var plan = new TestPlan().Action("A", 10, 20).Report("A", 5, 0);

        Assert.Equal(ProgressStatus.NotStarted, plan.ActionAt("A", 6).Status);
    }

    [Fact]
    public void Not_started_wins_over_stopped()
    {
        // Progress on day 2, corrected to 0 on day 5: on day 20 no progress for 18 days, but not started.
        var plan = new TestPlan().Action("A", 30, 40).Report("A", 2, 10).Report("A", 5, 0);

        Assert.Equal(2, plan.ActionAt("A", 20).LastProgressDay);
        Assert.Equal(ProgressStatus.NotStarted, plan.ActionAt("A", 20).Status);
    }

    [Fact]
    public void Stopped_wins_over_behind()
    {
        var plan = Action(); // nothing reported: last progress day is S − 1 = 0

        Assert.Equal(ProgressStatus.Behind, plan.ActionAt("A", 13).Status);  // 13 days, planned 65
        Assert.Equal(ProgressStatus.Stopped, plan.ActionAt("A", 14).Status);
    }

    [Fact]
    public void Overdue_after_the_end_when_not_complete()
    {
        var plan = Action().Report("A", 18, 80).Report("A", 25, 90);

        Assert.Equal(ProgressStatus.Overdue, plan.ActionAt("A", 26).Status);
    }

    [Fact]
    public void Not_overdue_on_its_last_day()
    {
        var plan = Action().Report("A", 20, 90);

        Assert.Equal(ProgressStatus.AtRisk, plan.ActionAt("A", 20).Status); // planned 100
    }

    [Fact]
    public void Stopped_wins_over_overdue()
    {
        var plan = Action().Report("A", 15, 90);

        Assert.Equal(ProgressStatus.Overdue, plan.ActionAt("A", 28).Status);
        Assert.Equal(ProgressStatus.Stopped, plan.ActionAt("A", 29).Status);
    }

    [Fact]
    public void Overdue_wins_over_behind()
    {
        var plan = Action().Report("A", 25, 50);

        Assert.Equal(ProgressStatus.Overdue, plan.ActionAt("A", 26).Status);
    }

    [Theory]
    [InlineData(0, ProgressStatus.Behind)]
    [InlineData(34.99, ProgressStatus.Behind)]
    [InlineData(35, ProgressStatus.AtRisk)]     // deviation −15 is not below −15
    [InlineData(44.99, ProgressStatus.AtRisk)]
    [InlineData(45, ProgressStatus.OnTrack)]    // deviation −5 is not below −5
    [InlineData(50, ProgressStatus.OnTrack)]
    [InlineData(99.99, ProgressStatus.OnTrack)]
    public void Behind_below_minus_15_and_at_risk_below_minus_5_strictly(double actual, ProgressStatus expected)
    {
        Assert.Equal(expected, StatusOnDay10With(actual));
    }

    [Theory]
    [InlineData(39.99, ProgressStatus.Behind)]
    [InlineData(40, ProgressStatus.AtRisk)]
    [InlineData(47.99, ProgressStatus.AtRisk)]
    [InlineData(48, ProgressStatus.OnTrack)]
    public void Thresholds_are_plan_settings(double actual, ProgressStatus expected)
    {
        var settings = new PlanSettings { AtRiskBelow = -2, BehindBelow = -10 };

        Assert.Equal(expected, StatusOnDay10With(actual, settings));
    }

    [Fact]
    public void The_stoppage_threshold_is_a_plan_setting()
    {
        var plan = Action(new PlanSettings { StoppageDays = 5 }).Report("A", 3, 30);

        Assert.Equal(ProgressStatus.OnTrack, plan.ActionAt("A", 7).Status);
        Assert.Equal(ProgressStatus.Stopped, plan.ActionAt("A", 8).Status);
    }

    [Fact]
    public void Statuses_have_api_and_Persian_names()
    {
        Assert.Equal("not-started", ProgressStatus.NotStarted.ApiName());
        Assert.Equal("at-risk", ProgressStatus.AtRisk.ApiName());
        Assert.Equal("on-track", ProgressStatus.OnTrack.ApiName());
        Assert.Equal("متوقف", ProgressStatus.Stopped.PersianName());
        Assert.Equal(7, ProgressStatusNames.All.Select(s => s.ApiName()).Distinct().Count());
        Assert.Equal(ProgressStatusNames.Count, ProgressStatusNames.All.Length);
    }
}
