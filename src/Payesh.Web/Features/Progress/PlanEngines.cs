using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Payesh.Domain.Progress;
using Payesh.Web.Data;
using Payesh.Web.Data.Model;
using Payesh.Web.Features.Plans;

namespace Payesh.Web.Features.Progress;

/// <summary>What report validation needs of a plan besides its tree.</summary>
/// <param name="State">A draft takes no reports and only staff see it (PlanQueries); a closed plan (year over) takes no more.</param>
public sealed record PlanRules(int StartDay, int EndDay, int BackdateDays, PlanState State = PlanState.Draft, bool ManagerSignOff = false)
{
    public bool Closed => State == PlanState.Closed;

    /// <summary>The earliest day an agency may report on <paramref name="today"/>: the plan's back-date window
    /// (<see cref="BackdateDays"/>); the secretariat (<paramref name="beyondWindow"/>) may go back to the plan's start.</summary>
    public int EarliestReportDay(int today, bool beyondWindow) => beyondWindow ? StartDay : Math.Max(StartDay, today - BackdateDays);

    /// <summary>A report for <paramref name="day"/> lies beyond the agencies' window and needs a reason.</summary>
    public bool BeyondWindow(int today, int day) => today - day > BackdateDays;
}

/// <summary>The plan's title and its nodes' titles by node id (removed nodes too), as one engine read them.</summary>
public sealed record PlanTitles(string Plan, IReadOnlyDictionary<long, string> Nodes);

/// <summary>
/// A plan's engines — one per baseline (progress-spec § Baselines) — with what this instance has read of the
/// database so far. <see cref="Engine"/> is the tree as it stands (the latest baseline); figures of a day come
/// from <see cref="At"/>(day), the baseline in force on that day. A draft or a plan without baselines has one.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001", Justification = "Gate is a SemaphoreSlim whose wait handle is never asked for, so it holds nothing to free; a replaced engine may still have waiters.")]
public sealed class PlanEngine
{
    internal readonly SemaphoreSlim Gate = new(1, 1);

    internal PlanEngine(long planId, ProgressTimeline timeline, Dictionary<long, int> nodeIndex, long structureVersion)
    {
        PlanId = planId;
        Timeline = timeline;
        NodeIndex = nodeIndex;
        StructureVersion = structureVersion;
    }

    public long PlanId { get; }
    public ProgressTimeline Timeline { get; }
    /// <summary>The tree as it stands: the latest baseline. Use <see cref="At"/> for a day's figures.</summary>
    public ProgressEngine Engine => Timeline.Latest;
    /// <summary>The engine of the baseline in force on a day.</summary>
    public ProgressEngine At(int day) => Timeline.At(day);

