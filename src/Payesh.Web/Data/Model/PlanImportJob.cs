namespace Payesh.Web.Data.Model;

/// <summary>An Excel import in progress or done: the page polls it; errors are kept as JSON until the user leaves.</summary>
public sealed class PlanImportJob
{
    public long Id { get; set; }
    public string UserId { get; set; } = "";
    public string FileName { get; set; } = "";
    public ImportState State { get; set; }
    public string Stage { get; set; } = "";
    public int Done { get; set; }
    public int Total { get; set; }
    /// <summary>The row-and-column errors, as a JSON array of {sheet,row,column,message}.</summary>
    public string? Errors { get; set; }
    public long? PlanId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
