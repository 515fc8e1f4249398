namespace Payesh.Web.Data.Model;

public sealed class NodeMilestone
{
    public long Id { get; set; }
    public long NodeId { get; set; }
    public DateOnly Date { get; set; }
    public double Percent { get; set; }
}
