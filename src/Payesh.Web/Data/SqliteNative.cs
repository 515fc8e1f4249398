using System.Runtime.InteropServices;

namespace Payesh.Web.Data;

/// <summary>
/// SQLite's row-reading calls bound straight to the library Microsoft.Data.Sqlite loads (<c>e_sqlite3</c>), for the one
/// loop that steps millions of rows (<see cref="Features.Progress.ReportLoading"/>): SQLitePCL's wrappers add and release a
/// reference on the statement's handle and go through a provider object on every column of every row (a tenth of a
/// national restart's CPU). The column reads only copy a value out of the current row — no callback, no I/O, no lock —
/// so they skip the GC transition; the step does not. A statement must come from this very library:
/// <see cref="StatementOf"/> refuses one when Microsoft.Data.Sqlite was given another SQLite (another SQLitePCL bundle).
/// </summary>
public static unsafe partial class SqliteNative
{
    private const string Library = "e_sqlite3";

    /// <summary>Whether the SQLite Microsoft.Data.Sqlite calls is the library bound here.</summary>
    public static bool BindsTheAppsSqlite => SQLitePCL.raw.GetNativeLibraryName() == Library;

    /// <summary>The statement's native handle for the calls below; the caller holds a reference on <paramref name="statement"/>
    /// (<see cref="System.Runtime.InteropServices.SafeHandle.DangerousAddRef"/>) while it uses it.</summary>
    public static nint StatementOf(SQLitePCL.sqlite3_stmt statement) => BindsTheAppsSqlite
        ? statement.DangerousGetHandle()
        : throw new InvalidOperationException(
            $"The engine loader reads rows through {Library}, but Microsoft.Data.Sqlite uses {SQLitePCL.raw.GetNativeLibraryName()}.");

    /// <summary>The next row: SQLITE_ROW, SQLITE_DONE or an error code.</summary>
    public static int Step(nint statement) => sqlite3_step(statement);

    public static long ColumnInt64(nint statement, int column) => sqlite3_column_int64(statement, column);

    public static int ColumnInt32(nint statement, int column) => sqlite3_column_int(statement, column);

    [LibraryImport(Library)]
    private static partial int sqlite3_step(nint statement);

    [LibraryImport(Library), SuppressGCTransition]
    private static partial long sqlite3_column_int64(nint statement, int column);

    [LibraryImport(Library), SuppressGCTransition]
    private static partial int sqlite3_column_int(nint statement, int column);

    [LibraryImport(Library), SuppressGCTransition]
    private static partial byte* sqlite3_column_blob(nint statement, int column);

    [LibraryImport(Library), SuppressGCTransition]
    private static partial int sqlite3_column_bytes(nint statement, int column);

    /// <summary>A column's bytes in the current row, valid until the next step (text as stored: UTF-8).</summary>
    public static ReadOnlySpan<byte> ColumnBytesOf(nint statement, int column)
    {
        byte* bytes = sqlite3_column_blob(statement, column);
        return bytes is null ? [] : new ReadOnlySpan<byte>(bytes, sqlite3_column_bytes(statement, column));
    }
}
