using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Payesh.Web.Features.Account;
using Payesh.Web.Infrastructure;

namespace Payesh.Web.Features.Admin.Users;

/// <summary>A new user: Latin user name, Persian display name, one role, the agency when the role needs one,
/// and an initial password typed by the admin or generated and shown once.
/// A thin adapter over <see cref="AdminCommands.CreateUserAsync"/>.</summary>
public sealed class CreateModel(AdminQueries admin, AdminCommands commands) : PageModel
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

    [BindProperty] public NewUserInput Input { get; set; } = new();

    public List<AgencyOption> Agencies { get; private set; } = [];
    public CreatedUser? Result { get; private set; }

    private CurrentUser Me => CurrentUser.From(User)!;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ? Page() : Forbid();

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return Forbid();
        if (!ModelState.IsValid) return Page();
        var made = await commands.CreateUserAsync(Me, new NewUser(Input.UserName, Input.DisplayName, Input.Role, Input.AgencyId,
            Input.PasswordMode == "type", Input.Password, Input.ConfirmPassword), ct);
        if (made.Kind == OutcomeKind.Forbidden) return Forbid();
        if (made.Ok) Result = made.Value;
        else made.ToFormErrors(ModelState, "Input.");
        return Page();
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        var agencies = await admin.AgencyOptionsAsync(Me, null, ct);
        Agencies = agencies.Value ?? [];
        return agencies.Ok;
    }
}
