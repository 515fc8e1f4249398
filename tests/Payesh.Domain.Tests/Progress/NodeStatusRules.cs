using Payesh.Domain.Plans;
using Payesh.Domain.Progress;

namespace Payesh.Domain.Tests.Progress;

/// <summary>
/// progress-spec § status of any other node: completed, not-started, else by its own deviation;
/// each node counts its descendant actions per status.
/// </summary>
public class NodeStatusRules
{
    // P [A, B], equal weights, both days 1–20: planned 50 on day 10.
    private static TestPlan Pair(PlanSettings? settings = null) => new TestPlan { Settings = settings ?? PlanSettings.Default }
        .Group("P").Action("A", 1, 20, parent: "P").Action("B", 1, 20, parent: "P");

    private static ProgressStatus StatusOnDay10(double a, double b, PlanSettings? settings = null) =>
        Pair(settings).Report("A", 10, a).Report("B", 10, b).NodeAt("P", 10).Status;

    [Fact]
    public void Completed_when_actual_reaches_100()
    {
        Assert.Equal(ProgressStatus.Completed, StatusOnDay10(100, 100));
    }

    [Fact]
    public void Completed_despite_the_rounding_of_thirds()
    {
        var plan = new TestPlan().Group("P")
            .Action("A", 1, 20, parent: "P").Action("B", 1, 20, parent: "P").Action("C", 1, 20, parent: "P")
            .Report("A", 10, 100).Report("B", 10, 100).Report("C", 10, 100);

        Assert.Equal(ProgressStatus.Completed, plan.NodeAt("P", 10).Status);
        Assert.Equal(100, plan.NodeAt("P", 10).Actual, 1e-12);
    }

    [Fact]
    public void Not_started_while_nothing_is_planned_or_done()
    {
        Assert.Equal(ProgressStatus.NotStarted, Pair().NodeAt("P", 0).Status);
    }

    [Fact]
    public void Early_progress_before_anything_is_planned_is_on_track()
    {
        var plan = Pair().Report("A", 0, 10);

        Assert.Equal(ProgressStatus.OnTrack, plan.NodeAt("P", 0).Status);
    }

    [Fact]
    public void Nothing_done_when_something_is_planned_is_judged_by_deviation()
    {
        Assert.Equal(ProgressStatus.Behind, Pair().NodeAt("P", 10).Status);
    }

    [Theory]
    [InlineData(19.98, 50, ProgressStatus.Behind)]   // deviation −15.01
    [InlineData(20, 50, ProgressStatus.AtRisk)]      // deviation −15: strict
    [InlineData(39.98, 50, ProgressStatus.AtRisk)]   // −5.01
    [InlineData(40, 50, ProgressStatus.OnTrack)]     // −5
    [InlineData(0, 100, ProgressStatus.OnTrack)]
    public void Behind_at_risk_or_on_track_by_its_own_deviation(double a, double b, ProgressStatus expected)
    {
        Assert.Equal(expected, StatusOnDay10(a, b));
    }

    [Fact]
    public void A_node_is_judged_by_its_mean_not_by_its_worst_child()
    {
        var plan = Pair().Report("A", 10, 20).Report("B", 10, 50);

        Assert.Equal(ProgressStatus.Behind, plan.ActionAt("A", 10).Status);
        Assert.Equal(ProgressStatus.OnTrack, plan.ActionAt("B", 10).Status);
        Assert.Equal(ProgressStatus.AtRisk, plan.NodeAt("P", 10).Status);
    }

    [Fact]
    public void Node_thresholds_are_plan_settings()
    {
        var settings = new PlanSettings { AtRiskBelow = -2, BehindBelow = -10 };

        Assert.Equal(ProgressStatus.Behind, StatusOnDay10(29.98, 50, settings));
        Assert.Equal(ProgressStatus.AtRisk, StatusOnDay10(30, 50, settings));
        Assert.Equal(ProgressStatus.OnTrack, StatusOnDay10(46, 50, settings));
    }

    [Fact]
    public void A_node_is_never_stopped_or_overdue()
    {
        var plan = Pair().Report("A", 5, 90).Report("B", 5, 90);

        Assert.Equal(ProgressStatus.Stopped, plan.ActionAt("A", 30).Status);
        Assert.Equal(ProgressStatus.AtRisk, plan.NodeAt("P", 30).Status); // 90 against 100
    }

    [Fact]
    public void Each_node_counts_its_descendant_actions_per_status()
    {
        var plan = new TestPlan()
            .Group("X").Action("A", 1, 20, parent: "X").Action("B", 1, 20, parent: "X")
            .Group("Y").Action("C", 11, 20, parent: "Y")
            .Report("A", 5, 100).Report("B", 5, 5);

        var root = plan.NodeAt("", 5).ActionCounts;
        var x = plan.NodeAt("X", 5).ActionCounts;
        var y = plan.NodeAt("Y", 5).ActionCounts;
        var a = plan.NodeAt("A", 5).ActionCounts;

        // On day 5: A completed; B planned 25, actual 5: behind; C not started.
        Assert.Equal((1, 1, 1, 3), (root[ProgressStatus.Completed], root[ProgressStatus.Behind], root[ProgressStatus.NotStarted], root.Total));
        Assert.Equal((1, 1, 0, 2), (x[ProgressStatus.Completed], x[ProgressStatus.Behind], x[ProgressStatus.NotStarted], x.Total));
        Assert.Equal((0, 0, 1, 1), (y[ProgressStatus.Completed], y[ProgressStatus.Behind], y[ProgressStatus.NotStarted], y.Total));
        Assert.Equal((1, 1), (a[ProgressStatus.Completed], a.Total));
        Assert.Equal(0, root[ProgressStatus.OnTrack]);
    }

    [Fact]
    public void Status_counts_change_with_the_day()
    {
        var plan = new TestPlan().Action("A", 1, 20).Action("B", 1, 20);

        var early = plan.NodeAt("", 0).ActionCounts;
        var late = plan.NodeAt("", 14).ActionCounts;

        Assert.Equal(2, early[ProgressStatus.NotStarted]);
        Assert.Equal(2, late[ProgressStatus.Stopped]);
    }
}
