using Microsoft.EntityFrameworkCore;
using Payesh.Domain.Plans;
using Payesh.Web.Data;
using Payesh.Web.Data.Model;
using Payesh.Web.Features.Account;
using Payesh.Web.Infrastructure;

namespace Payesh.Web.Features.Admin;

/// <summary>A user in the administrators' list, with their roles' Persian names.</summary>
public sealed record UserListRow(string Id, string UserName, string DisplayName, string? Agency, bool IsActive, bool LockedOut, DateTimeOffset CreatedAt, List<string> Roles);

/// <summary>An agency to filter or choose by.</summary>
public sealed record AgencyChoice(long Id, string Name, bool IsActive);

/// <summary>An agency in the administrators' list, with how many users and actions depend on it.</summary>
public sealed record AgencyListRow(long Id, string Code, string Name, AgencyKind Kind, bool IsActive, int Users, int Actions);

/// <summary>An API token in the administrators' list (never the token itself: only its hash is stored).</summary>
public sealed record TokenListRow(long Id, string UserId, string UserName, string DisplayName, string Name, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt, DateTimeOffset? RevokedAt);

/// <summary>A user a token may be issued to.</summary>
public sealed record UserOption(string Id, string UserName, string DisplayName);

/// <summary>An agency a user may be given (the create and edit forms).</summary>
public sealed record AgencyOption(long Id, string Code, string Name, bool IsActive);

/// <summary>One of a user's newest API tokens, on their page.</summary>
public sealed record UserTokenRow(long Id, string Name, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt, DateTimeOffset? RevokedAt);

/// <summary>One user as the edit page shows them: their role, agency, state, the stamp a change is checked against and
/// their newest tokens (of <paramref name="TokenCount"/>).</summary>
public sealed record UserDetail(string Id, string UserName, string DisplayName, long? AgencyId, string? Agency, string? Role, bool IsActive,
    DateTimeOffset CreatedAt, DateTimeOffset? LockoutEnd, string? ConcurrencyStamp, int TokenCount, List<UserTokenRow> Tokens);

/// <summary>One agency as the edit page shows it, with the version a change is checked against and how many users and actions depend on it.</summary>
public sealed record AgencyDetail(long Id, string Code, string Name, AgencyKind Kind, bool IsActive, uint Version, int Users, int Actions);

/// <summary>The filters of the users' list; <paramref name="Status"/> is "active", "inactive" or empty.</summary>
public sealed record UserFilter(string? Role, long? Agency, string? Status, string? Text);

/// <summary>
/// The administration lists (users, agencies, API tokens): administrators' only (<see cref="Access.CanAdminister"/>), projected
/// with <c>Select</c> into view records. Search text is normalised (ی/ک, digits) by <see cref="AdminText"/>.
/// </summary>
public sealed class AdminQueries(PayeshDb db, PayeshClock clock)
{
    public const string NotAllowed = "این بخش ویژه مدیر سامانه است.";
    public const int TokenListLimit = 200;
    public const string UserNotFound = "کاربر پیدا نشد.";
    public const string AgencyNotFound = "دستگاه پیدا نشد.";

    public async Task<Outcome<List<AgencyChoice>>> AgencyChoicesAsync(CurrentUser user, CancellationToken ct)
    {
        if (!Access.CanAdminister(user)) return Outcome.Forbidden(NotAllowed);
        return await db.Agencies.AsNoTracking().OrderBy(a => a.Name).Select(a => new AgencyChoice(a.Id, a.Name, a.IsActive)).ToListAsync(ct);
    }

    /// <summary>The agencies a user may be given: the active ones, plus <paramref name="keep"/> (a user's current agency) even when inactive.</summary>
    public async Task<Outcome<List<AgencyOption>>> AgencyOptionsAsync(CurrentUser user, long? keep, CancellationToken ct)
    {
        if (!Access.CanAdminister(user)) return Outcome.Forbidden(NotAllowed);
        return await db.Agencies.AsNoTracking().Where(a => a.IsActive || a.Id == keep).OrderBy(a => a.Name)
            .Select(a => new AgencyOption(a.Id, a.Code, a.Name, a.IsActive)).ToListAsync(ct);
    }

