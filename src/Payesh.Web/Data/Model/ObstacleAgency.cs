namespace Payesh.Web.Data.Model;

/// <summary>An agency that works with the lead agency on an obstacle.</summary>
public sealed class ObstacleAgency
{
    public long ObstacleId { get; set; }
    public long AgencyId { get; set; }
    public AgencyRow? Agency { get; set; }
}
