using Microsoft.AspNetCore.Identity;
using Payesh.Domain.Text;
using Payesh.Web.Data;
using Payesh.Web.Data.Model;

namespace Payesh.Web.Features.Account;

/// <summary>
/// The one password check of the login form and <c>/api/v1/auth/token</c> (issue 13): the pair (address, user
/// name) is slowed down after wrong passwords (<see cref="LoginThrottle"/>) instead of the account being locked;
/// unknown, inactive and known names cost the same (the password hasher always runs); every attempt is audited.
/// </summary>
public sealed class SignInGate(UserManager<AppUser> users, SignInManager<AppUser> signIn, IPasswordHasher<AppUser> hasher,
    LoginThrottle throttle, PayeshDb db)
{
    public enum Outcome { Succeeded, Failed, Throttled, LockedOut }

    public sealed record Result(Outcome Outcome, AppUser? User, TimeSpan? RetryAfter = null);

    private static string? _dummyHash;

    public async Task<Result> CheckAsync(HttpContext http, string? userName, string? password, string channel, CancellationToken ct)
    {
        var address = LoginThrottle.AddressOf(http);
        var name = InputText.Clean(userName ?? "", multiLine: false)!.Trim();
        password ??= "";
        if (throttle.Wait(address, name) is { } wait)
        {
            await SignInAudit.RecordAsync(db, SignInAudit.Throttled, name, address, channel, null, ct);
            return new Result(Outcome.Throttled, null, wait);
        }
        var user = name.Length is > 0 and <= FieldLimits.UserName ? await users.FindByNameAsync(name) : null;
        if (user is null || !user.IsActive)
        {
            // Same work as for a real account, so the answer's timing does not tell which names exist.
            var dummy = new AppUser();
            hasher.VerifyHashedPassword(dummy, _dummyHash ??= hasher.HashPassword(dummy, Guid.NewGuid().ToString("N")), password);
            return await FailAsync(address, name, channel, user?.Id, ct);
        }
        var check = await signIn.CheckPasswordSignInAsync(user, password, lockoutOnFailure: false);
        if (check.IsLockedOut)
        {
            await SignInAudit.RecordAsync(db, SignInAudit.Failed, name, address, channel, user.Id, ct);
            return new Result(Outcome.LockedOut, user);
        }
        if (!check.Succeeded) return await FailAsync(address, name, channel, user.Id, ct);
        throttle.Succeeded(address, name);
        await SignInAudit.RecordAsync(db, SignInAudit.Succeeded, user.UserName ?? name, address, channel, user.Id, ct);
        return new Result(Outcome.Succeeded, user);
    }

    private async Task<Result> FailAsync(string address, string name, string channel, string? userId, CancellationToken ct)
    {
        throttle.Failed(address, name);
        await SignInAudit.RecordAsync(db, SignInAudit.Failed, name, address, channel, userId, ct);
        return new Result(Outcome.Failed, null, throttle.Wait(address, name));
    }

    /// <summary>Seconds for a Retry-After header (at least one).</summary>
    public static string RetryAfterSeconds(TimeSpan wait) =>
        Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>"n seconds/minutes" in Persian for the message beside a 429.</summary>
    public static string PersianWait(TimeSpan wait) =>
        wait.TotalSeconds < 90
            ? $"{PersianText.FormatInteger(Math.Max(1, (long)Math.Ceiling(wait.TotalSeconds)))} ثانیه"
            : $"{PersianText.FormatInteger((long)Math.Ceiling(wait.TotalMinutes))} دقیقه";
}
