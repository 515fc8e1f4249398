using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Payesh.Web.Data;
using Payesh.Web.Data.Model;
using Payesh.Web.Infrastructure;

namespace Payesh.Web.Features.Admin.Users;

/// <summary>A new user: Latin user name, Persian display name, one role, the agency when the role needs one,
/// and an initial password typed by the admin or generated and shown once.</summary>
public sealed class CreateModel(PayeshDb db, UserManager<AppUser> users, PayeshClock clock) : PageModel
{
    public sealed class NewUserInput
    {
        [Required(ErrorMessage = "نام کاربری را وارد کنید.")]
        public string? UserName { get; set; }

        [Required(ErrorMessage = "نام نمایشی را وارد کنید.")]
        public string? DisplayName { get; set; }

        [Required(ErrorMessage = "نقش را برگزینید.")]
        public string? Role { get; set; }

        public long? AgencyId { get; set; }

        /// <summary>"generate" (shown once) or "type".</summary>
        public string PasswordMode { get; set; } = "generate";

        public string? Password { get; set; }

        public string? ConfirmPassword { get; set; }
    }

    public sealed record Created(string Id, string UserName, string DisplayName, string? Password);

    [BindProperty] public NewUserInput Input { get; set; } = new();

    public List<UserForm.AgencyOption> Agencies { get; private set; } = [];
    public Created? Result { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => Agencies = await UserForm.AgenciesAsync(db, null, ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        Agencies = await UserForm.AgenciesAsync(db, null, ct);
        var userName = AdminText.UserName(Input.UserName);
        var displayName = AdminText.Text(Input.DisplayName);
        if (userName is not null && !AdminText.IsValidUserName(userName))
            ModelState.AddModelError("Input.UserName", "نام کاربری ۳ تا ۵۰ نویسه از حروف لاتین، رقم و . - _ است و با حرف یا رقم آغاز می‌شود.");
        if (displayName?.Length > 200) ModelState.AddModelError("Input.DisplayName", "نام نمایشی نباید از ۲۰۰ نویسه بیشتر باشد.");
        await UserForm.CheckAsync(db, ModelState, "Input", Input.Role, Input.AgencyId, null, ct);
        bool typed = Input.PasswordMode == "type";
        if (typed && string.IsNullOrEmpty(Input.Password)) ModelState.AddModelError("Input.Password", "گذرواژه را وارد کنید یا ساختن گذرواژه تصادفی را برگزینید.");
        else if (typed && Input.Password != Input.ConfirmPassword) ModelState.AddModelError("Input.ConfirmPassword", "تکرار گذرواژه با خود آن یکی نیست.");
        if (!ModelState.IsValid) return Page();

        var password = typed ? Input.Password! : DatabaseStartup.NewPassword();
        var user = new AppUser
        {
            UserName = userName,
            DisplayName = displayName!,
            AgencyId = Access.RoleNeedsAgency(Input.Role!) ? Input.AgencyId : null,
            IsActive = true,
            CreatedAt = clock.Now,
        };
        // The user and their role together, or nothing.
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            var result = await users.CreateAsync(user, password);
            if (result.Succeeded) result = await users.AddToRoleAsync(user, Input.Role!);
            if (!result.Succeeded)
            {
                UserForm.AddErrors(ModelState, result, "Input");
                return Page();
            }
            await tx.CommitAsync(ct);
        }
        Result = new Created(user.Id, user.UserName!, user.DisplayName, typed ? null : password);
        return Page();
    }
}
