using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Payesh.Domain.Calendar;
using Payesh.Domain.Progress;
using Payesh.Web.Infrastructure;

namespace Payesh.Web.Features.Progress;

/// <summary>
/// The whole tree as JSON, written node by node straight to the body (no intermediate objects). What is the same on
/// every call is encoded once: each node's code, parent and depth once per engine (a plan's structure), property and
/// status names once; the bytes of an answer are kept while its figures are (<see cref="TreeAnswers"/>). Numbers are formatted as <see cref="Utf8JsonWriter"/> formats them (shortest round-trip,
/// invariant), strings escaped by <see cref="JsonEncodedText"/> with the default encoder as the writer does, so the
/// answer is the one a <see cref="Utf8JsonWriter"/> gives (tests compare them byte for byte).
/// </summary>
public sealed class ProgressTreeJson(TreeFigures tree, JalaliDate asOf, int maxDepth) : IResult, Microsoft.AspNetCore.Http.Metadata.IEndpointMetadataProvider
{
    /// <summary>OpenAPI: the body written here has the shape of <see cref="ProgressTreeDocument"/>. (OpenAPI keeps one answer
    /// per status, so the CSV of <c>?format=csv</c> is named in the endpoint's description, not declared beside it.)</summary>
    public static void PopulateMetadata(System.Reflection.MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(ProgressTreeDocument), ["application/json"]));

    private static readonly byte[] Start = Encoding.UTF8.GetBytes("{\"asOf\":\""), Nodes = Encoding.UTF8.GetBytes("\",\"nodes\":["),
        Actual = Encoding.UTF8.GetBytes(",\"actual\":"), Deviation = Encoding.UTF8.GetBytes(",\"deviation\":"),
        Spi = Encoding.UTF8.GetBytes(",\"spi\":"), Null = Encoding.UTF8.GetBytes("null"),
        ForecastNull = Encoding.UTF8.GetBytes("null,\"actionStatusCounts\":{"), ForecastAfter = Encoding.UTF8.GetBytes("\",\"actionStatusCounts\":{"),
        End = Encoding.UTF8.GetBytes("]}");

    // ,"status":"on-track","forecastFinish":   — per status, with the opening quote of a date to follow (or none before null)
    private static readonly byte[][] StatusThenForecast = [.. ProgressStatusNames.All.Select(s =>
        Encoding.UTF8.GetBytes(",\"status\":\"" + JsonEncodedText.Encode(s.ApiName()) + "\",\"forecastFinish\":"))];

    // "completed":  ,"not-started":  …  — the counts' names in the order of ProgressStatusNames.All
    private static readonly byte[][] CountNames = [.. ProgressStatusNames.All.Select((s, k) =>
        Encoding.UTF8.GetBytes((k == 0 ? "" : ",") + "\"" + JsonEncodedText.Encode(s.ApiName()) + "\":"))];

    private static readonly int FixedRoom = StatusThenForecast.Max(b => b.Length) + ForecastAfter.Length + 12
        + CountNames.Sum(b => b.Length) + ProgressStatusNames.Count * Utf8Row.NumberRoom
        + Actual.Length + Deviation.Length + Spi.Length + 4 * Utf8Row.NumberRoom + 8;

    private static readonly ConditionalWeakTable<ProgressEngine, NodeHeads> Heads = [];

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.ContentType = "application/json; charset=utf-8";
        var heads = Heads.GetValue(tree.Engine, static e => new NodeHeads(e));
        await httpContext.RequestServices.GetRequiredService<TreeAnswers>().WriteAsync(httpContext, tree, maxDepth, null,
            (buffer, from) => Write(buffer, heads, from));
    }

    /// <summary>Nodes from <paramref name="from"/> until a piece is full (the opening before the first, the closing after the last).</summary>
    private int Write(System.Buffers.IBufferWriter<byte> buffer, NodeHeads heads, int from)
    {
        var engine = tree.Engine;
        if (from == 0)
        {
            var start = Utf8Row.Room(buffer, Start.Length + Nodes.Length + 10);
            start.Raw(Start);
            start.Date(asOf);
            start.Raw(Nodes);
            start.Commit();
        }
        long written = 0;
        int i = from;
        for (; i < engine.NodeCount && written < TreeAnswers.BytesPerFlush; i++)
            if (engine.Depth(i) <= maxDepth) written += Node(buffer, heads.Of(i), i, first: i == engine.Root);
        if (i == engine.NodeCount)
        {
            var end = Utf8Row.Room(buffer, End.Length);
            end.Raw(End);
            end.Commit();
        }
        return i;
    }

    /// <summary>One node's object; returns the bytes written.</summary>
    private int Node(System.Buffers.IBufferWriter<byte> body, ReadOnlySpan<byte> head, int i, bool first)
    {
        double planned = tree.Planned(i), actual = tree.Actual(i), deviation = actual - planned;
        // As Utf8JsonWriter does: JSON has no NaN or infinity.
        if (!double.IsFinite(planned) || !double.IsFinite(actual) || !double.IsFinite(deviation) || (planned > 0 && !double.IsFinite(actual / planned)))
            throw new InvalidOperationException($"The figures of node {i} are not finite numbers.");
        var row = Utf8Row.Room(body, 1 + head.Length + FixedRoom);
        if (!first) row.Byte((byte)',');
        row.Raw(head);
        row.Number(planned);
        row.Raw(Actual);
        row.Number(actual);
        row.Raw(Deviation);
        row.Number(deviation);
        row.Raw(Spi);
        if (planned > 0) row.Number(actual / planned);
        else row.Raw(Null);
        row.Raw(StatusThenForecast[(int)tree.Status(i)]);
        if (Fa.InCalendar(tree.Forecast(i)) is { } f)
        {
            row.Byte((byte)'"');
            row.Date(f);
            row.Raw(ForecastAfter);
        }
        else row.Raw(ForecastNull);
        for (int k = 0; k < CountNames.Length; k++)
        {
            row.Raw(CountNames[k]);
            row.Number(tree.Count(i, ProgressStatusNames.All[k]));
        }
        row.Byte((byte)'}');
        row.Byte((byte)'}');
        int length = row.Length;
        row.Commit();
        return length;
    }

    /// <summary>Per node of an engine: <c>{"code":"…","parent":"…"|null,"depth":n,"planned":</c>, encoded once.</summary>
    private sealed class NodeHeads
    {
        private readonly byte[] _bytes;
        private readonly int[] _starts;

        public NodeHeads(ProgressEngine engine)
        {
            var text = new List<byte>(engine.NodeCount * 64);
            _starts = new int[engine.NodeCount + 1];
            var encoded = new string[engine.NodeCount];
            for (int i = 0; i < engine.NodeCount; i++) encoded[i] = JsonEncodedText.Encode(engine.Code(i)).ToString();
            for (int i = 0; i < engine.NodeCount; i++)
            {
                _starts[i] = text.Count;
                string parent = i == engine.Root ? "null" : "\"" + encoded[engine.Parent(i)] + "\"";
                text.AddRange(Encoding.UTF8.GetBytes(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"{{\"code\":\"{encoded[i]}\",\"parent\":{parent},\"depth\":{engine.Depth(i)},\"planned\":")));
            }
            _starts[engine.NodeCount] = text.Count;
            _bytes = [.. text];
        }

        public ReadOnlySpan<byte> Of(int node) => _bytes.AsSpan(_starts[node], _starts[node + 1] - _starts[node]);
    }
}
