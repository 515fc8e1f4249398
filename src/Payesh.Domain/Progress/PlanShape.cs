using Payesh.Domain.Plans;

namespace Payesh.Domain.Progress;

/// <summary>The schedule of an action as the engine needs it, on day numbers.</summary>
public sealed record ShapeAction(int Agency, int Start, int End, CurveKind Curve, IReadOnlyList<(int Day, double Percent)> Milestones);

/// <summary>One node for building an engine; <see cref="Parent"/> is −1 for a top-level node (an axis).</summary>
/// <param name="Key">The caller's identifier for the node (e.g. its database id).</param>
public sealed record ShapeNode(long Key, int Parent, string Code, double Weight, ShapeAction? Action);

/// <summary>What the engine needs of a plan: its nodes (parents listed before their children,
/// siblings in display order), the number of agencies, and the settings.</summary>
public sealed record PlanShape(IReadOnlyList<ShapeNode> Nodes, int AgencyCount, PlanSettings Settings)
{
    /// <summary>The shape of a domain plan; agencies are numbered as in <paramref name="agencyIndex"/>.</summary>
    public static PlanShape FromPlan(Plan plan, IReadOnlyDictionary<string, int> agencyIndex)
    {
        var nodes = new List<ShapeNode>();
        void Add(PlanNode n, int parent)
        {
            int me = nodes.Count;
            ShapeAction? action = n.Action is { } a
                ? new ShapeAction(agencyIndex[a.LeadAgency], a.Start.DayNumber, a.End.DayNumber, a.Curve,
                    [.. a.Milestones.Select(m => (m.Day.DayNumber, m.Percent))])
                : null;
            nodes.Add(new ShapeNode(me, parent, n.Code, n.Weight, action));
            foreach (var c in n.Children) Add(c, me);
        }
        foreach (var n in plan.Nodes) Add(n, -1);
        return new PlanShape(nodes, agencyIndex.Count == 0 ? 0 : agencyIndex.Values.Max() + 1, plan.Settings);
    }
}
