namespace Payesh.Web.Data.Model;

/// <summary>A meeting of the facilitation HQ (جلسه ستاد): agenda before, minutes and resolutions after.</summary>
public sealed class Meeting
{
    public long Id { get; set; }
    public int Number { get; set; }
    public string Title { get; set; } = "";
    public DateOnly Date { get; set; }
    public string? Place { get; set; }
    /// <summary>Attendees, one per line.</summary>
    public string? Attendees { get; set; }
    public string? Minutes { get; set; }
    public MeetingState State { get; set; }
    /// <summary>The running plan whose actions the agenda took stock of.</summary>
    public long? PlanId { get; set; }
    public string? CreatedById { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public uint Version { get; set; }
    public List<AgendaItem> Agenda { get; set; } = [];
}
