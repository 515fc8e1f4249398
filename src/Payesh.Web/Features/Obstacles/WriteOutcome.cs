using Payesh.Domain;
using Payesh.Domain.Obstacles;
using Payesh.Domain.Plans;
using Payesh.Web.Infrastructure;

namespace Payesh.Web.Features.Obstacles;

/// <summary>What a write of an obstacle, meeting or resolution came to: the id, or why not (errors by path,
/// a refusal for this user, unknown id, a stale version, or possible duplicates to confirm).</summary>
public sealed record WriteOutcome(
    long? Id,
    IReadOnlyList<ValidationError> Errors,
    bool Forbidden = false,
    bool NotFound = false,
    bool Conflict = false,
    IReadOnlyList<PossibleDuplicate>? Duplicates = null)
{
    public bool Ok => Id is not null && Errors.Count == 0 && !Forbidden && !NotFound && !Conflict && Duplicates is not { Count: > 0 };

    public string Message => Errors.Count > 0 ? Errors[0].Message
        : NotFound ? "پیدا نشد."
        : Conflict ? "این مورد هم‌زمان تغییر کرده است؛ صفحه را دوباره باز کنید."
        : Duplicates is { Count: > 0 } ? "مانع مشابهی پیش‌تر ثبت شده است."
        : "";

    public static WriteOutcome Done(long id) => new(id, []);
    public static WriteOutcome Invalid(IReadOnlyList<ValidationError> errors) => new(null, errors);
    public static WriteOutcome Invalid(string path, string message) => new(null, [new ValidationError(path, message)]);
    public static WriteOutcome Refused(string message, string path = "action") => new(null, [new ValidationError(path, message)], Forbidden: true);
    public static WriteOutcome Missing(string message) => new(null, [new ValidationError("", message)], NotFound: true);
    public static WriteOutcome Stale() => new(null, [], Conflict: true);
    public static WriteOutcome From(StepRefusal r) => r.Forbidden ? Refused(r.Message, r.Path) : Invalid(r.Path, r.Message);
    public static WriteOutcome From(DomainException e) => Invalid(e.Path ?? "", e.Message);

    /// <summary>The problem+json answer of a failed write (docs/api.md § conventions).</summary>
    public IResult ToProblem()
    {
        if (NotFound) return ApiResults.NotFound(Errors.Count > 0 ? Errors[0].Message : "پیدا نشد.");
        if (Forbidden) return ApiResults.Forbidden(Errors[0].Message, Errors);
        if (Conflict) return ApiResults.Conflict(Message);
        if (Duplicates is { Count: > 0 } d)
            return Results.Problem(
                title: "احتمال ثبت تکراری",
                detail: "مانع مشابهی باز است؛ اگر این مانع تکراری نیست، درخواست را با \"allowDuplicate\": true دوباره بفرستید.",
                statusCode: StatusCodes.Status409Conflict,
                extensions: new Dictionary<string, object?>
                {
                    ["duplicates"] = d.Select(x => new
                    {
                        id = x.Id,
                        title = x.Title,
                        reason = x.Reason == DuplicateReason.SameProductionUnit ? "same-production-unit" : "similar-title",
                        similarity = x.Similarity,
                        unit = x.UnitName,
                    }).ToList(),
                });
        return ApiResults.Validation(Errors);
    }
}