    private sealed record CachedSeries(long Changes, ProgressSeries Series);

    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string Code, int From, int To), CachedSeries> _series = new();

    /// <summary>
    /// A series as <see cref="ProgressTimeline.Series"/> gives it, remembered until any report changes: the
    /// dashboard asks for the same S-curve on every load, and between two reports the answer is the same.
    /// The arrays are shared: callers read them only.
    /// </summary>
    public ProgressSeries Series(string? code, int from, int to)
    {
        long changes = Timeline.Changes;
        var key = (code ?? "", from, to);
        if (_series.TryGetValue(key, out var hit) && hit.Changes == changes) return hit.Series;
        var series = Timeline.Series(code, from, to);
        if (_series.Count > 64) _series.Clear(); // pages ask for few distinct curves; keep the memory bounded
        _series[key] = new CachedSeries(changes, series);
        return series;
    }
    private PlanTitles? _titles;

    /// <summary>
    /// The titles, read once per engine: a title changes only with the plan's StructureVersion (<c>PlanEditor</c> and
    /// <c>PlanUpdates</c> move it in the same transaction), and another StructureVersion is another engine. They are read
    /// after the stamp this engine was checked against, so they are never older than its structure.
    /// </summary>
    public async ValueTask<PlanTitles> TitlesAsync(PayeshDb db, CancellationToken ct)
    {
        if (Volatile.Read(ref _titles) is { } titles) return titles;
        titles = new PlanTitles(
            await db.Plans.AsNoTracking().Where(p => p.Id == PlanId).Select(p => p.Title).FirstOrDefaultAsync(ct) ?? "",
            await db.PlanNodes.AsNoTracking().Where(n => n.PlanId == PlanId).Select(n => new { n.Id, n.Title }).ToDictionaryAsync(n => n.Id, n => n.Title, ct));
        Volatile.Write(ref _titles, titles);
        return titles;
    }

    /// <summary>Node id → node index in <see cref="Engine"/>.</summary>
    public IReadOnlyDictionary<long, int> NodeIndex { get; }
    internal long StructureVersion { get; }
    internal long DataVersion { get; set; } = -1;

    private long _catchUps;

    /// <summary>
    /// Moves on (to an odd number) when a catch-up with other writers starts and again (to an even one) when it ends:
    /// the report write path validates against the engine without reading the plan's stamp, remembers this, and the
    /// group commit refuses the write (to be checked again, fresh) if it changed — see <see cref="PlanEngines.StillCurrentAsync"/>.
    /// </summary>
    internal long CatchUps => Volatile.Read(ref _catchUps);

    internal void CatchUpMoved() => Interlocked.Increment(ref _catchUps);
    internal long LastReportId { get; set; }
    internal long LastReviewId { get; set; }
    internal bool VerifiedOnly { get; set; }

    /// <summary>The plan's dates and reporting limits as read with the version stamp.</summary>
    public PlanRules Rules { get; internal set; } = new(0, 0, 0);


    /// <summary>The action index in <see cref="Engine"/> (the tree as it stands), or −1.</summary>
    public int ActionOf(long nodeId) =>
        NodeIndex.TryGetValue(nodeId, out var i) ? Engine.ActionIndex(i) : -1;

    /// <summary>An action's figures on a day under the baseline in force (or the nearest that has it).</summary>
    public ActionFigures? ActionAt(long nodeId, int day) => Timeline.Action(Timeline.SlotOf(nodeId), day);
}

/// <summary>
/// The engines of all plans, kept in memory. Every read checks the plan's version stamps (one
/// indexed row) and catches up with what other instances wrote: new reports by id, and the
/// actions whose reports were reviewed since. A structure change rebuilds the engine.
/// </summary>
public sealed class PlanEngines
{
    public PlanEngines() { }

    /// <param name="config"><c>Payesh:Engines:ReportsPerReadRange</c>: on SQLite, a plan with more report ids than this is
    /// read into its engine in ranges on parallel connections (<see cref="ReportLoading"/>).</param>
    [Microsoft.Extensions.DependencyInjection.ActivatorUtilitiesConstructor]
    public PlanEngines(IConfiguration config) =>
        _reportsPerRange = config.GetValue("Payesh:Engines:ReportsPerReadRange", ReportLoading.DefaultRowsPerRange);

    private readonly long _reportsPerRange = ReportLoading.DefaultRowsPerRange;
    private readonly ConcurrentDictionary<long, PlanEngine> _engines = new();
    private readonly ConcurrentDictionary<long, SemaphoreSlim> _buildGates = new();

    private sealed record Stamp(long DataVersion, long StructureVersion, bool VerifiedOnly, DateOnly StartDate, DateOnly EndDate, int BackdateDays,
        PlanState State, bool ManagerSignOff);

    // Read on every request that shows figures: compiled once, so a read costs the database round trip and not the
    // translation of the query's expression again. A compiled query serves one model (SQLite's or PostgreSQL's): one each.
    private static readonly ConditionalWeakTable<IModel, Func<PayeshDb, long, CancellationToken, Task<Stamp?>>> StampQueries = [];

    private static Task<Stamp?> StampOf(PayeshDb db, long planId, CancellationToken ct) =>
        StampQueries.GetValue(db.Model, static _ => EF.CompileAsyncQuery(
            (PayeshDb db, long planId, CancellationToken ct) => db.Plans.AsNoTracking().Where(p => p.Id == planId)
                .Select(p => new Stamp(p.DataVersion, p.StructureVersion, p.VerifiedOnly, p.StartDate, p.EndDate, p.BackdateDays, p.State, p.ManagerSignOff))
                .FirstOrDefault()))(db, planId, ct);

