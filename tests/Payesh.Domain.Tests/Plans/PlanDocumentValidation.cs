using Payesh.Domain.Plans;

namespace Payesh.Domain.Tests.Plans;

/// <summary>A malformed plan document gives every error with its path, and no plan.</summary>
public class PlanDocumentValidation
{
    private const string Action1 = "nodes[0].children[0].children[0]";   // 01.01.01
    private const string Action2 = "nodes[0].children[0].children[1]";   // 01.01.02 (milestones)
    private const string Action3 = "nodes[1].children[0]";               // 02.01

    private static IReadOnlyList<ValidationError> Errors(PlanDocument doc, IReadOnlySet<string>? existing = null)
    {
        var (plan, errors) = PlanDocumentReader.Read(doc, existing ?? PlanDocuments.NoAgencies);
        Assert.Null(plan);
        Assert.NotEmpty(errors);
        Assert.All(errors, e => Assert.Matches(PersianPattern.Letters, e.Message));
        return errors;
    }

    private static ValidationError Single(PlanDocument doc, string path)
    {
        var errors = Errors(doc);
        var error = Assert.Single(errors);
        Assert.Equal(path, error.Path);
        return error;
    }

    [Fact]
    public void The_small_document_is_valid()
    {
        var (plan, errors) = PlanDocumentReader.Read(PlanDocuments.Small(), PlanDocuments.NoAgencies);

        Assert.Empty(errors);
        Assert.NotNull(plan);
        Assert.Equal(["01", "01.01", "01.01.01", "01.01.02", "02", "02.01"], plan.AllNodes().Select(n => n.Code));
    }

    [Fact]
    public void An_unknown_agency_is_named_at_its_action()
    {
        var doc = PlanDocuments.Small();
        doc.At(0, 0, 0).Agency = "XYZ";

        var error = Single(doc, $"{Action1}.agency");

        Assert.Contains("XYZ", error.Message);
    }

    [Fact]
    public void An_unknown_collaborator_is_named_at_its_index()
    {
        var doc = PlanDocuments.Small();
        doc.At(0, 0, 0).Collaborators = ["TAX", "NOPE"];

        Single(doc, $"{Action1}.collaborators[1]");
    }

    [Fact]
    public void An_agency_known_from_before_may_be_named_without_listing_it()
    {
        var doc = PlanDocuments.Small();
        doc.At(1, 0).Agency = "bmi";

        var (plan, errors) = PlanDocumentReader.Read(doc, new HashSet<string> { "BMI" });

        Assert.Empty(errors);
        Assert.Equal("BMI", plan!.AllNodes().Single(n => n.Code == "02.01").Action!.LeadAgency);
    }

    [Fact]
    public void A_leaf_without_agency_is_an_error()
    {
        var doc = PlanDocuments.Small();
        doc.At(1, 0).Agency = null;

        Single(doc, $"{Action3}.agency");
    }

    [Fact]
    public void A_leaf_without_dates_is_an_error()
    {
        var doc = PlanDocuments.Small();
        doc.At(1, 0).Start = null;
        doc.At(1, 0).End = "  ";

        var errors = Errors(doc);

        Assert.Equal([$"{Action3}.start", $"{Action3}.end"], errors.Select(e => e.Path));
    }

    [Theory]
    [InlineData("1398/12/30", "اسفند")]
    [InlineData("1398/07/31", "مهر")]
    [InlineData("1398/13/01", "ماه")]
    [InlineData("tomorrow", "۱۴۰۳/۰۱/۱۵")]
    public void A_date_that_does_not_exist_is_an_error_at_its_field(string date, string inMessage)
    {
        var doc = PlanDocuments.Small();
        doc.At(0, 0, 0).End = date;

        var error = Single(doc, $"{Action1}.end");

        Assert.Contains(inMessage, error.Message);
    }

    [Fact]
    public void A_bad_plan_date_is_an_error_at_the_plan()
    {
        var doc = PlanDocuments.Small();
        doc.End = "1398/12/30";

        var errors = Errors(doc);

        Assert.Equal("end", Assert.Single(errors).Path);
    }

    [Fact]
    public void An_action_ending_before_it_starts_is_an_error()
    {
        var doc = PlanDocuments.Small();
        doc.At(1, 0).Start = "1398/05/01";
        doc.At(1, 0).End = "1398/04/31";

        Single(doc, $"{Action3}.end");
    }

