using System.Net;

namespace Payesh.Web.Infrastructure.Input;

/// <summary>Answers for refused input: problem+json for the API (and JSON callers), a small Persian page otherwise.</summary>
public static class InputAnswers
{
    public const string Title422 = "اطلاعات فرستاده‌شده نامعتبر است";

    public static bool WantsJson(HttpContext http) =>
        http.Request.Path.StartsWithSegments("/api")
        || http.Request.Headers.Accept.Any(a => a?.Contains("json", StringComparison.OrdinalIgnoreCase) == true);

    public static Task WriteAsync(HttpContext http, int status, string title, string detail, IReadOnlyDictionary<string, string[]>? errors = null,
        string? retryAfter = null)
    {
        http.Response.Clear();
        http.Response.StatusCode = status;
        if (retryAfter is not null) http.Response.Headers.RetryAfter = retryAfter;
        if (WantsJson(http))
            return Results.Problem(title: title, detail: detail, statusCode: status,
                extensions: errors is null ? null : new Dictionary<string, object?> { ["errors"] = errors }).ExecuteAsync(http);
        http.Response.ContentType = "text/html; charset=utf-8";
        var items = errors is null ? "" : string.Concat(errors.SelectMany(e => e.Value.Select(m => $"<li>{WebUtility.HtmlEncode(m)}</li>")));
        return http.Response.WriteAsync(
            $"<!DOCTYPE html><html lang=\"fa\" dir=\"rtl\"><head><meta charset=\"utf-8\"><title>{WebUtility.HtmlEncode(title)} — پایش</title>" +
            "<link rel=\"stylesheet\" href=\"/lib/bootstrap/css/bootstrap.rtl.min.css\"></head><body class=\"p-4\">" +
            $"<h1 class=\"h5\">{WebUtility.HtmlEncode(title)}</h1><p>{WebUtility.HtmlEncode(detail)}</p>" +
            (items.Length > 0 ? $"<ul>{items}</ul>" : "") +
            "<p>هیچ چیزی ذخیره نشد. به صفحه پیش بازگردید و مقدار را درست کنید، یا <a href=\"/\">به پیشخوان بروید</a>.</p></body></html>");
    }

    /// <summary>The 422 for one field.</summary>
    public static Task FieldAsync(HttpContext http, string field, string message) =>
        WriteAsync(http, StatusCodes.Status422UnprocessableEntity, Title422, message,
            new Dictionary<string, string[]> { [field] = [message] });
}