    public async Task<PlanEngine?> GetAsync(PayeshDb db, long planId, CancellationToken ct = default)
    {
        var stamp = await StampOf(db, planId, ct);
        if (stamp is null)
        {
            _engines.TryRemove(planId, out _);
            return null;
        }
        if (!_engines.TryGetValue(planId, out var current) || current.StructureVersion != stamp.StructureVersion
            || current.VerifiedOnly != stamp.VerifiedOnly)
        {
            var gate = _buildGates.GetOrAdd(planId, _ => new SemaphoreSlim(1, 1));
            await gate.WaitAsync(ct);
            try
            {
                if (!_engines.TryGetValue(planId, out current) || current.StructureVersion != stamp.StructureVersion
                    || current.VerifiedOnly != stamp.VerifiedOnly)
                {
                    var watch = System.Diagnostics.Stopwatch.StartNew();
                    current = await BuildAsync(db, planId, _reportsPerRange, ct);
                    if (current is null) return null;
                    Infrastructure.PayeshMetrics.EngineLoaded(watch.Elapsed);
                    _engines[planId] = current;
                }
            }
            finally { gate.Release(); }
        }
        current.Rules = new PlanRules(stamp.StartDate.DayNumber, stamp.EndDate.DayNumber, stamp.BackdateDays, stamp.State, stamp.ManagerSignOff);
        if (current.DataVersion != stamp.DataVersion) await CatchUpAsync(db, planId, current, ct);
        return current;
    }

    /// <summary>
    /// The engine this instance holds, without reading the plan's stamp (null if none is loaded or a catch-up is under
    /// way): the report write path's optimistic start. A write validated against it carries <see cref="PlanEngine.CatchUps"/>
    /// to the group commit, which checks with <see cref="StillCurrentAsync"/> that nothing was written meanwhile.
    /// </summary>
    public (PlanEngine Engine, long CatchUps)? Cached(long planId)
    {
        if (!_engines.TryGetValue(planId, out var e)) return null;
        long catchUps = e.CatchUps;
        return catchUps % 2 == 0 ? (e, catchUps) : null;
    }

    /// <summary>
    /// Whether a write validated against <paramref name="engine"/> (at <paramref name="catchUps"/>) saw everything
    /// written before it, checked in the committing transaction after the plan's stamp moved to <paramref name="newVersion"/>
    /// (the plan row is locked until commit): the engine is still this instance's, its structure is the stored one, no
    /// catch-up ran since, and every stamp move since it was built or caught up was this instance's own commit
    /// (<see cref="Committed"/> advances <see cref="PlanEngine.DataVersion"/> only by exactly one). Another instance's
    /// report or review — or a review in this one — breaks that chain until the next fresh read.
    /// </summary>
    public async Task<bool> StillCurrentAsync(long planId, PlanEngine engine, long catchUps, long newVersion, long structureVersion)
    {
        if (!_engines.TryGetValue(planId, out var current) || !ReferenceEquals(current, engine) || engine.StructureVersion != structureVersion)
            return false;
        await engine.Gate.WaitAsync();
        try
        {
            return engine.CatchUps == catchUps && engine.DataVersion == newVersion - 1;
        }
        finally { engine.Gate.Release(); }
    }

    /// <summary>Whether this instance holds the plan's engine (loaded at start by <see cref="EngineWarmup"/>, or on first use).</summary>
    public bool IsLoaded(long planId) => _engines.ContainsKey(planId);

    /// <summary>Forgets a plan (e.g. after its structure changed in this instance).</summary>
    public void Invalidate(long planId) => _engines.TryRemove(planId, out _);

