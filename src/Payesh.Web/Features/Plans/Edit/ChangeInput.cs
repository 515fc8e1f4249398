namespace Payesh.Web.Features.Plans.Edit;

/// <summary>Why an approved plan changes: the reason, the decision behind it and the first day the new baseline is in force.</summary>
public sealed class ChangeInput
{
    public string? Reason { get; set; }
    public string? Decision { get; set; }
    public string? EffectiveFrom { get; set; }
}
