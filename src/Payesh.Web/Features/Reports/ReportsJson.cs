using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Payesh.Web.Features.Reports;

/// <summary>
/// Source-generated JSON metadata for the report endpoints' bodies and answers (issue 14 § 2): first in the chain of
/// <see cref="Infrastructure.Input.ApiInput.Json"/> (so the input rule's converters still apply) and of the minimal API's
/// JSON options (Program.cs), so the hot path builds no metadata by reflection.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(ReportInput))]
[JsonSerializable(typeof(ReportBatchInput))]
[JsonSerializable(typeof(ReportsApi.DecisionInput))]
[JsonSerializable(typeof(Infrastructure.CreatedId))]
[JsonSerializable(typeof(ReportsApi.BatchAnswer))]
[JsonSerializable(typeof(ReviewAnswer))]
public sealed partial class ReportsJson : JsonSerializerContext;

/// <summary>A stored report as its audit entry records it (property names as written since the first entries).</summary>
public sealed record AuditedReport(long Id, long PlanId, long NodeId, string ReportDate, int PercentHundredths,
    string? Note, string? Justification, string? BackdateReason);

[JsonSerializable(typeof(List<AuditedReport>))]
internal sealed partial class AuditedReportsJson : JsonSerializerContext;

/// <summary>The audit entries' JSON (a class of its own: the generated context's statics are set up first).</summary>
internal static class AuditedReportsWriter
{
    /// <summary>Persian text unescaped, metadata source-generated.</summary>
    public static readonly JsonTypeInfo<List<AuditedReport>> Rows = (JsonTypeInfo<List<AuditedReport>>)new JsonSerializerOptions
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        TypeInfoResolver = AuditedReportsJson.Default,
    }.GetTypeInfo(typeof(List<AuditedReport>));
}
