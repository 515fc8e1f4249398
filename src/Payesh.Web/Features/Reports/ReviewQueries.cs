using Microsoft.EntityFrameworkCore;
using Payesh.Domain.Text;
using Payesh.Web.Data;
using Payesh.Web.Data.Model;
using Payesh.Web.Features.Account;
using Payesh.Web.Features.Plans;
using Payesh.Web.Features.Progress;
using Payesh.Web.Infrastructure;

namespace Payesh.Web.Features.Reports;

public enum ReviewOrder { Oldest, Newest }

/// <summary>What the secretariat narrows the review queue to. Jumps are in hundredths of a percentage point.</summary>
public sealed record ReviewFilter(long PlanId, DateOnly? From = null, DateOnly? To = null, string? Agency = null, string? Axis = null,
    int? JumpAtLeast = null, bool Downward = false, bool WithEvidence = false, ReviewOrder Order = ReviewOrder.Oldest);

public sealed record EvidenceLink(long Id, long ReportId, string FileName, string ContentType, long Size)
{
    public bool IsImage => ContentType.StartsWith("image/", StringComparison.Ordinal);
}

public sealed record ReviewRow(long Id, long PlanId, long NodeId, string Code, string Title, string Agency, DateOnly Date,
    int Hundredths, int? Previous, string? Note, string? Justification, DateTimeOffset SubmittedAt)
{
    public IReadOnlyList<EvidenceLink> Evidence { get; init; } = [];
    /// <summary>Change from the value in force before the report, in percentage points (from 0 for a first report).</summary>
    public double Jump => (Hundredths - (Previous ?? 0)) / 100.0;
}

/// <summary>One page of the queue: its rows, how many wait under the filter, where the next page starts, and the
/// newest matching report when counted (the bound a "verify all N" confirms).</summary>
public sealed record ReviewPage(IReadOnlyList<ReviewRow> Rows, int Total, long? Next, long? Bound, long? BulkUpTo, int BulkCount);

/// <summary>
/// The review queue (تأیید دبیرخانه) read side: keyset pages over a plan's submitted reports in arrival order (report
/// ids grow in commit order per plan), so a page never shifts when reports arrive or are decided meanwhile; the
/// filters run in the database on the (PlanId, Status, Id) index and the jump stored with each report.
/// </summary>
public sealed class ReviewQueries(PayeshDb db, PlanEngines engines, PlanQueries plans)
{
    public const int PageSize = 50;
    /// <summary>The most reports one "verify all matching" confirms; each goes through the single-decision path.</summary>
    public const int BulkLimit = 1000;

    public async Task<ReviewPage?> PageAsync(ReviewFilter f, long? after, CurrentUser user, CancellationToken ct)
    {
        if (!Access.CanReview(user)) return null;
        var matching = await MatchingAsync(f, ct);
        int total = await matching.CountAsync(ct);
        var page = f.Order == ReviewOrder.Newest
            ? (after is { } a ? matching.Where(r => r.Id < a) : matching).OrderByDescending(r => r.Id).Take(PageSize + 1)
            : (after is { } b ? matching.Where(r => r.Id > b) : matching).OrderBy(r => r.Id).Take(PageSize + 1);
        var rows = await (from r in page
                          join n in db.PlanNodes on r.NodeId equals n.Id
                          select new ReviewRow(r.Id, r.PlanId, r.NodeId, n.Code, n.Title, n.LeadAgency != null ? n.LeadAgency.Name : "",
                              r.ReportDate, r.PercentHundredths, r.PreviousHundredths, r.Note, r.Justification, r.SubmittedAt))
            .ToListAsync(ct);
        rows.Sort((x, y) => f.Order == ReviewOrder.Newest ? y.Id.CompareTo(x.Id) : x.Id.CompareTo(y.Id));
        long? next = rows.Count > PageSize ? rows[PageSize - 1].Id : null;
        if (rows.Count > PageSize) rows.RemoveAt(PageSize);

        var ids = rows.Select(r => r.Id).ToList();
        var files = await db.Evidence.AsNoTracking().Where(e => e.ReportId != null && ids.Contains(e.ReportId.Value))
            .OrderBy(e => e.Id).Select(e => new EvidenceLink(e.Id, e.ReportId!.Value, e.FileName, e.ContentType, e.Size)).ToListAsync(ct);
        var byReport = files.ToLookup(e => e.ReportId);
        rows = [.. rows.Select(r => r with { Evidence = [.. byReport[r.Id]] })];

        // The bound of "verify all": every matching report up to the newest counted now, or the oldest BulkLimit of them.
        long? bound = total == 0 ? null : await matching.MaxAsync(r => (long?)r.Id, ct);
        long? upTo = total <= BulkLimit ? bound
            : await matching.OrderBy(r => r.Id).Skip(BulkLimit - 1).Select(r => (long?)r.Id).FirstOrDefaultAsync(ct);
        return new ReviewPage(rows, total, next, bound, upTo, Math.Min(total, BulkLimit));
    }

