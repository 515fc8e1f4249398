using Payesh.Domain.Obstacles;

namespace Payesh.Web.Data.Model;

/// <summary>One step of an obstacle's workflow: who, when, what, why. Append-only.</summary>
public sealed class ObstacleEventRow
{
    public long Id { get; set; }
    public long ObstacleId { get; set; }
    public ObstacleStep Step { get; set; }
    public DateOnly Day { get; set; }
    public DateTimeOffset At { get; set; }
    public string? ActorId { get; set; }
    public string ActorName { get; set; } = "";
    public ActorRole ActorRole { get; set; }
    public long? ActorAgencyId { get; set; }
    public string? Note { get; set; }
    public long? LeadAgencyId { get; set; }
    /// <summary>Other agencies of an assignment, ids joined by ','.</summary>
    public string? OtherAgencyIds { get; set; }
    public DateOnly? Deadline { get; set; }
    public EscalationLevel Level { get; set; }
}
