using Payesh.Domain.Progress;

namespace Payesh.Domain.Tests.Progress;

/// <summary>progress-spec § plan tree and derived figures: weighted means, deviation, SPI, global weights.</summary>
public class RollUp
{
    private const double Tolerance = 1e-12;

    // On day 5: A planned 50 (days 1–10), B planned 0 (days 11–20).
    private static TestPlan TwoActions(double weightA, double weightB) => new TestPlan()
        .Group("P")
        .Action("A", 1, 10, weight: weightA, parent: "P")
        .Action("B", 11, 20, weight: weightB, parent: "P")
        .Report("A", 5, 40)
        .Report("B", 5, 80);

    [Fact]
    public void A_node_is_the_weighted_mean_of_its_children()
    {
        var plan = TwoActions(3, 1);

        var p = plan.NodeAt("P", 5);

        Assert.Equal((3 * 50 + 1 * 0) / 4.0, p.Planned, Tolerance);   // 37.5
        Assert.Equal((3 * 40 + 1 * 80) / 4.0, p.Actual, Tolerance);   // 50
        Assert.Equal(p.Planned, plan.NodeAt("", 5).Planned, Tolerance);
        Assert.Equal(p.Actual, plan.NodeAt("", 5).Actual, Tolerance);
    }

    [Fact]
    public void Children_that_all_weigh_zero_count_equally()
    {
        var p = TwoActions(0, 0).NodeAt("P", 5);

        Assert.Equal(25, p.Planned, Tolerance);
        Assert.Equal(60, p.Actual, Tolerance);
    }

    [Fact]
    public void A_child_of_weight_zero_among_weighted_ones_counts_for_nothing()
    {
        var p = TwoActions(0, 2).NodeAt("P", 5);

        Assert.Equal(0, p.Planned, Tolerance);
        Assert.Equal(80, p.Actual, Tolerance);
    }

    [Fact]
    public void Only_the_ratio_of_sibling_weights_matters()
    {
        var a = TwoActions(3, 1).NodeAt("P", 5);
        var b = TwoActions(300, 100).NodeAt("P", 5);

        Assert.Equal(a.Planned, b.Planned, Tolerance);
        Assert.Equal(a.Actual, b.Actual, Tolerance);
    }

    [Fact]
    public void Values_are_kept_unrounded()
    {
        var plan = new TestPlan()
            .Action("A", 1, 10).Action("B", 1, 10).Action("C", 1, 10)
            .Report("A", 5, 10).Report("B", 5, 20).Report("C", 5, 20);

        Assert.Equal(50.0 / 3, plan.NodeAt("", 5).Actual, Tolerance);
    }

    [Fact]
    public void Deviation_is_actual_minus_planned_in_points()
    {
        var plan = TwoActions(3, 1);

        Assert.Equal(12.5, plan.NodeAt("P", 5).Deviation, Tolerance);
        Assert.Equal(-10, plan.ActionAt("A", 5).Deviation, Tolerance);
        Assert.Equal(80, plan.ActionAt("B", 5).Deviation, Tolerance);
        Assert.Equal(-10, plan.NodeAt("A", 5).Deviation, Tolerance);
    }

    [Fact]
    public void Spi_is_actual_over_planned()
    {
        var plan = TwoActions(3, 1);

        Assert.Equal(50 / 37.5, plan.NodeAt("P", 5).Spi!.Value, Tolerance);
        Assert.Equal(0.8, plan.ActionAt("A", 5).Spi!.Value, Tolerance);
    }

    [Fact]
    public void Spi_is_null_while_nothing_is_planned()
    {
        var plan = TwoActions(3, 1);

        Assert.Null(plan.ActionAt("B", 5).Spi);        // planned 0, actual 80
        Assert.Null(plan.NodeAt("B", 5).Spi);
        Assert.Null(plan.NodeAt("P", 0).Spi);
        Assert.Null(plan.AgencyAt(0, 0).Spi);
        Assert.Equal(0, plan.NodeAt("P", 0).Deviation);
    }

    [Fact]
    public void Global_weight_is_the_product_of_shares_along_the_path()
    {
        // X (3) [A (1), B (3)], Y (1) [C (0), D (0)]
        var plan = new TestPlan()
            .Group("X", 3).Action("A", 1, 10, 1, "X").Action("B", 1, 10, 3, "X")
            .Group("Y", 1).Action("C", 1, 10, 0, "Y").Action("D", 1, 10, 0, "Y");
        var e = plan.Engine;

        Assert.Equal(1, e.GlobalWeight(e.Root));
        Assert.Equal(0.75, e.GlobalWeight(plan.N("X")), Tolerance);
        Assert.Equal(0.25, e.GlobalWeight(plan.N("Y")), Tolerance);
        Assert.Equal(0.1875, e.GlobalWeight(plan.N("A")), Tolerance);
        Assert.Equal(0.5625, e.GlobalWeight(plan.N("B")), Tolerance);
        Assert.Equal(0.125, e.GlobalWeight(plan.N("C")), Tolerance);
        Assert.Equal(0.125, e.GlobalWeight(plan.N("D")), Tolerance);
        Assert.Equal(0.25, e.Share(plan.N("A")), Tolerance);
        Assert.Equal(0.5, e.Share(plan.N("C")), Tolerance);
    }

    [Fact]
    public void The_root_is_the_global_weight_weighted_sum_of_the_actions()
    {
        var plan = new TestPlan()
            .Group("X", 3).Action("A", 1, 10, 1, "X").Action("B", 1, 10, 3, "X")
            .Group("Y", 1).Action("C", 1, 10, 0, "Y").Action("D", 1, 10, 0, "Y")
            .Report("A", 5, 100).Report("C", 5, 40).Report("D", 5, 80);

        Assert.Equal(0.1875 * 100 + 0.125 * 40 + 0.125 * 80, plan.NodeAt("", 5).Actual, Tolerance); // 33.75
        Assert.Equal(50, plan.NodeAt("", 5).Planned, Tolerance);
        Assert.Equal(0.25 * 100, plan.NodeAt("X", 5).Actual, Tolerance);
        Assert.Equal(60, plan.NodeAt("Y", 5).Actual, Tolerance);
    }

    [Fact]
    public void A_subtree_evaluated_alone_has_the_figures_of_the_whole_tree()
    {
        var plan = TwoActions(3, 1);
        var whole = plan.Engine.Evaluate(5);
        var subtree = plan.Engine.Evaluate(5, plan.N("P"));

        Assert.Equal(whole.Planned(plan.N("P")), subtree.Planned(plan.N("P")));
        Assert.Equal(whole.Actual(plan.N("A")), subtree.Actual(plan.N("A")));
        Assert.False(subtree.Contains(plan.Engine.Root));
        Assert.Equal(ProgressStatus.AtRisk, whole.Status(plan.N("A")));
    }
}