    /// <summary>One report as a queue row (to redraw it after a refused decision), whatever its state; a reviewer's only.</summary>
    public async Task<ReviewRow?> RowAsync(CurrentUser user, long id, CancellationToken ct)
    {
        if (!Access.CanReview(user)) return null;
        var row = await (from r in db.ProgressReports.AsNoTracking().Where(r => r.Id == id)
                         join n in db.PlanNodes on r.NodeId equals n.Id
                         select new ReviewRow(r.Id, r.PlanId, r.NodeId, n.Code, n.Title, n.LeadAgency != null ? n.LeadAgency.Name : "",
                             r.ReportDate, r.PercentHundredths, r.PreviousHundredths, r.Note, r.Justification, r.SubmittedAt))
            .FirstOrDefaultAsync(ct);
        if (row is null) return null;
        var files = await db.Evidence.AsNoTracking().Where(e => e.ReportId == id).OrderBy(e => e.Id)
            .Select(e => new EvidenceLink(e.Id, e.ReportId!.Value, e.FileName, e.ContentType, e.Size)).ToListAsync(ct);
        return row with { Evidence = files };
    }

    /// <summary>The reports "verify all N" stands for: those matching the filter now with ids up to the confirmed bound,
    /// oldest first; at most <paramref name="count"/> + 1, so the caller can tell that more match than were confirmed.</summary>
    /// <remarks>A reviewer's only: anyone else gets none.</remarks>
    public async Task<List<long>> MatchingUpToAsync(CurrentUser user, ReviewFilter f, long upTo, int count, CancellationToken ct) =>
        !Access.CanReview(user) ? []
            : await (await MatchingAsync(f, ct)).Where(r => r.Id <= upTo).OrderBy(r => r.Id).Select(r => r.Id).Take(count + 1).ToListAsync(ct);

    /// <summary>The agencies of the queue's filter; a reviewer's only.</summary>
    public async Task<List<(string Code, string Name)>> AgenciesAsync(CurrentUser user, CancellationToken ct)
    {
        if (!Access.CanReview(user)) return [];
        return Agencies.AgencyOptions.CodesAndNames(await Agencies.AgencyOptions.ForFiltersAsync(db, ct));
    }

    /// <summary>The plan's top-level nodes (محورها), in tree order, of a plan this reviewer may see (<see cref="PlanQueries.EngineAsync"/>).</summary>
    public async Task<List<(string Code, string Title)>> AxesAsync(CurrentUser user, long planId, CancellationToken ct)
    {
        if (!Access.CanReview(user)) return [];
        var engine = await plans.EngineAsync(user, planId, ct);
        if (engine is null) return [];
        var keys = engine.Engine.Children(engine.Engine.Root).Select(engine.Engine.Key).ToList();
        var titles = await db.PlanNodes.AsNoTracking().Where(n => keys.Contains(n.Id)).Select(n => new { n.Id, n.Code, n.Title }).ToListAsync(ct);
        return [.. keys.Select(k => titles.First(t => t.Id == k)).Select(t => (t.Code, t.Title))];
    }

    private async Task<IQueryable<ProgressReport>> MatchingAsync(ReviewFilter f, CancellationToken ct)
    {
        var q = db.ProgressReports.AsNoTracking().Where(r => r.PlanId == f.PlanId && r.Status == ReportStatus.Submitted);
        if (f.From is { } from) q = q.Where(r => r.ReportDate >= from);
        if (f.To is { } to) q = q.Where(r => r.ReportDate <= to);
        var agency = PersianText.Normalize(f.Agency);
        if (!string.IsNullOrEmpty(agency))
        {
            var led = db.PlanNodes.Where(n => n.PlanId == f.PlanId && n.LeadAgency!.Code == agency).Select(n => n.Id);
            q = q.Where(r => led.Contains(r.NodeId));
        }
        var axis = PersianText.ToLatinDigits(PersianText.Normalize(f.Axis) ?? "").Trim();
        if (axis.Length > 0)
        {
            // The actions under the axis, from the engine's pre-order tree (a subtree is a range of indexes).
            var engine = await engines.GetAsync(db, f.PlanId, ct);
            var under = new List<long>();
            if (engine is not null && axis.Length > 0 && engine.Engine.TryFind(axis, out int node))
                for (int i = node; i < engine.Engine.SubtreeEnd(node); i++)
                    if (engine.Engine.IsAction(i)) under.Add(engine.Engine.Key(i));
            q = q.Where(r => under.Contains(r.NodeId));
        }
        if (f.JumpAtLeast is { } j)
            q = q.Where(r => r.PercentHundredths - (r.PreviousHundredths ?? 0) >= j || r.PercentHundredths - (r.PreviousHundredths ?? 0) <= -j);
        if (f.Downward) q = q.Where(r => r.PreviousHundredths != null && r.PercentHundredths < r.PreviousHundredths);
        if (f.WithEvidence) q = q.Where(r => db.Evidence.Any(e => e.ReportId == r.Id));
        return q;
    }
}
