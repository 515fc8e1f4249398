using Microsoft.EntityFrameworkCore;
using Payesh.Domain.Calendar;
using Payesh.Web.Data;
using Payesh.Domain.Plans;
using Payesh.Domain.Text;
using Payesh.Web.Data.Model;
using Payesh.Web.Features.Account;
using Payesh.Web.Infrastructure;

namespace Payesh.Web.Features.Audit;

/// <summary>What the trail's list is filtered by, as typed (dates are Jalali, in any digits).</summary>
public sealed record AuditFilter(string? Entity, string? EntityId, string? Who, string? UserId, string? From, string? To);

/// <summary>One page of the trail, the entity types to filter by and the name of the user filtered by id.</summary>
public sealed record AuditTrail(List<string> EntityTypes, List<AuditRow> Rows, int Total, int PageNumber, string? UserIdName);

/// <summary>The history of one thing: its heading, where it lives, and the entries about it (newest first).</summary>
public sealed record AuditHistory(string Heading, string? BackLink, string? BackText, List<AuditRow> Rows, int Total);

/// <summary>A user's history: the changes to them (with roles and tokens) and the changes they made.</summary>
public sealed record UserAudit(List<AuditRow> Changes, List<AuditRow> Actions);

/// <summary>The chain check, how long it took, and the first broken entry as a reader sees it.</summary>
public sealed record AuditCheck(AuditChainResult Result, TimeSpan Took, AuditRow? BrokenRow, string? ComputedHash);

/// <summary>The audit trail's reads (the secretariat's and administrators', <see cref="Access.CanSeeAudit"/>): the list,
/// the history of one thing (an action with its reports and reviews, a user with their roles and tokens, or any other
/// entity by type and id), a user's history and the chain check.</summary>
public sealed class AuditQueries(PayeshDb db, TimeProvider time)
{
    public const int PageSize = 50;
    public const int HistoryLimit = 300;

    private static readonly Outcome.Failure NotAllowed = Outcome.Forbidden("سابقه تغییرات را دبیرخانه و مدیر سامانه می‌بینند.");

    /// <summary>One page (from 1, clamped) of the trail, newest first; bad dates are invalid, by field.</summary>
    public async Task<Outcome<AuditTrail>> TrailAsync(CurrentUser user, AuditFilter filter, int page, CancellationToken ct)
    {
        if (!Access.CanSeeAudit(user)) return NotAllowed;
        var errors = new List<ValidationError>();
        DateTimeOffset? from = null, to = null;
        if (!string.IsNullOrWhiteSpace(filter.From))
        {
            if (JalaliDate.TryParse(filter.From, out var d, out var error)) from = StartOf(d);
            else errors.Add(new("From", $"تاریخ «از»: {error}"));
        }
        if (!string.IsNullOrWhiteSpace(filter.To))
        {
            if (JalaliDate.TryParse(filter.To, out var d, out var error)) to = StartOf(d.AddDays(1));
            else errors.Add(new("To", $"تاریخ «تا»: {error}"));
        }
        if (from is not null && to is not null && from >= to) errors.Add(new("From", "تاریخ «از» پس از تاریخ «تا» است."));
        if (errors.Count > 0) return Outcome.Invalid(errors);

        var types = await db.AuditEntries.AsNoTracking().Select(a => a.EntityType).Distinct().OrderBy(t => t).ToListAsync(ct);
        var q = Between(from, to).AsNoTracking();
        if (!string.IsNullOrWhiteSpace(filter.Entity)) q = q.Where(a => a.EntityType == filter.Entity);
        var entityId = PersianText.Normalize(filter.EntityId) is { Length: > 0 } id ? PersianText.ToLatinDigits(id) : null;
        if (entityId is not null) q = q.Where(a => a.EntityId == entityId);
        var who = PersianText.Normalize(filter.Who);
        if (!string.IsNullOrEmpty(who)) q = q.Where(a => a.UserName == who);
        string? userIdName = null;
        if (!string.IsNullOrWhiteSpace(filter.UserId))
        {
            q = q.Where(a => a.UserId == filter.UserId);
            userIdName = await db.Users.AsNoTracking().Where(u => u.Id == filter.UserId)
                .Select(u => u.DisplayName + " (" + u.UserName + ")").FirstOrDefaultAsync(ct) ?? filter.UserId;
        }
        int total = await q.CountAsync(ct);
        page = Math.Clamp(page, 1, Math.Max(1, (total + PageSize - 1) / PageSize));
        var entries = await q.OrderByDescending(a => a.Id).Skip((page - 1) * PageSize).Take(PageSize).ToListAsync(ct);
        return new AuditTrail(types, await AuditView.RowsAsync(db, entries, ct), total, page, userIdName);
    }

