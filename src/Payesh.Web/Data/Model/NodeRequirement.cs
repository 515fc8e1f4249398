namespace Payesh.Web.Data.Model;

/// <summary>A requirement or roadmap item of a node (الزامات و نقشه راه), with the agency that owns it and a deadline.</summary>
public sealed class NodeRequirement
{
    public long Id { get; set; }
    public long NodeId { get; set; }
    public int SortOrder { get; set; }
    public string Text { get; set; } = "";
    public long? OwnerAgencyId { get; set; }
    public AgencyRow? OwnerAgency { get; set; }
    public DateOnly? Deadline { get; set; }
}
