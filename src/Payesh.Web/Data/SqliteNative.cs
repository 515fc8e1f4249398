using System.Runtime.InteropServices;

namespace Payesh.Web.Data;

/// <summary>
/// SQLite's row-reading calls bound straight to the library Microsoft.Data.Sqlite loads (<c>e_sqlite3</c>), for the one
/// loop that steps millions of rows (<see cref="Features.Progress.ReportLoading"/>): SQLitePCL's wrappers add and release a
/// reference on the statement's handle and go through a provider object on every column of every row (a tenth of a
/// national restart's CPU). The column reads only copy a value out of the current row — no callback, no I/O, no lock —
/// so they skip the GC transition; the step does not.
/// </summary>
internal static unsafe partial class SqliteNative
{
    private const string Library = "e_sqlite3";

    [LibraryImport(Library, EntryPoint = "sqlite3_step")]
    public static partial int Step(nint statement);

    [LibraryImport(Library, EntryPoint = "sqlite3_column_int64"), SuppressGCTransition]
    public static partial long ColumnInt64(nint statement, int column);

    [LibraryImport(Library, EntryPoint = "sqlite3_column_int"), SuppressGCTransition]
    public static partial int ColumnInt32(nint statement, int column);

    [LibraryImport(Library, EntryPoint = "sqlite3_column_blob"), SuppressGCTransition]
    private static partial byte* ColumnBlob(nint statement, int column);

    [LibraryImport(Library, EntryPoint = "sqlite3_column_bytes"), SuppressGCTransition]
    private static partial int ColumnBytes(nint statement, int column);

    /// <summary>A column's bytes in the current row, valid until the next step (text as stored: UTF-8).</summary>
    public static ReadOnlySpan<byte> ColumnBytesOf(nint statement, int column)
    {
        byte* bytes = ColumnBlob(statement, column);
        return bytes is null ? [] : new ReadOnlySpan<byte>(bytes, ColumnBytes(statement, column));
    }
}
