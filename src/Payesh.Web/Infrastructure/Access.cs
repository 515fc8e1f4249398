using Payesh.Web.Data.Model;
using Payesh.Web.Features.Account;

namespace Payesh.Web.Infrastructure;

/// <summary>Who may do what: every page and endpoint asks here (issue: agency scoping in one place).</summary>
public static class Access
{
    public const string ReadPolicy = "read";
    public const string ManagePlansPolicy = "manage-plans";
    public const string ReviewPolicy = "review";
    /// <summary>Two-level sign-off: the agency manager's queue.</summary>
    public const string SignOffPolicy = "sign-off";
    public const string AdminPolicy = "admin";
    public const string ReportPolicy = "report";
    public const string AuditPolicy = "audit";
    /// <summary>The HQ's own work: meetings, agendas, minutes, resolutions (secretariat and administrators).</summary>
    public const string HqPolicy = "hq";

    public static void AddPolicies(Microsoft.AspNetCore.Authorization.AuthorizationOptions o)
    {
        o.AddPolicy(ReadPolicy, p => p.RequireRole(Roles.All));
        o.AddPolicy(ManagePlansPolicy, p => p.RequireRole(Roles.Admin, Roles.Secretariat));
        o.AddPolicy(ReviewPolicy, p => p.RequireRole(Roles.Admin, Roles.Secretariat));
        o.AddPolicy(SignOffPolicy, p => p.RequireRole(Roles.AgencyManager));
        o.AddPolicy(AdminPolicy, p => p.RequireRole(Roles.Admin));
        o.AddPolicy(ReportPolicy, p => p.RequireRole(Roles.Admin, Roles.Secretariat, Roles.AgencyManager, Roles.AgencyReporter));
        o.AddPolicy(AuditPolicy, p => p.RequireRole(Roles.Admin, Roles.Secretariat));
        o.AddPolicy(HqPolicy, p => p.RequireRole(Roles.Admin, Roles.Secretariat));
    }

    /// <summary>Which pages need which policy: every page needs "read", except signing in and out;
    /// whole folders are guarded so that a new page cannot be forgotten.</summary>
    public static void AddPageRules(Microsoft.AspNetCore.Mvc.ApplicationModels.PageConventionCollection c)
    {
        c.AuthorizeFolder("/", ReadPolicy);
        // Anonymous pages are named one by one: /Account also holds pages for signed-in users (change password).
        c.AllowAnonymousToPage("/Account/Login");
        c.AllowAnonymousToPage("/Account/Logout");
        c.AllowAnonymousToPage("/Account/Denied");
        c.AuthorizeFolder("/Admin", AdminPolicy);
        c.AuthorizeFolder("/Audit", AuditPolicy);
        c.AuthorizePage("/Reports/Today", ReportPolicy);
        c.AuthorizePage("/Reports/Sheet", ReportPolicy);
        c.AuthorizePage("/Reports/Review", ReviewPolicy);
        c.AuthorizePage("/Reports/SignOff", SignOffPolicy);
        c.AuthorizePage("/Obstacles/New", ReportPolicy);
        c.AuthorizePage("/Meetings/New", HqPolicy);
        // Plan authoring (issue 7): building, importing, approving and changing plans is the secretariat's.
        c.AuthorizeFolder("/Plans/Edit", ManagePlansPolicy);
    }

    public static bool IsStaff(CurrentUser u) => u.IsAdmin || u.IsSecretariat;

    /// <summary>May the user state a percentage for an action led by <paramref name="leadAgencyId"/>?</summary>
    public static bool CanReport(CurrentUser u, long? leadAgencyId) =>
        IsStaff(u)
        || ((u.Roles.Contains(Roles.AgencyReporter) || u.Roles.Contains(Roles.AgencyManager))
            && u.AgencyId is not null && u.AgencyId == leadAgencyId);

    /// <summary>Where a user lands after login when no page was asked for: agency users on their daily report (issue 11).</summary>
    public static string LandingPage(IEnumerable<string> roles)
    {
        var r = roles.ToHashSet();
        bool staff = r.Contains(Roles.Admin) || r.Contains(Roles.Secretariat);
        return !staff && (r.Contains(Roles.AgencyReporter) || r.Contains(Roles.AgencyManager)) ? "/Reports/Today" : "/";
    }

