using Payesh.Domain.Obstacles;

namespace Payesh.Web.Data.Model;

/// <summary>One step of a resolution: issue, objection, decision, follow-up, done. Append-only.</summary>
public sealed class ResolutionEventRow
{
    public long Id { get; set; }
    public long ResolutionId { get; set; }
    public ResolutionStep Step { get; set; }
    public DateOnly Day { get; set; }
    public DateTimeOffset At { get; set; }
    public string? ActorId { get; set; }
    public string ActorName { get; set; } = "";
    public ActorRole ActorRole { get; set; }
    public long? ActorAgencyId { get; set; }
    public string? Note { get; set; }
}
