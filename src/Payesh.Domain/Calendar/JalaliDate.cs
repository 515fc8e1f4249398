using System.Globalization;
using System.Diagnostics.CodeAnalysis;
using Payesh.Domain.Text;

namespace Payesh.Domain.Calendar;

/// <summary>
/// A calendar day in the Solar Hijri (Jalali) calendar, stored as <see cref="DateOnly.DayNumber"/>.
/// Own arithmetic (no culture lookups): converting costs a table lookup and a few divisions.
/// Leap years follow the 33-year "breaks" rule, which matches the official calendar and .NET's
/// PersianCalendar for 1300–1500 (tested day by day).
/// </summary>
public readonly struct JalaliDate : IEquatable<JalaliDate>, IComparable<JalaliDate>
{
    public const int MinYear = 1200;
    public const int MaxYear = 1700;

    private static readonly int[] YearStart = BuildYearStarts(); // day number of 1/1 of MinYear..MaxYear+1

    public static readonly string[] MonthNames =
    [
        "فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور",
        "مهر", "آبان", "آذر", "دی", "بهمن", "اسفند",
    ];

    /// <summary>Weekday names, Saturday first (the Iranian week).</summary>
    public static readonly string[] WeekdayNames =
        ["شنبه", "یکشنبه", "دوشنبه", "سه‌شنبه", "چهارشنبه", "پنجشنبه", "جمعه"];

    public int DayNumber { get; }

    public JalaliDate(int dayNumber)
    {
        if (dayNumber < YearStart[0] || dayNumber >= YearStart[^1])
            throw new DomainException($"تاریخ خارج از بازه پشتیبانی‌شده ({MinYear} تا {MaxYear}) است.");
        DayNumber = dayNumber;
    }

    public JalaliDate(int year, int month, int day) : this(ToDayNumber(year, month, day)) { }

    public static JalaliDate FromDateOnly(DateOnly date) => new(date.DayNumber);
    public static JalaliDate FromDateTime(DateTime dateTime) => new(DateOnly.FromDateTime(dateTime).DayNumber);
    public DateOnly ToDateOnly() => DateOnly.FromDayNumber(DayNumber);

    public int Year => Split().Year;
    public int Month => Split().Month;
    public int Day => Split().Day;

    /// <summary>0 = Saturday … 6 = Friday.</summary>
    public int DayOfWeek => ((int)ToDateOnly().DayOfWeek + 1) % 7;

    public string MonthName => MonthNames[Month - 1];
    public string WeekdayName => WeekdayNames[DayOfWeek];

    public JalaliDate AddDays(int days) => new(DayNumber + days);

    public (int Year, int Month, int Day) Split()
    {
        int y = MinYear + (int)((DayNumber - YearStart[0]) / 365.2422);
        while (YearStart[y - MinYear + 1] <= DayNumber) y++;
        while (YearStart[y - MinYear] > DayNumber) y--;
        int dayOfYear = DayNumber - YearStart[y - MinYear]; // 0-based
        int month, day;
        if (dayOfYear < 186)
        {
            month = dayOfYear / 31 + 1;
            day = dayOfYear % 31 + 1;
        }
        else
        {
            month = (dayOfYear - 186) / 30 + 7;
            day = (dayOfYear - 186) % 30 + 1;
        }
        return (y, month, day);
    }

    public static bool IsLeapYear(int year)
    {
        if (year < MinYear || year > MaxYear) throw new DomainException($"سال {year} خارج از بازه پشتیبانی‌شده است.");
        return YearStart[year - MinYear + 1] - YearStart[year - MinYear] == 366;
    }

    public static int DaysInMonth(int year, int month) => month switch
    {
        < 1 or > 12 => throw new DomainException($"ماه {PersianText.ToPersianDigits(month)} نامعتبر است؛ ماه باید بین ۱ و ۱۲ باشد."),
        <= 6 => 31,
        <= 11 => 30,
        _ => IsLeapYear(year) ? 30 : 29,
    };

    public static bool IsValid(int year, int month, int day) =>
        year is >= MinYear and <= MaxYear && month is >= 1 and <= 12 && day >= 1 && day <= DaysInMonth(year, month);

    public static int ToDayNumber(int year, int month, int day)
    {
        if (year is < MinYear or > MaxYear)
            throw new DomainException($"سال {PersianText.ToPersianDigits(year)} خارج از بازه پشتیبانی‌شده است.");
        if (month is < 1 or > 12)
            throw new DomainException($"ماه {PersianText.ToPersianDigits(month)} نامعتبر است؛ ماه باید بین ۱ و ۱۲ باشد.");
        int dim = DaysInMonth(year, month);
        if (day < 1 || day > dim)
            throw new DomainException(
                $"روز {PersianText.ToPersianDigits(day)} در {MonthNames[month - 1]} {PersianText.ToPersianDigits(year)} وجود ندارد؛ این ماه {PersianText.ToPersianDigits(dim)} روز دارد.");
        int dayOfYear = month <= 7 ? (month - 1) * 31 + day - 1 : 186 + (month - 7) * 30 + day - 1;
        return YearStart[year - MinYear] + dayOfYear;
    }

    /// <summary>Parses <c>YYYY/MM/DD</c> or <c>YYYY-MM-DD</c> with Latin, Persian or Arabic-Indic digits.</summary>
    public static JalaliDate Parse(string? text)
    {
        if (!TryParse(text, out var date, out var error)) throw new DomainException(error);
        return date;
    }

    public static bool TryParse(string? text, out JalaliDate date) => TryParse(text, out date, out _);

    public static bool TryParse(string? text, out JalaliDate date, [NotNullWhen(false)] out string? error)
    {
        date = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "تاریخ وارد نشده است.";
            return false;
        }
        var s = PersianText.ToLatinDigits(text.Trim());
        var parts = s.Split('/', '-');
        if (parts.Length != 3 || parts[0].Length != 4 || parts[1].Length is < 1 or > 2 || parts[2].Length is < 1 or > 2
            || !int.TryParse(parts[0], System.Globalization.NumberStyles.None, null, out int y)
            || !int.TryParse(parts[1], System.Globalization.NumberStyles.None, null, out int m)
            || !int.TryParse(parts[2], System.Globalization.NumberStyles.None, null, out int d))
        {
            error = $"«{text.Trim()}» تاریخ معتبر شمسی نیست؛ قالب درست: ۱۴۰۳/۰۱/۱۵";
            return false;
        }
        if (y is < MinYear or > MaxYear)
        {
            error = $"سال {PersianText.ToPersianDigits(parts[0])} خارج از بازه پشتیبانی‌شده است.";
            return false;
        }
        if (m is < 1 or > 12)
        {
            error = $"ماه {PersianText.ToPersianDigits(parts[1])} نامعتبر است؛ ماه باید بین ۱ و ۱۲ باشد.";
            return false;
        }
        int dim = DaysInMonth(y, m);
        if (d < 1 || d > dim)
        {
            error = $"روز {PersianText.ToPersianDigits(d)} در {MonthNames[m - 1]} {PersianText.ToPersianDigits(y)} وجود ندارد؛ این ماه {PersianText.ToPersianDigits(dim)} روز دارد.";
            return false;
        }
        date = new JalaliDate(y, m, d);
        error = null;
        return true;
    }

    /// <summary><c>1398/02/03</c> with Latin digits (API, exports).</summary>
    public override string ToString()
    {
        var (y, m, d) = Split();
        return string.Create(10, (y, m, d), static (span, v) =>
        {
            span[0] = (char)('0' + v.y / 1000);
            span[1] = (char)('0' + v.y / 100 % 10);
            span[2] = (char)('0' + v.y / 10 % 10);
            span[3] = (char)('0' + v.y % 10);
            span[4] = '/';
            span[5] = (char)('0' + v.m / 10);
            span[6] = (char)('0' + v.m % 10);
            span[7] = '/';
            span[8] = (char)('0' + v.d / 10);
            span[9] = (char)('0' + v.d % 10);
        });
    }

    /// <summary>The text of <see cref="ToString"/> as UTF-8 bytes (10 of them), without a string: writers of large answers
    /// (the progress tree) put a date per node straight into the response's buffer.</summary>
    public bool TryFormat(Span<byte> utf8Destination, out int bytesWritten)
    {
        bytesWritten = 0;
        if (utf8Destination.Length < 10) return false;
        var (y, m, d) = Split();
        utf8Destination[0] = (byte)('0' + y / 1000);
        utf8Destination[1] = (byte)('0' + y / 100 % 10);
        utf8Destination[2] = (byte)('0' + y / 10 % 10);
        utf8Destination[3] = (byte)('0' + y % 10);
        utf8Destination[4] = (byte)'/';
        utf8Destination[5] = (byte)('0' + m / 10);
        utf8Destination[6] = (byte)('0' + m % 10);
        utf8Destination[7] = (byte)'/';
        utf8Destination[8] = (byte)('0' + d / 10);
        utf8Destination[9] = (byte)('0' + d % 10);
        bytesWritten = 10;
        return true;
    }

    /// <summary><c>۱۳۹۸/۰۲/۰۳</c> (UI).</summary>
    public string ToPersianString() => PersianText.ToPersianDigits(ToString());

    /// <summary><c>۳ اردیبهشت ۱۳۹۸</c>.</summary>
    public string ToLongPersianString()
    {
        var (y, m, d) = Split();
        return PersianText.ToPersianDigits($"{d} {MonthNames[m - 1]} {y}");
    }

    public bool Equals(JalaliDate other) => DayNumber == other.DayNumber;
    public override bool Equals(object? obj) => obj is JalaliDate other && Equals(other);
    public override int GetHashCode() => DayNumber;
    public int CompareTo(JalaliDate other) => DayNumber.CompareTo(other.DayNumber);
    public static bool operator ==(JalaliDate a, JalaliDate b) => a.DayNumber == b.DayNumber;
    public static bool operator !=(JalaliDate a, JalaliDate b) => a.DayNumber != b.DayNumber;
    public static bool operator <(JalaliDate a, JalaliDate b) => a.DayNumber < b.DayNumber;
    public static bool operator >(JalaliDate a, JalaliDate b) => a.DayNumber > b.DayNumber;
    public static bool operator <=(JalaliDate a, JalaliDate b) => a.DayNumber <= b.DayNumber;
    public static bool operator >=(JalaliDate a, JalaliDate b) => a.DayNumber >= b.DayNumber;
    public static int operator -(JalaliDate a, JalaliDate b) => a.DayNumber - b.DayNumber;

    // Leap years by the 33-year cycle with "breaks" (Borkowski; as in jalaali-js).
    // A property over constant data, not a static field: YearStart's initializer (above) uses it,
    // and static fields are initialized in textual order.
    private static ReadOnlySpan<int> Breaks =>
        [-61, 9, 38, 199, 426, 686, 756, 818, 1111, 1181, 1210, 1635, 2060, 2097, 2192, 2262, 2324, 2394, 2456, 3178];

    internal static bool IsLeapByRule(int jy)
    {
        int jp = Breaks[0], jump = 0;
        for (int i = 1; i < Breaks.Length; i++)
        {
            int jm = Breaks[i];
            jump = jm - jp;
            if (jy < jm) break;
            jp = jm;
        }
        int n = jy - jp;
        if (jump - n < 6) n = n - jump + (jump + 4) / 33 * 33;
        int leap = ((n + 1) % 33 - 1) % 4;
        return leap == 0;
    }

    private static int[] BuildYearStarts()
    {
        // Anchor: 1398/01/01 = 2019-03-21.
        const int anchorYear = 1398;
        int anchor = new DateOnly(2019, 3, 21).DayNumber;
        var starts = new int[MaxYear - MinYear + 2];
        starts[anchorYear - MinYear] = anchor;
        for (int y = anchorYear + 1; y <= MaxYear + 1; y++)
            starts[y - MinYear] = starts[y - 1 - MinYear] + (IsLeapByRule(y - 1) ? 366 : 365);
        for (int y = anchorYear - 1; y >= MinYear; y--)
            starts[y - MinYear] = starts[y + 1 - MinYear] - (IsLeapByRule(y) ? 366 : 365);
        return starts;
    }
}
