using Payesh.Domain.Plans;
using Payesh.Domain.Progress;

namespace Payesh.Domain.Tests.Progress;

/// <summary>
/// A plan built by hand for the engine's tests: nodes named by code, days as plain numbers,
/// reports stamped with a rising submission order unless one is given.
/// </summary>
internal sealed class TestPlan
{
    private readonly List<ShapeNode> _nodes = [];
    private readonly Dictionary<string, int> _shapeIndex = new(StringComparer.Ordinal);
    private ProgressTimeline? _timeline;
    private long _order;

    public PlanSettings Settings { get; init; } = PlanSettings.Default;
    public int AgencyCount { get; init; } = 3;

    public TestPlan Group(string code, double weight = 1, string? parent = null)
    {
        Add(new ShapeNode(_nodes.Count, ParentOf(parent), code, weight, null));
        return this;
    }

    public TestPlan Action(string code, int start, int end, double weight = 1, string? parent = null, int agency = 0,
        CurveKind curve = CurveKind.Linear, params (int Day, double Percent)[] milestones)
    {
        var action = new ShapeAction(agency, start, end, curve, milestones);
        Add(new ShapeNode(_nodes.Count, ParentOf(parent), code, weight, action));
        return this;
    }

    /// <summary>The plan's timeline (one baseline): reports go in as production writes them, through the timeline.</summary>
    public ProgressTimeline Timeline => _timeline ??= new ProgressTimeline(new PlanShape(_nodes, AgencyCount, Settings));

    /// <summary>The engine the figures are read from (with one baseline, a slot is the engine's action index).</summary>
    public ProgressEngine Engine => Timeline.Latest;

    /// <summary>The engine's node of a code ("" is the root).</summary>
    public int N(string code)
    {
        Assert.True(Engine.TryFind(code, out int node), $"no node {code}");
        return node;
    }

    /// <summary>The engine's action index of an action's code.</summary>
    public int A(string code)
    {
        int action = Engine.ActionIndex(N(code));
        Assert.True(action >= 0, $"{code} is not an action");
        return action;
    }

    public ReportFact Fact(string action, int day, double percent, long? order = null) =>
        new(A(action), day, order ?? ++_order, (int)Math.Round(percent * 100));

    /// <summary>Applies a report (submitted after every earlier one unless an order is given).</summary>
    public TestPlan Report(string action, int day, double percent, long? order = null)
    {
        Timeline.Apply(Fact(action, day, percent, order));
        return this;
    }

    public ActionFigures ActionAt(string code, int day) => Engine.Action(A(code), day);

    public NodeFigures NodeAt(string code, int day) => Engine.Figures(N(code), day);

    public AgencyFigures AgencyAt(int agency, int day) => Engine.Agencies(day)[agency];

    private int ParentOf(string? code)
    {
        if (code is null) return -1;
        Assert.True(_shapeIndex.TryGetValue(code, out int parent), $"no parent {code}");
        return parent;
    }

    private void Add(ShapeNode node)
    {
        Assert.Null(_timeline); // nodes first, then reports
        _shapeIndex.Add(node.Code, _nodes.Count);
        _nodes.Add(node);
    }
}
