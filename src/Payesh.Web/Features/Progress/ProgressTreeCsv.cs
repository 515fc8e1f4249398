using System.Globalization;
using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text;
using Payesh.Domain.Progress;
using Payesh.Web.Infrastructure;

namespace Payesh.Web.Features.Progress;

/// <summary>The whole tree as CSV for spreadsheets: UTF-8 with a BOM (Excel then reads Persian correctly), Persian
/// headers and statuses, Latin digits, dates as Jalali text. Each node's code, title, depth and parent are encoded
/// once per engine and titles (<see cref="PlanEngine.TitlesAsync"/>); the figures are formatted in place as
/// <c>ToString("R")</c> writes them; the bytes of an answer are kept while its figures and titles are (<see cref="TreeAnswers"/>).</summary>
public sealed class ProgressTreeCsv(TreeFigures tree, PlanTitles titles, int maxDepth) : IResult
{
    public static readonly string[] Headers =
    [
        "کد", "عنوان", "سطح", "کد بالادست", "پیشرفت برنامه‌ای (درصد)", "پیشرفت واقعی (درصد)", "انحراف (واحد درصد)",
        "شاخص عملکرد زمانی (SPI)", "وضعیت", "پیش‌بینی پایان",
        .. ProgressStatusNames.All.Select(s => "اقدام‌های " + s.PersianName()),
    ];

    private static readonly byte[] HeaderLine = Encoding.UTF8.GetBytes("\uFEFF" + string.Join(',', Headers.Select(Field)) + "\r\n");

    // ,تکمیل‌شده,   — per status, between the SPI and the forecast
    private static readonly byte[][] StatusCells = [.. ProgressStatusNames.All.Select(s => Encoding.UTF8.GetBytes("," + s.PersianName() + ","))];

    private static readonly int FixedRoom = 4 * (Utf8Row.NumberRoom + 1) + StatusCells.Max(b => b.Length) + 10
        + ProgressStatusNames.Count * (Utf8Row.NumberRoom + 1) + 2;

    private static readonly ConditionalWeakTable<ProgressEngine, RowHeads> Heads = [];

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.ContentType = "text/csv; charset=utf-8";
        response.Headers.ContentDisposition = "attachment; filename=\"progress-tree.csv\"";
        var heads = HeadsOf(tree.Engine, titles);
        await httpContext.RequestServices.GetRequiredService<TreeAnswers>().WriteAsync(httpContext, tree, maxDepth, titles,
            (buffer, from) => Write(buffer, heads, from));
    }

    /// <summary>Lines from <paramref name="from"/> until a piece is full (the header line before the first).</summary>
    private int Write(IBufferWriter<byte> buffer, RowHeads heads, int from)
    {
        var engine = tree.Engine;
        if (from == 0)
        {
            var header = Utf8Row.Room(buffer, HeaderLine.Length);
            header.Raw(HeaderLine);
            header.Commit();
        }
        long written = 0;
        int i = from;
        for (; i < engine.NodeCount && written < TreeAnswers.BytesPerFlush; i++)
            if (engine.Depth(i) <= maxDepth) written += Row(buffer, heads.Of(i), i);
        return i;
    }

    /// <summary>One node's line, encoded straight into the response's buffer; returns its length.</summary>
    private int Row(IBufferWriter<byte> pipe, ReadOnlySpan<byte> head, int i)
    {
        double planned = tree.Planned(i), actual = tree.Actual(i);
        var row = Utf8Row.Room(pipe, head.Length + FixedRoom);
        row.Raw(head);
        row.Number(planned, "R");
        row.Byte((byte)',');
        row.Number(actual, "R");
        row.Byte((byte)',');
        row.Number(actual - planned, "R");
        row.Byte((byte)',');
        if (planned > 0) row.Number(actual / planned, "R");
        row.Raw(StatusCells[(int)tree.Status(i)]);
        if (Fa.InCalendar(tree.Forecast(i)) is { } f) row.Date(f);
        foreach (var s in ProgressStatusNames.All)
        {
            row.Byte((byte)',');
            row.Number(tree.Count(i, s));
        }
        row.Byte((byte)'\r');
        row.Byte((byte)'\n');
        int length = row.Length;
        row.Commit();
        return length;
    }

    private static RowHeads HeadsOf(ProgressEngine engine, PlanTitles titles)
    {
        if (Heads.TryGetValue(engine, out var heads) && ReferenceEquals(heads.Titles, titles)) return heads;
        heads = new RowHeads(engine, titles);
        Heads.AddOrUpdate(engine, heads);
        return heads;
    }

    /// <summary>RFC 4180 quoting; a text that a spreadsheet would run as a formula is prefixed with an apostrophe.</summary>
    internal static string Field(string text)
    {
        if (text.Length > 0 && text[0] is '=' or '+' or '-' or '@') text = "'" + text;
        return text.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + text.Replace("\"", "\"\"") + "\"" : text;
    }

    /// <summary>Per node of an engine: <c>code,title,depth,parent,</c>, encoded once for one set of titles.</summary>
    private sealed class RowHeads
    {
        private readonly byte[] _bytes;
        private readonly int[] _starts;

        public RowHeads(ProgressEngine engine, PlanTitles titles)
        {
            Titles = titles;
            var text = new List<byte>(engine.NodeCount * 96);
            _starts = new int[engine.NodeCount + 1];
            for (int i = 0; i < engine.NodeCount; i++)
            {
                _starts[i] = text.Count;
                bool root = i == engine.Root;
                var title = root ? titles.Plan : titles.Nodes.GetValueOrDefault(engine.Key(i)) ?? "";
                text.AddRange(Encoding.UTF8.GetBytes(string.Join(',', Field(engine.Code(i)), Field(title),
                    engine.Depth(i).ToString(CultureInfo.InvariantCulture), root ? "" : Field(engine.Code(engine.Parent(i))), "")));
            }
            _starts[engine.NodeCount] = text.Count;
            _bytes = [.. text];
        }

        public PlanTitles Titles { get; }

        public ReadOnlySpan<byte> Of(int node) => _bytes.AsSpan(_starts[node], _starts[node + 1] - _starts[node]);
    }
}
