using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Payesh.Domain.Plans;
using Payesh.Domain.Text;

namespace Payesh.Web.Infrastructure;

/// <summary>RFC 9457 answers with Persian titles (docs/api.md § conventions).</summary>
public static class ApiResults
{
    public static readonly JsonSerializerOptions Json = CreateJson();

    private static JsonSerializerOptions CreateJson()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            AllowTrailingCommas = true,
            ReadCommentHandling = JsonCommentHandling.Skip,
        };
        Input.CleanJson.AddTo(options);
        return options;
    }

    public static ProblemHttpResult Validation(IEnumerable<ValidationError> errors)
    {
        var dict = errors.GroupBy(e => e.Path).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray());
        int count = dict.Values.Sum(v => v.Length);
        return TypedResults.Problem(
            title: "اطلاعات فرستاده‌شده نامعتبر است",
            detail: count == 1 ? dict.Values.First()[0] : $"{PersianText.ToPersianDigits(count)} خطا پیدا شد؛ هیچ بخشی از درخواست ذخیره نشد.",
            statusCode: StatusCodes.Status422UnprocessableEntity,
            extensions: new Dictionary<string, object?> { ["errors"] = dict });
    }

    public static ProblemHttpResult Validation(string path, string message) => Validation([new ValidationError(path, message)]);

    public static ProblemHttpResult NotFound(string detail) =>
        TypedResults.Problem(title: "پیدا نشد", detail: detail, statusCode: StatusCodes.Status404NotFound);

    public static ProblemHttpResult Forbidden(string detail, IEnumerable<ValidationError>? errors = null) =>
        TypedResults.Problem(title: "دسترسی مجاز نیست", detail: detail, statusCode: StatusCodes.Status403Forbidden,
            extensions: errors is null ? null : new Dictionary<string, object?>
            {
                ["errors"] = errors.GroupBy(e => e.Path).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()),
            });

    public static ProblemHttpResult Conflict(string detail) =>
        TypedResults.Problem(title: "تداخل ویرایش", detail: detail, statusCode: StatusCodes.Status409Conflict);

    /// <summary>Reads a JSON body; a malformed body is a 422 that names where it broke.</summary>
    public static async Task<(T? Value, ProblemHttpResult? Error)> ReadBodyAsync<T>(HttpRequest request) where T : class
    {
        if (request.ContentType is null || !request.ContentType.Contains("json", StringComparison.OrdinalIgnoreCase))
            return (null, TypedResults.Problem(title: "قالب درخواست نامعتبر است", detail: "بدنه درخواست باید JSON باشد (Content-Type: application/json).",
                statusCode: StatusCodes.Status415UnsupportedMediaType));
        try
        {
            var value = await JsonSerializer.DeserializeAsync<T>(request.Body, Json, request.HttpContext.RequestAborted);
            if (value is null) return (null, Validation("", "بدنه درخواست خالی است."));
            return (value, null);
        }
        catch (JsonException ex)
        {
            var path = (ex.Path ?? "").TrimStart('$').TrimStart('.');
            return (null, Validation(path, ex.Data.Contains(Input.CleanJson.RefusalKey)
                ? ex.Message
                : "مقدار این بخش قالب درستی ندارد (JSON نامعتبر یا نوع داده نادرست)."));
        }
    }

    /// <summary>Parses an optional Jalali query parameter; null when absent.</summary>
    public static bool TryDate(string? text, string name, out Domain.Calendar.JalaliDate? date, out ProblemHttpResult? error)
    {
        date = null;
        error = null;
        if (string.IsNullOrWhiteSpace(text)) return true;
        if (Domain.Calendar.JalaliDate.TryParse(text, out var d, out var message))
        {
            date = d;
            return true;
        }
        error = Validation(name, message);
        return false;
    }
}
