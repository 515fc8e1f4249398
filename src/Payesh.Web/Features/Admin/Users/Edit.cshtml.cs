using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Payesh.Web.Data;
using Payesh.Web.Data.Model;
using Payesh.Web.Features.Account;
using Payesh.Web.Features.Audit;
using Payesh.Web.Infrastructure;

namespace Payesh.Web.Features.Admin.Users;

/// <summary>One user: name, role and agency (checked against the account's ConcurrencyStamp), deactivate or
/// reactivate, reset the password, their tokens, and their history.</summary>
public sealed class EditModel(PayeshDb db, UserManager<AppUser> users, PayeshClock clock, AuditQueries audit) : PageModel
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

    public sealed record TokenRow(long Id, string Name, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt, DateTimeOffset? RevokedAt);

    [BindProperty] public ProfileInput Input { get; set; } = new();
    [TempData] public string? Message { get; set; }

    public AppUser Stored { get; private set; } = null!;
    public string? StoredRole { get; private set; }
    public string? StoredAgency { get; private set; }
    public List<UserForm.AgencyOption> Agencies { get; private set; } = [];
    public List<TokenRow> Tokens { get; private set; } = [];
    public int TokenCount { get; private set; }
    public List<AuditRow> Changes { get; private set; } = [];
    public List<AuditRow> Actions { get; private set; } = [];
    public string? Conflict { get; private set; }
    public string? Error { get; private set; }
    public string? NewPassword { get; private set; }
    public bool IsSelf => Stored.Id == CurrentUser.From(User)?.Id;
    public bool LockedOut => Stored.LockoutEnd > clock.Now;

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        FillInput();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string id, CancellationToken ct)
    {
        var user = await users.FindByIdAsync(id);
        if (user is null) return NotFound();
        var displayName = AdminText.Text(Input.DisplayName);
        if (displayName?.Length > 200) ModelState.AddModelError("Input.DisplayName", "نام نمایشی نباید از ۲۰۰ نویسه بیشتر باشد.");
        await UserForm.CheckAsync(db, ModelState, "Input", Input.Role, Input.AgencyId, user.AgencyId, ct);
        var currentRoles = await users.GetRolesAsync(user);
        if (IsMe(user) && currentRoles.Contains(Roles.Admin) && Input.Role is not null && Input.Role != Roles.Admin)
            ModelState.AddModelError("Input.Role", "نقش مدیر سامانه را نمی‌توانید از حساب خودتان بردارید.");
        if (!ModelState.IsValid)
        {
            await LoadAsync(id, ct);
            return Page();
        }
        if (user.ConcurrencyStamp != Input.Stamp) return await ProfileConflictAsync(id, ct);

        var role = Input.Role!;
        long? agencyId = Access.RoleNeedsAgency(role) ? Input.AgencyId : null;
        bool accessChanged = agencyId != user.AgencyId || currentRoles.Count != 1 || currentRoles[0] != role;
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            user.DisplayName = displayName!;
            user.AgencyId = agencyId;
            // UpdateAsync saves only if the stamp is still the one the form was opened with.
            var result = await users.UpdateAsync(user);
            if (result.Succeeded && accessChanged)
            {
                if (currentRoles.Count > 0) result = await users.RemoveFromRolesAsync(user, currentRoles);
                if (result.Succeeded) result = await users.AddToRoleAsync(user, role);
                // Open sessions carry the old role and agency in their cookie: end them.
                if (result.Succeeded) result = await users.UpdateSecurityStampAsync(user);
            }
            if (result.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.ConcurrencyFailure)))
            {
                await tx.RollbackAsync(ct);
                return await ProfileConflictAsync(id, ct);
            }
            if (!result.Succeeded)
            {
                UserForm.AddErrors(ModelState, result, "Input");
                await tx.RollbackAsync(ct);
                db.ChangeTracker.Clear();
                await LoadAsync(id, ct);
                return Page();
            }
            await tx.CommitAsync(ct);
        }
        Message = $"تغییرات کاربر «{user.DisplayName}» ذخیره شد.";
        return Redirect($"/Admin/Users/Edit/{Uri.EscapeDataString(id)}");
    }

    /// <summary>Deactivates (<paramref name="active"/> false) or reactivates. Deactivating also ends open sessions
    /// (security stamp) and revokes every API token.</summary>
    public async Task<IActionResult> OnPostActiveAsync(string id, bool active, string? stamp, CancellationToken ct)
    {
        var user = await users.FindByIdAsync(id);
        if (user is null) return NotFound();
        if (user.ConcurrencyStamp != stamp) return await ActionConflictAsync(id, ct);
        if (!active && IsMe(user)) return await RefuseAsync(id, "حساب خودتان را نمی‌توانید غیرفعال کنید.", ct);
        if (!active && await IsLastActiveAdminAsync(user, ct))
            return await RefuseAsync(id, "این آخرین مدیر سامانه فعال است؛ پیش از غیرفعال کردن آن، مدیر دیگری تعیین کنید.", ct);
        if (user.IsActive == active) return Redirect($"/Admin/Users/Edit/{Uri.EscapeDataString(id)}");

        int revoked = 0;
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            user.IsActive = active;
            var result = active ? await users.UpdateAsync(user) : await users.UpdateSecurityStampAsync(user);
            if (!result.Succeeded)
            {
                await tx.RollbackAsync(ct);
                return await ActionConflictAsync(id, ct);
            }
            if (!active)
            {
                var now = clock.Now;
                var tokens = await db.ApiTokens.Where(t => t.UserId == id && t.RevokedAt == null).ToListAsync(ct);
                foreach (var t in tokens) t.RevokedAt = now;
                revoked = tokens.Count;
                await db.SaveChangesAsync(ct);
            }
            await tx.CommitAsync(ct);
        }
        Message = active
            ? $"کاربر «{user.DisplayName}» دوباره فعال شد. توکن‌های باطل‌شده او باطل می‌مانند."
            : $"کاربر «{user.DisplayName}» غیرفعال شد؛ دیگر نمی‌تواند وارد شود" + (revoked > 0 ? $" و {Fa.Int(revoked)} توکن API او باطل شد." : ".");
        return Redirect($"/Admin/Users/Edit/{Uri.EscapeDataString(id)}");
    }

    /// <summary>Sets a new random password, shown once; also lifts a lockout. Open sessions end (the stamp changes).</summary>
    public async Task<IActionResult> OnPostResetPasswordAsync(string id, string? stamp, CancellationToken ct)
    {
        var user = await users.FindByIdAsync(id);
        if (user is null) return NotFound();
        if (user.ConcurrencyStamp != stamp) return await ActionConflictAsync(id, ct);
        var password = DatabaseStartup.NewPassword();
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            var token = await users.GeneratePasswordResetTokenAsync(user);
            var result = await users.ResetPasswordAsync(user, token, password);
            if (result.Succeeded && user.LockoutEnd is not null) result = await users.SetLockoutEndDateAsync(user, null);
            if (result.Succeeded) result = await users.ResetAccessFailedCountAsync(user);
            if (!result.Succeeded)
            {
                await tx.RollbackAsync(ct);
                return await ActionConflictAsync(id, ct);
            }
            await tx.CommitAsync(ct);
        }
        db.ChangeTracker.Clear();
        await LoadAsync(id, ct);
        ModelState.Clear();
        FillInput();
        NewPassword = password;
        return Page();
    }

    private bool IsMe(AppUser user) => user.Id == CurrentUser.From(User)?.Id;

    private async Task<bool> IsLastActiveAdminAsync(AppUser user, CancellationToken ct)
    {
        if (!await users.IsInRoleAsync(user, Roles.Admin)) return false;
        var admins = await users.GetUsersInRoleAsync(Roles.Admin);
        return !admins.Any(a => a.Id != user.Id && a.IsActive);
    }

    private async Task<IActionResult> ProfileConflictAsync(string id, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        await LoadAsync(id, ct);
        Conflict = AdminText.Conflict;
        // What the user typed stays; the next save is checked against the state they now see.
        ModelState.Remove("Input.Stamp");
        Input.Stamp = Stored.ConcurrencyStamp;
        return Page();
    }

    private async Task<IActionResult> ActionConflictAsync(string id, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        await LoadAsync(id, ct);
        ModelState.Clear();
        FillInput();
        Conflict = AdminText.ConflictOnAction;
        return Page();
    }

    private async Task<IActionResult> RefuseAsync(string id, string error, CancellationToken ct)
    {
        await LoadAsync(id, ct);
        ModelState.Clear();
        FillInput();
        Error = error;
        return Page();
    }

    private void FillInput() => Input = new ProfileInput
    {
        DisplayName = Stored.DisplayName,
        Role = StoredRole,
        AgencyId = Stored.AgencyId,
        Stamp = Stored.ConcurrencyStamp,
    };

    private async Task<bool> LoadAsync(string id, CancellationToken ct)
    {
        var user = await db.Users.AsNoTracking().Include(u => u.Agency).FirstOrDefaultAsync(u => u.Id == id, ct);
        if (user is null) return false;
        Stored = user;
        StoredAgency = user.Agency?.Name;
        StoredRole = await (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id where ur.UserId == id select r.Name)
            .OrderBy(n => n).FirstOrDefaultAsync(ct);
        Agencies = await UserForm.AgenciesAsync(db, user.AgencyId, ct);
        var tokens = db.ApiTokens.AsNoTracking().Where(t => t.UserId == id);
        TokenCount = await tokens.CountAsync(ct);
        Tokens = await tokens.OrderByDescending(t => t.Id).Take(5)
            .Select(t => new TokenRow(t.Id, t.Name, t.CreatedAt, t.ExpiresAt, t.RevokedAt)).ToListAsync(ct);
        if ((await audit.OfUserAsync(CurrentUser.From(User)!, id, HistoryRows, ct)).Value is { } history)
            (Changes, Actions) = (history.Changes, history.Actions);
        return true;
    }
}
