using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.EntityFrameworkCore;
using Payesh.Web.Data;
using Payesh.Web.Data.Model;
using Payesh.Web.Infrastructure;

namespace Payesh.Web.Features.Admin.Users;

/// <summary>What the user create and edit forms share: the agency choices and the role–agency rule.</summary>
public static class UserForm
{
    public sealed record AgencyOption(long Id, string Code, string Name, bool IsActive);

    /// <summary>Active agencies, plus <paramref name="keep"/> (a user's current agency) even when inactive.</summary>
    public static Task<List<AgencyOption>> AgenciesAsync(PayeshDb db, long? keep, CancellationToken ct) =>
        db.Agencies.AsNoTracking().Where(a => a.IsActive || a.Id == keep).OrderBy(a => a.Name)
            .Select(a => new AgencyOption(a.Id, a.Code, a.Name, a.IsActive)).ToListAsync(ct);

    /// <summary>Checks role and agency together (<see cref="Access.RoleNeedsAgency"/>); errors go to <paramref name="prefix"/>.Role/AgencyId.</summary>
    public static async Task CheckAsync(PayeshDb db, ModelStateDictionary state, string prefix, string? role, long? agencyId, long? currentAgencyId, CancellationToken ct)
    {
        if (role is null) return;
        if (!Roles.All.Contains(role))
        {
            state.AddModelError($"{prefix}.Role", "نقش نامعتبر است.");
            return;
        }
        if (Access.RoleNeedsAgency(role))
        {
            if (agencyId is null)
            {
                state.AddModelError($"{prefix}.AgencyId", $"برای نقش «{Roles.PersianName(role)}» دستگاه را برگزینید.");
                return;
            }
            var agency = await db.Agencies.AsNoTracking().Where(a => a.Id == agencyId).Select(a => new { a.IsActive }).FirstOrDefaultAsync(ct);
            if (agency is null) state.AddModelError($"{prefix}.AgencyId", "دستگاه برگزیده پیدا نشد.");
            else if (!agency.IsActive && agencyId != currentAgencyId) state.AddModelError($"{prefix}.AgencyId", "دستگاه برگزیده غیرفعال است.");
        }
        else if (agencyId is not null)
        {
            state.AddModelError($"{prefix}.AgencyId", $"نقش «{Roles.PersianName(role)}» به دستگاه وابسته نیست؛ دستگاه را خالی بگذارید.");
        }
    }

    /// <summary>Identity's (Persian) errors beside the field they are about.</summary>
    public static void AddErrors(ModelStateDictionary state, IdentityResult result, string prefix, string passwordField = "Password")
    {
        foreach (var e in result.Errors)
        {
            string key = e.Code switch
            {
                _ when e.Code.StartsWith("Password", StringComparison.Ordinal) && e.Code != nameof(IdentityErrorDescriber.PasswordMismatch) => $"{prefix}.{passwordField}",
                nameof(IdentityErrorDescriber.DuplicateUserName) or nameof(IdentityErrorDescriber.InvalidUserName) => $"{prefix}.UserName",
                _ => "",
            };
            state.AddModelError(key, e.Description);
        }
    }
}
