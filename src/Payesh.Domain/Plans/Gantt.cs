using Payesh.Domain.Calendar;

namespace Payesh.Domain.Plans;

/// <summary>One action to draw: its planned span (inclusive days) and its actual progress in percent.</summary>
public sealed record GanttItem(string Code, string Title, JalaliDate Start, JalaliDate End, double ActualPercent);

/// <summary>A Jalali month column; <see cref="Offset"/> and <see cref="Width"/> are fractions (0–1) of the chart.</summary>
public sealed record GanttMonth(int Year, int Month, string Name, double Offset, double Width);

/// <summary>A planned bar; <see cref="Fill"/> is the share (0–1) of the bar that the actual progress covers.</summary>
public sealed record GanttBar(GanttItem Item, double Offset, double Width, double Fill);

/// <summary>The laid-out chart: month columns, one bar per item in input order, and the today line (null outside the window).</summary>
public sealed record GanttLayout(JalaliDate From, JalaliDate To, IReadOnlyList<GanttMonth> Months, IReadOnlyList<GanttBar> Bars, double? Today);

/// <summary>
/// Layout math of the timeline view: positions are fractions measured from the chart's
/// starting edge (the right edge in RTL), so the page only multiplies by 100 for CSS percentages.
/// The window runs from the first day of the earliest item's Jalali month to the last day of
/// the latest item's month, so every month column is whole.
/// </summary>
public static class Gantt
{
    public static GanttLayout Layout(IReadOnlyList<GanttItem> items, JalaliDate today)
    {
        ArgumentNullException.ThrowIfNull(items);
        foreach (var i in items)
            if (i.End < i.Start) throw new DomainException($"پایان اقدام {i.Code} پیش از آغاز آن است.");
        if (items.Count == 0)
        {
            var m = MonthOf(today);
            return new GanttLayout(m.First, m.Last, [new GanttMonth(today.Year, today.Month, today.MonthName, 0, 1)], [], Position(today, m.First, m.Last));
        }

        var from = MonthOf(items.Min(i => i.Start)).First;
        var to = MonthOf(items.Max(i => i.End)).Last;
        double total = to.DayNumber - from.DayNumber + 1;

        var months = new List<GanttMonth>();
        for (var d = from; d <= to;)
        {
            var (first, last) = MonthOf(d);
            months.Add(new GanttMonth(d.Year, d.Month, d.MonthName,
                (first.DayNumber - from.DayNumber) / total, (last.DayNumber - first.DayNumber + 1) / total));
            d = last.AddDays(1);
        }

        var bars = items.Select(i => new GanttBar(i,
            (i.Start.DayNumber - from.DayNumber) / total,
            (i.End.DayNumber - i.Start.DayNumber + 1) / total,
            Math.Clamp(i.ActualPercent, 0, 100) / 100)).ToList();

        return new GanttLayout(from, to, months, bars, Position(today, from, to));
    }

    /// <summary>"As of day d" means the end of day d, so the today line sits at the end of that day.</summary>
    private static double? Position(JalaliDate today, JalaliDate from, JalaliDate to) =>
        today < from || today > to ? null
            : (today.DayNumber - from.DayNumber + 1) / (double)(to.DayNumber - from.DayNumber + 1);

    private static (JalaliDate First, JalaliDate Last) MonthOf(JalaliDate d) =>
        (new JalaliDate(d.Year, d.Month, 1), new JalaliDate(d.Year, d.Month, JalaliDate.DaysInMonth(d.Year, d.Month)));
}