    /// <summary>
    /// Applies reports this instance has just committed in a transaction that moved the plan's stamp to
    /// <paramref name="newVersion"/>. If nobody else wrote since this instance last caught up (the stamp moved
    /// by exactly one), the engine is current and the next read needs no catch-up.
    /// </summary>
    public void Committed(long planId, long newVersion, IEnumerable<ProgressReport> rows)
    {
        if (!_engines.TryGetValue(planId, out var e)) return;
        e.Gate.Wait();
        try
        {
            long maxId = 0;
            foreach (var r in rows)
            {
                maxId = Math.Max(maxId, r.Id);
                int slot = e.Timeline.SlotOf(r.NodeId);
                if (slot >= 0 && Counts(r.Status, e.VerifiedOnly))
                    e.Timeline.Apply(new ReportFact(slot, r.ReportDate.DayNumber, r.Id, r.PercentHundredths));
            }
            if (e.DataVersion == newVersion - 1)
            {
                e.DataVersion = newVersion;
                e.LastReportId = Math.Max(e.LastReportId, maxId);
            }
        }
        finally { e.Gate.Release(); }
    }

    /// <summary>Which reports count: verified ones in a verified-only plan, otherwise all but rejected and returned ones
    /// (a report awaiting the agency manager counts as a submitted one does).</summary>
    public static bool Counts(ReportStatus status, bool verifiedOnly) =>
        verifiedOnly ? status == ReportStatus.Verified : status is not (ReportStatus.Rejected or ReportStatus.Returned);

    private static async Task<PlanEngine?> BuildAsync(PayeshDb db, long planId, long reportsPerRange, CancellationToken ct)
    {
        // Read the stamps first: anything written after them is caught up on the next read.
        var row = await db.Plans.AsNoTracking().FirstOrDefaultAsync(p => p.Id == planId, ct);
        if (row is null) return null;
        var timeline = await TimelineAsync(db, row, ct);
        var engine = timeline.Latest;
        var index = new Dictionary<long, int>(engine.NodeCount);
        for (int i = 1; i < engine.NodeCount; i++) index[engine.Key(i)] = i;
        var entry = new PlanEngine(planId, timeline, index, row.StructureVersion) { VerifiedOnly = row.VerifiedOnly };

        long lastReview = await db.ReportReviews.Where(r => r.PlanId == planId).MaxAsync(r => (long?)r.Id, ct) ?? 0;
        // Rejected reports are not loaded, but their ids are passed.
        long lastReport = await db.ProgressReports.Where(r => r.PlanId == planId).MaxAsync(r => (long?)r.Id, ct) ?? 0;
        var loader = await ReportLoading.LoadAsync(db, timeline, planId, row.VerifiedOnly, lastReport, reportsPerRange, ct);
        loader.Complete();
        engine.Warm();
        entry.LastReportId = lastReport;
        entry.LastReviewId = lastReview;
        entry.DataVersion = row.DataVersion;
        return entry;
    }

    /// <summary>The plan's baselines as engines: the recorded ones, or — for a draft, or a plan approved before
    /// baselines were recorded — its live tree as the only one.</summary>
    internal static async Task<ProgressTimeline> TimelineAsync(PayeshDb db, Data.Model.PlanRow row, CancellationToken ct)
    {
        int agencyCount = (int)(await db.Agencies.MaxAsync(a => (long?)a.Id, ct) ?? 0) + 1;
        var settings = PlanStore.Settings(row);
        var baselines = await db.PlanBaselines.AsNoTracking().Where(b => b.PlanId == row.Id).OrderBy(b => b.Number)
            .Select(b => new { b.EffectiveFrom, b.Snapshot }).ToListAsync(ct);
        if (baselines.Count == 0)
        {
            var nodes = await db.PlanNodes.AsNoTracking().Where(n => n.PlanId == row.Id && !n.IsRemoved).Include(n => n.Milestones).ToListAsync(ct);
            var tree = PlanBaselines.Take(nodes);
            return new ProgressTimeline(PlanBaselines.Shape(tree, nodes.ToDictionary(n => n.Id, n => new PlanBaselines.LiveNode(n.Code, n.SortOrder)), agencyCount, settings));
        }
        var live = await db.PlanNodes.AsNoTracking().Where(n => n.PlanId == row.Id)
            .Select(n => new { n.Id, n.Code, n.SortOrder }).ToDictionaryAsync(n => n.Id, n => new PlanBaselines.LiveNode(n.Code, n.SortOrder), ct);
        return new ProgressTimeline([.. baselines.Select((b, i) => new BaselineShape(
            i == 0 ? int.MinValue : b.EffectiveFrom.DayNumber,
            PlanBaselines.Shape(PlanBaselines.Deserialize(b.Snapshot), live, agencyCount, settings)))]);
    }

