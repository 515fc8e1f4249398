using System.Globalization;
using System.IO.Pipelines;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Payesh.Domain.Calendar;
using Payesh.Domain.Progress;
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
