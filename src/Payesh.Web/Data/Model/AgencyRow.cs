using Payesh.Domain.Plans;

namespace Payesh.Web.Data.Model;

[EntityName(EntityNames.Agency)]
public sealed class AgencyRow
{
    public long Id { get; set; }
    public string Code { get; set; } = "";
    public string Name { get; set; } = "";
    public AgencyKind Kind { get; set; }
    public bool IsActive { get; set; } = true;
    public uint Version { get; set; }
}
