using System.Globalization;
using Payesh.Domain.Calendar;

namespace Payesh.Domain.Tests.Calendar;

/// <summary>progress-spec § days and dates: conversion agrees with the official calendar.</summary>
public class JalaliDateConversion
{
    private static readonly PersianCalendar Persian = new();

    [Fact]
    public void Agrees_with_PersianCalendar_on_every_day_of_1300_to_1500()
    {
        var mismatches = new List<string>();
        var first = Persian.ToDateTime(1300, 1, 1, 0, 0, 0, 0);
        var last = Persian.ToDateTime(1500, 12, Persian.GetDaysInMonth(1500, 12), 0, 0, 0, 0);
        int days = 0;
        for (var dt = first; dt <= last; dt = dt.AddDays(1))
        {
            days++;
            int y = Persian.GetYear(dt), m = Persian.GetMonth(dt), d = Persian.GetDayOfMonth(dt);
            int dayNumber = DateOnly.FromDateTime(dt).DayNumber;

            var fromDay = new JalaliDate(dayNumber);
            if ((fromDay.Year, fromDay.Month, fromDay.Day) != (y, m, d))
                mismatches.Add($"{dt:yyyy-MM-dd}: expected {y}/{m}/{d}, got {fromDay.Year}/{fromDay.Month}/{fromDay.Day}");

            var fromParts = new JalaliDate(y, m, d);
            if (fromParts.DayNumber != dayNumber)
                mismatches.Add($"{y}/{m}/{d}: expected day {dayNumber}, got {fromParts.DayNumber}");
            if (fromParts.ToDateOnly() != DateOnly.FromDateTime(dt))
                mismatches.Add($"{y}/{m}/{d}: ToDateOnly gave {fromParts.ToDateOnly()}");
            if (JalaliDate.FromDateTime(dt) != fromParts)
                mismatches.Add($"{y}/{m}/{d}: FromDateTime disagrees");
            if (fromParts.DayOfWeek != ((int)Persian.GetDayOfWeek(dt) + 1) % 7)
                mismatches.Add($"{y}/{m}/{d}: weekday {fromParts.DayOfWeek}");
            if (mismatches.Count > 20) break;
        }

        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches));
        Assert.True(days > 73_000, $"only {days} days checked");
    }

    [Fact]
    public void Leap_years_and_month_lengths_agree_with_PersianCalendar_for_1300_to_1500()
    {
        var mismatches = new List<string>();
        for (int y = 1300; y <= 1500; y++)
        {
            if (JalaliDate.IsLeapYear(y) != Persian.IsLeapYear(y))
                mismatches.Add($"{y}: leap {JalaliDate.IsLeapYear(y)}, PersianCalendar {Persian.IsLeapYear(y)}");
            for (int m = 1; m <= 12; m++)
            {
                if (JalaliDate.DaysInMonth(y, m) != Persian.GetDaysInMonth(y, m))
                    mismatches.Add($"{y}/{m}: {JalaliDate.DaysInMonth(y, m)} days, PersianCalendar {Persian.GetDaysInMonth(y, m)}");
            }
        }

        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches));
    }

    [Theory]
    [InlineData(1398, 1, 1, 2019, 3, 21)]
    [InlineData(1398, 2, 3, 2019, 4, 23)]
    [InlineData(1399, 12, 30, 2021, 3, 20)]
    [InlineData(1403, 12, 30, 2025, 3, 20)]
    [InlineData(1404, 1, 1, 2025, 3, 21)]
    [InlineData(1398, 12, 29, 2020, 3, 19)]
    [InlineData(1399, 1, 1, 2020, 3, 20)]
    public void Converts_known_pairs_both_ways(int jy, int jm, int jd, int gy, int gm, int gd)
    {
        var gregorian = new DateOnly(gy, gm, gd);

        var jalali = new JalaliDate(jy, jm, jd);
        var back = JalaliDate.FromDateOnly(gregorian);

        Assert.Equal(gregorian, jalali.ToDateOnly());
        Assert.Equal(gregorian.DayNumber, jalali.DayNumber);
        Assert.Equal((jy, jm, jd), back.Split());
    }

    [Theory]
    [InlineData(1399, true)]
    [InlineData(1403, true)]
    [InlineData(1398, false)]
    [InlineData(1404, false)]
    public void Knows_the_leap_years_around_the_plan(int year, bool leap)
    {
        Assert.Equal(leap, JalaliDate.IsLeapYear(year));
        Assert.Equal(leap ? 30 : 29, JalaliDate.DaysInMonth(year, 12));
    }

    [Fact]
    public void First_six_months_have_31_days_and_the_next_five_30()
    {
        for (int m = 1; m <= 6; m++) Assert.Equal(31, JalaliDate.DaysInMonth(1398, m));
        for (int m = 7; m <= 11; m++) Assert.Equal(30, JalaliDate.DaysInMonth(1398, m));
    }

    [Fact]
    public void Works_up_to_the_edges_of_the_supported_range()
    {
        var first = new JalaliDate(JalaliDate.MinYear, 1, 1);
        int lastDay = JalaliDate.DaysInMonth(JalaliDate.MaxYear, 12);
        var last = new JalaliDate(JalaliDate.MaxYear, 12, lastDay);

        Assert.Equal((JalaliDate.MinYear, 1, 1), first.Split());
        Assert.Equal((JalaliDate.MaxYear, 12, lastDay), last.Split());
        Assert.Equal(DateOnly.FromDateTime(Persian.ToDateTime(JalaliDate.MinYear, 1, 1, 0, 0, 0, 0)), first.ToDateOnly());
        Assert.Throws<DomainException>(() => first.AddDays(-1));
        Assert.Throws<DomainException>(() => last.AddDays(1));
        Assert.Throws<DomainException>(() => new JalaliDate(JalaliDate.MinYear - 1, 12, 29));
        Assert.Throws<DomainException>(() => new JalaliDate(JalaliDate.MaxYear + 1, 1, 1));
    }

    [Fact]
    public void Day_arithmetic_and_comparison_follow_day_numbers()
    {
        var nowruz = new JalaliDate(1398, 1, 1);
        var endOfYear = new JalaliDate(1398, 12, 29);

        Assert.Equal(new JalaliDate(1399, 1, 1), endOfYear.AddDays(1));
        Assert.Equal(new JalaliDate(1397, 12, 29), nowruz.AddDays(-1));
        Assert.Equal(364, endOfYear - nowruz);
        Assert.True(nowruz < endOfYear);
        Assert.True(endOfYear >= nowruz);
        Assert.True(nowruz != endOfYear);
        Assert.Equal(-1, nowruz.CompareTo(endOfYear));
        Assert.Equal(nowruz, JalaliDate.FromDateOnly(new DateOnly(2019, 3, 21)));
        Assert.Equal(nowruz.GetHashCode(), new JalaliDate(1398, 1, 1).GetHashCode());
    }

    [Theory]
    [InlineData(1398, 0, 1)]
    [InlineData(1398, 13, 1)]
    [InlineData(1398, 1, 0)]
    [InlineData(1398, 1, 32)]
    [InlineData(1398, 7, 31)]
    [InlineData(1398, 12, 30)]
    public void Refuses_days_that_do_not_exist_with_a_Persian_message(int y, int m, int d)
    {
        var ex = Assert.Throws<DomainException>(() => new JalaliDate(y, m, d));

        Assert.Matches(PersianPattern.Letters, ex.Message);
        Assert.False(JalaliDate.IsValid(y, m, d));
    }
}
