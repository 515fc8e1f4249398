using Microsoft.AspNetCore.Mvc.RazorPages;
using Payesh.Web.Data.Model;
using Payesh.Web.Features.Account;
using Payesh.Web.Infrastructure;

namespace Payesh.Web.Features.Plans.Edit;

/// <summary>What the authoring pages share: the outcome of the last save and its messages by field.</summary>
public abstract class AuthoringPage : PageModel
{
    public EditOutcome? Outcome { get; protected set; }

    /// <summary>The signed-in author (every authoring page requires one).</summary>
    protected CurrentUser Author => CurrentUser.From(User)!;

    /// <summary>The messages for one form field, joined; null when there are none.</summary>
    public string? Err(string field)
    {
        var messages = Outcome?.Errors.Where(e => e.Field == field).Select(e => e.Message).ToList();
        return messages is { Count: > 0 } ? string.Join(" ", messages) : null;
    }

    public string Invalid(string field) => Err(field) is null ? "" : "is-invalid";

    /// <summary>The form adapter of a service's outcome: each error's path becomes the form field
    /// <paramref name="fieldOf"/> names (null or unknown: the form as a whole); a conflict shows the page's conflict notice.</summary>
    protected void Show<T>(Outcome<T> outcome, Func<string, string?> fieldOf)
    {
        var shown = new EditOutcome { Conflict = outcome.Kind == OutcomeKind.Conflict };
        if (outcome.Kind is OutcomeKind.NotFound or OutcomeKind.Forbidden || outcome.Kind == OutcomeKind.Conflict && outcome.Message != Infrastructure.Outcome.ChangedMeanwhile)
            shown.Add("", outcome.Detail);
        foreach (var e in outcome.Errors)
            if (outcome.Kind != OutcomeKind.Forbidden) shown.Add(fieldOf(e.Path) ?? "", e.Message);
        Outcome = shown;
    }

    /// <summary>Messages not tied to a field of the form (e.g. about other nodes).</summary>
    public IEnumerable<string> General => Outcome?.Errors.Where(e => e.Field == "").Select(e => e.Message) ?? [];

    public static string StateName(PlanState s) => Payesh.Web.Features.Plans.IndexModel.StateName(s);

    public static string StateClass(PlanState s) => s switch
    {
        PlanState.Approved => "text-bg-success",
        PlanState.Closed => "text-bg-secondary",
        _ => "text-bg-warning",
    };
}
