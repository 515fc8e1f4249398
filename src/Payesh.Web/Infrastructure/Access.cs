using Payesh.Web.Data.Model;
using Payesh.Web.Features.Account;

namespace Payesh.Web.Infrastructure;

/// <summary>Who may do what: every page and endpoint asks here (issue: agency scoping in one place).</summary>
public static class Access
{
    public const string ReadPolicy = "read";
    public const string ManagePlansPolicy = "manage-plans";
    public const string ReviewPolicy = "review";
    public const string AdminPolicy = "admin";
    public const string ReportPolicy = "report";

    public static void AddPolicies(Microsoft.AspNetCore.Authorization.AuthorizationOptions o)
    {
        o.AddPolicy(ReadPolicy, p => p.RequireRole(Roles.All));
        o.AddPolicy(ManagePlansPolicy, p => p.RequireRole(Roles.Admin, Roles.Secretariat));
        o.AddPolicy(ReviewPolicy, p => p.RequireRole(Roles.Admin, Roles.Secretariat));
        o.AddPolicy(AdminPolicy, p => p.RequireRole(Roles.Admin));
        o.AddPolicy(ReportPolicy, p => p.RequireRole(Roles.Admin, Roles.Secretariat, Roles.AgencyManager, Roles.AgencyReporter));
    }

    public static bool IsStaff(CurrentUser u) => u.IsAdmin || u.IsSecretariat;

    /// <summary>May the user state a percentage for an action led by <paramref name="leadAgencyId"/>?</summary>
    public static bool CanReport(CurrentUser u, long? leadAgencyId) =>
        IsStaff(u)
        || ((u.Roles.Contains(Roles.AgencyReporter) || u.Roles.Contains(Roles.AgencyManager))
            && u.AgencyId is not null && u.AgencyId == leadAgencyId);

    /// <summary>Staff may date reports further back than the plan's limit for agencies (with a reason).</summary>
    public static bool CanBackdateBeyondLimit(CurrentUser u) => IsStaff(u);

    public static bool CanReview(CurrentUser u) => IsStaff(u);
    public static bool CanManagePlans(CurrentUser u) => IsStaff(u);
}
