using Payesh.Domain.Plans;

namespace Payesh.Web.Data.Model;

[EntityName(EntityNames.PlanNode)]
public sealed class PlanNodeRow
{
    public long Id { get; set; }
    public long PlanId { get; set; }
    public long? ParentId { get; set; }
    public int SortOrder { get; set; }
    public string Code { get; set; } = "";
    public string Title { get; set; } = "";
    public double Weight { get; set; } = 1;
    public string? Description { get; set; }
    /// <summary>Legacy: requirements one per line, read only where a node has no <see cref="RequirementItems"/> yet.</summary>
    public string? Requirements { get; set; }
    public bool IsAction { get; set; }
    public long? LeadAgencyId { get; set; }
    public AgencyRow? LeadAgency { get; set; }
    public DateOnly? StartDate { get; set; }
    public DateOnly? EndDate { get; set; }
    public CurveKind Curve { get; set; }
    public string? Deliverable { get; set; }
    public string? KpiName { get; set; }
    public string? KpiUnit { get; set; }
    public double? KpiTarget { get; set; }
    /// <summary>Taken out of an approved plan by a new baseline: kept (with its reports) for the days and baselines it was in.</summary>
    public bool IsRemoved { get; set; }
    public uint Version { get; set; }
    public List<NodeCollaborator> Collaborators { get; set; } = [];
    public List<NodeMilestone> Milestones { get; set; } = [];
    public List<NodeRequirement> RequirementItems { get; set; } = [];
}
