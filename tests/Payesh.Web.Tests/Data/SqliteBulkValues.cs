using Microsoft.Data.Sqlite;
using Payesh.Web.Data;

namespace Payesh.Web.Tests.Data;

/// <summary>
/// The bulk insert binds SQLite values itself (by index, not through Microsoft.Data.Sqlite's parameters): it must store
/// every value exactly as Microsoft.Data.Sqlite stores it — the same text for dates and times, the same types — so that
/// EF Core reads and compares the rows alike, and give each row its own id in order.
/// </summary>
public class SqliteBulkValues
{
    private static readonly string[] Columns = ["Day", "At", "Local", "Text", "Missing", "Big", "Small", "Flag", "Real", "Bytes"];

    private static object?[] Row(int i) =>
    [
        new DateOnly(2026, 3, 21).AddDays(i),
        new DateTimeOffset(2026, 12, 2, 10, 4, 5, TimeSpan.FromMinutes(210)).AddTicks(i * 1234567L),
        new DateTime(2026, 12, 2, 10, 4, 5, DateTimeKind.Utc).AddMilliseconds(i),
        i % 3 == 0 ? "گزارش «پیشرفت» ۱۲٪ — 'quote'" : $"row {i}",
        null,
        long.MaxValue - i,
        i,
        i % 2 == 0,
        i / 7.0,
        new byte[] { 0, (byte)i, 255 },
    ];

    [Fact]
    public async Task Rows_are_stored_as_Microsoft_Data_Sqlite_stores_them_with_ids_in_order()
    {
        await using var conn = new SqliteConnection("Data Source=:memory:");
        await conn.OpenAsync();
        await using (var create = conn.CreateCommand())
        {
            create.CommandText = "CREATE TABLE ByName (Id INTEGER PRIMARY KEY AUTOINCREMENT, " + string.Join(", ", Columns) + ");" +
                                 "CREATE TABLE ByIndex (Id INTEGER PRIMARY KEY AUTOINCREMENT, " + string.Join(", ", Columns) + ");";
            await create.ExecuteNonQueryAsync();
        }
        const int count = 70; // two full statements of 32 rows and a shorter one
        await using var tx = await conn.BeginTransactionAsync();
        for (int i = 0; i < count; i++)
        {
            await using var insert = conn.CreateCommand();
            insert.Transaction = (SqliteTransaction)tx;
            insert.CommandText = $"INSERT INTO ByName ({string.Join(", ", Columns)}) VALUES ({string.Join(", ", Columns.Select(c => "@" + c))})";
            var row = Row(i);
            for (int c = 0; c < Columns.Length; c++) insert.Parameters.AddWithValue("@" + Columns[c], row[c] ?? DBNull.Value);
            await insert.ExecuteNonQueryAsync();
        }
        var ids = new long[count];
        var rows = Enumerable.Range(0, count).Select(Row).ToArray();
        await MultiRowInsert.InsertAsync(conn, tx, "ByIndex", Columns, count, (r, c) => rows[r][c], ids, default);
        Assert.Equal(Enumerable.Range(1, count).Select(i => (long)i), ids);

        async Task<List<string>> ReadAsync(string table)
        {
            await using var read = conn.CreateCommand();
            read.Transaction = (SqliteTransaction)tx;
            read.CommandText = $"SELECT Id, {string.Join(", ", Columns.Select(c => $"typeof({c}) || ':' || quote({c})"))} FROM {table} ORDER BY Id";
            await using var reader = await read.ExecuteReaderAsync();
            var result = new List<string>();
            while (await reader.ReadAsync())
                result.Add(string.Join(" | ", Enumerable.Range(0, reader.FieldCount).Select(f => reader.GetValue(f).ToString())));
            return result;
        }
        var byName = await ReadAsync("ByName");
        Assert.Equal(count, byName.Count);
        Assert.Equal(byName, await ReadAsync("ByIndex"));
        Assert.Contains("text:'2026-12-02 10:04:05.1234567+03:30'", byName[1]);
    }

    [Fact]
    public async Task A_refused_row_throws_the_database_error_and_a_value_it_cannot_bind_is_refused()
    {
        await using var conn = new SqliteConnection("Data Source=:memory:");
        await conn.OpenAsync();
        await using (var create = conn.CreateCommand())
        {
            create.CommandText = "CREATE TABLE T (Id INTEGER PRIMARY KEY AUTOINCREMENT, Code TEXT NOT NULL UNIQUE)";
            await create.ExecuteNonQueryAsync();
        }
        await using var tx = await conn.BeginTransactionAsync();
        var error = await Assert.ThrowsAsync<SqliteException>(() =>
            MultiRowInsert.InsertAsync(conn, tx, "T", ["Code"], 3, (r, c) => r == 2 ? "a" : r == 1 ? "b" : "a", new long[3], default));
        Assert.Equal(19, error.SqliteErrorCode); // SQLITE_CONSTRAINT
        await Assert.ThrowsAsync<NotSupportedException>(() =>
            MultiRowInsert.InsertAsync(conn, tx, "T", ["Code"], 1, (r, c) => 1.5m, null, default));
    }
}
