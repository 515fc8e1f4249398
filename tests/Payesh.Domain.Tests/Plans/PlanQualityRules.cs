using Payesh.Domain.Calendar;
using Payesh.Domain.Plans;

namespace Payesh.Domain.Tests.Plans;

/// <summary>The plan-quality check: each rule finds what it should, blocking rules stop approval, the score follows.</summary>
public class PlanQualityRules
{
    private static readonly IReadOnlySet<string> None = new HashSet<string>();
    private static readonly JalaliDate Start = new(1404, 1, 1), End = new(1404, 12, 29);

    private static PlanNode Act(string code, string agency = "SMT", string[]? collaborators = null, string? deliverable = "گزارش",
        Kpi? kpi = null, JalaliDate? start = null, JalaliDate? end = null, CurveKind curve = CurveKind.Linear, Milestone[]? milestones = null,
        double weight = 1) =>
        new(code, "اقدام " + code, weight, null, [], [],
            new ActionSchedule(agency, collaborators ?? ["TAX"], start ?? Start, end ?? End, curve, milestones ?? [], deliverable, kpi));

    private static PlanNode Axis(string code, double weight, Requirement[] requirements, params PlanNode[] children) =>
        new(code, "محور " + code, weight, null, requirements, children, null);

    private static readonly Requirement Owned = new("ابلاغ سهمیه", "SMT", new JalaliDate(1404, 2, 1));

    private static Plan PlanOf(params PlanNode[] axes) =>
        new("برنامه آزمون", 1404, Start, End, PlanSettings.Default, Plan.DefaultLevels, [], axes);

    private static QualityReport Check(Plan plan, IReadOnlySet<string>? inactive = null, IReadOnlySet<string>? obstacles = null, int maxSolo = 5) =>
        PlanQuality.Check(plan, new QualityContext(inactive ?? None, obstacles ?? new HashSet<string> { "01", "02" }, maxSolo));

    private static Plan Good() => PlanOf(
        Axis("01", 2, [Owned], Act("01.01", weight: 2), Act("01.02")),
        Axis("02", 1, [Owned], Act("02.01", "TAX", ["SMT"], deliverable: null, kpi: new Kpi("واحد", "عدد", 10))));

    [Fact]
    public void A_well_made_plan_scores_100_with_nothing_to_fix()
    {
        var report = Check(Good());

        Assert.Equal(100, report.Score);
        Assert.Empty(report.Findings);
        Assert.True(report.CanApprove);
    }

    [Fact]
    public void An_action_without_deliverable_or_KPI_blocks_approval()
    {
        var plan = PlanOf(Axis("01", 2, [Owned], Act("01.01", deliverable: null)), Axis("02", 1, [Owned], Act("02.01")));

        var report = Check(plan);

        var f = Assert.Single(report.Findings);
        Assert.Equal((PlanQuality.DeliverableOrKpi, QualitySeverity.Blocking, "01.01"), (f.Rule, f.Severity, f.NodeCode));
        Assert.False(report.CanApprove);
        Assert.Matches(PersianPattern.Letters, f.Message);
        Assert.True(report.Score < 100);
    }

    [Fact]
    public void An_inactive_lead_agency_blocks_approval()
    {
        var report = Check(Good(), inactive: new HashSet<string> { "TAX" });

        Assert.Equal(PlanQuality.LeadAgency, Assert.Single(report.Blocking).Rule);
    }

    [Fact]
    public void Dates_outside_the_plan_and_inconsistent_milestones_block_approval()
    {
        var plan = PlanOf(
            Axis("01", 2, [Owned], Act("01.01", start: new JalaliDate(1403, 12, 1)),
                Act("01.02", curve: CurveKind.Milestones, milestones: [new(new JalaliDate(1404, 6, 1), 50), new(new JalaliDate(1404, 5, 1), 40)])),
            Axis("02", 1, [Owned], Act("02.01", curve: CurveKind.Milestones)));

        var rules = Check(plan).Blocking.Select(f => (f.Rule, f.NodeCode)).ToList();

        Assert.Contains((PlanQuality.DatesInPlan, "01.01"), rules);
        Assert.Contains((PlanQuality.Milestones, "01.02"), rules);
        Assert.Contains((PlanQuality.Milestones, "02.01"), rules);
    }

