namespace Payesh.Web.Data.Model;

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
