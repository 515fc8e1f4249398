namespace Payesh.Web.Features.Plans.Edit;

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
