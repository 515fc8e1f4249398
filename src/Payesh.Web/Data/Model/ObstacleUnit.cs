namespace Payesh.Web.Data.Model;

/// <summary>A production unit an obstacle affects.</summary>
public sealed class ObstacleUnit
{
    public long Id { get; set; }
    public long ObstacleId { get; set; }
    public int SortOrder { get; set; }
    public string Name { get; set; } = "";
    /// <summary>Where it is: a town, an industrial park.</summary>
    public string? Location { get; set; }
    public int? Employees { get; set; }
}
