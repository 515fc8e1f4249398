using System.Text.Json;
using Payesh.Domain.Calendar;
using Payesh.Domain.Plans;

namespace Payesh.Domain.Tests.Plans;

/// <summary>Copying a plan to a new year, drafts with empty groups, and requirements with owners and deadlines.</summary>
public class PlanCopyAndDrafts
{
    private static Plan Read(PlanDocument doc, PlanReadMode mode = PlanReadMode.Complete)
    {
        var (plan, errors) = PlanDocumentReader.Read(doc, PlanDocuments.NoAgencies, mode);
        Assert.Empty(errors);
        return plan!;
    }

    [Fact]
    public void A_copy_to_another_year_keeps_month_and_day_of_every_date_and_esfand_30_becomes_29()
    {
        var doc = PlanDocuments.Small();
        doc.Year = 1403;
        doc.Start = "1403/01/01";
        doc.End = "1403/12/30"; // 1403 is a leap year
        doc.At(0, 0, 0).Start = "1403/02/01";
        doc.At(0, 0, 0).End = "1403/06/31";
        doc.At(0, 0, 1).Start = "1403/03/01";
        doc.At(0, 0, 1).End = "1403/09/30";
        doc.At(0, 0, 1).Milestones = [new MilestoneDocument { Date = "1403/05/31", Percent = 20 }];
        doc.At(1, 0).Start = "1403/01/15";
        doc.At(1, 0).End = "1403/12/30";
        doc.At(0).Requirements = [new RequirementDocument { Text = "الزام", Owner = "SMT", Deadline = "1403/12/30" }];
        var plan = Read(doc);

        var copy = PlanCopy.ToYear(plan, 1404);

        Assert.Equal((1404, new JalaliDate(1404, 1, 1), new JalaliDate(1404, 12, 29)), (copy.Year, copy.Start, copy.End));
        Assert.Equal(new JalaliDate(1404, 2, 1), copy.Nodes[0].Children[0].Children[0].Action!.Start);
        Assert.Equal(new JalaliDate(1404, 5, 31), copy.Nodes[0].Children[0].Children[1].Action!.Milestones[0].Day);
        Assert.Equal(new JalaliDate(1404, 12, 29), copy.Nodes[1].Children[0].Action!.End);
        Assert.Equal(new JalaliDate(1404, 12, 29), copy.Nodes[0].Requirements[0].Deadline);
        Assert.Equal("برنامه آزمایشی — ۱۴۰۴", copy.Title);
        // The copy is a valid plan of its year.
        Read(PlanDocumentReader.ToDocument(copy));
    }

    [Fact]
    public void A_draft_may_have_no_nodes_and_empty_groups_but_a_complete_plan_may_not()
    {
        var doc = PlanDocuments.Small();
        doc.Nodes!.Add(new NodeDocument { Code = "03", Title = "محور سه", Children = [] });

        var draft = Read(doc, PlanReadMode.Draft);
        var (_, errors) = PlanDocumentReader.Read(doc, PlanDocuments.NoAgencies);

        Assert.Empty(draft.Nodes[2].Children);
        Assert.Null(draft.Nodes[2].Action);
        Assert.Contains(errors, e => e.Path == "nodes[2].agency");
        doc.Nodes = [];
        Assert.Empty(Read(doc, PlanReadMode.Draft).Nodes);
    }

    [Fact]
    public void Requirements_are_texts_or_objects_with_an_owner_and_a_deadline()
    {
        const string json = """
            ["الزام ساده", {"text": "الزام با مسئول", "owner": "smt", "deadline": "۱۳۹۸/۰۲/۰۱"}]
            """;
        var items = JsonSerializer.Deserialize<List<RequirementDocument>>(json)!;
        var doc = PlanDocuments.Small();
        doc.At(0).Requirements = items;

        var plan = Read(doc);

        Assert.Equal([new Requirement("الزام ساده"), new Requirement("الزام با مسئول", "SMT", new JalaliDate(1398, 2, 1))], plan.Nodes[0].Requirements);
        var written = JsonSerializer.Serialize(PlanDocumentReader.ToDocument(plan).Nodes![0].Requirements);
        Assert.Equal("""["الزام ساده",{"text":"الزام با مسئول","owner":"SMT","deadline":"1398/02/01"}]""",
            System.Text.RegularExpressions.Regex.Unescape(written));
    }

    [Fact]
    public void A_requirement_of_an_unknown_agency_or_with_a_bad_deadline_is_reported_at_its_path()
    {
        var doc = PlanDocuments.Small();
        doc.At(0).Requirements = [new RequirementDocument { Text = "الف", Owner = "NOPE" }, new RequirementDocument { Text = "ب", Deadline = "1398/13/01" }, ""];

        var (plan, errors) = PlanDocumentReader.Read(doc, PlanDocuments.NoAgencies);

        Assert.Null(plan);
        Assert.Equal(["nodes[0].requirements[0].owner", "nodes[0].requirements[1].deadline", "nodes[0].requirements[2]"], errors.Select(e => e.Path));
        Assert.All(errors, e => Assert.Matches(PersianPattern.Letters, e.Message));
    }
}
