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
