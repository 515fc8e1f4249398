namespace Payesh.Web.Data;

/// <summary>Dates as SQLite holds them: a <see cref="DateOnly"/> is stored as <c>yyyy-MM-dd</c> text (Microsoft.Data.Sqlite's
/// format, and <see cref="SqliteRowInsert"/>'s), read back here without a string.</summary>
public static class StoredDates
{
    /// <summary>How a date is written (<see cref="SqliteRowInsert"/> binds it so) and read back by <see cref="DayNumber"/>.</summary>
    public const string Format = @"yyyy\-MM\-dd";

    /// <summary>The day number of a stored date (<c>yyyy-MM-dd</c>, as Microsoft.Data.Sqlite writes a <see cref="DateOnly"/>).</summary>
    public static int DayNumber(ReadOnlySpan<byte> text)
    {
        if (text.Length == 10 && text[4] == (byte)'-' && text[7] == (byte)'-'
            && TryDigits(text[..4], out int y) && TryDigits(text.Slice(5, 2), out int m) && TryDigits(text.Slice(8, 2), out int d))
            return new DateOnly(y, m, d).DayNumber;
        // Anything else a DateOnly could have been stored as (a time part from another writer): the general parse.
        return DateOnly.FromDateTime(DateTime.Parse(System.Text.Encoding.UTF8.GetString(text), System.Globalization.CultureInfo.InvariantCulture)).DayNumber;
    }

    private static bool TryDigits(ReadOnlySpan<byte> digits, out int value)
    {
        value = 0;
        foreach (byte b in digits)
        {
            if (b is < (byte)'0' or > (byte)'9') return false;
            value = value * 10 + (b - '0');
        }
        return true;
    }
}
