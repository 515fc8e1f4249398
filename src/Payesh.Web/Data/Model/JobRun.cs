namespace Payesh.Web.Data.Model;

/// <summary>A daily job's run; the unique (Job, Day) makes it run once across instances.</summary>
public sealed class JobRun
{
    public long Id { get; set; }
    public string Job { get; set; } = "";
    public DateOnly Day { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    public string Instance { get; set; } = "";
    public string? Result { get; set; }
}
