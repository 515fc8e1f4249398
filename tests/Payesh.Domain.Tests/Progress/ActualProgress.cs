namespace Payesh.Domain.Tests.Progress;

/// <summary>progress-spec § actual progress of an action: the value of the latest report day.</summary>
public class ActualProgress
{
    private static TestPlan OneAction() => new TestPlan().Action("A", 1, 100).Action("B", 1, 100);

    [Fact]
    public void Actual_is_zero_before_any_report()
    {
        var plan = OneAction().Report("A", 10, 30);

        Assert.Equal(0, plan.ActionAt("A", 9).Actual);
        Assert.Null(plan.ActionAt("A", 9).LastReportDay);
        Assert.Equal(0, plan.ActionAt("B", 50).Actual);
        Assert.Null(plan.ActionAt("B", 50).LastReportDay);
    }

    [Fact]
    public void Actual_is_the_value_of_the_latest_report_day_on_or_before_the_day()
    {
        var plan = OneAction().Report("A", 3, 20).Report("A", 7, 50);

        Assert.Equal(0, plan.ActionAt("A", 2).Actual);
        Assert.Equal(20, plan.ActionAt("A", 3).Actual);
        Assert.Equal(20, plan.ActionAt("A", 6).Actual);
        Assert.Equal(50, plan.ActionAt("A", 7).Actual);
        Assert.Equal(50, plan.ActionAt("A", 99).Actual);
        Assert.Equal(3, plan.ActionAt("A", 6).LastReportDay);
        Assert.Equal(7, plan.ActionAt("A", 99).LastReportDay);
        Assert.Equal(50, plan.Engine.ActualOfAction(plan.A("A"), 99));
    }

    [Fact]
    public void A_report_day_is_worth_its_last_submitted_report()
    {
        var plan = OneAction().Report("A", 5, 30).Report("A", 5, 25);

        Assert.Equal(25, plan.ActionAt("A", 5).Actual);
        Assert.Equal([(5, 2500)], plan.Engine.ReportDays(plan.A("A")));
    }

    [Fact]
    public void The_last_submitted_report_of_a_day_wins_even_when_applied_before_an_older_one()
    {
        var plan = OneAction()
            .Report("A", 5, 25, order: 20)
            .Report("A", 5, 30, order: 10)
            .Report("A", 5, 40, order: 15);

        Assert.Equal(25, plan.ActionAt("A", 5).Actual);
    }

    [Fact]
    public void The_last_submitted_report_of_a_day_wins_when_loaded_in_any_order()
    {
        var plan = OneAction();
        var newer = plan.Fact("A", 5, 25, order: 20);
        var older = plan.Fact("A", 5, 30, order: 10);

        plan.Timeline.LoadReports([newer, older]);
        Assert.Equal(25, plan.ActionAt("A", 5).Actual);

        plan.Timeline.LoadReports([older, newer]);
        Assert.Equal(25, plan.ActionAt("A", 5).Actual);
    }

    [Fact]
    public void Reports_for_earlier_days_may_arrive_later()
    {
        var plan = OneAction().Report("A", 7, 50).Report("A", 3, 20);

        Assert.Equal(20, plan.ActionAt("A", 5).Actual);
        Assert.Equal(50, plan.ActionAt("A", 7).Actual);
    }

    [Fact]
    public void A_downward_correction_is_taken_as_stated()
    {
        var plan = OneAction().Report("A", 3, 60).Report("A", 5, 40);

        Assert.Equal(60, plan.ActionAt("A", 4).Actual);
        Assert.Equal(40, plan.ActionAt("A", 5).Actual);
    }

    [Fact]
    public void A_same_day_correction_downward_is_taken_as_stated()
    {
        var plan = OneAction().Report("A", 3, 60).Report("A", 3, 45);

        Assert.Equal(45, plan.ActionAt("A", 3).Actual);
    }

    [Fact]
    public void A_report_that_stops_counting_no_longer_moves_actual()
    {
        var plan = OneAction();
        var kept = plan.Fact("A", 3, 20);
        var rejected = plan.Fact("A", 5, 50);
        plan.Timeline.LoadReports([kept, rejected]);
        Assert.Equal(50, plan.ActionAt("A", 5).Actual);

        plan.Timeline.ReplaceReports(plan.A("A"), [kept]);

        Assert.Equal(20, plan.ActionAt("A", 5).Actual);
        Assert.Equal(3, plan.ActionAt("A", 5).LastReportDay);
    }

    [Fact]
    public void When_the_last_report_of_a_day_stops_counting_the_one_before_it_counts_again()
    {
        var plan = OneAction();
        var first = plan.Fact("A", 5, 40);
        var second = plan.Fact("A", 5, 70);
        plan.Timeline.LoadReports([first, second]);
        Assert.Equal(70, plan.ActionAt("A", 5).Actual);

        plan.Timeline.ReplaceReports(plan.A("A"), [first]);

        Assert.Equal(40, plan.ActionAt("A", 5).Actual);
    }

    [Fact]
    public void Replacing_one_action_reports_leaves_the_others_alone()
    {
        var plan = OneAction();
        var a = plan.Fact("A", 5, 40);
        var b = plan.Fact("B", 5, 70);
        plan.Timeline.LoadReports([a, b]);

        plan.Timeline.ReplaceReports(plan.A("A"), [b]); // facts of other actions are ignored

        Assert.Equal(0, plan.ActionAt("A", 5).Actual);
        Assert.Equal(70, plan.ActionAt("B", 5).Actual);
    }

    [Fact]
    public void Loading_reports_replaces_every_earlier_history()
    {
        var plan = OneAction().Report("A", 5, 40).Report("B", 5, 40);

        plan.Timeline.LoadReports([plan.Fact("A", 8, 10)]);

        Assert.Equal(0, plan.ActionAt("A", 7).Actual);
        Assert.Equal(10, plan.ActionAt("A", 8).Actual);
        Assert.Equal(0, plan.ActionAt("B", 8).Actual);
        Assert.Equal(1, plan.Engine.ReportDayCount);
    }

    [Fact]
    public void Percentages_keep_two_decimals()
    {
        var plan = OneAction().Report("A", 5, 12.34);

        Assert.Equal(12.34, plan.ActionAt("A", 5).Actual);
    }

    [Fact]
    public void A_report_for_an_unknown_action_is_refused()
    {
        var plan = OneAction();

        Assert.Throws<ArgumentOutOfRangeException>(() => plan.Timeline.Apply(new(2, 5, 1, 100)));
        Assert.Throws<ArgumentOutOfRangeException>(() => plan.Timeline.LoadReports([new(-1, 5, 1, 100)]));
    }
}