    [Fact]
    public void An_axis_or_program_without_actions_blocks_approval_and_so_does_an_empty_plan()
    {
        var plan = PlanOf(Axis("01", 2, [Owned], Act("01.01"), Axis("01.02", 1, [])), Axis("02", 1, [Owned], Act("02.01")));

        Assert.Equal(("01.02", PlanQuality.GroupsHaveActions), Check(plan).Blocking.Select(f => (f.NodeCode!, f.Rule)).Single());
        Assert.Equal(PlanQuality.GroupsHaveActions, Assert.Single(Check(PlanOf()).Blocking).Rule);
    }

    [Fact]
    public void Missing_requirements_owners_deadlines_and_obstacles_are_warnings_on_their_axis()
    {
        var plan = PlanOf(Axis("01", 2, [], Act("01.01")), Axis("02", 1, [new Requirement("بی‌مسئول")], Act("02.01")));

        var report = Check(plan, obstacles: new HashSet<string> { "01.01" });

        Assert.True(report.CanApprove);
        Assert.Contains(report.Findings, f => f is { Rule: PlanQuality.AxisRequirements, NodeCode: "01", Severity: QualitySeverity.Warning });
        Assert.Contains(report.Findings, f => f is { Rule: PlanQuality.RequirementOwners, NodeCode: "02" });
        // An obstacle linked to an action counts for its axis.
        Assert.Equal("02", Assert.Single(report.Findings, f => f.Rule == PlanQuality.AxisObstacles).NodeCode);
    }

    [Fact]
    public void Weights_all_left_at_the_default_are_flagged_per_group_of_siblings()
    {
        var plan = PlanOf(Axis("01", 1, [Owned], Act("01.01"), Act("01.02")), Axis("02", 1, [Owned], Act("02.01")));

        var weights = Check(plan).Findings.Where(f => f.Rule == PlanQuality.Weights).Select(f => f.NodeCode).ToList();

        // The axes (plan level) and 01's two actions; 02 has one child only.
        Assert.Equal([null, "01"], weights);
    }

    [Fact]
    public void An_agency_leading_more_actions_alone_than_allowed_is_flagged()
    {
        var plan = PlanOf(
            Axis("01", 2, [Owned], Act("01.01", collaborators: []), Act("01.02", collaborators: []), Act("01.03", collaborators: [], weight: 3)),
            Axis("02", 1, [Owned], Act("02.01")));

        Assert.DoesNotContain(Check(plan, maxSolo: 3).Findings, f => f.Rule == PlanQuality.AgencyLoad);
        var f = Assert.Single(Check(plan, maxSolo: 2).Findings, f => f.Rule == PlanQuality.AgencyLoad);
        Assert.Equal("SMT", f.AgencyCode);
        Assert.Contains("۳", f.Message);
    }

    [Fact]
    public void The_score_is_the_mean_pass_rate_with_blocking_rules_counting_double()
    {
        // One of two actions without deliverable (blocking, pass rate 1/2); everything else passes.
        var plan = PlanOf(Axis("01", 2, [Owned], Act("01.01", deliverable: null), Act("01.02", weight: 2)), Axis("02", 1, [Owned], Act("02.01")));

        var report = Check(plan);

        int rules = report.Rules.Count(r => r.Checked > 0);
        int blocking = report.Rules.Count(r => r.Checked > 0 && r.Severity == QualitySeverity.Blocking);
        double expected = 100 * (rules + blocking - 2 * (1.0 / 3)) / (rules + blocking);
        Assert.Equal((int)Math.Round(expected, MidpointRounding.AwayFromZero), report.Score);
    }
}
