using Payesh.Domain.Obstacles;

namespace Payesh.Web.Data.Model;

/// <summary>
/// A problem that holds production back (مانع). Its history is the append-only <see cref="ObstacleEventRow"/>s;
/// State, Escalation, LeadAgencyId, Deadline, AssignedOn and ClosedOn are the state those events derive
/// (<see cref="ObstacleFile"/>), kept here so that lists can filter on them.
/// </summary>
public sealed class Obstacle
{
    public long Id { get; set; }
    public string Title { get; set; } = "";
    public string? Description { get; set; }
    public ObstacleCategory Category { get; set; }
    public ObstacleSeverity Severity { get; set; }
    /// <summary>Depth: production units affected (may exceed the units listed by name).</summary>
    public int UnitsAffected { get; set; }
    public int JobsAtRisk { get; set; }
    /// <summary>Amount blocked, in rials.</summary>
    public long AmountBlocked { get; set; }
    /// <summary>The plan whose nodes <see cref="Nodes"/> link to (the running plan when registered).</summary>
    public long? PlanId { get; set; }
    public long? ReporterAgencyId { get; set; }
    public AgencyRow? ReporterAgency { get; set; }
    public string? ReportedById { get; set; }
    public string ReportedByName { get; set; } = "";
    public DateOnly ReportedOn { get; set; }
    public DateTimeOffset ReportedAt { get; set; }
    /// <summary>Ids of open obstacles the register flagged as possible duplicates, when the user registered it anyway.</summary>
    public string? PossibleDuplicates { get; set; }

    public ObstacleState State { get; set; }
    public EscalationLevel Escalation { get; set; }
    public long? LeadAgencyId { get; set; }
    public AgencyRow? LeadAgency { get; set; }
    public DateOnly? Deadline { get; set; }
    public DateOnly? AssignedOn { get; set; }
    public DateOnly? ClosedOn { get; set; }
    public uint Version { get; set; }

    public List<ObstacleUnit> Units { get; set; } = [];
    public List<ObstacleAgency> OtherAgencies { get; set; } = [];
    public List<ObstacleNode> Nodes { get; set; } = [];
    public List<ObstacleEventRow> Events { get; set; } = [];
}
