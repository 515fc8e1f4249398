using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Payesh.Web.Infrastructure;

namespace Payesh.Web.Features;

/// <summary>The Persian page of a failed page request (status code pages and the exception handler re-execute here).</summary>
[AllowAnonymous]
[IgnoreAntiforgeryToken]
[ResponseCache(Duration = 0, Location = ResponseCacheLocation.None, NoStore = true)]
public sealed class ErrorModel : PageModel
{
    public int Status { get; private set; }
    public string Title { get; private set; } = "";
    public string Text { get; private set; } = "";

    public IActionResult OnGet(int? code) => Show(code);
    public IActionResult OnPost(int? code) => Show(code);

    private PageResult Show(int? code)
    {
        // Re-executed for an exception: 500; for a status code: the code; opened directly: the code asked, else 500.
        bool exception = HttpContext.Features.Get<IExceptionHandlerPathFeature>() is not null;
        Status = exception ? 500 : code is >= 400 and <= 599 ? code.Value : 500;
        (Title, Text) = ErrorPages.Describe(Status);
        if (!exception && HttpContext.Items[ErrorPages.ExplanationKey] is string why) Text = why;
        Response.StatusCode = Status;
        return Page();
    }
}
