using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Payesh.Web.Data.Model;

namespace Payesh.Web.Features.Account;

/// <summary>Every signed-in user changes their own password here (Access.AddPageRules: not anonymous).</summary>
public sealed class ChangePasswordModel(UserManager<AppUser> users, SignInManager<AppUser> signIn) : PageModel
{
    [BindProperty, Required(ErrorMessage = "گذرواژه کنونی را وارد کنید.")]
    public string? CurrentPassword { get; set; }

    [BindProperty, Required(ErrorMessage = "گذرواژه تازه را وارد کنید.")]
    public string? NewPassword { get; set; }

    [BindProperty, Required(ErrorMessage = "گذرواژه تازه را دوباره وارد کنید.")]
    public string? ConfirmPassword { get; set; }

    public bool Changed { get; private set; }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync()
    {
        if (NewPassword is not null && ConfirmPassword is not null && NewPassword != ConfirmPassword)
            ModelState.AddModelError(nameof(ConfirmPassword), "تکرار گذرواژه تازه با خود آن یکی نیست.");
        if (NewPassword is not null && NewPassword == CurrentPassword)
            ModelState.AddModelError(nameof(NewPassword), "گذرواژه تازه باید با گذرواژه کنونی فرق داشته باشد.");
        if (!ModelState.IsValid) return Page();

        var user = await users.GetUserAsync(User);
        if (user is null || !user.IsActive) return Challenge();
        var result = await users.ChangePasswordAsync(user, CurrentPassword!, NewPassword!);
        if (!result.Succeeded)
        {
            foreach (var e in result.Errors)
            {
                var key = e.Code == nameof(IdentityErrorDescriber.PasswordMismatch) ? nameof(CurrentPassword)
                    : e.Code.StartsWith("Password", StringComparison.Ordinal) ? nameof(NewPassword) : "";
                ModelState.AddModelError(key, e.Code == nameof(IdentityErrorDescriber.PasswordMismatch) ? "گذرواژه کنونی نادرست است." : e.Description);
            }
            return Page();
        }
        // The security stamp changed: other sessions end; this one gets a fresh cookie.
        await signIn.RefreshSignInAsync(user);
        Changed = true;
        return Page();
    }
}
