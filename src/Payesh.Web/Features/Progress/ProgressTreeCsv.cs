using System.Globalization;
using System.IO.Pipelines;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Payesh.Domain.Progress;
using Payesh.Web.Data;
using Payesh.Web.Infrastructure;

namespace Payesh.Web.Features.Progress;

/// <summary>The whole tree as CSV for spreadsheets: UTF-8 with a BOM (Excel then reads Persian correctly), Persian
/// headers and statuses, Latin digits, dates as Jalali text.</summary>
public sealed class ProgressTreeCsv(TreeFigures tree, string planTitle, IReadOnlyDictionary<long, string> titles, int maxDepth) : IResult
{
    private const int NodesPerWrite = 256;

    public static readonly string[] Headers =
    [
        "کد", "عنوان", "سطح", "کد بالادست", "پیشرفت برنامه‌ای (درصد)", "پیشرفت واقعی (درصد)", "انحراف (واحد درصد)",
        "شاخص عملکرد زمانی (SPI)", "وضعیت", "پیش‌بینی پایان",
        .. ProgressStatusNames.All.Select(s => "اقدام‌های " + s.PersianName()),
    ];

    /// <summary>The nodes' titles, read now (a title may change without a new engine); the root is the plan.</summary>
    public static async Task<(string Plan, Dictionary<long, string> Nodes)> TitlesAsync(PayeshDb db, long planId, CancellationToken ct) =>
        (await db.Plans.AsNoTracking().Where(p => p.Id == planId).Select(p => p.Title).FirstOrDefaultAsync(ct) ?? "",
            await db.PlanNodes.AsNoTracking().Where(n => n.PlanId == planId).ToDictionaryAsync(n => n.Id, n => n.Title, ct));

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.ContentType = "text/csv; charset=utf-8";
        response.Headers.ContentDisposition = "attachment; filename=\"progress-tree.csv\"";
        var pipe = response.BodyWriter;
        var engine = tree.Engine;
        Text(pipe, "\uFEFF");
        for (int h = 0; h < Headers.Length; h++)
        {
            if (h > 0) Text(pipe, ",");
            Text(pipe, Field(Headers[h]));
        }
        Text(pipe, "\r\n");
        int written = 0;
        for (int i = 0; i < engine.NodeCount; i++)
        {
            if (engine.Depth(i) > maxDepth) continue;
            Row(pipe, engine, i);
            if (++written % NodesPerWrite == 0) await pipe.FlushAsync(httpContext.RequestAborted);
        }
        await pipe.FlushAsync(httpContext.RequestAborted);
    }

    /// <summary>One node's line, encoded straight into the response's buffer.</summary>
    private void Row(PipeWriter pipe, ProgressEngine engine, int i)
    {
        double planned = tree.Planned(i), actual = tree.Actual(i);
        Text(pipe, Field(engine.Code(i)));
        Text(pipe, ",");
        Text(pipe, Field(i == engine.Root ? planTitle : titles.GetValueOrDefault(engine.Key(i)) ?? ""));
        Text(pipe, ",");
        Number(pipe, engine.Depth(i));
        Text(pipe, ",");
        if (i != engine.Root) Text(pipe, Field(engine.Code(engine.Parent(i))));
        Text(pipe, ",");
        Number(pipe, planned);
        Text(pipe, ",");
        Number(pipe, actual);
        Text(pipe, ",");
        Number(pipe, actual - planned);
        Text(pipe, ",");
        if (planned > 0) Number(pipe, actual / planned);
        Text(pipe, ",");
        Text(pipe, tree.Status(i).PersianName());
        Text(pipe, ",");
        if (Fa.InCalendar(tree.Forecast(i)) is { } f) Text(pipe, f.ToString());
        foreach (var s in ProgressStatusNames.All)
        {
            Text(pipe, ",");
            Number(pipe, tree.Count(i, s));
        }
        Text(pipe, "\r\n");
    }

    private static void Text(PipeWriter pipe, ReadOnlySpan<char> text)
    {
        var span = pipe.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length));
        pipe.Advance(Encoding.UTF8.GetBytes(text, span));
    }

    private static void Number(PipeWriter pipe, double value)
    {
        var span = pipe.GetSpan(32);
        value.TryFormat(span, out int n, "R", CultureInfo.InvariantCulture);
        pipe.Advance(n);
    }

    private static void Number(PipeWriter pipe, int value)
    {
        var span = pipe.GetSpan(16);
        value.TryFormat(span, out int n, default, CultureInfo.InvariantCulture);
        pipe.Advance(n);
    }

    /// <summary>RFC 4180 quoting; a text that a spreadsheet would run as a formula is prefixed with an apostrophe.</summary>
    internal static string Field(string text)
    {
        if (text.Length > 0 && text[0] is '=' or '+' or '-' or '@') text = "'" + text;
        return text.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + text.Replace("\"", "\"\"") + "\"" : text;
    }
}
