using System.Globalization;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Payesh.Domain.Plans;
using Payesh.Domain.Progress;

namespace Payesh.Domain.Tests.Progress;

/// <summary>A small random plan for the engine's properties: a shape, its reports and a day to ask about.</summary>
public sealed record RandomPlan(PlanShape Shape, IReadOnlyList<ReportFact> Reports, int Day, int Seed)
{
    /// <summary>Days every property looks at: before the earliest start to after the latest report.</summary>
    public const int FirstDay = -10;
    public const int LastDay = 90;

    public int ActionCount => Shape.Nodes.Count(n => n.Action is not null);

    public ProgressEngine Engine() => Engine(Shape, Reports);

    /// <summary>The engine of a plan whose reports were loaded through its timeline, as production loads them.</summary>
    public static ProgressEngine Engine(PlanShape shape, IEnumerable<ReportFact> reports) => Timeline(shape, reports).Latest;

    public ProgressTimeline Timeline() => Timeline(Shape, Reports);

    public static ProgressTimeline Timeline(PlanShape shape, IEnumerable<ReportFact> reports)
    {
        var timeline = new ProgressTimeline(shape);
        timeline.LoadReports(reports);
        return timeline;
    }

    public override string ToString()
    {
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"day {Day}, seed {Seed}, settings {Shape.Settings}");
        foreach (var n in Shape.Nodes)
        {
            sb.Append(CultureInfo.InvariantCulture, $"  {n.Code} parent {n.Parent} weight {n.Weight}");
            if (n.Action is { } a)
                sb.Append(CultureInfo.InvariantCulture, $" agency {a.Agency} days {a.Start}..{a.End} {a.Curve} [{string.Join(", ", a.Milestones)}]");
            sb.AppendLine();
        }
        foreach (var r in Reports) sb.AppendLine(CultureInfo.InvariantCulture, $"  report {r}");
        return sb.ToString();
    }
}

/// <summary>Generators of <see cref="RandomPlan"/>: depth 1–4, weights with zeros, random schedules and reports.</summary>
public static class RandomPlans
{
    public const int Agencies = 3;

    private sealed record Spec(double Weight, ShapeAction? Action, Spec[] Children);

    private static readonly Gen<double> Weight = Gen.Elements(0.0, 0.0, 0.5, 1.0, 1.0, 2.0, 3.0, 7.25);

    public static Gen<ShapeAction> Schedule =>
        from agency in Gen.Choose(0, Agencies - 1)
        from start in Gen.Choose(0, 40)
        from length in Gen.Frequency((1, Gen.Constant(0)), (6, Gen.Choose(1, 30)))
        from curve in Gen.Elements(CurveKind.Linear, CurveKind.SCurve, CurveKind.Milestones)
        from milestones in curve == CurveKind.Milestones
            ? Milestones(start, start + length)
            : Gen.Constant<IReadOnlyList<(int Day, double Percent)>>([])
        select new ShapeAction(agency, start, start + length, curve, milestones);

    /// <summary>Milestones as the plan reader allows them: increasing days in [S, E], non-decreasing percentages.</summary>
    private static Gen<IReadOnlyList<(int Day, double Percent)>> Milestones(int start, int end) =>
        from count in Gen.Choose(0, 3)
        from days in Gen.ArrayOf(Gen.Choose(start, end), count)
        from hundredths in Gen.ArrayOf(Gen.Frequency((4, Gen.Choose(0, 10000)), (1, Gen.Elements(0, 10000))), count)
        select (IReadOnlyList<(int Day, double Percent)>)days.Distinct().Order()
            .Zip(hundredths.Order(), (d, h) => (d, h / 100.0)).ToList();

    private static Gen<Spec> Leaf =>
        from weight in Weight
        from action in Schedule
        select new Spec(weight, action, []);

    private static Gen<Spec> Node(int depth) =>
        depth <= 1
            ? Leaf
            : Gen.Frequency((1, Leaf), (3,
                from weight in Weight
                from count in Gen.Choose(1, 3)
                from children in Gen.ArrayOf(Node(depth - 1), count)
                select new Spec(weight, null, children)));

