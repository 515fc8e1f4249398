using System.Text.Json;
using Payesh.Domain.Calendar;
using Payesh.Domain.Progress;
using Payesh.Web.Infrastructure;

namespace Payesh.Web.Features.Figures;

/// <summary>An S-curve as every page draws it (<c>_SCurve</c> + wwwroot/js/charts.js): the series as JSON in a data
/// attribute (no inline script), a Persian description for <c>role="img"</c>, and the same figures month by month as a
/// table for those who cannot see the chart.</summary>
public sealed record SCurve(string Id, string Title, string Json, string Description, IReadOnlyList<SCurve.Month> Months,
    PaceProjection? Projection = null)
{
    /// <summary>The figures at the end of a Jalali month (or on the day shown, for its month); <paramref name="Projected"/>
    /// is the projected landing line from the day shown on (issue 12 § 6).</summary>
    public sealed record Month(JalaliDate Day, double Planned, double? Actual, double? Projected = null);

    /// <summary>The landing in words (null without a projection).</summary>
    public string? Landing => Projection is { } p ? NodeForecast.LandingText(p) : null;

    private static readonly string[] MonthNames =
        ["فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور", "مهر", "آبان", "آذر", "دی", "بهمن", "اسفند"];

    public static string MonthName(JalaliDate d) => $"{MonthNames[d.Month - 1]} {Fa.Digits(d.Year.ToString(System.Globalization.CultureInfo.InvariantCulture))}";

    /// <summary>The curve of a series that starts on <paramref name="start"/>, with actual figures up to <paramref name="day"/>.</summary>
    /// <param name="projection">The projected landing drawn as a dashed line from the day shown to the plan's end.</param>
    public static SCurve From(string id, string title, ProgressSeries series, JalaliDate start, JalaliDate day, PaceProjection? projection = null)
    {
        int shown = Math.Clamp(day - start + 1, 0, series.Actual.Length);
        // Only a day inside the series (with actual figures shown) has a line to carry forward.
        if (shown == 0 || day.DayNumber > start.DayNumber + series.Planned.Length - 1) projection = null;
        var json = JsonSerializer.Serialize(new
        {
            days = Enumerable.Range(0, series.Planned.Length).Select(i => start.AddDays(i).ToPersianString()),
            planned = series.Planned.Select(v => Math.Round(v, 2)),
            actual = series.Actual.Take(shown).Select(v => Math.Round(v, 2)),
            today = Math.Clamp(day - start, 0, Math.Max(0, series.Planned.Length - 1)),
            projected = projection?.Points().Select(p => new[] { p.Day - start.DayNumber, Math.Round(p.Value, 2) }),
        });
        var months = new List<Month>();
        for (int i = 0; i < series.Planned.Length; i++)
        {
            var d = start.AddDays(i);
            bool monthEnd = i == series.Planned.Length - 1 || d.AddDays(1).Month != d.Month;
            bool isDay = d.DayNumber == day.DayNumber;
            if (!monthEnd && !isDay) continue;
            double? projected = projection is { } pr && d.DayNumber >= pr.Day ? pr.At(d.DayNumber) : null;
            months.Add(new Month(d, series.Planned[i], i < shown ? series.Actual[i] : null, projected));
        }
        string description;
        if (shown > 0)
        {
            int k = shown - 1;
            description = $"نمودار منحنی پیشرفت تجمعی {title} از {Fa.Date(start)} تا {Fa.Date(start.AddDays(series.Planned.Length - 1))}: "
                + $"در پایان روز {Fa.Date(start.AddDays(k))} پیشرفت برنامه‌ای {Fa.Pct(series.Planned[k])} و واقعی {Fa.Pct(series.Actual[k])} است. "
                + (projection is { } p ? NodeForecast.LandingText(p) + " " : "")
                + "جدول داده‌ها زیر نمودار آمده است.";
        }
        else description = $"نمودار منحنی پیشرفت تجمعی برنامه‌ای {title}؛ هنوز پیشرفت واقعی ندارد. جدول داده‌ها زیر نمودار آمده است.";
        return new SCurve(id, title, json, description, months, projection);
    }
}
