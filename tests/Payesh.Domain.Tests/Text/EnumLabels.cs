using System.Text.RegularExpressions;
using Payesh.Domain.Obstacles;
using Payesh.Domain.Plans;
using Payesh.Domain.Progress;

namespace Payesh.Domain.Tests.Text;

/// <summary>Every value of every enum a person reads has its own Persian label in the one table of its enum
/// (issue 10, item 6): a value added later without a label fails here, not on a page.</summary>
public sealed partial class EnumLabels
{
    [GeneratedRegex(@"\p{IsArabic}")]
    private static partial Regex PersianLetter();

    private static void EveryValueLabelled<T>(Func<T, string> label, params T[] shownAsDash) where T : struct, Enum
    {
        foreach (var v in shownAsDash) Assert.Equal("—", label(v));
        var labels = Enum.GetValues<T>().Except(shownAsDash).Select(v => (Value: v, Label: label(v))).ToList();
        foreach (var (value, text) in labels)
            Assert.True(PersianLetter().IsMatch(text), $"{typeof(T).Name}.{value} has no Persian label: «{text}»");
        Assert.Equal(labels.Count, labels.Select(l => l.Label).Distinct().Count());
    }

    [Fact] public void Every_curve_has_a_label() => EveryValueLabelled<CurveKind>(k => k.PersianName());
    [Fact] public void Every_progress_status_has_a_label() => EveryValueLabelled<ProgressStatus>(s => s.PersianName());
    [Fact] public void Every_obstacle_category_has_a_label() => EveryValueLabelled<ObstacleCategory>(ObstacleTerms.PersianNameOf);
    [Fact] public void Every_obstacle_severity_has_a_label() => EveryValueLabelled<ObstacleSeverity>(ObstacleTerms.PersianNameOf);
    [Fact] public void Every_obstacle_state_has_a_label() => EveryValueLabelled<ObstacleState>(ObstacleTerms.PersianNameOf);
    [Fact] public void Every_escalation_level_has_a_label() => EveryValueLabelled<EscalationLevel>(ObstacleTerms.PersianNameOf, EscalationLevel.None);
    [Fact] public void Every_obstacle_step_has_a_label() => EveryValueLabelled<ObstacleStep>(ObstacleTerms.PersianNameOf);
    [Fact] public void Every_resolution_state_has_a_label() => EveryValueLabelled<ResolutionState>(ObstacleTerms.PersianNameOf);
    [Fact] public void Every_resolution_step_has_a_label() => EveryValueLabelled<ResolutionStep>(ObstacleTerms.PersianNameOf);

    [Fact]
    public void The_Excel_sheet_and_pages_read_the_same_curve_names()
    {
        Assert.Equal(["خطی", "منحنی S", "نقاط عطف"], CurveKindNames.All.Select(k => k.PersianName()));
    }
}
