using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Payesh.Web.Features.Account;
using Payesh.Web.Features.Audit;
using Payesh.Web.Infrastructure;

namespace Payesh.Web.Features.Admin.Users;

/// <summary>One user: name, role and agency (checked against the account's ConcurrencyStamp), deactivate or
/// reactivate, reset the password, their tokens, and their history. A thin adapter over <see cref="AdminQueries"/> and
/// <see cref="AdminCommands"/>.</summary>
public sealed class EditModel(AdminQueries admin, AdminCommands commands, AuditQueries audit, TimeProvider time) : PageModel
{
    public const int HistoryRows = 15;

    public sealed class ProfileInput
    {
        [Required(ErrorMessage = "نام نمایشی را وارد کنید.")]
        public string? DisplayName { get; set; }

        [Required(ErrorMessage = "نقش را برگزینید.")]
        public string? Role { get; set; }

        public long? AgencyId { get; set; }

        /// <summary>The account's ConcurrencyStamp when the form was opened.</summary>
        public string? Stamp { get; set; }
    }

    [BindProperty] public ProfileInput Input { get; set; } = new();
    [TempData] public string? Message { get; set; }

    public UserDetail Stored { get; private set; } = null!;
    public string? StoredRole => Stored.Role;
    public string? StoredAgency => Stored.Agency;
    public List<AgencyOption> Agencies { get; private set; } = [];
    public List<UserTokenRow> Tokens => Stored.Tokens;
    public int TokenCount => Stored.TokenCount;
    public List<AuditRow> Changes { get; private set; } = [];
    public List<AuditRow> Actions { get; private set; } = [];
    public string? Conflict { get; private set; }
    public string? Error { get; private set; }
    public string? NewPassword { get; private set; }
    public bool IsSelf => Stored.Id == Me.Id;
    public bool LockedOut => Stored.LockoutEnd > time.GetUtcNow();

    private CurrentUser Me => CurrentUser.From(User)!;

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } failed) return failed;
        FillInput();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string id, CancellationToken ct)
    {
        var saved = ModelState.IsValid
            ? await commands.UpdateUserAsync(Me, id, new UserProfile(Input.DisplayName, Input.Role, Input.AgencyId, Input.Stamp), ct)
            : null;
        if (saved is { Ok: true })
        {
            Message = $"تغییرات کاربر «{saved.Value}» ذخیره شد.";
            return Redirect($"/Admin/Users/Edit/{Uri.EscapeDataString(id)}");
        }
        if (await LoadAsync(id, ct) is { } failed) return failed;
        if (saved?.Kind == OutcomeKind.Conflict)
        {
            Conflict = saved.Detail;
            // What the user typed stays; the next save is checked against the state they now see.
            ModelState.Remove("Input.Stamp");
            Input.Stamp = Stored.ConcurrencyStamp;
        }
        else saved?.ToFormErrors(ModelState, "Input.");
        return Page();
    }

    /// <summary>Deactivates (<paramref name="active"/> false) or reactivates (<see cref="AdminCommands.SetUserActiveAsync"/>).</summary>
    public async Task<IActionResult> OnPostActiveAsync(string id, bool active, string? stamp, CancellationToken ct)
    {
        var done = await commands.SetUserActiveAsync(Me, id, active, stamp, ct);
        if (done.Value is { } d)
        {
            Message = d.Active
                ? $"کاربر «{d.DisplayName}» دوباره فعال شد. توکن‌های باطل‌شده او باطل می‌مانند."
                : $"کاربر «{d.DisplayName}» غیرفعال شد؛ دیگر نمی‌تواند وارد شود" + (d.Revoked > 0 ? $" و {Fa.Int(d.Revoked)} توکن API او باطل شد." : ".");
            return Redirect($"/Admin/Users/Edit/{Uri.EscapeDataString(id)}");
        }
        return await RefusedAsync(id, done, ct);
    }

    /// <summary>Sets a new random password, shown once (<see cref="AdminCommands.ResetPasswordAsync"/>).</summary>
    public async Task<IActionResult> OnPostResetPasswordAsync(string id, string? stamp, CancellationToken ct)
    {
        var reset = await commands.ResetPasswordAsync(Me, id, stamp, ct);
        if (!reset.Ok) return await RefusedAsync(id, reset, ct);
        if (await LoadAsync(id, ct) is { } failed) return failed;
        ModelState.Clear();
        FillInput();
        NewPassword = reset.Value;
        return Page();
    }

    /// <summary>A refused action on the page as it is now: a conflict or a refusal in its banner.</summary>
    private async Task<IActionResult> RefusedAsync<T>(string id, Outcome<T> outcome, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } failed) return failed;
        if (outcome.Kind == OutcomeKind.Forbidden) return Forbid();
        ModelState.Clear();
        FillInput();
        if (outcome.Kind == OutcomeKind.Conflict) Conflict = outcome.Detail;
        else Error = outcome.Detail;
        return Page();
    }

    private void FillInput() => Input = new ProfileInput
    {
        DisplayName = Stored.DisplayName,
        Role = StoredRole,
        AgencyId = Stored.AgencyId,
        Stamp = Stored.ConcurrencyStamp,
    };

    /// <summary>The user, the agency choices and the user's history; null when shown, else the answer (not found, forbidden).</summary>
    private async Task<IActionResult?> LoadAsync(string id, CancellationToken ct)
    {
        var user = await admin.UserAsync(Me, id, 5, ct);
        if (user.Kind == OutcomeKind.NotFound) return NotFound();
        if (user.Value is null) return Forbid();
        Stored = user.Value;
        Agencies = (await admin.AgencyOptionsAsync(Me, Stored.AgencyId, ct)).Value ?? [];
        if ((await audit.OfUserAsync(Me, id, HistoryRows, ct)).Value is { } history)
            (Changes, Actions) = (history.Changes, history.Actions);
        return null;
    }
}
