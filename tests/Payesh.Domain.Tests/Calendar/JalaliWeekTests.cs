using Payesh.Domain.Calendar;

namespace Payesh.Domain.Tests.Calendar;

/// <summary>Weeks run Saturday to Friday and are named by any of their days.</summary>
public class JalaliWeekTests
{
    [Theory]
    // 1405/06/28 is a Saturday (2026-09-19): the week is 1405/06/28–1405/07/03 (Shahrivar has 31 days).
    [InlineData("1405/06/28", "1405/06/28")]
    [InlineData("1405/06/31", "1405/06/28")]
    [InlineData("۱۴۰۵/۰۷/۰۳", "1405/06/28")]
    [InlineData("1405-07-04", "1405/07/04")]
    public void A_week_starts_on_the_Saturday_on_or_before_the_day(string text, string saturday)
    {
        Assert.True(JalaliWeek.TryParse(text, out var week, out _));
        Assert.Equal(JalaliDate.Parse(saturday), week.Start);
        Assert.Equal(0, week.Start.DayOfWeek);
        Assert.Equal(6, week.End.DayOfWeek);
        Assert.Equal(6, week.End - week.Start);
    }

    [Theory]
    [InlineData("")]
    [InlineData("1405/13/01")]
    [InlineData("next week")]
    public void A_bad_week_is_refused_with_a_Persian_message(string text)
    {
        Assert.False(JalaliWeek.TryParse(text, out _, out var error));
        Assert.Contains("هفته را", error);
    }

    [Fact]
    public void Every_day_of_a_year_lies_in_the_week_it_names()
    {
        for (var d = new JalaliDate(1404, 1, 1); d <= new JalaliDate(1404, 12, 29); d = d.AddDays(1))
        {
            var w = JalaliWeek.Of(d);
            Assert.True(w.Contains(d));
            Assert.Equal("شنبه", w.Start.WeekdayName);
        }
    }
}
