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
    public List<string>? Requirements { get; set; }
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
