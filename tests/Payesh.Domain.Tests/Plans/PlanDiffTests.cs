using Payesh.Domain.Plans;

namespace Payesh.Domain.Tests.Plans;

/// <summary>The difference between a stored plan and an edited copy of it (issue 11 § 8).</summary>
public class PlanDiffTests
{
    private static Plan Read(PlanDocument doc)
    {
        var (plan, errors) = PlanDocumentReader.Read(doc, PlanDocuments.NoAgencies, PlanReadMode.Draft);
        Assert.Empty(errors);
        return plan!;
    }

    [Fact]
    public void The_same_plan_read_twice_has_no_difference()
    {
        var diff = PlanDiff.Compare(Read(PlanDocuments.Small()), Read(PlanDocuments.Small()));

        Assert.True(diff.IsEmpty);
        Assert.False(diff.IsStructural);
    }

    [Fact]
    public void Nodes_are_matched_by_code_into_added_changed_and_removed()
    {
        var edited = PlanDocuments.Small();
        edited.At(0, 0, 0).Title = "اقدام یک (بازنویسی)";                 // changed: title only
        edited.At(0, 0, 1).End = "1398/10/30";                            // changed: schedule
        edited.At(1).Children!.RemoveAt(0);                               // 02.01 removed
        edited.At(1).Children!.Add(new NodeDocument
        {
            Code = "02.02", Title = "اقدام چهار", Agency = "TAX", Start = "1398/04/01", End = "1398/08/30",
        });

        var diff = PlanDiff.Compare(Read(PlanDocuments.Small()), Read(edited));

        Assert.Equal(["02.02"], diff.Added.Select(c => c.Code));
        Assert.Equal("02", diff.Added.Single().ParentAfter);
        Assert.Equal(["02.01"], diff.Removed.Select(c => c.Code));
        Assert.Equal(["01.01.01", "01.01.02"], diff.Changed.Select(c => c.Code).Order(StringComparer.Ordinal));
        Assert.Equal([NodeField.Title], diff.Changed.Single(c => c.Code == "01.01.01").Fields);
        Assert.Equal([NodeField.Schedule], diff.Changed.Single(c => c.Code == "01.01.02").Fields);
        Assert.Empty(diff.PlanFields);
    }

    [Fact]
    public void A_new_title_or_description_does_not_need_a_baseline_but_a_new_weight_does()
    {
        var wording = PlanDocuments.Small();
        wording.At(0, 0, 0).Title = "عنوان تازه";
        wording.At(0, 0, 0).Description = "شرح تازه";
        wording.At(0, 0, 0).Deliverable = "گزارش";
        var diff = PlanDiff.Compare(Read(PlanDocuments.Small()), Read(wording));
        Assert.False(diff.IsStructural);
        Assert.Equal([NodeField.Title, NodeField.Description, NodeField.Deliverable], diff.Nodes.Single().Fields);

        var weight = PlanDocuments.Small();
        weight.At(0, 0, 0).Weight = 5;
        Assert.True(PlanDiff.Compare(Read(PlanDocuments.Small()), Read(weight)).IsStructural);
    }

    [Fact]
    public void A_move_to_another_parent_is_a_parent_change_and_a_swap_of_siblings_a_position_change()
    {
        var moved = PlanDocuments.Small();
        var node = moved.At(0, 0, 1);
        moved.At(0, 0).Children!.Remove(node);
        moved.At(1).Children!.Add(node);
        var diff = PlanDiff.Compare(Read(PlanDocuments.Small()), Read(moved));
        var change = Assert.Single(diff.Nodes);
        Assert.Equal(("01.01.02", "01.01", "02"), (change.Code, change.ParentBefore, change.ParentAfter));
        Assert.Equal([NodeField.Parent], change.Fields);
        Assert.True(diff.IsStructural);

        var swapped = PlanDocuments.Small();
        swapped.At(0, 0).Children!.Reverse();
        var order = PlanDiff.Compare(Read(PlanDocuments.Small()), Read(swapped));
        Assert.Equal(2, order.Nodes.Count);
        Assert.All(order.Nodes, c => Assert.Equal([NodeField.Position], c.Fields));
        Assert.False(order.IsStructural);
    }

    [Fact]
    public void Agency_curve_milestones_and_kind_are_named_and_structural()
    {
        var edited = PlanDocuments.Small();
        edited.At(0, 0, 0).Agency = "TAX";
        edited.At(0, 0, 0).Collaborators = ["SMT"];
        edited.At(0, 0, 1).Milestones![1].Percent = 70;
        edited.At(1, 0).Curve = "linear";
        var diff = PlanDiff.Compare(Read(PlanDocuments.Small()), Read(edited));
        Assert.Equal([NodeField.Agency, NodeField.Collaborators], diff.Nodes.Single(c => c.Code == "01.01.01").Fields);
        Assert.Equal([NodeField.Milestones], diff.Nodes.Single(c => c.Code == "01.01.02").Fields);
        Assert.Equal([NodeField.Curve], diff.Nodes.Single(c => c.Code == "02.01").Fields);
        Assert.All(diff.Nodes, c => Assert.True(c.IsStructural));

        var group = PlanDocuments.Small();
        var a = group.At(1, 0);
        (a.Agency, a.Start, a.End, a.Curve, a.Children) = (null, null, null, null, []);
        var kind = PlanDiff.Compare(Read(PlanDocuments.Small()), Read(group)).Nodes.Single();
        Assert.Equal([NodeField.Kind], kind.Fields);
    }

    [Fact]
    public void The_plan_fields_that_differ_are_named()
    {
        var edited = PlanDocuments.Small();
        edited.Title = "عنوان دیگر";
        edited.Settings = new PlanSettingsDocument { StoppageDays = 20 };
        var diff = PlanDiff.Compare(Read(PlanDocuments.Small()), Read(edited));
        Assert.Equal([PlanDiff.Title, PlanDiff.Settings], diff.PlanFields);
        Assert.Empty(diff.Nodes);
        Assert.False(diff.IsEmpty);
    }
}
