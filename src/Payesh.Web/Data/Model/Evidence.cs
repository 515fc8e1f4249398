namespace Payesh.Web.Data.Model;

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
