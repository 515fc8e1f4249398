using Payesh.Domain.Plans;

namespace Payesh.Web.Infrastructure;

/// <summary>How a service call ended (issue 10 § 1): done, not found (or not visible to this user), forbidden,
/// invalid (Persian messages by field path) or in conflict with what someone else did meanwhile.</summary>
public enum OutcomeKind { Ok, NotFound, Forbidden, Invalid, Conflict }

/// <summary>The one result type of feature services; <see cref="OutcomeAdapters"/> turns it into problem+json or form errors.</summary>
/// <param name="Data">What a failure carries for its caller beyond messages (e.g. the possible duplicates of a refused registration).</param>
public sealed record Outcome<T>(OutcomeKind Kind, T? Value, IReadOnlyList<ValidationError> Errors, string? Message = null, object? Data = null)
{
    public bool Ok => Kind == OutcomeKind.Ok;

    /// <summary>The first message to show a person (the detail of a problem, the text of a page's banner).</summary>
    public string Detail => Message ?? (Errors.Count > 0 ? Errors[0].Message : Kind switch
    {
        OutcomeKind.NotFound => "پیدا نشد.",
        OutcomeKind.Forbidden => "اجازه این کار را ندارید.",
        OutcomeKind.Conflict => Outcome.ChangedMeanwhile,
        _ => "",
    });

    public static implicit operator Outcome<T>(T value) => new(OutcomeKind.Ok, value, []);
    public static implicit operator Outcome<T>(Outcome.Failure f) => new(f.Kind, default, f.Errors, f.Message, f.Data);

    /// <summary>The same failure as another type's outcome (a failure carries no value).</summary>
    public Outcome<TOther> As<TOther>() => new(Kind, default, Errors, Message, Data);
}

/// <summary>Factories for failed outcomes, so that a service writes <c>return Outcome.NotFound("…")</c>.</summary>
public static class Outcome
{
    public static Outcome<T> Done<T>(T value) => new(OutcomeKind.Ok, value, []);
    public static Failure NotFound(string message) => new(OutcomeKind.NotFound, [], message);
    public static Failure Forbidden(string message, string path = "") => new(OutcomeKind.Forbidden, [new(path, message)], message);
    public static Failure Invalid(string path, string message) => new(OutcomeKind.Invalid, [new(path, message)], null);
    public static Failure Invalid(IReadOnlyList<ValidationError> errors) => new(OutcomeKind.Invalid, errors, null);
    public static Failure Conflict(string message, object? data = null) => new(OutcomeKind.Conflict, [], message, data);

    /// <summary>The conflict of a write decided on a version or state someone else changed meanwhile.</summary>
    public static Failure Stale() => Conflict(ChangedMeanwhile);

    public const string ChangedMeanwhile = "این مورد هم‌زمان تغییر کرده است؛ صفحه را دوباره باز کنید.";

    /// <summary>A workflow rule's refusal: forbidden for this actor, or invalid at this state.</summary>
    public static Failure From(Domain.Obstacles.StepRefusal r) => r.Forbidden ? Forbidden(r.Message, r.Path) : Invalid(r.Path, r.Message);

    public static Failure From(Domain.DomainException e) => Invalid(e.Path ?? "", e.Message);

    /// <summary>A failure of any value type: converts implicitly to <see cref="Outcome{T}"/>.</summary>
    public sealed record Failure(OutcomeKind Kind, IReadOnlyList<ValidationError> Errors, string? Message, object? Data = null);
}
