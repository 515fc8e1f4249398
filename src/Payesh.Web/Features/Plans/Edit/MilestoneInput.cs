namespace Payesh.Web.Features.Plans.Edit;

public sealed class MilestoneInput
{
    public string? Date { get; set; }
    public string? Percent { get; set; }
    public bool IsBlank => string.IsNullOrWhiteSpace(Date) && string.IsNullOrWhiteSpace(Percent);
}
