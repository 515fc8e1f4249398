using System.Text.Json;
using System.Text.Json.Serialization;

namespace Payesh.Domain.Plans;

// The plan document of the HTTP API (docs/api.md § Plan document), as it arrives: every field
// optional so that validation can name every missing or wrong one with its path.

public sealed class PlanDocument
{
    public string? Title { get; set; }
    public int? Year { get; set; }
    public string? Start { get; set; }
    public string? End { get; set; }
    public PlanSettingsDocument? Settings { get; set; }
    public List<string>? Levels { get; set; }
    public List<AgencyDocument>? Agencies { get; set; }
    public List<NodeDocument>? Nodes { get; set; }
}

public sealed class PlanSettingsDocument
{
    public int? StoppageDays { get; set; }
    public double? AtRiskBelow { get; set; }
    public double? BehindBelow { get; set; }
    public bool? VerifiedOnly { get; set; }
    public int? BackdateDays { get; set; }
    public bool? ManagerSignOff { get; set; }
}

public sealed class AgencyDocument
{
    public long? Id { get; set; }
    public string? Code { get; set; }
    public string? Name { get; set; }
    public string? Kind { get; set; }
}

public sealed class NodeDocument
{
    public long? Id { get; set; }
    public string? Code { get; set; }
    public string? Title { get; set; }
    public double? Weight { get; set; }
    public string? Description { get; set; }
    public List<RequirementDocument>? Requirements { get; set; }
    public List<NodeDocument>? Children { get; set; }
    public string? Agency { get; set; }
    public List<string>? Collaborators { get; set; }
    public string? Start { get; set; }
    public string? End { get; set; }
    public string? Curve { get; set; }
    public List<MilestoneDocument>? Milestones { get; set; }
    public string? Deliverable { get; set; }
    public KpiDocument? Kpi { get; set; }
}

public sealed class MilestoneDocument
{
    public string? Date { get; set; }
    public double? Percent { get; set; }
}

public sealed class KpiDocument
{
    public string? Name { get; set; }
    public string? Unit { get; set; }
    public double? Target { get; set; }
}

/// <summary>A requirement of a node: a text (docs/api.md), or — a Payesh addition — an object with the text, the
/// owning agency's code and a deadline. Written back as a text when it has neither owner nor deadline.</summary>
[JsonConverter(typeof(RequirementDocumentConverter))]
public sealed class RequirementDocument
{
    public string? Text { get; set; }
    public string? Owner { get; set; }
    public string? Deadline { get; set; }

    public static implicit operator RequirementDocument(string? text) => new() { Text = text };
}

public sealed class RequirementDocumentConverter : JsonConverter<RequirementDocument>
{
    public override RequirementDocument? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null: return null;
            case JsonTokenType.String: return new RequirementDocument { Text = reader.GetString() };
            case JsonTokenType.StartObject:
                var result = new RequirementDocument();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                {
                    if (reader.TokenType != JsonTokenType.PropertyName) throw new JsonException();
                    var name = reader.GetString();
                    reader.Read();
                    string? value = reader.TokenType switch
                    {
                        JsonTokenType.Null => null,
                        JsonTokenType.String => reader.GetString(),
                        _ => throw new JsonException($"'{name}' must be a string."),
                    };
                    if (string.Equals(name, "text", StringComparison.OrdinalIgnoreCase)) result.Text = value;
                    else if (string.Equals(name, "owner", StringComparison.OrdinalIgnoreCase)) result.Owner = value;
                    else if (string.Equals(name, "deadline", StringComparison.OrdinalIgnoreCase)) result.Deadline = value;
                }
                return result;
            default:
                throw new JsonException("A requirement is a text or an object {text, owner, deadline}.");
        }
    }

    public override void Write(Utf8JsonWriter writer, RequirementDocument value, JsonSerializerOptions options)
    {
        if (value.Owner is null && value.Deadline is null)
        {
            writer.WriteStringValue(value.Text);
            return;
        }
        writer.WriteStartObject();
        writer.WriteString("text", value.Text);
        if (value.Owner is not null) writer.WriteString("owner", value.Owner);
        if (value.Deadline is not null) writer.WriteString("deadline", value.Deadline);
        writer.WriteEndObject();
    }
}