    private static Gen<PlanSettings> Settings =>
        from stoppage in Gen.Choose(1, 20)
        from atRisk in Gen.Choose(-10, 0)
        from gap in Gen.Choose(0, 20)
        select new PlanSettings { StoppageDays = stoppage, AtRiskBelow = atRisk, BehindBelow = atRisk - gap };

    private static Gen<ReportFact> Report(int actions) =>
        from action in Gen.Choose(0, actions - 1)
        from day in Gen.Choose(-5, 80)
        from hundredths in Gen.Frequency((6, Gen.Choose(0, 10000)), (1, Gen.Elements(0, 10000)))
        select new ReportFact(action, day, 0, hundredths);

    /// <summary>Reports with distinct submission orders, listed in an order unrelated to them.</summary>
    public static Gen<ReportFact[]> Reports(int actions) =>
        from count in Gen.Choose(0, 30)
        from facts in Gen.ArrayOf(Report(actions), count)
        from orders in Gen.Shuffle(Enumerable.Range(1, count).Select(i => (long)i * 7))
        select facts.Select((f, i) => f with { Order = orders[i] }).ToArray();

    public static Gen<RandomPlan> Plans =>
        from depth in Gen.Choose(1, 4)
        from count in Gen.Choose(1, 3)
        from tops in Gen.ArrayOf(Node(depth), count)
        from settings in Settings
        let nodes = Flatten(tops)
        from reports in Reports(nodes.Count(n => n.Action is not null))
        from day in Gen.Choose(RandomPlan.FirstDay, RandomPlan.LastDay)
        from seed in Gen.Choose(0, int.MaxValue - 1)
        select new RandomPlan(new PlanShape(nodes, Agencies, settings), reports, day, seed);

    private static List<ShapeNode> Flatten(Spec[] tops)
    {
        var nodes = new List<ShapeNode>();
        void Add(Spec s, int parent)
        {
            int me = nodes.Count;
            nodes.Add(new ShapeNode(me, parent, $"N{me}", s.Weight, s.Action));
            foreach (var c in s.Children) Add(c, me);
        }
        foreach (var t in tops) Add(t, -1);
        return nodes;
    }

    /// <summary>The same plan with every node's children in another order (parents still first).</summary>
    public static PlanShape Reordered(PlanShape shape, Random random)
    {
        var children = shape.Nodes.Select((_, i) => i).GroupBy(i => shape.Nodes[i].Parent)
            .ToDictionary(g => g.Key, g => g.OrderBy(_ => random.Next()).ToList());
        var nodes = new List<ShapeNode>();
        void Add(int old, int parent)
        {
            int me = nodes.Count;
            nodes.Add(shape.Nodes[old] with { Parent = parent });
            foreach (var c in children.GetValueOrDefault(old, [])) Add(c, me);
        }
        foreach (var top in children[-1]) Add(top, -1);
        return shape with { Nodes = nodes };
    }

    /// <summary>The same plan with the weights of each group of siblings multiplied by one positive factor.</summary>
    public static PlanShape Rescaled(PlanShape shape, Random random)
    {
        double[] factors = [1e-3, 0.5, 2, 3, 10, 1e4];
        var factorOf = shape.Nodes.Select(n => n.Parent).Distinct()
            .ToDictionary(p => p, _ => factors[random.Next(factors.Length)]);
        return shape with { Nodes = [.. shape.Nodes.Select(n => n with { Weight = n.Weight * factorOf[n.Parent] })] };
    }
}

/// <summary>The arbitraries FsCheck draws from (no shrinking: the printed plan and seed are enough to replay).</summary>
public static class RandomPlanArbitraries
{
    public static Arbitrary<RandomPlan> Plans() => Arb.From(RandomPlans.Plans);

    public static Arbitrary<ShapeAction> Schedules() => Arb.From(RandomPlans.Schedule);
}
