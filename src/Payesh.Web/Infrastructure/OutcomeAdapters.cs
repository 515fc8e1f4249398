using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Payesh.Web.Infrastructure;

/// <summary>The two adapters of an outcome: problem+json for the API, form errors (ModelState) for pages.</summary>
public static class OutcomeAdapters
{
    /// <summary>The RFC 9457 answer of a failed outcome (docs/api.md § conventions): a Persian title per kind, the first
    /// message as detail, and the messages keyed by field path under <c>errors</c>.</summary>
    public static ProblemHttpResult ToProblem<T>(this Outcome<T> outcome) => outcome.Kind switch
    {
        OutcomeKind.NotFound => Problem(StatusCodes.Status404NotFound, "پیدا نشد", outcome.Detail, outcome.Errors),
        OutcomeKind.Forbidden => Problem(StatusCodes.Status403Forbidden, "دسترسی مجاز نیست", outcome.Detail, outcome.Errors),
        OutcomeKind.Conflict => Problem(StatusCodes.Status409Conflict, "تداخل ویرایش", outcome.Detail, outcome.Errors),
        OutcomeKind.Invalid => Problem(StatusCodes.Status422UnprocessableEntity, "اطلاعات فرستاده‌شده نامعتبر است",
            outcome.Errors.Count == 1 ? outcome.Errors[0].Message
                : $"{Domain.Text.PersianText.ToPersianDigits(outcome.Errors.Count.ToString(System.Globalization.CultureInfo.InvariantCulture))} خطا پیدا شد؛ هیچ بخشی از درخواست ذخیره نشد.",
            outcome.Errors),
        _ => throw new InvalidOperationException("a successful outcome has no problem"),
    };

    /// <summary>The problem of a failure not yet bound to a value type.</summary>
    public static ProblemHttpResult ToProblem(this Outcome.Failure failure) => ((Outcome<bool>)failure).ToProblem();

    /// <summary>200 with the value, or the outcome's problem.</summary>
    public static Results<Ok<T>, ProblemHttpResult> ToOk<T>(this Outcome<T> outcome) =>
        outcome.Ok ? TypedResults.Ok(outcome.Value) : outcome.ToProblem();

    /// <summary>Declares the problem+json answers an endpoint gives besides its typed success (OpenAPI), e.g.
    /// <c>.ProducesProblems(404, 422)</c>; every API endpoint may also answer 401/403 (declared on the group).</summary>
    public static TBuilder ProducesProblems<TBuilder>(this TBuilder builder, params int[] statuses) where TBuilder : IEndpointConventionBuilder
    {
        foreach (var status in statuses) builder.ProducesProblem(status);
        return builder;
    }

    /// <summary>Puts a failed outcome's messages on the form: each error under its field (prefixed, e.g. "Input."), the rest
    /// under the form as a whole.</summary>
    public static void ToFormErrors<T>(this Outcome<T> outcome, ModelStateDictionary form, string prefix = "")
    {
        if (outcome.Errors.Count == 0) form.AddModelError("", outcome.Detail);
        foreach (var e in outcome.Errors)
            form.AddModelError(e.Path.Length == 0 ? "" : prefix + e.Path, e.Message);
    }

    private static ProblemHttpResult Problem(int status, string title, string detail, IReadOnlyList<Domain.Plans.ValidationError>? errors) =>
        TypedResults.Problem(title: title, detail: detail, statusCode: status,
            extensions: errors is { Count: > 0 }
                ? new Dictionary<string, object?> { ["errors"] = errors.GroupBy(e => e.Path).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()) }
                : null);
}
