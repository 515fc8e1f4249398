using System.Globalization;
using System.Text;
using System.Text.Json;
using Payesh.Domain.Calendar;
using Payesh.Domain.Progress;
using Payesh.Web.Features.Progress;
using Payesh.Web.Infrastructure;

namespace Payesh.Web.Tests.Progress;

/// <summary>
/// The whole tree's answers written the plain way — a <see cref="Utf8JsonWriter"/> and strings — from the same figures,
/// as the endpoint wrote them before its writers encoded per-engine text once and formatted numbers in place (issue 14):
/// the endpoint's bytes must be these bytes.
/// </summary>
public static class TreeReference
{
    public static byte[] Json(TreeFigures tree, JalaliDate asOf, int maxDepth = int.MaxValue)
    {
        var engine = tree.Engine;
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("asOf", asOf.ToString());
            w.WriteStartArray("nodes");
            for (int i = 0; i < engine.NodeCount; i++)
            {
                int depth = engine.Depth(i);
                if (depth > maxDepth) continue;
                double planned = tree.Planned(i), actual = tree.Actual(i);
                w.WriteStartObject();
                w.WriteString("code", engine.Code(i));
                if (i == engine.Root) w.WriteNull("parent");
                else w.WriteString("parent", engine.Code(engine.Parent(i)));
                w.WriteNumber("depth", depth);
                w.WriteNumber("planned", planned);
                w.WriteNumber("actual", actual);
                w.WriteNumber("deviation", actual - planned);
                if (planned > 0) w.WriteNumber("spi", actual / planned);
                else w.WriteNull("spi");
                w.WriteString("status", tree.Status(i).ApiName());
                if (Fa.InCalendar(tree.Forecast(i)) is { } f) w.WriteString("forecastFinish", f.ToString());
                else w.WriteNull("forecastFinish");
                w.WriteStartObject("actionStatusCounts");
                foreach (var s in ProgressStatusNames.All) w.WriteNumber(s.ApiName(), tree.Count(i, s));
                w.WriteEndObject();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return buffer.ToArray();
    }

    public static byte[] Csv(TreeFigures tree, string planTitle, IReadOnlyDictionary<long, string> titles, int maxDepth = int.MaxValue)
    {
        var engine = tree.Engine;
        var text = new StringBuilder("\uFEFF");
        text.Append(string.Join(',', ProgressTreeCsv.Headers.Select(Field))).Append("\r\n");
        for (int i = 0; i < engine.NodeCount; i++)
        {
            if (engine.Depth(i) > maxDepth) continue;
            double planned = tree.Planned(i), actual = tree.Actual(i);
            var cells = new List<string>
            {
                Field(engine.Code(i)),
                Field(i == engine.Root ? planTitle : titles.GetValueOrDefault(engine.Key(i)) ?? ""),
                engine.Depth(i).ToString(CultureInfo.InvariantCulture),
                i == engine.Root ? "" : Field(engine.Code(engine.Parent(i))),
                planned.ToString("R", CultureInfo.InvariantCulture),
                actual.ToString("R", CultureInfo.InvariantCulture),
                (actual - planned).ToString("R", CultureInfo.InvariantCulture),
                planned > 0 ? (actual / planned).ToString("R", CultureInfo.InvariantCulture) : "",
                tree.Status(i).PersianName(),
                Fa.InCalendar(tree.Forecast(i))?.ToString() ?? "",
            };
            cells.AddRange(ProgressStatusNames.All.Select(s => tree.Count(i, s).ToString(CultureInfo.InvariantCulture)));
            text.Append(string.Join(',', cells)).Append("\r\n");
        }
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    /// <summary>RFC 4180 quoting; a text a spreadsheet would run as a formula gets an apostrophe first.</summary>
    private static string Field(string text)
    {
        if (text.Length > 0 && text[0] is '=' or '+' or '-' or '@') text = "'" + text;
        return text.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;
    }
}
