using Payesh.Domain.Plans;

namespace Payesh.Web.Data.Model;

/// <summary>
/// The secretariat's delivery-confidence rating of one axis on one day, with a short commentary (issue 12 § 6). Kept as
/// history: never updated or deleted; the rating shown as of a day is the latest one recorded on or before it.
/// </summary>
public sealed class AxisConfidenceRating
{
    public long Id { get; set; }
    public long PlanId { get; set; }
    public long NodeId { get; set; }
    public DeliveryConfidence Level { get; set; }
    public string Comment { get; set; } = "";
    /// <summary>The day (Tehran) the rating was recorded; as-of views show the latest rating dated on or before their day.</summary>
    public DateOnly RatedOn { get; set; }
    public DateTimeOffset RatedAt { get; set; }
    public string? UserId { get; set; }
    public string UserName { get; set; } = "";
}