    /// <summary>«سابقه تغییرات» of one thing, at most <see cref="HistoryLimit"/> entries.</summary>
    public async Task<Outcome<AuditHistory>> HistoryAsync(CurrentUser user, string entity, string id, CancellationToken ct)
    {
        if (!Access.CanSeeAudit(user)) return NotAllowed;
        var heading = AuditNames.EntityName(entity) + " " + AuditView.Display(id);
        string? backLink = null, backText = null;
        switch (entity)
        {
            case "PlanNode" when long.TryParse(id, out var nodeId):
                if (await db.PlanNodes.AsNoTracking().Where(n => n.Id == nodeId)
                        .Select(n => new { n.PlanId, n.Code, n.Title, n.IsAction }).FirstOrDefaultAsync(ct) is { } node)
                {
                    heading = $"{(node.IsAction ? "اقدام" : "بخش")} {Fa.Digits(node.Code)}: {node.Title}";
                    backLink = node.IsAction ? $"/Plans/{node.PlanId}/Action/{nodeId}" : $"/Plans/{node.PlanId}?node={Uri.EscapeDataString(node.Code)}";
                    backText = node.IsAction ? "صفحه اقدام" : "صفحه برنامه";
                }
                break;
            case "AppUser":
                if (await db.Users.AsNoTracking().Where(u => u.Id == id).Select(u => new { u.UserName, u.DisplayName }).FirstOrDefaultAsync(ct) is { } who)
                {
                    heading = $"کاربر {who.DisplayName} ({who.UserName})";
                    if (Access.CanAdminister(user)) (backLink, backText) = ($"/Admin/Users/Edit/{Uri.EscapeDataString(id)}", "صفحه کاربر");
                }
                break;
            case "Agency" when long.TryParse(id, out var agencyId):
                if (await db.Agencies.AsNoTracking().Where(a => a.Id == agencyId).Select(a => new { a.Code, a.Name }).FirstOrDefaultAsync(ct) is { } agency)
                {
                    heading = $"دستگاه {agency.Name} ({agency.Code})";
                    if (Access.CanAdminister(user)) (backLink, backText) = ($"/Admin/Agencies/Edit/{agencyId}", "صفحه دستگاه");
                }
                break;
        }
        var q = await AboutAsync(entity, id, ct);
        int total = await q.CountAsync(ct);
        return new AuditHistory(heading, backLink, backText, await AuditView.RowsAsync(db, await q.Take(HistoryLimit).ToListAsync(ct), ct), total);
    }

    /// <summary>The newest <paramref name="limit"/> changes to a user (roles and tokens included) and by them.</summary>
    public async Task<Outcome<UserAudit>> OfUserAsync(CurrentUser user, string userId, int limit, CancellationToken ct)
    {
        if (!Access.CanSeeAudit(user)) return NotAllowed;
        var about = await AboutAsync("AppUser", userId, ct);
        var by = db.AuditEntries.AsNoTracking().Where(a => a.UserId == userId).OrderByDescending(a => a.Id);
        return new UserAudit(await AuditView.RowsAsync(db, await about.Take(limit).ToListAsync(ct), ct),
            await AuditView.RowsAsync(db, await by.Take(limit).ToListAsync(ct), ct));
    }

    /// <summary>Recomputes the whole chain (the same check as <c>verify-audit</c>) and shows where it first breaks.</summary>
    public async Task<Outcome<AuditCheck>> VerifyAsync(CurrentUser user, CancellationToken ct)
    {
        if (!Access.CanSeeAudit(user)) return NotAllowed;
        long started = time.GetTimestamp();
        var result = await AuditChain.VerifyAsync(db, ct);
        var took = time.GetElapsedTime(started);
        if (result.FirstBreak?.Entry is not { } e) return new AuditCheck(result, took, null, null);
        var row = (await AuditView.RowsAsync(db, [e], ct))[0];
        var hash = result.KeyedFromId is { } keyed && e.Id >= keyed ? AuditHash.Compute(e, db.AuditKey!) : AuditHash.ComputeUnkeyed(e);
        return new AuditCheck(result, took, row, hash);
    }

    /// <summary>Midnight in Tehran at the start of a Jalali day, as UTC (the trail stores UTC).</summary>
    public static DateTimeOffset StartOf(JalaliDate day) =>
        new DateTimeOffset(day.ToDateOnly().ToDateTime(TimeOnly.MinValue), TimeSpan.FromHours(3.5)).ToUniversalTime();

    /// <summary>Entries written in [from, to). SQLite keeps DateTimeOffset as text, which EF will not compare,
    /// so the range is plain SQL; every stored value is UTC in one fixed format, so text order is time order
    /// there, and PostgreSQL compares timestamps.</summary>
    private IQueryable<AuditEntry> Between(DateTimeOffset? from, DateTimeOffset? to) => (from, to) switch
    {
        ({ } f, { } t) => db.AuditEntries.FromSql($"SELECT * FROM \"AuditEntries\" WHERE \"At\" >= {f.ToUniversalTime()} AND \"At\" < {t.ToUniversalTime()}"),
        ({ } f, null) => db.AuditEntries.FromSql($"SELECT * FROM \"AuditEntries\" WHERE \"At\" >= {f.ToUniversalTime()}"),
        (null, { } t) => db.AuditEntries.FromSql($"SELECT * FROM \"AuditEntries\" WHERE \"At\" < {t.ToUniversalTime()}"),
        _ => db.AuditEntries,
    };

    /// <summary>Entries about the entity and the things that belong to it (newest first).</summary>
    private async Task<IQueryable<AuditEntry>> AboutAsync(string entityType, string entityId, CancellationToken ct)
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

    private static List<string> Strings(List<long> ids) =>
        [.. ids.Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))];
}
