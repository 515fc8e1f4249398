using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Payesh.Domain.Plans;
using Payesh.Domain.Text;
using Payesh.Web.Data;
using Payesh.Web.Data.Model;
using Payesh.Web.Features.Account;
using Payesh.Web.Infrastructure;

namespace Payesh.Web.Features.Admin;

/// <summary>A new user as typed: <paramref name="Password"/> is used when <paramref name="TypedPassword"/>, else one is generated.</summary>
public sealed record NewUser(string? UserName, string? DisplayName, string? Role, long? AgencyId, bool TypedPassword, string? Password, string? ConfirmPassword);

/// <summary>The user made; <paramref name="Password"/> is the generated one, shown once (null when the admin typed it).</summary>
public sealed record CreatedUser(string Id, string UserName, string DisplayName, string? Password);

/// <summary>A user's name, role and agency as edited, with the account's ConcurrencyStamp the form was opened at.</summary>
public sealed record UserProfile(string? DisplayName, string? Role, long? AgencyId, string? Stamp);

/// <summary>A user deactivated or reactivated, and how many of their API tokens that revoked.</summary>
public sealed record UserActivation(string DisplayName, bool Active, int Revoked);

/// <summary>An agency as edited (the kind as the enum's name), with the version the form was opened at.</summary>
public sealed record AgencyFields(string? Code, string? Name, string? Kind, uint Version);

/// <summary>A token to issue: for whom, its name, and its lifetime in days (any digits).</summary>
public sealed record TokenRequest(string? UserId, string? Name, string? Days);

/// <summary>A token issued: the token itself (shown once; only its hash is stored) and when it expires.</summary>
public sealed record IssuedToken(string Token, DateTimeOffset ExpiresAt, string Name, string UserId, string UserName);

/// <summary>
/// Every write of the administration forms (users, agencies, API tokens): administrators' only (<see cref="Access.CanAdminister"/>),
/// invalid input by field path (<c>UserName</c>, <c>AgencyId</c>, <c>Code</c>, <c>Days</c>, …), a change made on a stale stamp or
/// version a conflict. Each save names the acting user to the audit trail (<see cref="PayeshDb"/> records it in the same transaction).
/// </summary>
public sealed class AdminCommands(PayeshDb db, UserManager<AppUser> users, TimeProvider time)
{
    public const int MaxTokenDays = 1825;

    public async Task<Outcome<CreatedUser>> CreateUserAsync(CurrentUser me, NewUser input, CancellationToken ct)
    {
        if (!Access.CanAdminister(me)) return Outcome.Forbidden(AdminQueries.NotAllowed);
        var errors = new List<ValidationError>();
        var userName = AdminText.UserName(input.UserName);
        var displayName = AdminText.Text(input.DisplayName);
        if (userName is null) errors.Add(new("UserName", "نام کاربری را وارد کنید."));
        else if (!AdminText.IsValidUserName(userName))
            errors.Add(new("UserName", "نام کاربری ۳ تا ۵۰ نویسه از حروف لاتین، رقم و . - _ است و با حرف یا رقم آغاز می‌شود."));
        CheckDisplayName(displayName, errors);
        await CheckRoleAsync(input.Role, input.AgencyId, null, errors, ct);
        if (input.TypedPassword && string.IsNullOrEmpty(input.Password))
            errors.Add(new("Password", "گذرواژه را وارد کنید یا ساختن گذرواژه تصادفی را برگزینید."));
        else if (input.TypedPassword && input.Password != input.ConfirmPassword)
            errors.Add(new("ConfirmPassword", "تکرار گذرواژه با خود آن یکی نیست."));
        if (errors.Count > 0) return Outcome.Invalid(errors);

        db.Actor.Is(me);
        var password = input.TypedPassword ? input.Password! : DatabaseStartup.NewPassword();
        var user = new AppUser
        {
            UserName = userName,
            DisplayName = displayName!,
            AgencyId = Access.RoleNeedsAgency(input.Role!) ? input.AgencyId : null,
            IsActive = true,
            CreatedAt = time.GetUtcNow(),
        };
        // The user and their role together, or nothing.
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var result = await users.CreateAsync(user, password);
        if (result.Succeeded) result = await users.AddToRoleAsync(user, input.Role!);
        if (!result.Succeeded)
        {
            await tx.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            return Outcome.Invalid(IdentityErrors(result));
        }
        await tx.CommitAsync(ct);
        return new CreatedUser(user.Id, user.UserName!, user.DisplayName, input.TypedPassword ? null : password);
    }

