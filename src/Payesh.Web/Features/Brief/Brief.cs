using System.Text;
using Payesh.Domain.Calendar;
using Payesh.Web.Infrastructure;

namespace Payesh.Web.Features.Brief;

/// <summary>One plain Persian sentence of the brief; <see cref="Link"/> opens what it speaks of. A sentence that states a
/// shared figure names it (<see cref="Figure"/>) and where its value stands in <see cref="Text"/> (<see cref="FigureAt"/>,
/// <see cref="FigureLength"/>), and the page marks that value as every other page marks the figure (tooltip: what it
/// counts, for which day). Build one with <see cref="WithFigure"/>.</summary>
public sealed record BriefSentence(string Text, string? Link = null, Figures.SharedFigure? Figure = null, int FigureAt = -1, int FigureLength = 0)
{
    /// <summary>A sentence whose <paramref name="value"/> states <paramref name="figure"/>, between <paramref name="before"/> and
    /// <paramref name="after"/> (the value's place is kept, not searched for: a date before it may hold the same digits).</summary>
    public static BriefSentence WithFigure(string before, string value, string after, string? link, Figures.SharedFigure figure) =>
        new(before + value + after, link, figure, before.Length, value.Length);

    /// <summary>The text around the figure's value (the whole text as <c>Before</c> when it has none).</summary>
    public (string Before, string? Value, string After) Split() => Figure is null || FigureAt < 0
        ? (Text, null, "")
        : (Text[..FigureAt], Text.Substring(FigureAt, FigureLength), Text[(FigureAt + FigureLength)..]);
}

/// <summary>A part of the brief: what moved, what slipped, what needs a decision.</summary>
public sealed record BriefSection(string Key, string Title, IReadOnlyList<BriefSentence> Sentences);

/// <summary>
/// The governor's weekly brief (issue 12 § 6) of one plan for one Saturday–Friday week, as of the week's last day (or
/// today, for the running week). Every figure in it was read from the engine (<c>FigureTrends</c>) or from
/// <c>AccountabilityService</c>; the page and the e-mail only render it.
/// </summary>
public sealed record Brief(long PlanId, string PlanTitle, JalaliWeek Week, JalaliDate AsOf, BriefSentence Headline, IReadOnlyList<BriefSection> Sections)
{
    public const string Moved = "moved";
    public const string Slipped = "slipped";
    public const string Decide = "decide";

    public string Subject => $"گزارش هفتگی پایش — {PlanTitle} — هفته {Fa.Date(Week.Start)} تا {Fa.Date(Week.End)}";

    /// <summary>The query that opens this brief at <c>/Brief</c>.</summary>
    public string Query => $"?plan={PlanId}&week={Week.Start}";

    /// <summary>The brief as the e-mail's plain text: the headline, then each section's sentences as a list.</summary>
    public string PlainText(string? link)
    {
        var b = new StringBuilder();
        b.AppendLine(Subject).AppendLine();
        b.AppendLine(Headline.Text).AppendLine();
        foreach (var s in Sections)
        {
            b.AppendLine(s.Title);
            foreach (var line in s.Sentences) b.Append("• ").AppendLine(line.Text);
            b.AppendLine();
        }
        b.Append("وضعیت در پایان روز ").Append(Fa.LongDate(AsOf)).AppendLine(".");
        if (link is not null) b.AppendLine(link);
        return b.ToString();
    }
}