    private sealed record ReportRow(long Id, long NodeId, DateOnly ReportDate, int PercentHundredths, ReportStatus Status);

    private static IQueryable<ReportRow> CountingReports(PayeshDb db, long planId, bool verifiedOnly, long? nodeId = null)
    {
        var q = db.ProgressReports.AsNoTracking().Where(r => r.PlanId == planId);
        // Filtered before the projection: EF cannot translate a filter on the projected record.
        if (nodeId is { } node) q = q.Where(r => r.NodeId == node);
        q = verifiedOnly ? q.Where(r => r.Status == ReportStatus.Verified) : q.Where(r => r.Status != ReportStatus.Rejected && r.Status != ReportStatus.Returned);
        return q.Select(r => new ReportRow(r.Id, r.NodeId, r.ReportDate, r.PercentHundredths, r.Status));
    }

    private static async Task CatchUpAsync(PayeshDb db, long planId, PlanEngine e, CancellationToken ct)
    {
        await e.Gate.WaitAsync(ct);
        try
        {
            var version = await db.Plans.AsNoTracking().Where(p => p.Id == planId).Select(p => p.DataVersion).FirstAsync(ct);
            if (version == e.DataVersion) return;
            e.CatchUpMoved();
            try
            {
                await ApplyOthersWritesAsync(db, planId, e, version, ct);
            }
            finally { e.CatchUpMoved(); }
        }
        finally { e.Gate.Release(); }
    }

    /// <summary>Applies what was written since the engine's stamp: new reports by id, and the actions whose reports were
    /// reviewed (reloaded whole). Called under the engine's gate.</summary>
    private static async Task ApplyOthersWritesAsync(PayeshDb db, long planId, PlanEngine e, long version, CancellationToken ct)
    {
        // Writers bump DataVersion before inserting, in the same transaction, so ids grow in commit order per plan.
        var fresh = await db.ProgressReports.AsNoTracking().Where(r => r.PlanId == planId && r.Id > e.LastReportId)
            .OrderBy(r => r.Id)
            .Select(r => new ReportRow(r.Id, r.NodeId, r.ReportDate, r.PercentHundredths, r.Status)).ToListAsync(ct);
        foreach (var r in fresh)
        {
            int slot = e.Timeline.SlotOf(r.NodeId);
            if (slot >= 0 && Counts(r.Status, e.VerifiedOnly))
                e.Timeline.Apply(new ReportFact(slot, r.ReportDate.DayNumber, r.Id, r.PercentHundredths));
            e.LastReportId = Math.Max(e.LastReportId, r.Id);
        }
        var reviewed = await db.ReportReviews.AsNoTracking().Where(r => r.PlanId == planId && r.Id > e.LastReviewId)
            .Select(r => new { r.Id, r.NodeId }).ToListAsync(ct);
        foreach (var nodeId in reviewed.Select(r => r.NodeId).Distinct())
        {
            int slot = e.Timeline.SlotOf(nodeId);
            if (slot < 0) continue;
            var rows = await CountingReports(db, planId, e.VerifiedOnly, nodeId).ToListAsync(ct);
            e.Timeline.ReplaceReports(slot, rows.Select(r => new ReportFact(slot, r.ReportDate.DayNumber, r.Id, r.PercentHundredths)));
        }
        if (reviewed.Count > 0) e.LastReviewId = reviewed.Max(r => r.Id);
        e.DataVersion = version;
    }
}
