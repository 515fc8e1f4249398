namespace Payesh.Domain.Calendar;

/// <summary>An Iranian week, Saturday to Friday (both inclusive), named by any of its days.</summary>
public readonly record struct JalaliWeek(JalaliDate Start)
{
    public JalaliDate End => Start.AddDays(6);

    /// <summary>The week that holds <paramref name="day"/>.</summary>
    public static JalaliWeek Of(JalaliDate day) => new(day.AddDays(-day.DayOfWeek));

    /// <summary>Reads a week from one of its days (Jalali, any digits, <c>/</c> or <c>-</c>); the error is Persian.</summary>
    public static bool TryParse(string? text, out JalaliWeek week, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? error)
    {
        week = default;
        if (!JalaliDate.TryParse(text, out var day, out var dateError))
        {
            error = $"هفته را با یکی از روزهایش به تاریخ شمسی بنویسید، مانند ۱۴۰۵/۰۶/۲۹ ({dateError})";
            return false;
        }
        week = Of(day);
        error = null;
        return true;
    }

    public bool Contains(JalaliDate day) => day >= Start && day <= End;
}
