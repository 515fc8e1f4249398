namespace Payesh.Web.Features.Audit;

/// <summary>An audit entry as a reader sees it.</summary>
public sealed record AuditRow(
    long Id, DateTimeOffset At, string? UserId, string? UserName, string Action, string EntityType, string? EntityId,
    string? EntityLabel, IReadOnlyList<AuditChange> Changes)
{
    public string ActionName => AuditNames.ActionName(Action);
    public string EntityName => AuditNames.EntityName(EntityType);
}