    /// <summary>One user with their role, agency and newest <paramref name="tokens"/> tokens; an unknown id is not found.</summary>
    public async Task<Outcome<UserDetail>> UserAsync(CurrentUser user, string id, int tokens, CancellationToken ct)
    {
        if (!Access.CanAdminister(user)) return Outcome.Forbidden(NotAllowed);
        var u = await db.Users.AsNoTracking().Where(x => x.Id == id)
            .Select(x => new { x.Id, x.UserName, x.DisplayName, x.AgencyId, Agency = x.Agency == null ? null : x.Agency.Name, x.IsActive, x.CreatedAt, x.LockoutEnd, x.ConcurrencyStamp })
            .FirstOrDefaultAsync(ct);
        if (u is null) return Outcome.NotFound(UserNotFound);
        var role = await (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id where ur.UserId == id select r.Name)
            .OrderBy(n => n).FirstOrDefaultAsync(ct);
        var own = db.ApiTokens.AsNoTracking().Where(t => t.UserId == id);
        int count = await own.CountAsync(ct);
        var rows = await own.OrderByDescending(t => t.Id).Take(tokens)
            .Select(t => new UserTokenRow(t.Id, t.Name, t.CreatedAt, t.ExpiresAt, t.RevokedAt)).ToListAsync(ct);
        return new UserDetail(u.Id, u.UserName ?? "", u.DisplayName, u.AgencyId, u.Agency, role, u.IsActive, u.CreatedAt, u.LockoutEnd,
            u.ConcurrencyStamp, count, rows);
    }

    /// <summary>One agency with its version and how many users and actions depend on it; an unknown id is not found.</summary>
    public async Task<Outcome<AgencyDetail>> AgencyAsync(CurrentUser user, long id, CancellationToken ct)
    {
        if (!Access.CanAdminister(user)) return Outcome.Forbidden(NotAllowed);
        var a = await db.Agencies.AsNoTracking().Where(x => x.Id == id)
            .Select(x => new { x.Id, x.Code, x.Name, x.Kind, x.IsActive, x.Version }).FirstOrDefaultAsync(ct);
        if (a is null) return Outcome.NotFound(AgencyNotFound);
        int users = await db.Users.CountAsync(u => u.AgencyId == id, ct);
        int actions = await db.PlanNodes.CountAsync(n => n.LeadAgencyId == id, ct);
        return new AgencyDetail(a.Id, a.Code, a.Name, a.Kind, a.IsActive, a.Version, users, actions);
    }

    /// <summary>The users by user name, filtered by role, agency, state and a text in the user name or display name.</summary>
    public async Task<Outcome<List<UserListRow>>> UsersAsync(CurrentUser user, UserFilter filter, CancellationToken ct)
    {
        if (!Access.CanAdminister(user)) return Outcome.Forbidden(NotAllowed);
        var q = db.Users.AsNoTracking();
        if (!string.IsNullOrEmpty(filter.Role) && Roles.All.Contains(filter.Role))
        {
            var roleId = await db.Roles.Where(r => r.Name == filter.Role).Select(r => r.Id).FirstOrDefaultAsync(ct);
            q = q.Where(u => db.UserRoles.Any(ur => ur.UserId == u.Id && ur.RoleId == roleId));
        }
        if (filter.Agency is { } agencyId) q = q.Where(u => u.AgencyId == agencyId);
        if (filter.Status == "active") q = q.Where(u => u.IsActive);
        else if (filter.Status == "inactive") q = q.Where(u => !u.IsActive);
        if (AdminText.Text(filter.Text) is { } text)
        {
            var lower = text.ToLowerInvariant();
            q = q.Where(u => u.UserName!.Contains(lower) || u.DisplayName.Contains(text));
        }
        var now = clock.Now;
        var users = await q.OrderBy(u => u.UserName)
            .Select(u => new { u.Id, u.UserName, u.DisplayName, Agency = u.Agency == null ? null : u.Agency.Name, u.IsActive, u.LockoutEnd, u.CreatedAt })
            .ToListAsync(ct);
        var ids = users.Select(u => u.Id).ToList();
        var roles = await (from ur in db.UserRoles
                           join r in db.Roles on ur.RoleId equals r.Id
                           where ids.Contains(ur.UserId)
                           select new { ur.UserId, r.Name }).ToListAsync(ct);
        var byUser = roles.ToLookup(r => r.UserId, r => r.Name ?? "");
        return users.Select(u => new UserListRow(u.Id, u.UserName ?? "", u.DisplayName, u.Agency, u.IsActive, u.LockoutEnd > now, u.CreatedAt,
            [.. byUser[u.Id].Select(Roles.PersianName)])).ToList();
    }

