using Microsoft.AspNetCore.Identity;
using Payesh.Domain.Plans;

namespace Payesh.Web.Data.Model;

public static class Roles
{
    public const string Admin = "Admin";
    public const string Secretariat = "Secretariat";
    public const string AgencyManager = "AgencyManager";
    public const string AgencyReporter = "AgencyReporter";
    public const string Viewer = "Viewer";

    public static readonly string[] All = [Admin, Secretariat, AgencyManager, AgencyReporter, Viewer];

    public static string PersianName(string role) => role switch
    {
        Admin => "مدیر سامانه",
        Secretariat => "دبیرخانه ستاد",
        AgencyManager => "مدیر دستگاه",
        AgencyReporter => "کارشناس گزارش‌دهنده دستگاه",
        Viewer => "ناظر (استاندار، اعضای ستاد)",
        _ => role,
    };
}

public sealed class AppUser : IdentityUser
{
    public string DisplayName { get; set; } = "";
    public long? AgencyId { get; set; }
    public AgencyRow? Agency { get; set; }
    public bool IsActive { get; set; } = true;
    public DateTimeOffset CreatedAt { get; set; }
}

[EntityName(EntityNames.Agency)]
public sealed class AgencyRow
{
    public long Id { get; set; }
    public string Code { get; set; } = "";
    public string Name { get; set; } = "";
    public AgencyKind Kind { get; set; }
    public bool IsActive { get; set; } = true;
    public uint Version { get; set; }
}

public enum PlanState { Draft, Approved, Closed }

[EntityName(EntityNames.Plan)]
public sealed class PlanRow
{
    public long Id { get; set; }
    public string Title { get; set; } = "";
    public int Year { get; set; }
    public DateOnly StartDate { get; set; }
    public DateOnly EndDate { get; set; }
    public PlanState State { get; set; }
    public int StoppageDays { get; set; } = 14;
    public double AtRiskBelow { get; set; } = -5;
    public double BehindBelow { get; set; } = -15;
    public bool VerifiedOnly { get; set; }
    /// <summary>Two-level sign-off (issue 11): agency reporters' reports wait for their manager before the secretariat.</summary>
    public bool ManagerSignOff { get; set; }
    public int BackdateDays { get; set; } = 3;
    /// <summary>Days of the week on which reports are due, 0 = Saturday … 6 = Friday, comma-separated.</summary>
    public string WorkingDays { get; set; } = "0,1,2,3,4";
    /// <summary>Level names joined by '|'.</summary>
    public string Levels { get; set; } = "محور|برنامه|اقدام";
    /// <summary>Bumped in the same transaction as every write that changes figures; other instances compare it.</summary>
    public long DataVersion { get; set; }
    /// <summary>Bumped when the tree or schedules change (engine rebuild).</summary>
    public long StructureVersion { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public uint Version { get; set; }
    public List<PlanNodeRow> Nodes { get; set; } = [];
}

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

public sealed class NodeCollaborator
{
    public long NodeId { get; set; }
    public long AgencyId { get; set; }
    public AgencyRow? Agency { get; set; }
}

public sealed class NodeMilestone
{
    public long Id { get; set; }
    public long NodeId { get; set; }
    public DateOnly Date { get; set; }
    public double Percent { get; set; }
}

/// <summary>A report's review state. With two-level sign-off an agency reporter's report starts AwaitingManager; the
/// manager confirms it (Submitted: on to the secretariat) or returns it to the reporter (Returned: it stops counting).</summary>
public enum ReportStatus { Submitted, Verified, Rejected, AwaitingManager, Returned }

/// <summary>A day's cumulative physical progress of one action. Append-only: never updated except
/// its review state; a correction is a new report.</summary>
public sealed class ProgressReport
{
    public long Id { get; set; }
    public long PlanId { get; set; }
    public long NodeId { get; set; }
    public DateOnly ReportDate { get; set; }
    /// <summary>Percent × 100 (two decimals, exact).</summary>
    public int PercentHundredths { get; set; }
    public string? Note { get; set; }
    public string? Justification { get; set; }
    /// <summary>Why a secretariat/admin user dated the report further back than agencies may.</summary>
    public string? BackdateReason { get; set; }
    /// <summary>The action's value in force on the report day when the report arrived (hundredths; null for the first):
    /// the review queue's jump and downward-correction filters read it without a per-row history query.</summary>
    public int? PreviousHundredths { get; set; }
    public DateTimeOffset SubmittedAt { get; set; }
    public string? SubmittedById { get; set; }
    public ReportStatus Status { get; set; }
    public DateTimeOffset? ReviewedAt { get; set; }
    public string? ReviewedById { get; set; }
    public string? ReviewReason { get; set; }

