using Payesh.Domain.Obstacles;

namespace Payesh.Web.Data.Model;

/// <summary>
/// A binding decision of the HQ (مصوبه). Its history is the append-only <see cref="ResolutionEventRow"/>s;
/// Stage and DoneOn are derived from them (<see cref="ResolutionFile"/>); whether it is still in its objection
/// period is ObjectionUntil compared with today.
/// </summary>
public sealed class Resolution
{
    public long Id { get; set; }
    public long MeetingId { get; set; }
    public Meeting? Meeting { get; set; }
    /// <summary>Its number within the meeting.</summary>
    public int Seq { get; set; }
    public string Text { get; set; } = "";
    public long AgencyId { get; set; }
    public AgencyRow? Agency { get; set; }
    public DateOnly IssuedOn { get; set; }
    public DateOnly Deadline { get; set; }
    public int ObjectionDays { get; set; }
    public DateOnly ObjectionUntil { get; set; }
    public ResolutionStage Stage { get; set; }
    public DateOnly? DoneOn { get; set; }
    public uint Version { get; set; }
    public List<ResolutionObstacle> Obstacles { get; set; } = [];
    public List<ResolutionNode> Nodes { get; set; } = [];
    public List<ResolutionEventRow> Events { get; set; } = [];
}
