using Microsoft.EntityFrameworkCore;
using Payesh.Domain.Calendar;
using Payesh.Web.Data;
using Payesh.Web.Data.Model;

namespace Payesh.Web.Features.Audit;

/// <summary>The audit entries of one thing: an action with its reports and reviews, a user with their
/// roles and tokens, or any other entity by type and id.</summary>
public static class AuditQueries
{
    /// <summary>Midnight in Tehran at the start of a Jalali day, as UTC (the trail stores UTC).</summary>
    public static DateTimeOffset StartOf(JalaliDate day) =>
        new DateTimeOffset(day.ToDateOnly().ToDateTime(TimeOnly.MinValue), TimeSpan.FromHours(3.5)).ToUniversalTime();

    /// <summary>Entries written in [from, to). SQLite keeps DateTimeOffset as text, which EF will not compare,
    /// so the range is plain SQL; every stored value is UTC in one fixed format, so text order is time order
    /// there, and PostgreSQL compares timestamps.</summary>
    public static IQueryable<AuditEntry> Between(PayeshDb db, DateTimeOffset? from, DateTimeOffset? to) => (from, to) switch
    {
        ({ } f, { } t) => db.AuditEntries.FromSql($"SELECT * FROM \"AuditEntries\" WHERE \"At\" >= {f.ToUniversalTime()} AND \"At\" < {t.ToUniversalTime()}"),
        ({ } f, null) => db.AuditEntries.FromSql($"SELECT * FROM \"AuditEntries\" WHERE \"At\" >= {f.ToUniversalTime()}"),
        (null, { } t) => db.AuditEntries.FromSql($"SELECT * FROM \"AuditEntries\" WHERE \"At\" < {t.ToUniversalTime()}"),
        _ => db.AuditEntries,
    };

    /// <summary>Entries about the entity and the things that belong to it (newest first).</summary>
    public static async Task<IQueryable<AuditEntry>> AboutAsync(PayeshDb db, string entityType, string entityId, CancellationToken ct)
    {
        var q = db.AuditEntries.AsNoTracking();
        switch (entityType)
        {
            case "PlanNode" when long.TryParse(entityId, out var nodeId):
                {
                    var reports = await db.ProgressReports.Where(r => r.NodeId == nodeId).Select(r => r.Id).ToListAsync(ct);
                    var reviews = await db.ReportReviews.Where(r => r.NodeId == nodeId).Select(r => r.Id).ToListAsync(ct);
                    var milestones = await db.NodeMilestones.Where(m => m.NodeId == nodeId).Select(m => m.Id).ToListAsync(ct);
                    var reportIds = Strings(reports);
                    var reviewIds = Strings(reviews);
                    var milestoneIds = Strings(milestones);
                    var collaboratorPrefix = entityId + ",";
                    // Grouped report commits write one entry for several reports (entity id "first-last"),
                    // whose rows name their action.
                    var nodeField = $"\"NodeId\":{entityId},";
                    q = q.Where(a =>
                        (a.EntityType == "PlanNode" && a.EntityId == entityId)
                        || (a.EntityType == "ProgressReport" && (reportIds.Contains(a.EntityId!) || a.After!.Contains(nodeField)))
                        || (a.EntityType == "ReportReview" && reviewIds.Contains(a.EntityId!))
                        || (a.EntityType == "NodeMilestone" && milestoneIds.Contains(a.EntityId!))
                        || (a.EntityType == "NodeCollaborator" && a.EntityId!.StartsWith(collaboratorPrefix)));
                    break;
                }
            case "AppUser":
                {
                    var tokenIds = Strings(await db.ApiTokens.Where(t => t.UserId == entityId).Select(t => t.Id).ToListAsync(ct));
                    var rolePrefix = entityId + ",";
                    q = q.Where(a =>
                        (a.EntityType == "AppUser" && a.EntityId == entityId)
                        || (a.EntityType == "IdentityUserRole`1" && a.EntityId!.StartsWith(rolePrefix))
                        || (a.EntityType == "ApiToken" && tokenIds.Contains(a.EntityId!)));
                    break;
                }
            default:
                q = q.Where(a => a.EntityType == entityType && a.EntityId == entityId);
                break;
        }
        return q.OrderByDescending(a => a.Id);
    }

    /// <summary>Entries written by the user (newest first).</summary>
    public static IQueryable<AuditEntry> By(PayeshDb db, string userId) =>
        db.AuditEntries.AsNoTracking().Where(a => a.UserId == userId).OrderByDescending(a => a.Id);

    private static List<string> Strings(List<long> ids) =>
        [.. ids.Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))];
}
