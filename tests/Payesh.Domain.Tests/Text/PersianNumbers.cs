using Payesh.Domain.Text;

namespace Payesh.Domain.Tests.Text;

/// <summary>Numbers typed with any digits and shown with Persian digits.</summary>
public class PersianNumbers
{
    [Theory]
    [InlineData("۰۱۲۳۴۵۶۷۸۹", "0123456789")]
    [InlineData("٠١٢٣٤٥٦٧٨٩", "0123456789")]
    [InlineData("۱۳۹۸/۰۲/۰۳", "1398/02/03")]
    [InlineData("۴۲٫۵", "42.5")]
    [InlineData("۱۲٬۵۰۰", "12500")]
    [InlineData("abc 12", "abc 12")]
    [InlineData("", "")]
    public void ToLatinDigits_maps_Persian_and_Arabic_Indic_digits(string input, string expected)
    {
        Assert.Equal(expected, PersianText.ToLatinDigits(input));
    }

    [Theory]
    [InlineData("0123456789", "۰۱۲۳۴۵۶۷۸۹")]
    [InlineData("٠١٢٣٤٥٦٧٨٩", "۰۱۲۳۴۵۶۷۸۹")]
    [InlineData("1398/02/03", "۱۳۹۸/۰۲/۰۳")]
    [InlineData("۱۲ and 3", "۱۲ and ۳")]
    [InlineData("", "")]
    public void ToPersianDigits_maps_Latin_and_Arabic_Indic_digits(string input, string expected)
    {
        Assert.Equal(expected, PersianText.ToPersianDigits(input));
    }

    [Theory]
    [InlineData("42", 42)]
    [InlineData("۴۲", 42)]
    [InlineData("٤٢", 42)]
    [InlineData("42.5", 42.5)]
    [InlineData("۴۲٫۵", 42.5)]
    [InlineData("٤٢٫٥", 42.5)]
    [InlineData("۴۲/۵", 42.5)]
    [InlineData("12/75", 12.75)]
    [InlineData(" ۷۵٪ ", 75)]
    [InlineData("75%", 75)]
    [InlineData("-3", -3)]
    [InlineData("۱۲٬۵۰۰", 12500)]
    [InlineData("0", 0)]
    public void ParseNumber_reads_any_digits_and_decimal_point(string input, double expected)
    {
        Assert.Equal((decimal)expected, PersianText.ParseNumber(input));
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("1.2.3")]
    [InlineData("۱/۲/۳")]
    [InlineData("12,5")]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData(null)]
    public void ParseNumber_gives_null_for_what_is_not_a_number(string? input)
    {
        Assert.Null(PersianText.ParseNumber(input));
    }

    [Theory]
    [InlineData(42.5, 1, "۴۲٫۵")]
    [InlineData(42, 1, "۴۲")]
    [InlineData(42.46, 1, "۴۲٫۵")]
    [InlineData(42.44, 1, "۴۲٫۴")]
    [InlineData(0.04, 1, "۰")]
    [InlineData(-0.04, 1, "۰")]
    [InlineData(-5.25, 1, "\u2212۵٫۳")]
    [InlineData(12.3456, 2, "۱۲٫۳۵")]
    [InlineData(99.6, 0, "۱۰۰")]
    [InlineData(100, 1, "۱۰۰")]
    public void FormatNumber_rounds_and_uses_Persian_digits_and_separator(double value, int decimals, string expected)
    {
        Assert.Equal(expected, PersianText.FormatNumber(value, decimals));
    }

    [Theory]
    [InlineData(42.5, "۴۲٫۵٪")]
    [InlineData(100, "۱۰۰٪")]
    [InlineData(0, "۰٪")]
    [InlineData(-12.34, "\u2212۱۲٫۳٪")]
    public void FormatPercent_adds_the_Persian_percent_sign(double value, string expected)
    {
        Assert.Equal(expected, PersianText.FormatPercent(value));
    }

    [Fact]
    public void FormatPercent_with_no_decimals_rounds_half_away_from_zero()
    {
        Assert.Equal("۴۳٪", PersianText.FormatPercent(42.5, 0));
    }

    [Fact]
    public void FormatInteger_groups_thousands_with_the_Persian_separator()
    {
        Assert.Equal("۱٬۲۳۴٬۵۶۷", PersianText.FormatInteger(1234567));
        Assert.Equal("۰", PersianText.FormatInteger(0));
    }

    [Fact]
    public void A_formatted_number_parses_back()
    {
        foreach (var v in new[] { 0.0, 12.5, 42.3, 99.9, 100 })
            Assert.Equal((decimal)v, PersianText.ParseNumber(PersianText.FormatNumber(v)));
    }
}
