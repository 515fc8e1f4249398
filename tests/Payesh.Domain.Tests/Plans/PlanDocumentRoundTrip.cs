using Payesh.Domain.Plans;

namespace Payesh.Domain.Tests.Plans;

/// <summary>ToDocument is the inverse of Read: a plan written out and read back is the same plan.</summary>
public class PlanDocumentRoundTrip
{
    private static Plan Read(PlanDocument doc)
    {
        var (plan, errors) = PlanDocumentReader.Read(doc, PlanDocuments.NoAgencies);
        Assert.Empty(errors);
        return plan!;
    }

    [Fact]
    public void The_demo_plan_reads_back_the_same_after_ToDocument_and_JSON()
    {
        var plan = Read(PlanDocuments.Demo());

        var again = Read(PlanDocuments.RoundTripJson(PlanDocumentReader.ToDocument(plan)));

        AssertSamePlan(plan, again);
    }

    [Fact]
    public void A_small_plan_with_settings_kpi_and_milestones_reads_back_the_same()
    {
        var doc = PlanDocuments.Small();
        doc.Settings = new PlanSettingsDocument { StoppageDays = 10, AtRiskBelow = -3, BehindBelow = -12, VerifiedOnly = true, BackdateDays = 5 };
        doc.Levels = ["محور", "اقدام"];
        doc.At(0).Description = "شرح محور";
        doc.At(0).Requirements = ["الزام یک", "الزام دو"];
        doc.At(0, 0, 0).Deliverable = "گزارش";
        doc.At(0, 0, 0).Kpi = new KpiDocument { Name = "تسهیلات", Unit = "میلیارد ریال", Target = 1200 };
        var plan = Read(doc);

        var again = Read(PlanDocumentReader.ToDocument(plan));

        AssertSamePlan(plan, again);
        Assert.Equal(10, again.Settings.StoppageDays);
        Assert.True(again.Settings.VerifiedOnly);
    }

    [Fact]
    public void ToDocument_gives_node_ids_from_the_caller()
    {
        var plan = Read(PlanDocuments.Small());

        var doc = PlanDocumentReader.ToDocument(plan, code => code.Length);

        Assert.Equal(2, doc.At(0).Id);
        Assert.Equal(8, doc.At(0, 0, 1).Id);
        Assert.Equal("1398/03/01", doc.At(0, 0, 1).Start);
        Assert.Equal("milestones", doc.At(0, 0, 1).Curve);
        Assert.Equal("1398/05/31", doc.At(0, 0, 1).Milestones![0].Date);
    }

    internal static void AssertSamePlan(Plan expected, Plan actual)
    {
        Assert.Equal(expected.Title, actual.Title);
        Assert.Equal(expected.Year, actual.Year);
        Assert.Equal(expected.Start, actual.Start);
        Assert.Equal(expected.End, actual.End);
        Assert.Equal(expected.Settings, actual.Settings);
        Assert.Equal(expected.Levels, actual.Levels);
        Assert.Equal(expected.Agencies, actual.Agencies);
        Assert.Equal(expected.Nodes.Count, actual.Nodes.Count);
        for (int i = 0; i < expected.Nodes.Count; i++) AssertSameNode(expected.Nodes[i], actual.Nodes[i]);
    }

    private static void AssertSameNode(PlanNode expected, PlanNode actual)
    {
        Assert.Equal(expected.Code, actual.Code);
        Assert.Equal(expected.Title, actual.Title);
        Assert.Equal(expected.Weight, actual.Weight);
        Assert.Equal(expected.Description, actual.Description);
        Assert.Equal(expected.Requirements, actual.Requirements);
        Assert.Equal(expected.Children.Count, actual.Children.Count);
        for (int i = 0; i < expected.Children.Count; i++) AssertSameNode(expected.Children[i], actual.Children[i]);
        if (expected.Action is not { } e)
        {
            Assert.Null(actual.Action);
            return;
        }
        var a = Assert.IsType<ActionSchedule>(actual.Action);
        Assert.Equal(e.LeadAgency, a.LeadAgency);
        Assert.Equal(e.Collaborators, a.Collaborators);
        Assert.Equal(e.Start, a.Start);
        Assert.Equal(e.End, a.End);
        Assert.Equal(e.Curve, a.Curve);
        Assert.Equal(e.Milestones, a.Milestones);
        Assert.Equal(e.Deliverable, a.Deliverable);
        Assert.Equal(e.Kpi, a.Kpi);
    }
}
