namespace Payesh.Web.Data.Model;

public sealed class ResolutionNode
{
    public long ResolutionId { get; set; }
    public long NodeId { get; set; }
    public PlanNodeRow? Node { get; set; }
}
