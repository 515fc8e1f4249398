using Microsoft.AspNetCore.Mvc.RazorPages;
using Payesh.Web.Data.Model;
using Payesh.Web.Features.Account;
using Payesh.Web.Infrastructure;

namespace Payesh.Web.Features.Plans.Edit;

/// <summary>What the authoring pages share: the outcome of the last save and its messages by field.</summary>
public abstract class AuthoringPage : PageModel
{
    public FormErrors? Outcome { get; protected set; }

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
    protected void Show<T>(Outcome<T> outcome, Func<string, string?> fieldOf) => Show(outcome, e => (fieldOf(e.Path) ?? "", e.Message));

    /// <summary>The same, for a form that also words a message by where it came from (the node form's rows).</summary>
    protected void Show<T>(Outcome<T> outcome, Func<Payesh.Domain.Plans.ValidationError, (string Field, string Message)> shownAs)
    {
        var shown = new FormErrors { Conflict = outcome.Kind == OutcomeKind.Conflict };
        if (outcome.Kind is OutcomeKind.NotFound or OutcomeKind.Forbidden || outcome.Kind == OutcomeKind.Conflict && outcome.Message != Infrastructure.Outcome.ChangedMeanwhile)
            shown.Add("", outcome.Detail);
        foreach (var e in outcome.Errors)
            if (outcome.Kind != OutcomeKind.Forbidden)
            {
                var (field, message) = shownAs(e);
                shown.Add(field, message);
            }
        Outcome = shown;
    }

    /// <summary>The form field of a path of the plan's own fields (the plan form); null for any other.</summary>
    public static string? PlanField(string path) => path switch
    {
        "title" => "Input.Title",
        "year" => "Input.Year",
        "start" => "Input.Start",
        "end" => "Input.End",
        "levels" => "Input.Levels",
        "settings" or "settings.atRiskBelow" => "Input.AtRiskBelow",
        "settings.behindBelow" => "Input.BehindBelow",
        "settings.stoppageDays" => "Input.StoppageDays",
        "settings.backdateDays" => "Input.BackdateDays",
        _ => null,
    };

    /// <summary>The form field of the reason, decision or effective day of a change to an approved plan; null for any other path.</summary>
    public static string? ChangeField(string path) => path switch
    {
        PlanLifecycle.ReasonPath => "Change.Reason",
        PlanLifecycle.ChangeDecisionPath => "Change.Decision",
        PlanLifecycle.EffectivePath => "Change.EffectiveFrom",
        _ => null,
    };

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
