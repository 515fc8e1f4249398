using Microsoft.AspNetCore.Mvc.ApplicationModels;
using Payesh.Web.Infrastructure;

namespace Payesh.Web.Features.Exports;

/// <summary>
/// PDF copies of pages (issue 12 § paper): <c>/Accountability/Pdf</c> and <c>/Dashboard/Pdf</c> are extra routes of the
/// same Razor pages (so they pass the same authorization, plan-visibility checks and query: <c>?plan=&amp;asOf=</c>).
/// This middleware lets the page render its HTML into memory and hands it to <see cref="PdfRenderer"/>: the user's
/// cookie never leaves the process. Without Chromium the link is hidden and the route answers a Persian 503 page.
/// </summary>
public sealed class PdfPages(RequestDelegate next, PdfRenderer renderer)
{
    /// <summary>The page each PDF route prints, and the name of the file.</summary>
    public static readonly IReadOnlyDictionary<string, (string Page, string File)> Routes = new Dictionary<string, (string, string)>(StringComparer.OrdinalIgnoreCase)
    {
        ["/Accountability/Pdf"] = ("/Accountability/Index", "payesh-accountability.pdf"),
        ["/Dashboard/Pdf"] = ("/Dashboard/Index", "payesh-dashboard.pdf"),
    };

    public static void AddRoutes(PageConventionCollection conventions)
    {
        foreach (var (route, (page, _)) in Routes) conventions.AddPageRoute(page, route.TrimStart('/'));
    }

    /// <summary>The PDF address of a page shown at <paramref name="path"/>, or null when it has none.</summary>
    public static string? PdfPathOf(string path) => path.TrimEnd('/') switch
    {
        "" or "/Dashboard" => "/Dashboard/Pdf",
        var p when p.Equals("/Accountability", StringComparison.OrdinalIgnoreCase) => "/Accountability/Pdf",
        _ => null,
    };

    public async Task InvokeAsync(HttpContext http)
    {
        if (!HttpMethods.IsGet(http.Request.Method) || !Routes.TryGetValue(http.Request.Path.Value ?? "", out var target))
        {
            await next(http);
            return;
        }
        if (!renderer.Available)
        {
            Refuse(http, "ساخت فایل PDF روی این سرور فعال نیست (Chromium نصب نشده است). از دکمه «چاپ» مرورگر استفاده کنید و «ذخیره به صورت PDF» را برگزینید.");
            return;
        }
        // The page as a browser would get it in full (not an htmx fragment), into memory.
        http.Request.Headers.Remove("HX-Request");
        http.Request.Headers.Remove("HX-Boosted");
        var body = http.Response.Body;
        using var buffer = new MemoryStream();
        http.Response.Body = buffer;
        try
        {
            await next(http);
        }
        finally
        {
            http.Response.Body = body;
        }
        if (http.Response.StatusCode != StatusCodes.Status200OK || http.Response.ContentType?.StartsWith("text/html", StringComparison.Ordinal) != true)
        {
            // A redirect, a refusal or a missing plan: answered as the page answered it.
            buffer.Position = 0;
            await buffer.CopyToAsync(body, http.RequestAborted);
            return;
        }
        var html = System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        var site = new Uri($"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}/");
        var result = await renderer.RenderAsync(renderer.Prepare(html, site), http.RequestAborted);
        http.Response.Clear();
        if (result.Pdf is null)
        {
            if (result.Failure == PdfFailure.Busy) http.Response.Headers.RetryAfter = "30";
            Refuse(http, result.Failure == PdfFailure.Busy
                ? "سامانه هم‌اکنون چند فایل PDF دیگر را می‌سازد. چند لحظه بعد دوباره تلاش کنید."
                : "ساخت فایل PDF انجام نشد. چند لحظه بعد دوباره تلاش کنید یا از دکمه «چاپ» مرورگر استفاده کنید.");
            return;
        }
        http.Response.StatusCode = StatusCodes.Status200OK;
        http.Response.ContentType = "application/pdf";
        http.Response.ContentLength = result.Pdf.Length;
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"{target.File}\"";
        http.Response.Headers.CacheControl = "no-store";
        await body.WriteAsync(result.Pdf, http.RequestAborted);
    }

    /// <summary>503 with the reason in Persian, shown by the error page (status code pages re-execute /Error/503).</summary>
    private static void Refuse(HttpContext http, string why)
    {
        http.Items[ErrorPages.ExplanationKey] = why;
        http.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
    }
}

public static class PdfPagesSetup
{
    public static IServiceCollection AddPdfPages(this IServiceCollection services, IConfiguration config)
    {
        services.Configure<PdfOptions>(config.GetSection("Payesh:Pdf"));
        return services.AddSingleton<PdfRenderer>();
    }
}
