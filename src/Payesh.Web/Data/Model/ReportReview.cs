namespace Payesh.Web.Data.Model;

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
