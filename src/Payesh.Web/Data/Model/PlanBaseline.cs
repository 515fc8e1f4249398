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
