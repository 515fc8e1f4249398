namespace Payesh.Web.Data.Model;

/// <summary>One item of a meeting's agenda, proposed from the stocktake or written by hand.</summary>
public sealed class AgendaItem
{
    public long Id { get; set; }
    public long MeetingId { get; set; }
    public int SortOrder { get; set; }
    public AgendaKind Kind { get; set; }
    public string Text { get; set; } = "";
    public long? ObstacleId { get; set; }
    public long? NodeId { get; set; }
    public long? ResolutionId { get; set; }
    public long? AgencyId { get; set; }
}
