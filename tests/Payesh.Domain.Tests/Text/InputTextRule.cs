using FsCheck;
using FsCheck.Xunit;
using Payesh.Domain.Text;

namespace Payesh.Domain.Tests.Text;

/// <summary>The one input rule for text (issue 13): what is removed, what is kept, and how exports stay inert.</summary>
public class InputTextRule
{
    [Theory]
    [InlineData("a\u0001b", "ab")]
    [InlineData("a\u0000b", "ab")]
    [InlineData("a\u007Fb\u0085c\u009Fd", "abcd")]
    [InlineData("\u202Eexe.pdf", "exe.pdf")]
    [InlineData("x\u202A\u202B\u202C\u202D\u2066\u2067\u2068\u2069y", "xy")]
    [InlineData("a\uFDD0b\uFDEFc\uFFFEd\uFFFFe", "abcde")]
    [InlineData("a\uFEFFb", "ab")]
    [InlineData("tab\there", "tab here")]
    public void Removes_controls_non_characters_lone_surrogates_and_bidi_overrides(string input, string expected)
    {
        Assert.Equal(expected, InputText.Clean(input));
    }

    [Fact]
    public void Keeps_line_breaks_only_where_multi_line_text_is_allowed()
    {
        Assert.Equal("one\ntwo\nthree", InputText.Clean("one\r\ntwo\rthree", multiLine: true));
        Assert.Equal("one two three", InputText.Clean("one\r\ntwo\nthree", multiLine: false));
    }

    [Fact]
    public void Keeps_Persian_ZWNJ_emoji_and_plane_one_characters()
    {
        const string text = "می‌خواهم 😀 𝐀 ۱۲۳";
        Assert.Same(text, InputText.Clean(text));
    }

    [Fact]
    public void Drops_lone_surrogates()
    {
        Assert.Equal("ab", InputText.Clean("a" + '\uD800' + "b"));
        Assert.Equal("ab", InputText.Clean("a" + '\uDC00' + "b"));
        Assert.Equal("ab", InputText.Clean("ab" + '\uD83D'));
    }

    [Fact]
    public void Drops_a_non_character_at_the_end_of_a_supplementary_plane()
    {
        Assert.Equal("ab", InputText.Clean("a" + char.ConvertFromUtf32(0x1FFFE) + "b"));
    }

    [Fact]
    public void Normalize_applies_the_rule_before_Persian_normalisation()
    {
        Assert.Equal("کی ab", PersianText.Normalize("\u0643\u064A \u202Ea\u0000b\u0001"));
    }

    [Property]
    public bool Cleaned_text_is_clean_and_cleaning_is_idempotent(string? text)
    {
        var once = InputText.Clean(text);
        return once is null || (InputText.IsClean(once) && InputText.Clean(once) == once && XmlValid(InputText.XmlSafe(once)));
    }

    [Theory]
    [InlineData("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")")]
    [InlineData("+1+2", "'+1+2")]
    [InlineData("-2+3", "'-2+3")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("  =1+1", "'  =1+1")]
    [InlineData("\t=1+1", "'\t=1+1")]
    [InlineData("\r\n=1+1", "'\r\n=1+1")]
    [InlineData("-5", "-5")]
    [InlineData("+12.5", "+12.5")]
    [InlineData("گزارش = خوب", "گزارش = خوب")]
    public void Formula_like_text_is_exported_as_text(string input, string expected)
    {
        Assert.Equal(expected, InputText.SpreadsheetSafe(input));
    }

    [Theory]
    [InlineData("=1+1")]
    [InlineData("@x")]
    [InlineData("'already quoted")]
    [InlineData("plain")]
    public void An_exported_cell_reads_back_as_it_was_typed(string typed)
    {
        Assert.Equal(typed, InputText.FromSpreadsheet(InputText.SpreadsheetSafe(typed)));
    }

    [Fact]
    public void Export_text_holds_only_XML_valid_characters()
    {
        Assert.Equal("ab\tc\nd", InputText.XmlSafe("a\u0001b\tc\nd\u0000"));
    }

    [Theory]
    [InlineData("photo\u202Egpj.exe", "photogpj.exe")]
    [InlineData("نامه\u200Cها.pdf", "نامهها.pdf")]
    [InlineData("a\u200Bb\u200Dc\u200E\u200F\u061C\u2060.png", "abc.png")]
    [InlineData("..\\..\\etc\\passwd", "passwd")]
    [InlineData("\u202E", "file")]
    public void Evidence_file_names_lose_bidi_and_zero_width_characters(string input, string expected)
    {
        Assert.Equal(expected, InputText.FileName(input));
    }

    [Fact]
    public void Every_field_has_one_limit_and_a_Persian_label()
    {
        Assert.Equal(FieldLimits.All.Count, FieldLimits.All.Select(f => (f.Entity, f.Property)).Distinct().Count());
        Assert.All(FieldLimits.All, f => Assert.InRange(f.MaxLength, 1, FieldLimits.LongestValue));
        Assert.All(FieldLimits.All, f => Assert.Matches("[\u0600-\u06FF]{2,}", f.Label));
        Assert.Equal(FieldLimits.PlanTitle, FieldLimits.Find("Plan", "Title")!.MaxLength);
    }

    private static bool XmlValid(string s)
    {
        try { System.Xml.XmlConvert.VerifyXmlChars(s); return true; }
        catch (System.Xml.XmlException) { return false; }
    }
}
