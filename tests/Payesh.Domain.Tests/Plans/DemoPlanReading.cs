using Payesh.Domain.Calendar;
using Payesh.Domain.Plans;
using Payesh.Domain.Progress;

namespace Payesh.Domain.Tests.Plans;

/// <summary>The demo plan of Qom 1398 (the web project's seed) is a valid plan document.</summary>
public class DemoPlanReading
{
    private static Plan ReadDemo()
    {
        var (plan, errors) = PlanDocumentReader.Read(PlanDocuments.Demo(), PlanDocuments.NoAgencies);
        Assert.Empty(errors);
        Assert.NotNull(plan);
        return plan;
    }

    [Fact]
    public void Reads_with_no_errors()
    {
        var plan = ReadDemo();

        Assert.Equal(1398, plan.Year);
        Assert.Equal(new JalaliDate(1398, 1, 1), plan.Start);
        Assert.Equal(new JalaliDate(1398, 12, 29), plan.End);
        Assert.Equal(Plan.DefaultLevels, plan.Levels);
        Assert.Equal(PlanSettings.Default, plan.Settings);
    }

    [Fact]
    public void Has_27_axes_261_actions_and_31_agencies()
    {
        var plan = ReadDemo();

        Assert.Equal(27, plan.Nodes.Count);
        Assert.Equal(261, plan.AllNodes().Count(n => n.IsAction));
        Assert.Equal(31, plan.Agencies.Count);
        Assert.Equal(31, plan.Agencies.Select(a => a.Code).Distinct().Count());
    }

    [Fact]
    public void Every_action_lies_in_the_plan_and_is_led_by_a_listed_agency()
    {
        var plan = ReadDemo();
        var agencies = plan.Agencies.Select(a => a.Code).ToHashSet();

        foreach (var node in plan.AllNodes())
        {
            Assert.Equal(node.IsAction, node.Children.Count == 0);
            if (node.Action is not { } a) continue;
            Assert.Contains(a.LeadAgency, agencies);
            Assert.All(a.Collaborators, c => Assert.Contains(c, agencies));
            Assert.DoesNotContain(a.LeadAgency, a.Collaborators);
            Assert.True(plan.Start <= a.Start && a.Start <= a.End && a.End <= plan.End, node.Code);
            Assert.All(a.Milestones, m => Assert.True(a.Start <= m.Day && m.Day <= a.End, node.Code));
        }
        Assert.Equal(26, plan.AllNodes().Count(n => n.Action?.Curve == CurveKind.Milestones));
    }

    [Fact]
    public void Runs_in_the_engine_from_zero_before_the_start_to_one_hundred_at_the_end()
    {
        var plan = ReadDemo();
        var agencyIndex = plan.Agencies.Select((a, i) => (a.Code, i)).ToDictionary(x => x.Code, x => x.i);
        var engine = new ProgressEngine(PlanShape.FromPlan(plan, agencyIndex));

        Assert.Equal(261, engine.ActionCount);
        Assert.Equal(31, engine.AgencyCount);
        Assert.Equal(27, engine.Children(engine.Root).Count);
        double sum = Enumerable.Range(0, engine.ActionCount).Sum(a => engine.GlobalWeight(engine.NodeOfAction(a)));
        Assert.Equal(1.0, sum, 1e-12);
        Assert.Equal(0, engine.Figures(engine.Root, plan.Start.DayNumber - 1).Planned);
        Assert.Equal(100, engine.Figures(engine.Root, plan.End.DayNumber).Planned, 1e-9);
        Assert.Equal(ProgressStatus.NotStarted, engine.Figures(engine.Root, plan.Start.DayNumber - 1).Status);
    }
}
