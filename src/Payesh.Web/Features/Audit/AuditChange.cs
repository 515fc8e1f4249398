namespace Payesh.Web.Features.Audit;

/// <summary>One field of an audit entry: its Persian name and its value before and after, ready to show.</summary>
public sealed record AuditChange(string Field, string? Before, string? After);
