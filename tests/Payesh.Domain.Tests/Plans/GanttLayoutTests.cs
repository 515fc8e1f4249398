using Payesh.Domain.Calendar;
using Payesh.Domain.Plans;

namespace Payesh.Domain.Tests.Plans;

/// <summary>The timeline's layout: whole Jalali months, bars and the today line as fractions of the window.</summary>
public class GanttLayoutTests
{
    // Window 1398/01/01–1398/03/31: Farvardin, Ordibehesht, Khordad have 31 days each = 93 days.
    private static readonly GanttItem A = new("1.1.1", "الف", new JalaliDate(1398, 1, 1), new JalaliDate(1398, 1, 31), 50);
    private static readonly GanttItem B = new("1.1.2", "ب", new JalaliDate(1398, 2, 10), new JalaliDate(1398, 3, 5), 0);

    [Fact]
    public void Window_covers_whole_months_of_the_items()
    {
        var g = Gantt.Layout([B, A], new JalaliDate(1398, 2, 15));

        Assert.Equal(new JalaliDate(1398, 1, 1), g.From);
        Assert.Equal(new JalaliDate(1398, 3, 31), g.To);
        Assert.Equal(["فروردین", "اردیبهشت", "خرداد"], g.Months.Select(m => m.Name));
        Assert.Equal([0, 31 / 93.0, 62 / 93.0], g.Months.Select(m => m.Offset));
        Assert.All(g.Months, m => Assert.Equal(31 / 93.0, m.Width, 12));
    }

    [Fact]
    public void Bars_are_placed_by_planned_days_and_filled_by_actual()
    {
        var g = Gantt.Layout([A, B], new JalaliDate(1398, 2, 15));

        Assert.Equal(0, g.Bars[0].Offset);
        Assert.Equal(31 / 93.0, g.Bars[0].Width, 12);
        Assert.Equal(0.5, g.Bars[0].Fill, 12);
        // B starts after 31 + 9 days; it spans 22 days of Ordibehesht (10..31) and 5 of Khordad.
        Assert.Equal(40 / 93.0, g.Bars[1].Offset, 12);
        Assert.Equal(27 / 93.0, g.Bars[1].Width, 12);
        Assert.Equal(0, g.Bars[1].Fill);
    }

    [Fact]
    public void Today_line_sits_at_the_end_of_the_day_and_is_absent_outside_the_window()
    {
        Assert.Equal(46 / 93.0, Gantt.Layout([A, B], new JalaliDate(1398, 2, 15)).Today!.Value, 12);
        Assert.Equal(1.0, Gantt.Layout([A, B], new JalaliDate(1398, 3, 31)).Today!.Value, 12);
        Assert.Null(Gantt.Layout([A, B], new JalaliDate(1398, 4, 1)).Today);
        Assert.Null(Gantt.Layout([A, B], new JalaliDate(1397, 12, 29)).Today);
    }

    [Fact]
    public void Fill_is_clamped_to_the_bar()
    {
        var over = A with { ActualPercent = 130 };
        var under = A with { ActualPercent = -5 };

        var g = Gantt.Layout([over, under], new JalaliDate(1398, 1, 1));

        Assert.Equal([1.0, 0.0], g.Bars.Select(b => b.Fill));
    }

    [Fact]
    public void Every_bar_stays_inside_the_window_and_months_tile_it()
    {
        var rnd = new Random(12);
        for (var n = 0; n < 200; n++)
        {
            var items = Enumerable.Range(0, rnd.Next(1, 8)).Select(i =>
            {
                var s = new JalaliDate(1398, 1, 1).AddDays(rnd.Next(0, 700));
                return new GanttItem($"{i}", "x", s, s.AddDays(rnd.Next(0, 200)), rnd.Next(0, 101));
            }).ToList();

            var g = Gantt.Layout(items, new JalaliDate(1399, 1, 1));

            Assert.Equal(1.0, g.Months.Sum(m => m.Width), 9);
            Assert.All(g.Months.Zip(g.Months.Skip(1)), p => Assert.Equal(p.First.Offset + p.First.Width, p.Second.Offset, 9));
            Assert.All(g.Bars, b => Assert.InRange(b.Offset + b.Width, b.Width, 1.0 + 1e-9));
        }
    }

    [Fact]
    public void End_before_start_is_a_domain_error()
    {
        var bad = A with { End = new JalaliDate(1397, 12, 1) };

        Assert.Throws<DomainException>(() => Gantt.Layout([bad], new JalaliDate(1398, 1, 1)));
    }
}
