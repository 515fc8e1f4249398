using System.Globalization;
using System.IO.Pipelines;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Payesh.Domain.Calendar;
using Payesh.Domain.Progress;
using Payesh.Web.Data;
using Payesh.Web.Infrastructure;

namespace Payesh.Web.Features.Progress;

/// <summary>The whole tree as JSON, written node by node straight to the body (no intermediate objects).</summary>
public sealed class ProgressTreeJson(TreeFigures tree, JalaliDate asOf, int maxDepth) : IResult, Microsoft.AspNetCore.Http.Metadata.IEndpointMetadataProvider
{
    /// <summary>OpenAPI: the body written here has the shape of <see cref="ProgressTreeDocument"/>. (OpenAPI keeps one answer
    /// per status, so the CSV of <c>?format=csv</c> is named in the endpoint's description, not declared beside it.)</summary>
    public static void PopulateMetadata(System.Reflection.MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(ProgressTreeDocument), ["application/json"]));

    private const int NodesPerFlush = 512;
    private static readonly JsonEncodedText AsOf = JsonEncodedText.Encode("asOf"), Nodes = JsonEncodedText.Encode("nodes"),
        Code = JsonEncodedText.Encode("code"), Parent = JsonEncodedText.Encode("parent"), Depth = JsonEncodedText.Encode("depth"),
        Planned = JsonEncodedText.Encode("planned"), Actual = JsonEncodedText.Encode("actual"),
        Deviation = JsonEncodedText.Encode("deviation"), Spi = JsonEncodedText.Encode("spi"), Status = JsonEncodedText.Encode("status"),
        Forecast = JsonEncodedText.Encode("forecastFinish"), Counts = JsonEncodedText.Encode("actionStatusCounts");
    private static readonly JsonEncodedText[] StatusNames = [.. ProgressStatusNames.All.Select(s => JsonEncodedText.Encode(s.ApiName()))];

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.ContentType = "application/json; charset=utf-8";
        var body = response.BodyWriter;
        var engine = tree.Engine;
        await using (var w = new Utf8JsonWriter(body, new JsonWriterOptions { SkipValidation = true }))
        {
            w.WriteStartObject();
            w.WriteString(AsOf, asOf.ToString());
            w.WriteStartArray(Nodes);
            int written = 0;
            for (int i = 0; i < engine.NodeCount; i++)
            {
                int depth = engine.Depth(i);
                if (depth > maxDepth) continue;
                double planned = tree.Planned(i), actual = tree.Actual(i);
                w.WriteStartObject();
                w.WriteString(Code, engine.Code(i));
                if (i == engine.Root) w.WriteNull(Parent);
                else w.WriteString(Parent, engine.Code(engine.Parent(i)));
                w.WriteNumber(Depth, depth);
                w.WriteNumber(Planned, planned);
                w.WriteNumber(Actual, actual);
                w.WriteNumber(Deviation, actual - planned);
                if (planned > 0) w.WriteNumber(Spi, actual / planned);
                else w.WriteNull(Spi);
                w.WriteString(Status, StatusNames[(int)tree.Status(i)]);
                if (Fa.InCalendar(tree.Forecast(i)) is { } f) w.WriteString(Forecast, f.ToString());
                else w.WriteNull(Forecast);
                w.WriteStartObject(Counts);
                foreach (var s in ProgressStatusNames.All) w.WriteNumber(StatusNames[(int)s], tree.Count(i, s));
                w.WriteEndObject();
                w.WriteEndObject();
                if (++written % NodesPerFlush == 0)
                {
                    w.Flush();
                    await body.FlushAsync(httpContext.RequestAborted);
                }
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        await body.FlushAsync(httpContext.RequestAborted);
    }
}

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
