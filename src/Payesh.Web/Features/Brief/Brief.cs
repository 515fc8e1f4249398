using System.Text;
using Payesh.Domain.Calendar;
using Payesh.Web.Infrastructure;

namespace Payesh.Web.Features.Brief;

/// <summary>One plain Persian sentence of the brief; <see cref="Link"/> opens what it speaks of.</summary>
public sealed record BriefSentence(string Text, string? Link = null);

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
