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

/// <summary>A production unit an obstacle affects.</summary>
public sealed class ObstacleUnit
{
    public long Id { get; set; }
    public long ObstacleId { get; set; }
    public int SortOrder { get; set; }
    public string Name { get; set; } = "";
    /// <summary>Where it is: a town, an industrial park.</summary>
    public string? Location { get; set; }
    public int? Employees { get; set; }
}

/// <summary>An agency that works with the lead agency on an obstacle.</summary>
public sealed class ObstacleAgency
{
    public long ObstacleId { get; set; }
    public long AgencyId { get; set; }
    public AgencyRow? Agency { get; set; }
}

/// <summary>A plan node an obstacle holds back.</summary>
public sealed class ObstacleNode
{
    public long ObstacleId { get; set; }
    public long NodeId { get; set; }
    public PlanNodeRow? Node { get; set; }
}

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

public enum MeetingState { Planned, Held }

/// <summary>A meeting of the facilitation HQ (جلسه ستاد): agenda before, minutes and resolutions after.</summary>
public sealed class Meeting
{
    public long Id { get; set; }
    public int Number { get; set; }
    public string Title { get; set; } = "";
    public DateOnly Date { get; set; }
    public string? Place { get; set; }
    /// <summary>Attendees, one per line.</summary>
    public string? Attendees { get; set; }
    public string? Minutes { get; set; }
    public MeetingState State { get; set; }
    /// <summary>The running plan whose actions the agenda took stock of.</summary>
    public long? PlanId { get; set; }
    public string? CreatedById { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public uint Version { get; set; }
    public List<AgendaItem> Agenda { get; set; } = [];
}

public enum AgendaKind { Obstacle, Action, Resolution, MissingReports, Other }

/// <summary>One item of a meeting's agenda, proposed from the stocktake or written by hand.</summary>
public sealed class AgendaItem
{
    public long Id { get; set; }
    public long MeetingId { get; set; }
    public int SortOrder { get; set; }
    public AgendaKind Kind { get; set; }
    public string Text { get; set; } = "";
    public long? ObstacleId { get; set; }
    public long? NodeId { get; set; }
    public long? ResolutionId { get; set; }
    public long? AgencyId { get; set; }
}

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

/// <summary>A resolution's stored stage; <see cref="ResolutionState"/> adds the day (pending vs binding).</summary>
public enum ResolutionStage { Issued, Objected, ObjectionRejected, AwaitingConfirmation, Done, Withdrawn }

public sealed class ResolutionObstacle
{
    public long ResolutionId { get; set; }
    public long ObstacleId { get; set; }
    public Obstacle? Obstacle { get; set; }
}

public sealed class ResolutionNode
{
    public long ResolutionId { get; set; }
    public long NodeId { get; set; }
    public PlanNodeRow? Node { get; set; }
}

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
