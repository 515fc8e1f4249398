using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Payesh.Web.Data.Model;

namespace Payesh.Web.Features.Account;

public sealed class LoginModel(SignInManager<AppUser> signIn, UserManager<AppUser> users) : PageModel
{
    [BindProperty, Required(ErrorMessage = "نام کاربری را وارد کنید.")]
    public string UserName { get; set; } = "";

    [BindProperty, Required(ErrorMessage = "گذرواژه را وارد کنید."), DataType(DataType.Password)]
    public string Password { get; set; } = "";

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public string? Error { get; private set; }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid) return Page();
        var user = await users.FindByNameAsync(UserName.Trim());
        if (user is null || !user.IsActive)
        {
            Error = "نام کاربری یا گذرواژه نادرست است.";
            return Page();
        }
        var result = await signIn.PasswordSignInAsync(user, Password, isPersistent: false, lockoutOnFailure: true);
        if (result.IsLockedOut)
        {
            Error = "به‌دلیل تلاش‌های ناموفق پیاپی، حساب چند دقیقه قفل شد. بعداً دوباره تلاش کنید.";
            return Page();
        }
        if (!result.Succeeded)
        {
            Error = "نام کاربری یا گذرواژه نادرست است.";
            return Page();
        }
        if (Url.IsLocalUrl(ReturnUrl) && ReturnUrl != "/") return LocalRedirect(ReturnUrl!);
        return LocalRedirect(Infrastructure.Access.LandingPage(await users.GetRolesAsync(user)));
    }
}
