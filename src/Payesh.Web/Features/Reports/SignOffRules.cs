using Payesh.Web.Data.Model;
using Payesh.Web.Features.Account;
using Payesh.Web.Infrastructure;

namespace Payesh.Web.Features.Reports;

/// <summary>Two-level sign-off (issue 11, item 5): who waits for whom.</summary>
public static class SignOffRules
{
    /// <summary>An agency reporter's report waits for the manager; a manager's own report and the secretariat's do not.</summary>
    public static bool NeedsManager(CurrentUser u) =>
        !Access.IsStaff(u) && u.Roles.Contains(Roles.AgencyReporter) && !u.Roles.Contains(Roles.AgencyManager);

    /// <summary>The agency manager decides on the reports of the actions the agency leads.</summary>
    public static bool CanSignOff(CurrentUser u, long? leadAgencyId) =>
        u.Roles.Contains(Roles.AgencyManager) && u.AgencyId is { } a && a == leadAgencyId;
}
