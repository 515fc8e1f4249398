using Payesh.Domain.Calendar;
using Payesh.Domain.Progress;
using Payesh.Domain.Text;

namespace Payesh.Web.Infrastructure;

/// <summary>How figures, dates and statuses are shown in the Persian UI.</summary>
public static class Fa
{
    public static string Num(double value, int decimals = 1) => PersianText.FormatNumber(value, decimals);
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1720", Justification = "Fa.Int/Num/Pct name the format shown; Int is read in 200 page expressions.")]
    public static string Int(long value) => PersianText.FormatInteger(value);
    public static string Pct(double value) => PersianText.FormatPercent(value);
    public static string Digits(string? text) => text is null ? "" : PersianText.ToPersianDigits(text);

    public static string SignedPct(double value)
    {
        var rounded = Math.Round(value, 1, MidpointRounding.AwayFromZero);
        var text = PersianText.FormatNumber(Math.Abs(rounded));
        // Isolated left-to-right, so the sign stays before the digits inside right-to-left text.
        return rounded > 0 ? $"\u2066+{text}\u2069" : rounded < 0 ? $"\u2066\u2212{text}\u2069" : text;
    }

    public static string Spi(double? spi) => spi is { } s ? PersianText.FormatNumber(s, 2) : "—";
    public static string Date(JalaliDate date) => date.ToPersianString();
    public static string Date(DateOnly date) => JalaliDate.FromDateOnly(date).ToPersianString();
    public static string Date(int? dayNumber) => InCalendar(dayNumber) is { } d ? d.ToPersianString() : "—";

    private static readonly int LastCalendarDay = new JalaliDate(JalaliDate.MaxYear, 12, 29).DayNumber;

    /// <summary>A day as a Jalali date, or null past the supported calendar (e.g. the forecast finish of an
    /// action at a pace of centuries: shown as "not forecastable" rather than failing).</summary>
    public static JalaliDate? InCalendar(int? dayNumber) => dayNumber is { } d && d <= LastCalendarDay ? new JalaliDate(d) : null;
    public static string LongDate(JalaliDate date) => $"{date.WeekdayName} {date.ToLongPersianString()}";

    public static string DateTime(DateTimeOffset at)
    {
        var local = at.ToOffset(TimeSpan.FromHours(3.5));
        return PersianText.ToPersianDigits($"{JalaliDate.FromDateTime(local.DateTime)} {local:HH:mm}");
    }

    /// <summary>A Jalali date and Tehran time to the second (audit trail).</summary>
    public static string Moment(DateTimeOffset at)
    {
        var local = at.ToOffset(TimeSpan.FromHours(3.5));
        return PersianText.ToPersianDigits($"{JalaliDate.FromDateTime(local.DateTime)} {local:HH:mm:ss}");
    }

    public static string StatusClass(ProgressStatus s) => s switch
    {
        ProgressStatus.Completed => "st-completed",
        ProgressStatus.NotStarted => "st-not-started",
        ProgressStatus.Stopped => "st-stopped",
        ProgressStatus.Overdue => "st-overdue",
        ProgressStatus.Behind => "st-behind",
        ProgressStatus.AtRisk => "st-at-risk",
        _ => "st-on-track",
    };

    public static string DeviationClass(double deviation) =>
        deviation < -15 ? "text-danger" : deviation < -5 ? "text-warning-emphasis" : "text-success";
}
