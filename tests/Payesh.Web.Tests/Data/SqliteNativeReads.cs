using System.Text;
using Microsoft.Data.Sqlite;
using Payesh.Web.Data;

namespace Payesh.Web.Tests.Data;

/// <summary>The engine loader's row loop (<see cref="SqliteNative"/>) calls the SQLite library Microsoft.Data.Sqlite
/// uses and reads back what it stored.</summary>
public sealed class SqliteNativeReads
{
    [Fact]
    public void The_native_calls_bind_the_SQLite_the_app_uses_and_read_its_rows_as_stored()
    {
        Assert.True(SqliteNative.BindsTheAppsSqlite, $"Microsoft.Data.Sqlite uses {SQLitePCL.raw.GetNativeLibraryName()}");
        using var conn = new SqliteConnection("Data Source=:memory:");
        conn.Open();
        using (var setup = conn.CreateCommand())
        {
            setup.CommandText = "CREATE TABLE t (a INTEGER, d TEXT, b INTEGER); INSERT INTO t VALUES (9000000000, @d, 7500), (-1, NULL, 0);";
            setup.Parameters.AddWithValue("@d", new DateOnly(2026, 3, 21));
            setup.ExecuteNonQuery();
        }
        Assert.Equal(SQLitePCL.raw.SQLITE_OK, SQLitePCL.raw.sqlite3_prepare_v2(conn.Handle, "SELECT a, d, b FROM t ORDER BY rowid", out var stmt));
        using (stmt)
        {
            bool held = false;
            stmt.DangerousAddRef(ref held);
            try
            {
                nint statement = SqliteNative.StatementOf(stmt);
                Assert.Equal(SQLitePCL.raw.SQLITE_ROW, SqliteNative.Step(statement));
                Assert.Equal(9_000_000_000L, SqliteNative.ColumnInt64(statement, 0));
                Assert.Equal("2026-03-21", Encoding.UTF8.GetString(SqliteNative.ColumnBytesOf(statement, 1)));
                Assert.Equal(7500, SqliteNative.ColumnInt32(statement, 2));
                Assert.Equal(SQLitePCL.raw.SQLITE_ROW, SqliteNative.Step(statement));
                Assert.Equal(-1L, SqliteNative.ColumnInt64(statement, 0));
                Assert.True(SqliteNative.ColumnBytesOf(statement, 1).IsEmpty);
                Assert.Equal(SQLitePCL.raw.SQLITE_DONE, SqliteNative.Step(statement));
            }
            finally
            {
                if (held) stmt.DangerousRelease();
            }
        }
    }
}