    [Fact]
    public void A_one_day_action_is_allowed()
    {
        var doc = PlanDocuments.Small();
        doc.At(1, 0).Start = "1398/05/01";
        doc.At(1, 0).End = "1398/05/01";

        Assert.Empty(PlanDocumentReader.Read(doc, PlanDocuments.NoAgencies).Errors);
    }

    [Fact]
    public void A_plan_ending_before_it_starts_is_an_error()
    {
        var doc = PlanDocuments.Small();
        doc.End = "1397/12/01";

        var errors = Errors(doc);

        Assert.Contains(errors, e => e.Path == "end");
    }

    [Fact]
    public void An_action_outside_the_plan_dates_is_an_error()
    {
        var doc = PlanDocuments.Small();
        doc.At(1, 0).Start = "1397/12/01";
        doc.At(1, 0).End = "1399/01/10";

        var errors = Errors(doc);

        Assert.Equal([$"{Action3}.start", $"{Action3}.end"], errors.Select(e => e.Path));
    }

    [Fact]
    public void A_duplicate_code_is_an_error_at_the_second_node()
    {
        var doc = PlanDocuments.Small();
        doc.At(1, 0).Code = "01.01.01";

        var error = Single(doc, $"{Action3}.code");

        Assert.Contains("01.01.01", error.Message);
    }

    [Fact]
    public void A_duplicate_agency_code_is_an_error()
    {
        var doc = PlanDocuments.Small();
        doc.Agencies!.Add(new AgencyDocument { Code = "smt", Name = "تکراری" });

        Single(doc, "agencies[2].code");
    }

    [Fact]
    public void Milestones_out_of_order_are_an_error()
    {
        var doc = PlanDocuments.Small();
        doc.At(0, 0, 1).Milestones![1].Date = "1398/05/01"; // before the first, 1398/05/31

        Single(doc, $"{Action2}.milestones[1].date");
    }

    [Fact]
    public void Two_milestones_on_one_day_are_an_error()
    {
        var doc = PlanDocuments.Small();
        doc.At(0, 0, 1).Milestones![1].Date = "1398/05/31";

        Single(doc, $"{Action2}.milestones[1].date");
    }

    [Fact]
    public void Milestone_percentages_going_down_are_an_error()
    {
        var doc = PlanDocuments.Small();
        doc.At(0, 0, 1).Milestones![1].Percent = 10;

        Single(doc, $"{Action2}.milestones[1].percent");
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(100.5)]
    [InlineData(double.NaN)]
    public void A_milestone_percentage_outside_0_to_100_is_an_error(double percent)
    {
        var doc = PlanDocuments.Small();
        doc.At(0, 0, 1).Milestones![0].Percent = percent;

        Single(doc, $"{Action2}.milestones[0].percent");
    }

    [Theory]
    [InlineData("1398/02/31")] // before the action's start, 1398/03/01
    [InlineData("1398/10/01")] // after its end, 1398/09/30
    public void A_milestone_outside_the_action_dates_is_an_error(string date)
    {
        var doc = PlanDocuments.Small();
        doc.At(0, 0, 1).Milestones = [new MilestoneDocument { Date = date, Percent = 50 }];

        Single(doc, $"{Action2}.milestones[0].date");
    }

    [Fact]
    public void Milestones_on_the_first_and_last_day_of_the_action_are_allowed()
    {
        var doc = PlanDocuments.Small();
        doc.At(0, 0, 1).Milestones =
        [
            new MilestoneDocument { Date = "1398/03/01", Percent = 5 },
            new MilestoneDocument { Date = "1398/09/30", Percent = 90 },
        ];

        Assert.Empty(PlanDocumentReader.Read(doc, PlanDocuments.NoAgencies).Errors);
    }

    [Fact]
    public void A_milestones_curve_needs_milestones_and_other_curves_take_none()
    {
        var doc = PlanDocuments.Small();
        doc.At(0, 0, 1).Milestones = null;
        doc.At(1, 0).Milestones = [new MilestoneDocument { Date = "1398/05/01", Percent = 50 }];

        var errors = Errors(doc);

        Assert.Equal([$"{Action2}.milestones", $"{Action3}.milestones"], errors.Select(e => e.Path));
    }

