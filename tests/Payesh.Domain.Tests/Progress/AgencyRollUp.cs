using Payesh.Domain.Plans;
using Payesh.Domain.Progress;
using Payesh.Domain.Tests.Plans;

namespace Payesh.Domain.Tests.Progress;

/// <summary>progress-spec § agency figures: global-weight means over the actions an agency leads.</summary>
public class AgencyRollUp
{
    private const double Tolerance = 1e-12;

    // X (3) [A (1, agency 0), B (3, agency 1)], Y (1) [C (0, agency 0), D (0, agency 1)]:
    // global weights A 0.1875, B 0.5625, C 0.125, D 0.125. On day 5: planned A 50, B 25, C 100, D 0.
    private static TestPlan Plan() => new TestPlan()
        .Group("X", 3).Action("A", 1, 10, 1, "X", agency: 0).Action("B", 1, 20, 3, "X", agency: 1)
        .Group("Y", 1).Action("C", 1, 5, 0, "Y", agency: 0).Action("D", 6, 15, 0, "Y", agency: 1)
        .Report("A", 5, 40).Report("B", 5, 9).Report("C", 5, 100);

    [Fact]
    public void An_agency_is_the_global_weight_mean_of_the_actions_it_leads()
    {
        var plan = Plan();

        var a0 = plan.AgencyAt(0, 5);
        var a1 = plan.AgencyAt(1, 5);

        Assert.Equal((0.1875 * 50 + 0.125 * 100) / 0.3125, a0.Planned, Tolerance);  // 70
        Assert.Equal((0.1875 * 40 + 0.125 * 100) / 0.3125, a0.Actual, Tolerance);   // 64
        Assert.Equal(0.5625 * 25 / 0.6875, a1.Planned, Tolerance);
        Assert.Equal(0.5625 * 9 / 0.6875, a1.Actual, Tolerance);
        Assert.Equal(-6, a0.Deviation, Tolerance);
        Assert.Equal(64.0 / 70, a0.Spi!.Value, Tolerance);
        Assert.Equal((2, 2), (a0.ActionCount, a1.ActionCount));
    }

    [Fact]
    public void An_agency_counts_the_statuses_of_the_actions_it_leads()
    {
        var plan = Plan();

        var a0 = plan.AgencyAt(0, 5).ActionCounts;
        var a1 = plan.AgencyAt(1, 5).ActionCounts;

        Assert.Equal((1, 1, 2), (a0[ProgressStatus.AtRisk], a0[ProgressStatus.Completed], a0.Total));     // A −10, C done
        Assert.Equal((1, 1, 2), (a1[ProgressStatus.Behind], a1[ProgressStatus.NotStarted], a1.Total));    // B −16, D later
    }

    [Fact]
    public void An_agency_that_leads_nothing_has_no_actions_and_zero_figures()
    {
        var a2 = Plan().AgencyAt(2, 5);

        Assert.Equal(0, a2.ActionCount);
        Assert.Equal(0, a2.Planned);
        Assert.Equal(0, a2.Actual);
        Assert.Equal(0, a2.ActionCounts.Total);
        Assert.Null(a2.Spi);
    }

    [Fact]
    public void Actions_of_global_weight_zero_count_equally_when_the_agency_leads_only_such()
    {
        // Z weighs 0 beside X, so E and F have global weight 0.
        var plan = new TestPlan()
            .Group("X", 1).Action("A", 1, 10, parent: "X", agency: 0)
            .Group("Z", 0).Action("E", 1, 10, parent: "Z", agency: 1).Action("F", 1, 20, parent: "Z", agency: 1)
            .Report("E", 5, 40).Report("F", 5, 10);

        Assert.Equal(0, plan.Engine.GlobalWeight(plan.N("E")));
        var a1 = plan.AgencyAt(1, 5);
        Assert.Equal((50 + 25) / 2.0, a1.Planned, Tolerance);
        Assert.Equal((40 + 10) / 2.0, a1.Actual, Tolerance);
    }

    [Fact]
    public void An_action_of_global_weight_zero_counts_for_nothing_beside_weighted_ones()
    {
        var plan = new TestPlan()
            .Group("X", 1).Action("A", 1, 10, parent: "X", agency: 0)
            .Group("Z", 0).Action("E", 1, 20, parent: "Z", agency: 0)
            .Report("A", 5, 40).Report("E", 5, 90);

        var a0 = plan.AgencyAt(0, 5);

        Assert.Equal(50, a0.Planned, Tolerance);
        Assert.Equal(40, a0.Actual, Tolerance);
        Assert.Equal(2, a0.ActionCount);
    }

    [Fact]
    public void Collaborating_agencies_do_not_count()
    {
        var doc = PlanDocuments.Small();
        doc.Agencies!.Add(new AgencyDocument { Code = "BMI", Name = "بانک ملی" });
        doc.At(1, 0).Collaborators = ["BMI", "TAX"];
        var (plan, errors) = PlanDocumentReader.Read(doc, PlanDocuments.NoAgencies);
        Assert.Empty(errors);
        var index = plan!.Agencies.Select((a, i) => (a.Code, i)).ToDictionary(x => x.Code, x => x.i);
        var engine = new ProgressEngine(PlanShape.FromPlan(plan, index));

        var figures = engine.Agencies(plan.End.DayNumber);

        Assert.Equal(2, figures[index["SMT"]].ActionCount);  // 01.01.01 and 02.01
        Assert.Equal(1, figures[index["TAX"]].ActionCount);  // 01.01.02 (it only collaborates on the others)
        Assert.Equal(0, figures[index["BMI"]].ActionCount);
        Assert.Equal(0, figures[index["BMI"]].Planned);
        Assert.Equal(100, figures[index["TAX"]].Planned, Tolerance);
    }

    [Fact]
    public void A_heavy_action_outweighs_many_light_ones()
    {
        // Agency 0 leads one action of weight 8, agency 1 leads four of weight 0.5 each.
        var plan = new TestPlan()
            .Action("H", 1, 10, 8, agency: 0)
            .Action("L1", 1, 10, 0.5, agency: 1).Action("L2", 1, 10, 0.5, agency: 1)
            .Action("L3", 1, 10, 0.5, agency: 1).Action("L4", 1, 10, 0.5, agency: 1)
            .Report("H", 5, 100).Report("L1", 5, 0).Report("L2", 5, 0).Report("L3", 5, 0).Report("L4", 5, 0);

        Assert.Equal(0.8 * 100, plan.NodeAt("", 5).Actual, Tolerance);
        Assert.Equal(100, plan.AgencyAt(0, 5).Actual);
        Assert.Equal(0, plan.AgencyAt(1, 5).Actual);
    }
}
