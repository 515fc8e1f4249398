using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Payesh.Domain.Calendar;
using Payesh.Domain.Plans;
using Payesh.Domain.Progress;
using Payesh.Web.Data;
using Payesh.Web.Data.Model;
using Payesh.Web.Infrastructure;

namespace Payesh.Web.Features.Plans;

/// <summary>
/// Baselines (progress-spec § Baselines): what a snapshot of a plan's tree holds, how the engine is built from it,
/// and what changed between two of them. The live tree (PlanNodes without the removed ones) of an approved plan is
/// always its latest baseline: every change after approval records a new one in the same transaction.
/// </summary>
public static class PlanBaselines
{
    public sealed record SnapshotMilestone(DateOnly Date, double Percent);

    /// <summary>A node as a baseline froze it. Codes and titles are kept for the record; the engine takes a node's
    /// current code by its id, so that a node is the same node in every baseline.</summary>
    public sealed record SnapshotNode(
        long Id, long? Parent, int Order, string Code, string Title, double Weight, bool IsAction,
        long? Agency, DateOnly? Start, DateOnly? End, CurveKind Curve, IReadOnlyList<SnapshotMilestone>? Milestones);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>The snapshot of the live nodes (the caller leaves out removed ones; milestones must be loaded).</summary>
    public static List<SnapshotNode> Take(IEnumerable<PlanNodeRow> nodes) =>
        [.. nodes.OrderBy(n => n.SortOrder).ThenBy(n => n.Id).Select(n => new SnapshotNode(
            n.Id, n.ParentId, n.SortOrder, n.Code, n.Title, n.Weight, n.IsAction,
            n.IsAction ? n.LeadAgencyId : null, n.IsAction ? n.StartDate : null, n.IsAction ? n.EndDate : null, n.Curve,
            n.IsAction && n.Milestones.Count > 0 ? [.. n.Milestones.OrderBy(m => m.Date).Select(m => new SnapshotMilestone(m.Date, m.Percent))] : null))];

    public static string Serialize(IReadOnlyList<SnapshotNode> nodes) => JsonSerializer.Serialize(nodes, Json);

    public static List<SnapshotNode> Deserialize(string snapshot) => JsonSerializer.Deserialize<List<SnapshotNode>>(snapshot, Json) ?? [];

    /// <summary>What every baseline takes from the live tree: a node's current code and its place among its
    /// siblings (neither changes figures, so neither needs a new baseline).</summary>
    public readonly record struct LiveNode(string Code, int Order);

    /// <summary>The engine's view of a snapshot: <see cref="ShapeNode.Key"/> is the node id, agencies are numbered
    /// by their database id, codes and sibling order are the live ones (<paramref name="live"/>).</summary>
    public static PlanShape Shape(IReadOnlyList<SnapshotNode> nodes, IReadOnlyDictionary<long, LiveNode> live, int agencyCount, PlanSettings settings)
    {
        var byParent = nodes.ToLookup(n => n.Parent);
        var list = new List<ShapeNode>(nodes.Count);
        int Order(SnapshotNode n) => live.TryGetValue(n.Id, out var l) ? l.Order : n.Order;
        void Add(SnapshotNode n, int parent)
        {
            int me = list.Count;
            ShapeAction? action = n.IsAction
                ? new ShapeAction((int)n.Agency!.Value, n.Start!.Value.DayNumber, n.End!.Value.DayNumber, n.Curve,
                    [.. (n.Milestones ?? []).Select(m => (m.Date.DayNumber, m.Percent))])
                : null;
            list.Add(new ShapeNode(n.Id, parent, live.TryGetValue(n.Id, out var l) ? l.Code : n.Code, n.Weight, action));
            foreach (var c in byParent[n.Id].OrderBy(Order).ThenBy(c => c.Id)) Add(c, me);
        }
        foreach (var n in byParent[null].OrderBy(Order).ThenBy(c => c.Id)) Add(n, -1);
        return new PlanShape(list, agencyCount, settings);
    }

    /// <summary>One difference between two baselines.</summary>
    public sealed record Change(string Kind, long NodeId, string Code, string Title, string? Before, string? After);

