namespace Payesh.Web.Data.Model;

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
