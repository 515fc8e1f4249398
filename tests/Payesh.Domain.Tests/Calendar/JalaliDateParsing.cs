using Payesh.Domain.Calendar;

namespace Payesh.Domain.Tests.Calendar;

/// <summary>progress-spec § days and dates: input accepts '/' or '-' and Latin, Persian or Arabic-Indic digits.</summary>
public class JalaliDateParsing
{
    [Theory]
    [InlineData("1398/02/03")]
    [InlineData("1398-02-03")]
    [InlineData("1398/2/3")]
    [InlineData("1398-2-03")]
    [InlineData("۱۳۹۸/۰۲/۰۳")]
    [InlineData("۱۳۹۸-۰۲-۰۳")]
    [InlineData("١٣٩٨/٠٢/٠٣")]
    [InlineData("١٣٩٨-٠٢-٠٣")]
    [InlineData("۱۳۹۸/02/٠٣")]
    [InlineData("  1398/02/03 ")]
    public void Parses_slash_or_dash_with_any_digits(string text)
    {
        var date = JalaliDate.Parse(text);

        Assert.Equal((1398, 2, 3), date.Split());
        Assert.Equal(new DateOnly(2019, 4, 23), date.ToDateOnly());
        Assert.True(JalaliDate.TryParse(text, out var viaTry));
        Assert.Equal(date, viaTry);
    }

    [Theory]
    [InlineData("1399/12/30", 2021, 3, 20)]
    [InlineData("1403/12/30", 2025, 3, 20)]
    [InlineData("۱۴۰۴/۰۱/۰۱", 2025, 3, 21)]
    public void Parses_the_last_day_of_leap_years(string text, int gy, int gm, int gd)
    {
        Assert.Equal(new DateOnly(gy, gm, gd), JalaliDate.Parse(text).ToDateOnly());
    }

    [Theory]
    [InlineData("1398/12/30", "اسفند")]
    [InlineData("۱۳۹۸/۱۲/۳۰", "اسفند")]
    [InlineData("1398/07/31", "مهر")]
    [InlineData("1398-07-31", "مهر")]
    [InlineData("1398/01/32", "فروردین")]
    public void Rejects_days_that_the_month_does_not_have(string text, string monthName)
    {
        Assert.False(JalaliDate.TryParse(text, out _, out var error));

        Assert.Matches(PersianPattern.Letters, error);
        Assert.Contains(monthName, error);
        var ex = Assert.Throws<DomainException>(() => JalaliDate.Parse(text));
        Assert.Equal(error, ex.Message);
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("1398/13/01")]
    [InlineData("1398/00/10")]
    [InlineData("1398/01/00")]
    [InlineData("98/01/01")]
    [InlineData("1398/01")]
    [InlineData("1398/01/01/01")]
    [InlineData("1398.01.01")]
    [InlineData("1398/0a/01")]
    [InlineData("1398/+1/01")]
    [InlineData("1398/001/01")]
    [InlineData("1398 /01/01")]
    [InlineData("0999/01/01")]
    [InlineData("۱۳۹۸/۱/")]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    public void Rejects_garbage_with_a_Persian_message(string? text)
    {
        Assert.False(JalaliDate.TryParse(text, out var date, out var error));

        Assert.Equal(default, date);
        Assert.Matches(PersianPattern.Letters, error);
        Assert.False(JalaliDate.TryParse(text, out _));
        var ex = Assert.Throws<DomainException>(() => JalaliDate.Parse(text));
        Assert.Matches(PersianPattern.Letters, ex.Message);
    }

    [Fact]
    public void Parsing_what_it_printed_gives_the_same_day()
    {
        var day = new JalaliDate(1390, 1, 1);
        for (int i = 0; i < 5000; i += 7)
        {
            var d = day.AddDays(i);
            Assert.Equal(d, JalaliDate.Parse(d.ToString()));
            Assert.Equal(d, JalaliDate.Parse(d.ToPersianString()));
        }
    }
}
