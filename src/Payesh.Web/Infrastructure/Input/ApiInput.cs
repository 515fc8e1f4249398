using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.OpenApi;
using Payesh.Domain.Calendar;

namespace Payesh.Web.Infrastructure.Input;

/// <summary>The API's input at the door: JSON bodies read with the input rule (<see cref="CleanJson"/>) and query dates.
/// What is refused becomes problem+json through <see cref="OutcomeAdapters"/> (docs/api.md § conventions).</summary>
public static class ApiInput
{
    public static readonly JsonSerializerOptions Json = CreateJson();

    private static JsonSerializerOptions CreateJson()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            AllowTrailingCommas = true,
            ReadCommentHandling = JsonCommentHandling.Skip,
            // The report endpoints' types from generated metadata (the hot path), every other type by reflection.
            TypeInfoResolver = System.Text.Json.Serialization.Metadata.JsonTypeInfoResolver.Combine(
                Features.Reports.ReportsJson.Default, new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver()),
        };
        CleanJson.AddTo(options);
        return options;
    }

    /// <summary>Reads a JSON body; a malformed body is a 422 that names where it broke, another media type a 415.</summary>
    public static async Task<(T? Value, ProblemHttpResult? Error)> ReadBodyAsync<T>(HttpRequest request) where T : class
    {
        if (request.ContentType is null || !request.ContentType.Contains("json", StringComparison.OrdinalIgnoreCase))
            return (null, TypedResults.Problem(title: "قالب درخواست نامعتبر است", detail: "بدنه درخواست باید JSON باشد (Content-Type: application/json).",
                statusCode: StatusCodes.Status415UnsupportedMediaType));
        try
        {
            var value = await JsonSerializer.DeserializeAsync<T>(request.Body, Json, request.HttpContext.RequestAborted);
            if (value is null) return (null, Outcome.Invalid("", "بدنه درخواست خالی است.").ToProblem());
            return (value, null);
        }
        catch (JsonException ex)
        {
            var path = (ex.Path ?? "").TrimStart('$').TrimStart('.');
            return (null, Outcome.Invalid(path, ex.Data.Contains(CleanJson.RefusalKey)
                ? ex.Message
                : "مقدار این بخش قالب درستی ندارد (JSON نامعتبر یا نوع داده نادرست).").ToProblem());
        }
    }

    /// <summary>Parses an optional Jalali query parameter (null when absent); the failure names the parameter.</summary>
    public static bool TryDate(string? text, string name, out JalaliDate? date, out Outcome.Failure? error)
    {
        date = null;
        error = null;
        if (string.IsNullOrWhiteSpace(text)) return true;
        if (JalaliDate.TryParse(text, out var d, out var message))
        {
            date = d;
            return true;
        }
        error = Outcome.Invalid(name, message);
        return false;
    }

    /// <summary>Describes the JSON body of <typeparamref name="T"/> in the OpenAPI document only. (<c>Accepts&lt;T&gt;</c> would
    /// also make routing refuse other media types with a bare 415 before <see cref="ReadBodyAsync{T}"/> can answer in Persian.)</summary>
    public static RouteHandlerBuilder ReadsJson<T>(this RouteHandlerBuilder builder, bool optional = false) =>
        builder.AddOpenApiOperationTransformer(async (operation, context, ct) =>
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = !optional,
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["application/json"] = new() { Schema = await context.GetOrCreateSchemaAsync(typeof(T), null, ct) },
                },
            });
}
