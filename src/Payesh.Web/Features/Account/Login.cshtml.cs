using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Payesh.Web.Data.Model;

namespace Payesh.Web.Features.Account;

public sealed class LoginModel(SignInGate gate, SignInManager<AppUser> signIn) : PageModel
{
    [BindProperty, Required(ErrorMessage = "نام کاربری را وارد کنید.")]
    public string UserName { get; set; } = "";

    [BindProperty, Required(ErrorMessage = "گذرواژه را وارد کنید."), DataType(DataType.Password)]
    public string Password { get; set; } = "";

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public string? Error { get; private set; }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid) return Page();
        var result = await gate.CheckAsync(HttpContext, UserName, Password, "form", ct);
        switch (result.Outcome)
        {
            case SignInGate.Outcome.Succeeded:
                await signIn.SignInAsync(result.User!, isPersistent: false);
                // No page asked for: agency users land on their daily report (issue 11).
                if (Url.IsLocalUrl(ReturnUrl) && ReturnUrl != "/") return LocalRedirect(ReturnUrl!);
                return LocalRedirect(Infrastructure.Access.LandingPage(await signIn.UserManager.GetRolesAsync(result.User!)));
            case SignInGate.Outcome.Throttled:
                Response.Headers.RetryAfter = SignInGate.RetryAfterSeconds(result.RetryAfter!.Value);
                Response.StatusCode = StatusCodes.Status429TooManyRequests;
                Error = $"تلاش‌های ناموفق پیاپی برای این نام کاربری؛ {SignInGate.PersianWait(result.RetryAfter.Value)} دیگر دوباره تلاش کنید.";
                return Page();
            case SignInGate.Outcome.LockedOut:
                Error = "این حساب را مدیر سامانه موقتاً بسته است.";
                return Page();
            default:
                Error = "نام کاربری یا گذرواژه نادرست است.";
                return Page();
        }
    }
}