    /// <summary>The agencies by code, filtered by a text in the name or code and by state.</summary>
    public async Task<Outcome<List<AgencyListRow>>> AgenciesAsync(CurrentUser user, string? text, string? status, CancellationToken ct)
    {
        if (!Access.CanAdminister(user)) return Outcome.Forbidden(NotAllowed);
        var q = db.Agencies.AsNoTracking();
        if (AdminText.Text(text) is { } t)
        {
            var code = t.ToUpperInvariant();
            q = q.Where(a => a.Name.Contains(t) || a.Code.Contains(code));
        }
        if (status == "active") q = q.Where(a => a.IsActive);
        else if (status == "inactive") q = q.Where(a => !a.IsActive);
        var agencies = await q.OrderBy(a => a.Code).ToListAsync(ct);
        var users = await db.Users.AsNoTracking().Where(u => u.AgencyId != null).GroupBy(u => u.AgencyId!.Value)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        var actions = await db.PlanNodes.AsNoTracking().Where(n => n.LeadAgencyId != null).GroupBy(n => n.LeadAgencyId!.Value)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        return agencies.Select(a => new AgencyListRow(a.Id, a.Code, a.Name, a.Kind, a.IsActive, users.GetValueOrDefault(a.Id), actions.GetValueOrDefault(a.Id))).ToList();
    }

    /// <summary>The newest <see cref="TokenListLimit"/> tokens (of one user, if named; "live" or "revoked" ones, if asked), the
    /// total, and the users a token may be issued to (the active ones, and the one filtered by).</summary>
    public async Task<Outcome<(List<TokenListRow> Rows, int Total, List<UserOption> Users)>> TokensAsync(CurrentUser user, string? userId, string? status,
        CancellationToken ct)
    {
        if (!Access.CanAdminister(user)) return Outcome.Forbidden(NotAllowed);
        var users = await db.Users.AsNoTracking().Where(u => u.IsActive || u.Id == userId).OrderBy(u => u.UserName)
            .Select(u => new UserOption(u.Id, u.UserName!, u.DisplayName)).ToListAsync(ct);
        var q = db.ApiTokens.AsNoTracking();
        if (!string.IsNullOrEmpty(userId)) q = q.Where(t => t.UserId == userId);
        // Revocation is filtered here; expiry is shown per row (SQLite cannot compare DateTimeOffset in SQL).
        if (status == "live") q = q.Where(t => t.RevokedAt == null);
        else if (status == "revoked") q = q.Where(t => t.RevokedAt != null);
        int total = await q.CountAsync(ct);
        var rows = await q.OrderByDescending(t => t.Id).Take(TokenListLimit)
            .Select(t => new TokenListRow(t.Id, t.UserId, t.User!.UserName!, t.User.DisplayName, t.Name, t.CreatedAt, t.ExpiresAt, t.RevokedAt))
            .ToListAsync(ct);
        return (rows, total, users);
    }
}