    [Fact]
    public void An_unknown_curve_is_an_error()
    {
        var doc = PlanDocuments.Small();
        doc.At(1, 0).Curve = "exponential";

        Single(doc, $"{Action3}.curve");
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(double.NaN)]
    public void A_negative_weight_is_an_error(double weight)
    {
        var doc = PlanDocuments.Small();
        doc.At(0, 0).Weight = weight;

        Single(doc, "nodes[0].children[0].weight");
    }

    [Fact]
    public void A_zero_weight_is_allowed()
    {
        var doc = PlanDocuments.Small();
        doc.At(0).Weight = 0;
        doc.At(1).Weight = 0;

        Assert.Empty(PlanDocumentReader.Read(doc, PlanDocuments.NoAgencies).Errors);
    }

    [Fact]
    public void A_node_with_children_takes_no_agency_or_dates()
    {
        var doc = PlanDocuments.Small();
        doc.At(0, 0).Agency = "SMT";

        Single(doc, "nodes[0].children[0]");
    }

    [Fact]
    public void A_plan_needs_a_title_and_at_least_one_node()
    {
        var doc = PlanDocuments.Small();
        doc.Title = "   ";
        doc.Nodes = [];

        var errors = Errors(doc);

        Assert.Equal(["title", "nodes"], errors.Select(e => e.Path));
    }

    [Fact]
    public void Thresholds_out_of_order_are_an_error_at_the_settings()
    {
        var doc = PlanDocuments.Small();
        doc.Settings = new PlanSettingsDocument { AtRiskBelow = -20, BehindBelow = -10, StoppageDays = 0 };

        var errors = Errors(doc);

        Assert.Equal(["settings.stoppageDays", "settings"], errors.Select(e => e.Path));
    }

    [Fact]
    public void A_missing_document_is_an_error()
    {
        var (plan, errors) = PlanDocumentReader.Read(null, PlanDocuments.NoAgencies);

        Assert.Null(plan);
        Assert.Single(errors);
    }

    [Fact]
    public void Every_error_is_listed_at_once()
    {
        var doc = PlanDocuments.Small();
        doc.At(0, 0, 0).Agency = "XYZ";                       // unknown agency
        doc.At(0, 0, 1).End = "1398/12/30";                   // no such day
        doc.At(0, 0, 1).Milestones![1].Percent = 10;          // going down
        doc.At(1).Title = null;                               // missing title
        doc.At(1, 0).Code = "01";                             // duplicate code
        doc.At(1, 0).Start = "1398/10/01";                    // end before start
        doc.At(1, 0).End = "1398/09/01";

        var errors = Errors(doc);

        Assert.Equal(
            [
                $"{Action1}.agency",
                $"{Action2}.end",
                $"{Action2}.milestones[1].percent",
                "nodes[1].title",
                $"{Action3}.code",
                $"{Action3}.end",
            ],
            errors.Select(e => e.Path));
    }

    [Fact]
    public void Text_is_normalized_on_the_way_in()
    {
        var doc = PlanDocuments.Small();
        doc.Title = "  برنامه   علي  ";
        doc.At(1, 0).Title = "اقدام كاري";
        doc.At(1, 0).Agency = "smt";

        var (plan, errors) = PlanDocumentReader.Read(doc, PlanDocuments.NoAgencies);

        Assert.Empty(errors);
        Assert.Equal("برنامه علی", plan!.Title);
        var action = plan.AllNodes().Single(n => n.Code == "02.01");
        Assert.Equal("اقدام کاری", action.Title);
        Assert.Equal("SMT", action.Action!.LeadAgency);
    }

    [Fact]
    public void Defaults_fill_what_is_left_out()
    {
        var doc = PlanDocuments.Small();
        doc.At(1, 0).Curve = null;
        doc.At(1, 0).Weight = null;

        var (plan, _) = PlanDocumentReader.Read(doc, PlanDocuments.NoAgencies);

        var action = plan!.AllNodes().Single(n => n.Code == "02.01");
        Assert.Equal(CurveKind.Linear, action.Action!.Curve);
        Assert.Equal(1, action.Weight);
        Assert.Equal(PlanSettings.Default, plan.Settings);
        Assert.Equal(Plan.DefaultLevels, plan.Levels);
    }
}
