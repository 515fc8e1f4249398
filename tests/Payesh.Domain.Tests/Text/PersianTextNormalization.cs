using Payesh.Domain.Text;

namespace Payesh.Domain.Tests.Text;

/// <summary>User text is normalized at the input boundary: letters, digits, spaces and ZWNJ.</summary>
public class PersianTextNormalization
{
    private const char Zwnj = '\u200c';

    [Theory]
    [InlineData("علي", "علی")]          // Arabic yeh
    [InlineData("مصطفى", "مصطفی")]      // alef maksura
    [InlineData("كتاب", "کتاب")]        // Arabic kaf
    [InlineData("يك كيلو", "یک کیلو")]
    public void Replaces_Arabic_letters_by_Persian_ones(string input, string expected)
    {
        Assert.Equal(expected, PersianText.Normalize(input));
    }

    [Fact]
    public void Turns_Arabic_Indic_digits_into_Persian_digits_and_leaves_others()
    {
        Assert.Equal("۰۱۲۳۴۵۶۷۸۹", PersianText.Normalize("٠١٢٣٤٥٦٧٨٩"));
        Assert.Equal("۱۲۳", PersianText.Normalize("۱۲۳"));
        Assert.Equal("plan 1398", PersianText.Normalize("plan 1398"));
    }

    [Theory]
    [InlineData("  سلام  ", "سلام")]
    [InlineData("سلام    دنیا", "سلام دنیا")]
    [InlineData("سلام\t\n دنیا", "سلام دنیا")]
    [InlineData("سلام\u00A0دنیا", "سلام دنیا")]
    [InlineData("   ", "")]
    [InlineData("", "")]
    public void Trims_and_collapses_white_space(string input, string expected)
    {
        Assert.Equal(expected, PersianText.Normalize(input));
    }

    [Fact]
    public void Keeps_ZWNJ_inside_words()
    {
        var word = $"می{Zwnj}خواهم";
        Assert.Equal(word, PersianText.Normalize(word));
        Assert.Equal($"سه{Zwnj}شنبه و کتاب{Zwnj}ها", PersianText.Normalize($"سه{Zwnj}شنبه  و كتاب{Zwnj}ها"));
    }

    [Theory]
    [InlineData("می\u200c خواهم", "می خواهم")]
    [InlineData("می \u200cخواهم", "می خواهم")]
    [InlineData("می \u200c خواهم", "می خواهم")]
    [InlineData("\u200cمی", "می")]
    [InlineData("می\u200c", "می")]
    [InlineData("می\u200c ", "می")]
    [InlineData(" \u200cمی", "می")]
    [InlineData("می\u200c\u200cخواهم", "می\u200cخواهم")]
    public void Drops_ZWNJ_next_to_spaces_at_the_ends_or_repeated(string input, string expected)
    {
        Assert.Equal(expected, PersianText.Normalize(input));
    }

    [Fact]
    public void Null_stays_null()
    {
        Assert.Null(PersianText.Normalize(null));
    }

    [Fact]
    public void Normalizing_twice_changes_nothing_more()
    {
        var once = PersianText.Normalize($"  علي \u200c  كريمي ١٢ می{Zwnj}{Zwnj}روم ");
        Assert.Equal("علی کریمی ۱۲ می\u200cروم", once);
        Assert.Equal(once, PersianText.Normalize(once));
    }
}
