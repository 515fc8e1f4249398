namespace Payesh.Web.Data.Model;

/// <summary>
/// A frozen version of an approved plan (خط مبنا, progress-spec § Baselines): the nodes, schedules, curves,
/// weights and lead agencies in force from <see cref="EffectiveFrom"/> on. Number 1 is the approved plan; every
/// later one records a change after approval, why it was made and by which decision. Never updated.
/// </summary>
public sealed class PlanBaseline
{
    public long Id { get; set; }
    public long PlanId { get; set; }
    public int Number { get; set; }
    public DateOnly EffectiveFrom { get; set; }
    public string Reason { get; set; } = "";
    /// <summary>The decision behind the change: a resolution number, a letter, the minutes of a meeting.</summary>
    public string? DecisionRef { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public string? CreatedById { get; set; }
    public string? CreatedByName { get; set; }
    /// <summary>What changed from the previous baseline, in a line or two of Persian.</summary>
    public string Summary { get; set; } = "";
    /// <summary>The nodes in force, as JSON (Features/Plans/PlanBaselines.cs); left out of the audit trail.</summary>
    public string Snapshot { get; set; } = "";
}

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

public enum ImportState { Running, Failed, Succeeded }

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
