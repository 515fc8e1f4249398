using Payesh.Web.Features.Brief;
using Payesh.Web.Features.Figures;

namespace Payesh.Web.Tests.Brief;

/// <summary>The brief marks a shared figure's value where the sentence put it, not where its digits first occur.</summary>
public sealed class BriefSentences
{
    [Fact]
    public void A_figure_is_marked_at_its_own_place_even_when_the_date_before_it_holds_the_same_digits()
    {
        var s = BriefSentence.WithFigure("در پایان روز ۱۴۰۵/۰۱/۰۱، ", "۱", " مانع ارجاع‌شده باز است.", "/Obstacles", SharedFigures.ObstaclesEscalated);
        Assert.Equal("در پایان روز ۱۴۰۵/۰۱/۰۱، ۱ مانع ارجاع‌شده باز است.", s.Text);
        Assert.Equal(("در پایان روز ۱۴۰۵/۰۱/۰۱، ", "۱", " مانع ارجاع‌شده باز است."), s.Split());
    }

    [Fact]
    public void A_sentence_without_a_value_is_its_text()
    {
        var s = new BriefSentence("هیچ مانع ارجاع‌شده‌ای باز نیست.", null, SharedFigures.ObstaclesEscalated);
        Assert.Equal(("هیچ مانع ارجاع‌شده‌ای باز نیست.", (string?)null, ""), s.Split());
    }
}
