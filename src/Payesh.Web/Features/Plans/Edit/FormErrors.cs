namespace Payesh.Web.Features.Plans.Edit;

/// <summary>What an authoring page shows of a service's outcome: messages by form field ("" for the page as a whole)
/// and whether the save met a concurrent change. Made by <see cref="AuthoringPage"/>'s form adapter.</summary>
public sealed class FormErrors
{
    public List<(string Field, string Message)> Errors { get; } = [];
    public bool Conflict { get; set; }
    public bool Ok => Errors.Count == 0 && !Conflict;

    public FormErrors Add(string field, string message)
    {
        Errors.Add((field, message));
        return this;
    }
}
