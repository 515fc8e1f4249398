using System.Globalization;
using System.Buffers;
using Payesh.Domain.Calendar;

namespace Payesh.Web.Features.Progress;

/// <summary>
/// One row of a large answer (a node of the progress tree) written straight into the response's (or a) buffer as UTF-8:
/// text that is the same on every call comes pre-encoded, numbers and dates are formatted as UTF-8 in place
/// (the same characters as <c>ToString</c> with the invariant culture, which is what <see cref="System.Text.Json.Utf8JsonWriter"/>
/// writes too), and the row is committed to the pipe once. The caller asks for room for the whole row first
/// (<see cref="Room"/>).
/// </summary>
internal ref struct Utf8Row
{
    /// <summary>Enough for any number this writes (a double's shortest round-trip form is at most 24 characters).</summary>
    public const int NumberRoom = 32;

    private readonly IBufferWriter<byte> _pipe;
    private readonly Span<byte> _span;
    private int _length;

    private Utf8Row(IBufferWriter<byte> pipe, int room)
    {
        _pipe = pipe;
        _span = pipe.GetSpan(room);
    }

    /// <summary>A row of at most <paramref name="room"/> bytes.</summary>
    public static Utf8Row Room(IBufferWriter<byte> pipe, int room) => new(pipe, room);

    /// <summary>The bytes written so far.</summary>
    public readonly int Length => _length;

    public void Raw(ReadOnlySpan<byte> utf8)
    {
        utf8.CopyTo(_span[_length..]);
        _length += utf8.Length;
    }

    public void Byte(byte b) => _span[_length++] = b;

    /// <summary>A double in its shortest round-trip form, or with <paramref name="format"/> (e.g. "R").</summary>
    public void Number(double value, string? format = null)
    {
        value.TryFormat(_span[_length..], out int n, format, CultureInfo.InvariantCulture);
        _length += n;
    }

    public void Number(int value)
    {
        value.TryFormat(_span[_length..], out int n, default, CultureInfo.InvariantCulture);
        _length += n;
    }

    /// <summary><c>1398/02/03</c>, as <see cref="JalaliDate.ToString"/>.</summary>
    public void Date(JalaliDate date)
    {
        date.TryFormat(_span[_length..], out int n);
        _length += n;
    }

    /// <summary>Hands the row to the buffer.</summary>
    public readonly void Commit() => _pipe.Advance(_length);
}