    /// <summary>What changed from <paramref name="before"/> to <paramref name="after"/>: nodes added, removed, moved,
    /// and changed weights, lead agencies, dates, curves and milestones.</summary>
    public static List<Change> Compare(IReadOnlyList<SnapshotNode> before, IReadOnlyList<SnapshotNode> after, Func<long?, string> agencyName)
    {
        var old = before.ToDictionary(n => n.Id);
        var now = after.ToDictionary(n => n.Id);
        var changes = new List<Change>();
        string Date(DateOnly? d) => d is { } x ? Fa.Date(x) : "—";
        string Parent(SnapshotNode n, Dictionary<long, SnapshotNode> all) =>
            n.Parent is { } p && all.TryGetValue(p, out var pn) ? Fa.Digits(pn.Code) : "ریشه برنامه";
        foreach (var n in after)
        {
            if (!old.TryGetValue(n.Id, out var o))
            {
                changes.Add(new Change("افزوده", n.Id, n.Code, n.Title, null, n.IsAction
                    ? $"{agencyName(n.Agency)}، {Date(n.Start)} تا {Date(n.End)}، وزن {Fa.Num(n.Weight, 2)}"
                    : $"زیر {Parent(n, now)}، وزن {Fa.Num(n.Weight, 2)}"));
                continue;
            }
            if (o.Parent != n.Parent) changes.Add(new Change("جابه‌جایی", n.Id, n.Code, n.Title, "زیر " + Parent(o, old), "زیر " + Parent(n, now)));
            if (o.Weight != n.Weight) changes.Add(new Change("وزن", n.Id, n.Code, n.Title, Fa.Num(o.Weight, 2), Fa.Num(n.Weight, 2)));
            if (o.IsAction != n.IsAction) changes.Add(new Change("نوع", n.Id, n.Code, n.Title, o.IsAction ? "اقدام" : "گروه", n.IsAction ? "اقدام" : "گروه"));
            if (!n.IsAction || !o.IsAction) continue;
            if (o.Agency != n.Agency) changes.Add(new Change("دستگاه مسئول", n.Id, n.Code, n.Title, agencyName(o.Agency), agencyName(n.Agency)));
            if (o.Start != n.Start || o.End != n.End)
                changes.Add(new Change("زمان‌بندی", n.Id, n.Code, n.Title, $"{Date(o.Start)} تا {Date(o.End)}", $"{Date(n.Start)} تا {Date(n.End)}"));
            if (o.Curve != n.Curve) changes.Add(new Change("منحنی", n.Id, n.Code, n.Title, ActionModel.CurveName(o.Curve), ActionModel.CurveName(n.Curve)));
            else if (Milestones(o) != Milestones(n)) changes.Add(new Change("نقاط عطف", n.Id, n.Code, n.Title, Milestones(o), Milestones(n)));
        }
        foreach (var o in before.Where(o => !now.ContainsKey(o.Id)))
            changes.Add(new Change("حذف", o.Id, o.Code, o.Title, o.IsAction ? $"{agencyName(o.Agency)}، {Date(o.Start)} تا {Date(o.End)}" : "گروه", null));
        return changes;
    }

    private static string Milestones(SnapshotNode n) =>
        n.Milestones is { Count: > 0 } ms ? string.Join("؛ ", ms.Select(m => $"{Fa.Date(m.Date)}: {Fa.Num(m.Percent, 1)}٪")) : "—";

    /// <summary>A line or two for the list of baselines.</summary>
    public static string Summary(IReadOnlyList<Change> changes)
    {
        if (changes.Count == 0) return "بدون تغییر در زمان‌بندی، وزن‌ها و ساختار";
        var parts = changes.GroupBy(c => c.Kind).Select(g => $"{g.Key}: {string.Join("، ", g.Take(4).Select(c => Fa.Digits(c.Code)))}{(g.Count() > 4 ? $" و {Fa.Int(g.Count() - 4)} مورد دیگر" : "")}");
        var text = string.Join(" · ", parts);
        return text.Length > 3900 ? text[..3900] + "…" : text;
    }

    /// <summary>
    /// Records a baseline of the plan's live tree, in the caller's transaction (which has already locked the plan
    /// row by bumping its StructureVersion). Compared with the previous baseline for the summary.
    /// </summary>
    public static async Task<PlanBaseline> RecordAsync(PayeshDb db, long planId, JalaliDate effectiveFrom, string reason, string? decisionRef,
        DateTimeOffset now, (string? Id, string? Name) by, CancellationToken ct)
    {
        var nodes = await db.PlanNodes.AsNoTracking().Where(n => n.PlanId == planId && !n.IsRemoved).Include(n => n.Milestones).ToListAsync(ct);
        var snapshot = Take(nodes);
        var previous = await db.PlanBaselines.AsNoTracking().Where(b => b.PlanId == planId).OrderByDescending(b => b.Number)
            .Select(b => new { b.Number, b.Snapshot }).FirstOrDefaultAsync(ct);
        string summary;
        if (previous is null) summary = $"خط مبنای نخست: {Fa.Int(nodes.Count)} بخش، {Fa.Int(nodes.Count(n => n.IsAction))} اقدام";
        else
        {
            var names = await db.Agencies.AsNoTracking().ToDictionaryAsync(a => a.Id, a => a.Code, ct);
            summary = Summary(Compare(Deserialize(previous.Snapshot), snapshot, id => id is { } x && names.TryGetValue(x, out var c) ? c : "—"));
        }
        var row = new PlanBaseline
        {
            PlanId = planId,
            Number = (previous?.Number ?? 0) + 1,
            EffectiveFrom = effectiveFrom.ToDateOnly(),
            Reason = reason,
            DecisionRef = decisionRef,
            CreatedAt = now,
            CreatedById = by.Id,
            CreatedByName = by.Name,
            Summary = summary,
            Snapshot = Serialize(snapshot),
        };
        db.PlanBaselines.Add(row);
        await db.SaveChangesAsync(ct);
        return row;
    }

    public static string Describe(PlanBaseline b) =>
        $"خط مبنای {Fa.Int(b.Number)} (از {Fa.Date(b.EffectiveFrom)})";
}
