namespace Payesh.Domain.Plans;

/// <summary>What a node of a plan is in a difference: added, changed or removed.</summary>
public enum NodeChangeKind { Added, Changed, Removed }

/// <summary>The fields of a node that a difference names (issue 11 § 8: an edited export updates its plan).</summary>
public enum NodeField
{
    Title, Parent, Position, Weight, Description, Requirements, Kind, Agency, Collaborators, Schedule, Curve, Milestones,
    Deliverable, Kpi,
}

/// <summary>One node of the difference. <see cref="Before"/> is null for an added node, <see cref="After"/> for a
/// removed one; <see cref="Fields"/> lists what changed (empty for added and removed nodes).</summary>
public sealed record NodeChange(
    NodeChangeKind Kind, string Code, PlanNode? Before, PlanNode? After, string? ParentBefore, string? ParentAfter,
    IReadOnlyList<NodeField> Fields)
{
    /// <summary>Whether the change moves figures (progress-spec § Baselines): an approved plan records a new
    /// baseline for it. Titles, descriptions, requirements, collaborators, deliverables, KPIs and the order of
    /// siblings do not.</summary>
    public bool IsStructural => Kind != NodeChangeKind.Changed || Fields.Any(f => f is NodeField.Parent or NodeField.Weight
        or NodeField.Kind or NodeField.Agency or NodeField.Schedule or NodeField.Curve or NodeField.Milestones);
}

/// <summary>
/// The difference between a stored plan and an edited copy of it (an Excel export edited and imported back). Nodes
/// are the same node when they have the same code: a node whose code is only in the copy is added, one whose code is
/// only in the stored plan is removed, and one in both is changed when any of its fields, its parent or its place
/// among its siblings differs.
/// </summary>
public sealed record PlanDiff(IReadOnlyList<NodeChange> Nodes, IReadOnlyList<string> PlanFields)
{
    public IEnumerable<NodeChange> Added => Nodes.Where(n => n.Kind == NodeChangeKind.Added);
    public IEnumerable<NodeChange> Changed => Nodes.Where(n => n.Kind == NodeChangeKind.Changed);
    public IEnumerable<NodeChange> Removed => Nodes.Where(n => n.Kind == NodeChangeKind.Removed);

    public bool IsEmpty => Nodes.Count == 0 && PlanFields.Count == 0;

    /// <summary>Whether any node change moves figures (an approved plan then needs a new baseline).</summary>
    public bool IsStructural => Nodes.Any(n => n.IsStructural);

    /// <summary>The plan's own fields that differ, by their names in the Excel format: title, year, dates, levels
    /// and the settings.</summary>
    public const string Title = "عنوان", Year = "سال", Start = "شروع", End = "پایان", Levels = "سطوح", Settings = "تنظیمات پایش";

    public static PlanDiff Compare(Plan before, Plan after)
    {
        var old = Index(before);
        var now = Index(after);
        var changes = new List<NodeChange>();
        foreach (var (code, n) in now)
        {
            if (!old.TryGetValue(code, out var o))
            {
                changes.Add(new NodeChange(NodeChangeKind.Added, code, null, n.Node, null, n.Parent, []));
                continue;
            }
            var fields = Fields(o, n);
            if (fields.Count > 0) changes.Add(new NodeChange(NodeChangeKind.Changed, code, o.Node, n.Node, o.Parent, n.Parent, fields));
        }
        foreach (var (code, o) in old)
            if (!now.ContainsKey(code)) changes.Add(new NodeChange(NodeChangeKind.Removed, code, o.Node, null, o.Parent, null, []));

        var plan = new List<string>();
        if (before.Title != after.Title) plan.Add(Title);
        if (before.Year != after.Year) plan.Add(Year);
        if (before.Start != after.Start) plan.Add(Start);
        if (before.End != after.End) plan.Add(End);
        if (!before.Levels.SequenceEqual(after.Levels)) plan.Add(Levels);
        if (before.Settings != after.Settings) plan.Add(Settings);
        return new PlanDiff(changes, plan);
    }

    private sealed record Placed(PlanNode Node, string? Parent, int Position);

    private static Dictionary<string, Placed> Index(Plan plan)
    {
        var all = new Dictionary<string, Placed>(StringComparer.Ordinal);
        void Add(IReadOnlyList<PlanNode> list, string? parent)
        {
            for (int i = 0; i < list.Count; i++)
            {
                // A plan read by PlanDocumentReader has unique codes; the first one wins otherwise.
                all.TryAdd(list[i].Code, new Placed(list[i], parent, i));
                Add(list[i].Children, list[i].Code);
            }
        }
        Add(plan.Nodes, null);
        return all;
    }

    private static List<NodeField> Fields(Placed o, Placed n)
    {
        var f = new List<NodeField>();
        PlanNode a = o.Node, b = n.Node;
        if (a.Title != b.Title) f.Add(NodeField.Title);
        if (o.Parent != n.Parent) f.Add(NodeField.Parent);
        else if (o.Position != n.Position) f.Add(NodeField.Position);
        if (a.Weight != b.Weight) f.Add(NodeField.Weight);
        if ((a.Description ?? "") != (b.Description ?? "")) f.Add(NodeField.Description);
        if (!a.Requirements.SequenceEqual(b.Requirements)) f.Add(NodeField.Requirements);
        if (a.IsAction != b.IsAction)
        {
            f.Add(NodeField.Kind);
            return f;
        }
        if (a.Action is not { } x || b.Action is not { } y) return f;
        if (x.LeadAgency != y.LeadAgency) f.Add(NodeField.Agency);
        if (!x.Collaborators.Order(StringComparer.Ordinal).SequenceEqual(y.Collaborators.Order(StringComparer.Ordinal))) f.Add(NodeField.Collaborators);
        if (x.Start != y.Start || x.End != y.End) f.Add(NodeField.Schedule);
        if (x.Curve != y.Curve) f.Add(NodeField.Curve);
        if (!x.Milestones.SequenceEqual(y.Milestones)) f.Add(NodeField.Milestones);
        if ((x.Deliverable ?? "") != (y.Deliverable ?? "")) f.Add(NodeField.Deliverable);
        if (x.Kpi != y.Kpi) f.Add(NodeField.Kpi);
        return f;
    }
}
