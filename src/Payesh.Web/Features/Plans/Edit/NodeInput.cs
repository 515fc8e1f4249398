namespace Payesh.Web.Features.Plans.Edit;

/// <summary>A node as the form sends it; blank milestone and requirement rows are ignored.</summary>
public sealed class NodeInput
{
    public long? ParentId { get; set; }
    /// <summary>Place among the new parent's children, 1-based; empty: at the end (new) or unchanged.</summary>
    public string? Position { get; set; }
    public bool IsAction { get; set; }
    public string? Code { get; set; }
    public string? Title { get; set; }
    public string? Weight { get; set; }
    public string? Description { get; set; }
    public string? Agency { get; set; }
    public List<string> Collaborators { get; set; } = [];
    public string? Start { get; set; }
    public string? End { get; set; }
    public string? Curve { get; set; }
    public List<MilestoneInput> Milestones { get; set; } = [];
    public string? Deliverable { get; set; }
    public string? KpiName { get; set; }
    public string? KpiUnit { get; set; }
    public string? KpiTarget { get; set; }
    public List<RequirementInput> Requirements { get; set; } = [];
    public uint Version { get; set; }
}
