namespace Payesh.Web.Features.Plans.Edit;

public sealed class RequirementInput
{
    public string? Text { get; set; }
    public string? Owner { get; set; }
    public string? Deadline { get; set; }
    public bool IsBlank => string.IsNullOrWhiteSpace(Text) && string.IsNullOrWhiteSpace(Owner) && string.IsNullOrWhiteSpace(Deadline);
}
