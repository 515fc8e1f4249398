using Payesh.Domain.Plans;

namespace Payesh.Web.Data.Model;

public sealed class NodeCollaborator
{
    public long NodeId { get; set; }
    public long AgencyId { get; set; }
    public AgencyRow? Agency { get; set; }
}