    /// <summary>Changes a user's name, role and agency, if the account is still at <see cref="UserProfile.Stamp"/>. A change of
    /// role or agency renews the security stamp, so the user's open sessions and cached tokens obey it on their next request.
    /// An administrator may not take the role from themselves.</summary>
    public async Task<Outcome<string>> UpdateUserAsync(CurrentUser me, string id, UserProfile input, CancellationToken ct)
    {
        if (!Access.CanAdminister(me)) return Outcome.Forbidden(AdminQueries.NotAllowed);
        var user = await users.FindByIdAsync(id);
        if (user is null) return Outcome.NotFound(AdminQueries.UserNotFound);
        var errors = new List<ValidationError>();
        var displayName = AdminText.Text(input.DisplayName);
        CheckDisplayName(displayName, errors);
        await CheckRoleAsync(input.Role, input.AgencyId, user.AgencyId, errors, ct);
        var currentRoles = await users.GetRolesAsync(user);
        if (user.Id == me.Id && currentRoles.Contains(Roles.Admin) && input.Role is not null && input.Role != Roles.Admin)
            errors.Add(new("Role", "نقش مدیر سامانه را نمی‌توانید از حساب خودتان بردارید."));
        if (errors.Count > 0) return Outcome.Invalid(errors);
        if (user.ConcurrencyStamp != input.Stamp) return Outcome.Conflict(AdminText.Conflict);

        db.Actor.Is(me);
        var role = input.Role!;
        long? agencyId = Access.RoleNeedsAgency(role) ? input.AgencyId : null;
        bool accessChanged = agencyId != user.AgencyId || currentRoles.Count != 1 || currentRoles[0] != role;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
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
        if (!result.Succeeded)
        {
            await tx.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            return result.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.ConcurrencyFailure))
                ? Outcome.Conflict(AdminText.Conflict)
                : Outcome.Invalid(IdentityErrors(result));
        }
        await tx.CommitAsync(ct);
        return user.DisplayName;
    }

    /// <summary>Deactivates (<paramref name="active"/> false) or reactivates a user at <paramref name="stamp"/>. Deactivating ends
    /// open sessions (security stamp) and revokes every API token; not of oneself, nor of the last active administrator.</summary>
    public async Task<Outcome<UserActivation>> SetUserActiveAsync(CurrentUser me, string id, bool active, string? stamp, CancellationToken ct)
    {
        if (!Access.CanAdminister(me)) return Outcome.Forbidden(AdminQueries.NotAllowed);
        var user = await users.FindByIdAsync(id);
        if (user is null) return Outcome.NotFound(AdminQueries.UserNotFound);
        if (user.ConcurrencyStamp != stamp) return Outcome.Conflict(AdminText.ConflictOnAction);
        if (!active && user.Id == me.Id) return Outcome.Invalid("", "حساب خودتان را نمی‌توانید غیرفعال کنید.");
        if (!active && await IsLastActiveAdminAsync(user))
            return Outcome.Invalid("", "این آخرین مدیر سامانه فعال است؛ پیش از غیرفعال کردن آن، مدیر دیگری تعیین کنید.");
        if (user.IsActive == active) return new UserActivation(user.DisplayName, active, 0);

        db.Actor.Is(me);
        int revoked = 0;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        user.IsActive = active;
        var result = active ? await users.UpdateAsync(user) : await users.UpdateSecurityStampAsync(user);
        if (!result.Succeeded)
        {
            await tx.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            return Outcome.Conflict(AdminText.ConflictOnAction);
        }
        if (!active)
        {
            var now = time.GetUtcNow();
            var tokens = await db.ApiTokens.Where(t => t.UserId == id && t.RevokedAt == null).ToListAsync(ct);
            foreach (var t in tokens) t.RevokedAt = now;
            revoked = tokens.Count;
            await db.SaveChangesAsync(ct);
        }
        await tx.CommitAsync(ct);
        return new UserActivation(user.DisplayName, active, revoked);
    }

    /// <summary>Sets a new random password (returned, to be shown once) at <paramref name="stamp"/>; also lifts a lockout. Open
    /// sessions end (the stamp changes).</summary>
    public async Task<Outcome<string>> ResetPasswordAsync(CurrentUser me, string id, string? stamp, CancellationToken ct)
    {
        if (!Access.CanAdminister(me)) return Outcome.Forbidden(AdminQueries.NotAllowed);
        var user = await users.FindByIdAsync(id);
        if (user is null) return Outcome.NotFound(AdminQueries.UserNotFound);
        if (user.ConcurrencyStamp != stamp) return Outcome.Conflict(AdminText.ConflictOnAction);
        db.Actor.Is(me);
        var password = DatabaseStartup.NewPassword();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var token = await users.GeneratePasswordResetTokenAsync(user);
        var result = await users.ResetPasswordAsync(user, token, password);
        if (result.Succeeded && user.LockoutEnd is not null) result = await users.SetLockoutEndDateAsync(user, null);
        if (result.Succeeded) result = await users.ResetAccessFailedCountAsync(user);
        if (!result.Succeeded)
        {
            await tx.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            return Outcome.Conflict(AdminText.ConflictOnAction);
        }
        await tx.CommitAsync(ct);
        db.ChangeTracker.Clear();
        return password;
    }

    /// <summary>Adds an agency (<paramref name="id"/> null) or changes one at <see cref="AgencyFields.Version"/>; answers its name.
    /// A code is unique: taken before the check or between the check and the save, it is invalid by <c>Code</c>.</summary>
    public async Task<Outcome<string>> SaveAgencyAsync(CurrentUser me, long? id, AgencyFields input, CancellationToken ct)
    {
        if (!Access.CanAdminister(me)) return Outcome.Forbidden(AdminQueries.NotAllowed);
        var row = id is null ? null : await db.Agencies.FirstOrDefaultAsync(a => a.Id == id, ct);
        if (id is not null && row is null) return Outcome.NotFound(AdminQueries.AgencyNotFound);
        var errors = new List<ValidationError>();
        var code = AdminText.Code(input.Code);
        var name = AdminText.Text(input.Name);
        AgencyKind kind = default;
        if (code is null) errors.Add(new("Code", "کد دستگاه را وارد کنید."));
        else if (!AdminText.IsValidCode(code)) errors.Add(new("Code", "کد دستگاه تا ۲۰ نویسه از حروف لاتین، رقم و . - _ است (مانند SMT)."));
        if (name is null) errors.Add(new("Name", "نام دستگاه را وارد کنید."));
        else if (name.Length > 300) errors.Add(new("Name", "نام دستگاه نباید از ۳۰۰ نویسه بیشتر باشد."));
        if (input.Kind is null) errors.Add(new("Kind", "نوع دستگاه را انتخاب کنید."));
        else if (!Enum.TryParse(input.Kind, out kind) || !Enum.IsDefined(kind)) errors.Add(new("Kind", "نوع دستگاه نامعتبر است."));
        if (errors.Count == 0
            && await db.Agencies.AsNoTracking().Where(a => a.Code == code && a.Id != (id ?? 0)).Select(a => a.Name).FirstOrDefaultAsync(ct) is { } other)
            errors.Add(new("Code", $"کد «{code}» پیش‌تر برای «{other}» ثبت شده است."));
        if (errors.Count > 0) return Outcome.Invalid(errors);

        db.Actor.Is(me);
        if (row is null)
        {
            row = new AgencyRow { Code = code!, Name = name!, Kind = kind, IsActive = true };
            db.Agencies.Add(row);
        }
        else
        {
            row.Code = code!;
            row.Name = name!;
            row.Kind = kind;
            // The save succeeds only if nobody saved since the form was opened.
            db.Entry(row).Property(a => a.Version).OriginalValue = input.Version;
        }
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return Outcome.Conflict(AdminText.Conflict);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            return Outcome.Invalid("Code", $"کد «{code}» هم‌زمان برای دستگاه دیگری ثبت شد؛ کد دیگری برگزینید.");
        }
        return row.Name;
    }

    /// <summary>Deactivates (<paramref name="active"/> false) or reactivates an agency at <paramref name="version"/>; answers its name.</summary>
    public async Task<Outcome<string>> SetAgencyActiveAsync(CurrentUser me, long id, bool active, uint version, CancellationToken ct)
    {
        if (!Access.CanAdminister(me)) return Outcome.Forbidden(AdminQueries.NotAllowed);
        var row = await db.Agencies.FirstOrDefaultAsync(a => a.Id == id, ct);
        if (row is null) return Outcome.NotFound(AdminQueries.AgencyNotFound);
        if (row.IsActive == active) return row.Name;
        db.Actor.Is(me);
        row.IsActive = active;
        db.Entry(row).Property(a => a.Version).OriginalValue = version;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return Outcome.Conflict(AdminText.ConflictOnAction);
        }
        return row.Name;
    }

    /// <summary>Issues a named API token to an active user for 1 to <see cref="MaxTokenDays"/> days.</summary>
    public async Task<Outcome<IssuedToken>> IssueTokenAsync(CurrentUser me, TokenRequest input, CancellationToken ct)
    {
        if (!Access.CanAdminister(me)) return Outcome.Forbidden(AdminQueries.NotAllowed);
        var errors = new List<ValidationError>();
        var name = AdminText.Text(input.Name);
        if (name is null) errors.Add(new("Name", "نام توکن را وارد کنید؛ مثلاً نام سامانه‌ای که آن را به کار می‌برد."));
        else if (name.Length > 200) errors.Add(new("Name", "نام توکن نباید از ۲۰۰ نویسه بیشتر باشد."));
        int days = 0;
        var value = PersianText.ParseNumber(input.Days);
        if (input.Days is null) errors.Add(new("Days", "مدت اعتبار را وارد کنید."));
        else if (value is null || value != decimal.Truncate(value.Value) || value < 1 || value > MaxTokenDays)
            errors.Add(new("Days", $"مدت اعتبار باید عددی درست از ۱ تا {Fa.Int(MaxTokenDays)} روز باشد."));
        else days = (int)value.Value;
        var user = input.UserId is null ? null : await db.Users.FirstOrDefaultAsync(u => u.Id == input.UserId, ct);
        if (input.UserId is null) errors.Add(new("UserId", "کاربر را برگزینید."));
        else if (user is null) errors.Add(new("UserId", "کاربر برگزیده پیدا نشد."));
        else if (!user.IsActive) errors.Add(new("UserId", "کاربر برگزیده غیرفعال است؛ برای او توکن ساخته نمی‌شود."));
        if (errors.Count > 0) return Outcome.Invalid(errors);

        db.Actor.Is(me);
        var (token, expires) = await BearerTokens.IssueAsync(db, user!, name!, TimeSpan.FromDays(days), time.GetUtcNow());
        return new IssuedToken(token, expires, name!, user!.Id, user.UserName!);
    }

    /// <summary>Revokes a token; answers its name, or null when it was revoked already.</summary>
    public async Task<Outcome<string?>> RevokeTokenAsync(CurrentUser me, long tokenId, CancellationToken ct)
    {
        if (!Access.CanAdminister(me)) return Outcome.Forbidden(AdminQueries.NotAllowed);
        var row = await db.ApiTokens.FirstOrDefaultAsync(t => t.Id == tokenId, ct);
        if (row is null) return Outcome.NotFound("توکن پیدا نشد.");
        if (row.RevokedAt is not null) return Outcome.Done<string?>(null);
        db.Actor.Is(me);
        row.RevokedAt = time.GetUtcNow();
        await db.SaveChangesAsync(ct);
        return row.Name;
    }

    private static void CheckDisplayName(string? displayName, List<ValidationError> errors)
    {
        if (displayName is null) errors.Add(new("DisplayName", "نام نمایشی را وارد کنید."));
        else if (displayName.Length > 200) errors.Add(new("DisplayName", "نام نمایشی نباید از ۲۰۰ نویسه بیشتر باشد."));
    }

    /// <summary>Role and agency together (<see cref="Access.RoleNeedsAgency"/>); an inactive agency only if the user has it already.</summary>
    private async Task CheckRoleAsync(string? role, long? agencyId, long? currentAgencyId, List<ValidationError> errors, CancellationToken ct)
    {
        if (role is null)
        {
            errors.Add(new("Role", "نقش را برگزینید."));
            return;
        }
        if (!Roles.All.Contains(role))
        {
            errors.Add(new("Role", "نقش نامعتبر است."));
            return;
        }
        if (Access.RoleNeedsAgency(role))
        {
            if (agencyId is null)
            {
                errors.Add(new("AgencyId", $"برای نقش «{Roles.PersianName(role)}» دستگاه را برگزینید."));
                return;
            }
            var agency = await db.Agencies.AsNoTracking().Where(a => a.Id == agencyId).Select(a => new { a.IsActive }).FirstOrDefaultAsync(ct);
            if (agency is null) errors.Add(new("AgencyId", "دستگاه برگزیده پیدا نشد."));
            else if (!agency.IsActive && agencyId != currentAgencyId) errors.Add(new("AgencyId", "دستگاه برگزیده غیرفعال است."));
        }
        else if (agencyId is not null)
        {
            errors.Add(new("AgencyId", $"نقش «{Roles.PersianName(role)}» به دستگاه وابسته نیست؛ دستگاه را خالی بگذارید."));
        }
    }

    private async Task<bool> IsLastActiveAdminAsync(AppUser user)
    {
        if (!await users.IsInRoleAsync(user, Roles.Admin)) return false;
        var admins = await users.GetUsersInRoleAsync(Roles.Admin);
        return !admins.Any(a => a.Id != user.Id && a.IsActive);
    }

    /// <summary>Identity's (Persian) errors by the field they are about: passwords, the user name, or the form as a whole.</summary>
    private static List<ValidationError> IdentityErrors(IdentityResult result) =>
        [.. result.Errors.Select(e => new ValidationError(e.Code switch
        {
            _ when e.Code.StartsWith("Password", StringComparison.Ordinal) && e.Code != nameof(IdentityErrorDescriber.PasswordMismatch) => "Password",
            nameof(IdentityErrorDescriber.DuplicateUserName) or nameof(IdentityErrorDescriber.InvalidUserName) => "UserName",
            _ => "",
        }, e.Description))];
}
