using Payesh.Domain.Calendar;

namespace Payesh.Domain.Tests.Calendar;

/// <summary>progress-spec § days and dates: Latin digits for the API and exports, Persian digits in the UI.</summary>
public class JalaliDateFormatting
{
    [Theory]
    [InlineData(1398, 2, 3, "1398/02/03", "۱۳۹۸/۰۲/۰۳")]
    [InlineData(1398, 12, 29, "1398/12/29", "۱۳۹۸/۱۲/۲۹")]
    [InlineData(1403, 12, 30, "1403/12/30", "۱۴۰۳/۱۲/۳۰")]
    [InlineData(1300, 1, 1, "1300/01/01", "۱۳۰۰/۰۱/۰۱")]
    [InlineData(1500, 10, 9, "1500/10/09", "۱۵۰۰/۱۰/۰۹")]
    public void Prints_year_month_day_padded_in_Latin_and_Persian_digits(int y, int m, int d, string latin, string persian)
    {
        var date = new JalaliDate(y, m, d);

        Assert.Equal(latin, date.ToString());
        Assert.Equal(persian, date.ToPersianString());
    }

    [Fact]
    public void Writes_the_same_text_as_UTF8_bytes_for_every_day_of_the_calendar()
    {
        Span<byte> utf8 = stackalloc byte[10];
        for (int day = new JalaliDate(JalaliDate.MinYear, 1, 1).DayNumber; day <= new JalaliDate(JalaliDate.MaxYear, 12, 29).DayNumber; day++)
        {
            var date = new JalaliDate(day);
            Assert.True(date.TryFormat(utf8, out int written));
            Assert.Equal(date.ToString(), System.Text.Encoding.UTF8.GetString(utf8[..written]));
        }
        Assert.False(new JalaliDate(1398, 2, 3).TryFormat(stackalloc byte[9], out int none));
        Assert.Equal(0, none);
    }

    [Fact]
    public void Prints_the_long_form_with_the_month_name()
    {
        Assert.Equal("۳ اردیبهشت ۱۳۹۸", new JalaliDate(1398, 2, 3).ToLongPersianString());
        Assert.Equal("۲۹ اسفند ۱۳۹۸", new JalaliDate(1398, 12, 29).ToLongPersianString());
    }

    [Theory]
    [InlineData(1, "فروردین")]
    [InlineData(2, "اردیبهشت")]
    [InlineData(3, "خرداد")]
    [InlineData(4, "تیر")]
    [InlineData(5, "مرداد")]
    [InlineData(6, "شهریور")]
    [InlineData(7, "مهر")]
    [InlineData(8, "آبان")]
    [InlineData(9, "آذر")]
    [InlineData(10, "دی")]
    [InlineData(11, "بهمن")]
    [InlineData(12, "اسفند")]
    public void Names_every_month(int month, string name)
    {
        Assert.Equal(name, new JalaliDate(1398, month, 1).MonthName);
    }

    [Theory]
    [InlineData(1398, 1, 1, 5, "پنجشنبه")] // 2019-03-21, a Thursday
    [InlineData(1398, 1, 2, 6, "جمعه")]
    [InlineData(1398, 1, 3, 0, "شنبه")]
    [InlineData(1398, 1, 4, 1, "یکشنبه")]
    [InlineData(1398, 1, 5, 2, "دوشنبه")]
    [InlineData(1398, 1, 6, 3, "سه‌شنبه")]
    [InlineData(1398, 1, 7, 4, "چهارشنبه")]
    [InlineData(1404, 1, 1, 6, "جمعه")] // 2025-03-21, a Friday
    public void Numbers_weekdays_from_Saturday_as_zero(int y, int m, int d, int weekday, string name)
    {
        var date = new JalaliDate(y, m, d);

        Assert.Equal(weekday, date.DayOfWeek);
        Assert.Equal(name, date.WeekdayName);
    }

    [Fact]
    public void The_week_starts_on_Saturday()
    {
        Assert.Equal(7, JalaliDate.WeekdayNames.Length);
        Assert.Equal("شنبه", JalaliDate.WeekdayNames[0]);
        Assert.Equal("جمعه", JalaliDate.WeekdayNames[6]);
    }
}
