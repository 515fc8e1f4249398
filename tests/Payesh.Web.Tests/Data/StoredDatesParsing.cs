using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using Payesh.Web.Data;

namespace Payesh.Web.Tests.Data;

/// <summary>The engine loader reads SQLite's stored dates as bytes (<see cref="StoredDates"/>): every day reads back as the
/// day Microsoft.Data.Sqlite stored.</summary>
public sealed class StoredDatesParsing
{
    [Fact]
    public void Every_day_of_three_centuries_reads_back_as_its_day_number()
    {
        for (var d = new DateOnly(1900, 1, 1); d <= new DateOnly(2200, 12, 31); d = d.AddDays(1))
            Assert.Equal(d.DayNumber, StoredDates.DayNumber(Encoding.ASCII.GetBytes(d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))));
    }

    [Fact]
    public void A_date_stored_by_Microsoft_Data_Sqlite_reads_back_as_stored_and_a_date_with_a_time_part_too()
    {
        using var conn = new SqliteConnection("Data Source=:memory:");
        conn.Open();
        using var cmd = conn.CreateCommand();
        cmd.CommandText = "SELECT @d, '2026-03-21 00:00:00'";
        cmd.Parameters.AddWithValue("@d", new DateOnly(2026, 3, 21));
        using var reader = cmd.ExecuteReader();
        Assert.True(reader.Read());
        var stored = Encoding.UTF8.GetBytes(reader.GetString(0));
        Assert.Equal(new DateOnly(2026, 3, 21).DayNumber, StoredDates.DayNumber(stored));
        Assert.Equal(new DateOnly(2026, 3, 21).DayNumber, StoredDates.DayNumber(Encoding.UTF8.GetBytes(reader.GetString(1))));
        Assert.Throws<FormatException>(() => StoredDates.DayNumber("not a date"u8));
    }
}
