namespace Payesh.Web.Infrastructure.Input;

/// <summary>Input that breaks the text rule (issue 13), found where no form or API path could say so earlier:
/// answered with a Persian 422 naming the field, and nothing is saved.</summary>
public sealed class InputRejectedException(string field, string message) : Exception(message)
{
    /// <summary>The field's Persian label (or form/JSON path).</summary>
    public string Field { get; } = field;
}
