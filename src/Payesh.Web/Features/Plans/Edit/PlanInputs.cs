namespace Payesh.Web.Features.Plans.Edit;

/// <summary>A plan's own fields as the form sends them (text, so that Persian digits and mistakes come back as typed).</summary>
public sealed class PlanInput
{
    public string? Title { get; set; }
    public string? Year { get; set; }
    public string? Start { get; set; }
    public string? End { get; set; }
    /// <summary>Level names, one per line or separated by «،».</summary>
    public string? Levels { get; set; }
    public string? StoppageDays { get; set; }
    public string? AtRiskBelow { get; set; }
    public string? BehindBelow { get; set; }
    public string? BackdateDays { get; set; }
    public bool VerifiedOnly { get; set; }
    public bool ManagerSignOff { get; set; }
    public uint Version { get; set; }
}

/// <summary>A node as the form sends it; blank milestone and requirement rows are ignored.</summary>
public sealed class NodeInput
{
    public long? ParentId { get; set; }
    /// <summary>Place among the new parent's children, 1-based; empty: at the end (new) or unchanged.</summary>
    public string? Position { get; set; }
    public bool IsAction { get; set; }
    public string? Code { get; set; }
    public string? Title { get; set; }
    public string? Weight { get; set; }
    public string? Description { get; set; }
    public string? Agency { get; set; }
    public List<string> Collaborators { get; set; } = [];
    public string? Start { get; set; }
    public string? End { get; set; }
    public string? Curve { get; set; }
    public List<MilestoneInput> Milestones { get; set; } = [];
    public string? Deliverable { get; set; }
    public string? KpiName { get; set; }
    public string? KpiUnit { get; set; }
    public string? KpiTarget { get; set; }
    public List<RequirementInput> Requirements { get; set; } = [];
    public uint Version { get; set; }
}

public sealed class MilestoneInput
{
    public string? Date { get; set; }
    public string? Percent { get; set; }
    public bool IsBlank => string.IsNullOrWhiteSpace(Date) && string.IsNullOrWhiteSpace(Percent);
}

public sealed class RequirementInput
{
    public string? Text { get; set; }
    public string? Owner { get; set; }
    public string? Deadline { get; set; }
    public bool IsBlank => string.IsNullOrWhiteSpace(Text) && string.IsNullOrWhiteSpace(Owner) && string.IsNullOrWhiteSpace(Deadline);
}

/// <summary>Why an approved plan changes: the reason, the decision behind it and the first day the new baseline is in force.</summary>
public sealed class ChangeInput
{
    public string? Reason { get; set; }
    public string? Decision { get; set; }
    public string? EffectiveFrom { get; set; }
}

/// <summary>The outcome of an edit: errors by form field ("" for the page), a concurrency conflict, or success.</summary>
public sealed class EditOutcome
{
    public List<(string Field, string Message)> Errors { get; } = [];
    public bool Conflict { get; set; }
    public long? Id { get; set; }
    /// <summary>The baseline the change recorded (approved plans).</summary>
    public Data.Model.PlanBaseline? Baseline { get; set; }
    public bool Ok => Errors.Count == 0 && !Conflict;

    public EditOutcome Add(string field, string message)
    {
        Errors.Add((field, message));
        return this;
    }
}
