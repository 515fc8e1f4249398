using Microsoft.AspNetCore.WebUtilities;

namespace Payesh.Web.Infrastructure;

/// <summary>
/// Failed requests in Persian (issue 11): a page request gets the site's own HTML page for its status
/// (<c>/Error/{code}</c>, in the layout); an API request keeps problem+json, with a Persian title where the
/// framework would have written its English reason phrase.
/// </summary>
public static class ErrorPages
{
    public static bool IsApi(HttpContext c) => c.Request.Path.StartsWithSegments("/api");

    /// <summary>An <c>HttpContext.Items</c> key: a Persian explanation the error page shows instead of the status's own.</summary>
    public const string ExplanationKey = "payesh:error-explanation";

    /// <summary>The Persian title and explanation of a status code.</summary>
    public static (string Title, string Text) Describe(int status) => status switch
    {
        400 => ("درخواست نامعتبر", "درخواست شما کامل یا درست نبود و چیزی ذخیره نشد. صفحه را دوباره باز کنید و دوباره تلاش کنید."),
        401 => ("ورود لازم است", "برای دیدن این صفحه ابتدا وارد سامانه شوید."),
        403 => ("دسترسی مجاز نیست", "نقش شما اجازه دیدن این صفحه یا انجام این کار را نمی‌دهد. اگر فکر می‌کنید باید دسترسی داشته باشید، با دبیرخانه ستاد تماس بگیرید."),
        404 => ("صفحه پیدا نشد", "نشانی‌ای که باز کردید در سامانه نیست یا آنچه نشان می‌داد حذف شده است. از منو یا پیشخوان ادامه دهید."),
        405 => ("این کار با این نشانی انجام نمی‌شود", "روش درخواست برای این نشانی پذیرفته نیست."),
        409 => ("تداخل ویرایش", "هم‌زمان کس دیگری این مورد را تغییر داده است. صفحه را دوباره باز کنید."),
        413 => ("فایل یا درخواست بزرگ‌تر از حد مجاز است", "حجم فرستاده‌شده بیش از حد پذیرفته است و چیزی ذخیره نشد."),
        415 => ("قالب درخواست نامعتبر است", "قالب داده فرستاده‌شده پذیرفته نیست."),
        429 => ("درخواست‌ها بیش از حد مجاز", "چند لحظه صبر کنید و دوباره تلاش کنید."),
        503 => ("این خدمت در دسترس نیست", "این خدمت هم‌اکنون در دسترس نیست. چند لحظه بعد دوباره تلاش کنید."),
        >= 500 => ("خطایی رخ داد", "درخواست شما انجام نشد و چیزی ذخیره نشد. چند لحظه بعد دوباره تلاش کنید؛ اگر تکرار شد، به مدیر سامانه خبر دهید."),
        _ => ("درخواست انجام نشد", "درخواست شما انجام نشد."),
    };

    /// <summary>problem+json keeps its shape; only the framework's English default title becomes Persian.</summary>
    public static void Persian(Microsoft.AspNetCore.Http.ProblemDetailsContext c)
    {
        int status = c.ProblemDetails.Status ?? c.HttpContext.Response.StatusCode;
        var title = c.ProblemDetails.Title;
        if (string.IsNullOrEmpty(title) || title == ReasonPhrases.GetReasonPhrase(status) || title.StartsWith("An error occurred", StringComparison.Ordinal))
        {
            var (persian, text) = Describe(status);
            c.ProblemDetails.Title = persian;
            c.ProblemDetails.Detail ??= status == 404 ? $"نشانی «{c.HttpContext.Request.Path}» در API پایش نیست (docs/api.md)." : text;
        }
    }
}
