namespace Payesh.Web.Data.Model;

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