    public static bool IsAgencyUser(CurrentUser u) =>
        !IsStaff(u) && (u.Roles.Contains(Roles.AgencyReporter) || u.Roles.Contains(Roles.AgencyManager));

    /// <summary>An agency user sees the actions its agency leads or collaborates on; everyone else sees all.</summary>
    public static bool CanSeeAction(CurrentUser u, long? leadAgencyId, IEnumerable<long> collaboratorIds) =>
        !IsAgencyUser(u) || (u.AgencyId is { } a && (a == leadAgencyId || collaboratorIds.Contains(a)));

    /// <summary>Comments and evidence: the lead agency, collaborating agencies and the secretariat; not viewers.</summary>
    public static bool CanComment(CurrentUser u, long? leadAgencyId, IEnumerable<long> collaboratorIds) =>
        IsStaff(u) || (IsAgencyUser(u) && u.AgencyId is { } a && (a == leadAgencyId || collaboratorIds.Contains(a)));

    /// <summary>Who sees the missing-reports list: staff for all agencies, agency managers for their own.</summary>
    public static bool CanSeeMissing(CurrentUser u, long? agencyId) =>
        IsStaff(u) || u.Roles.Contains(Roles.Viewer) || (u.Roles.Contains(Roles.AgencyManager) && u.AgencyId == agencyId);

    /// <summary>Staff may date reports further back than the plan's limit for agencies (with a reason).</summary>
    public static bool CanBackdateBeyondLimit(CurrentUser u) => IsStaff(u);

    public static bool CanReview(CurrentUser u) => IsStaff(u);
    public static bool CanManagePlans(CurrentUser u) => IsStaff(u);

    /// <summary>The audit trail (who changed what) is for the secretariat and administrators.</summary>
    public static bool CanSeeAudit(CurrentUser? u) => u is not null && IsStaff(u);

    public static bool CanAdminister(CurrentUser? u) => u?.IsAdmin == true;

    // Obstacles, meetings and resolutions (issue 5). Which workflow step each role may take is the domain's rule
    // (Payesh.Domain.Obstacles); here a user becomes the actor those rules judge.

    /// <summary>The user as the obstacle and resolution rules see them: the secretariat, one agency, or a viewer.</summary>
    public static Domain.Obstacles.Actor ObstacleActor(CurrentUser u) =>
        IsStaff(u) ? Domain.Obstacles.Actor.Staff
        : IsAgencyUser(u) && u.AgencyId is { } a ? Domain.Obstacles.Actor.OfAgency(a)
        : Domain.Obstacles.Actor.Viewer;

    /// <summary>Agencies (for themselves) and the secretariat (for anyone) register obstacles; viewers do not.</summary>
    public static bool CanRegisterObstacle(CurrentUser u) => IsStaff(u) || (IsAgencyUser(u) && u.AgencyId is not null);

    /// <summary>Staff may register an obstacle on behalf of an agency; an agency user always reports for their own.</summary>
    public static bool CanReportForAnyAgency(CurrentUser u) => IsStaff(u);

    /// <summary>An agency user sees the obstacles its agency reported, leads or works on; everyone else sees all.</summary>
    public static bool CanSeeObstacle(CurrentUser u, long? reporterAgencyId, long? leadAgencyId, IEnumerable<long> otherAgencyIds) =>
        !IsAgencyUser(u) || (u.AgencyId is { } a && (a == reporterAgencyId || a == leadAgencyId || otherAgencyIds.Contains(a)));

    /// <summary>Meetings, agendas, minutes and resolutions are recorded by the secretariat; everyone signed in reads them.</summary>
    public static bool CanManageMeetings(CurrentUser u) => IsStaff(u);

    /// <summary>The axes' delivery-confidence ratings are the secretariat's judgement (issue 12 § 6).</summary>
    public static bool CanRateConfidence(CurrentUser u) => IsStaff(u);

    /// <summary>Agency roles act for one agency (their reports are scoped to it); every other role must have none.</summary>
    public static bool RoleNeedsAgency(string role) => role is Roles.AgencyManager or Roles.AgencyReporter;
}