    public decimal Percent => PercentHundredths / 100m;
}

/// <summary>A verification or rejection of a report (append-only; the report's Status mirrors the last one).</summary>
public sealed class ReportReview
{
    public long Id { get; set; }
    public long PlanId { get; set; }
    public long ReportId { get; set; }
    public long NodeId { get; set; }
    public ReportStatus Decision { get; set; }
    public string? Reason { get; set; }
    public string? ById { get; set; }
    public DateTimeOffset At { get; set; }
}

/// <summary>One write, who did it and what changed. Append-only and hash-chained.</summary>
public sealed class AuditEntry
{
    public long Id { get; set; }
    public DateTimeOffset At { get; set; }
    public string? UserId { get; set; }
    public string? UserName { get; set; }
    public string Action { get; set; } = "";
    public string EntityType { get; set; } = "";
    public string? EntityId { get; set; }
    public string? Before { get; set; }
    public string? After { get; set; }
    public string PreviousHash { get; set; } = "";
    public string Hash { get; set; } = "";
}

/// <summary>A bearer token for the API; only its SHA-256 is stored.</summary>
public sealed class ApiToken
{
    public long Id { get; set; }
    public string UserId { get; set; } = "";
    public AppUser? User { get; set; }
    public string Name { get; set; } = "";
    public string TokenHash { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
}

/// <summary>A file that backs a report or a comment on an action, or a step of an obstacle or a resolution (a
/// follow-up, a report of done) — PDF, image, Office. Stored in the database, so every instance serves it; only
/// users who may see the action (or the obstacle) may download it.</summary>
public sealed class Evidence
{
    public long Id { get; set; }
    /// <summary>The plan and action of a report's or a comment's file; null for obstacle and resolution files.</summary>
    public long? PlanId { get; set; }
    public long? NodeId { get; set; }
    public long? ReportId { get; set; }
    public long? CommentId { get; set; }
    public long? ObstacleId { get; set; }
    public long? ObstacleEventId { get; set; }
    public ObstacleEventRow? ObstacleEvent { get; set; }
    public long? ResolutionId { get; set; }
    public long? ResolutionEventId { get; set; }
    public ResolutionEventRow? ResolutionEvent { get; set; }
    public string FileName { get; set; } = "";
    public string ContentType { get; set; } = "";
    public long Size { get; set; }
    public string Sha256 { get; set; } = "";
    public byte[] Content { get; set; } = [];
    public string? UploadedById { get; set; }
    public DateTimeOffset UploadedAt { get; set; }
}

/// <summary>A remark on an action by its lead or a collaborating agency or the secretariat (append-only).</summary>
public sealed class ActionComment
{
    public long Id { get; set; }
    public long PlanId { get; set; }
    public long NodeId { get; set; }
    public long? AgencyId { get; set; }
    public string? UserId { get; set; }
    public string UserName { get; set; } = "";
    public string Text { get; set; } = "";
    public DateTimeOffset At { get; set; }
}

/// <summary>An in-app message to one user (reminders, rejections).</summary>
public sealed class Notification
{
    public long Id { get; set; }
    public string UserId { get; set; } = "";
    public string Title { get; set; } = "";
    public string? Body { get; set; }
    public string? Link { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ReadAt { get; set; }
}

/// <summary>A day without required reports besides the weekly days off.</summary>
public sealed class Holiday
{
    public long Id { get; set; }
    public DateOnly Date { get; set; }
    public string Title { get; set; } = "";
}

/// <summary>A daily job's run; the unique (Job, Day) makes it run once across instances.</summary>
public sealed class JobRun
{
    public long Id { get; set; }
    public string Job { get; set; } = "";
    public DateOnly Day { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    public string Instance { get; set; } = "";
    public string? Result { get; set; }
}
