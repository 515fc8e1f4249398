namespace Payesh.Web.Data.Model;

public sealed class ResolutionObstacle
{
    public long ResolutionId { get; set; }
    public long ObstacleId { get; set; }
    public Obstacle? Obstacle { get; set; }
}
