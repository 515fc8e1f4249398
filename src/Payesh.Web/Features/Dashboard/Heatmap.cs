using Payesh.Domain.Calendar;
using Payesh.Web.Features.Reports;
using Payesh.Web.Infrastructure;

namespace Payesh.Web.Features.Dashboard;

/// <summary>The reporting-discipline heat map (dashboard and scorecard): Saturday–Friday weeks, newest first in the
/// markup so that, right to left, time runs left to right and the newest week sits beside the agency names (and is what
/// a narrow screen shows first). Each cell is a number with its colour class, focusable and described in words.</summary>
public sealed record Heatmap(IReadOnlyList<JalaliDate> Weeks, IReadOnlyList<Heatmap.Row> Rows, JalaliDate Day, bool ShowNames = true)
{
    public sealed record Row(string Code, string Name, Discipline.Cell[] Cells);

    /// <summary>Week indexes newest first.</summary>
    public IEnumerable<int> NewestFirst => Enumerable.Range(0, Weeks.Count).Reverse();

    /// <summary>The week's last day shown: Friday, or the chosen day for the current week.</summary>
    public JalaliDate WeekEnd(int week) => new(Math.Min(Weeks[week].DayNumber + 6, Day.DayNumber));

    public static string Class(double? share) => share switch
    {
        null => "heat-none",
        >= 0.9 => "heat-5",
        >= 0.75 => "heat-4",
        >= 0.5 => "heat-3",
        >= 0.25 => "heat-2",
        _ => "heat-1",
    };

    /// <summary>The share as shown in the cell (percent, no sign) or «—» when nothing was owed.</summary>
    public static string Text(Discipline.Cell c) => c.Share is { } s ? Fa.Int((long)Math.Round(s * 100, MidpointRounding.AwayFromZero)) : "—";

    public string Describe(Row row, int week)
    {
        var c = row.Cells[week];
        var share = c.Share is { } s ? $"{Fa.Pct(s * 100)} ({Fa.Int(c.Reported)} از {Fa.Int(c.Required)} روز-گزارش لازم)" : "گزارشی لازم نبود";
        return $"{row.Name}، هفته {Fa.Date(Weeks[week])} تا {Fa.Date(WeekEnd(week))}: {share}";
    }

    public static readonly (string Class, string Label)[] Legend =
    [
        ("heat-5", "۹۰٪ و بیشتر"), ("heat-4", "۷۵ تا ۹۰٪"), ("heat-3", "۵۰ تا ۷۵٪"), ("heat-2", "۲۵ تا ۵۰٪"), ("heat-1", "کمتر از ۲۵٪"),
        ("heat-none", "گزارشی لازم نبود"),
    ];
}
