namespace Payesh.Web.Data.Model;

/// <summary>A plan node an obstacle holds back.</summary>
public sealed class ObstacleNode
{
    public long ObstacleId { get; set; }
    public long NodeId { get; set; }
    public PlanNodeRow? Node { get; set; }
}
