using System.Globalization;
using System.Text.Json.Nodes;

namespace Payesh.Web.Tests.Progress;

/// <summary>
/// A random small plan of 1405 (depth 2–3, weights including zeros, linear / S / milestone curves)
/// and a random history of reports for it (back-dated, same-day, downward corrections), from a seed.
/// </summary>
public sealed class RandomPlan
{
    public static readonly string[] AgencyCodes = ["RNDA", "RNDB", "RNDC"];
    public static readonly int PlanStart = SpecReference.Day("1405/01/01");
    public static readonly int PlanEnd = SpecReference.Day("1405/12/29");

    private readonly Random _random;

    public RandomPlan(int seed, int today)
    {
        Seed = seed;
        Today = today;
        _random = new Random(seed);
        Settings = _random.Next(3) switch
        {
            0 => new RefSettings(),
            1 => new RefSettings(StoppageDays: 7 + _random.Next(20), AtRiskBelow: -2 - _random.Next(6), BehindBelow: -10 - _random.Next(10)),
            _ => new RefSettings(StoppageDays: 30, AtRiskBelow: 0, BehindBelow: -10),
        };
        int depth = 2 + _random.Next(2);
        int axes = 2 + _random.Next(2);
        for (int i = 0; i < axes; i++) Roots.Add(NewNode($"{i + 1}", 1, depth));
        if (!Roots.SelectMany(Actions).Any()) throw new InvalidOperationException("a plan without actions");
        Reports = NewReports();
    }

    public int Seed { get; }
    public int Today { get; }
    public RefSettings Settings { get; }
    public List<RefNode> Roots { get; } = [];
    /// <summary>In submission order; <see cref="RefReport.Rejected"/> is set by the test as it rejects.</summary>
    public List<RefReport> Reports { get; }

    private static IEnumerable<RefNode> Actions(RefNode n) => n.IsAction ? [n] : n.Children.SelectMany(Actions);

    private double NewWeight() => _random.Next(6) switch { 0 or 1 => 0, 2 => 0.5, 3 => 2, 4 => 3, _ => 1 };

    private RefNode NewNode(string code, int level, int depth)
    {
        bool leaf = level == depth || (level >= 2 && _random.Next(4) == 0);
        if (leaf) return NewAction(code);
        var node = new RefNode { Code = code, Weight = NewWeight() };
        int children = 1 + _random.Next(3);
        bool allZero = _random.Next(5) == 0;
        for (int i = 0; i < children; i++)
        {
            var child = NewNode($"{code}.{i + 1}", level + 1, depth);
            node.Children.Add(allZero ? WithWeight(child, 0) : child);
        }
        return node;
    }

    private static RefNode WithWeight(RefNode n, double weight)
    {
        var copy = new RefNode
        {
            Code = n.Code,
            Weight = weight,
            Agency = n.Agency,
            Start = n.Start,
            End = n.End,
            Curve = n.Curve,
        };
        copy.Children.AddRange(n.Children);
        copy.Milestones.AddRange(n.Milestones);
        return copy;
    }

    private RefNode NewAction(string code)
    {
        int start = PlanStart + _random.Next(220);
        int end = Math.Min(PlanEnd, start + _random.Next(_random.Next(3) == 0 ? 20 : 160));
        string curve = _random.Next(3) switch { 0 => "linear", 1 => "scurve", _ => "milestones" };
        var action = new RefNode
        {
            Code = code,
            Weight = NewWeight(),
            Agency = AgencyCodes[_random.Next(AgencyCodes.Length)],
            Start = start,
            End = end,
            Curve = curve,
        };
        if (curve == "milestones")
        {
            int count = 1 + _random.Next(3);
            var days = Enumerable.Range(start, end - start + 1).OrderBy(_ => _random.Next()).Take(count).Order().ToList();
            double percent = 0;
            foreach (var day in days)
            {
                percent = Math.Min(100, percent + _random.Next(5) * 12.5);
                action.Milestones.Add((day, percent));
            }
        }
        return action;
    }

    private List<RefReport> NewReports()
    {
        var list = new List<RefReport>();
        long sequence = 0;
        foreach (var a in Roots.SelectMany(Actions))
        {
            int count = _random.Next(7);
            int value = 0;
            int day = Math.Min(Today, Math.Max(PlanStart, a.Start - 10 + _random.Next(30)));
            for (int i = 0; i < count && day <= Today; i++)
            {
                value = _random.Next(10) switch
                {
                    0 => Math.Max(0, value - 100 * (1 + _random.Next(20))),                    // a correction downwards
                    1 => 10000,
                    2 => Math.Min(10000, value + 1 + _random.Next(3)),                          // a crawl
                    _ => Math.Min(10000, value + _random.Next(3000) + (_random.Next(2) == 0 ? 0 : 37)),
                };
                list.Add(new RefReport(a.Code, day, value, ++sequence));
                if (_random.Next(5) == 0) list.Add(new RefReport(a.Code, day, Math.Min(10000, value + _random.Next(500)), ++sequence)); // same day
                if (_random.Next(8) == 0) list.Add(new RefReport(a.Code, Math.Max(PlanStart, day - 5 - _random.Next(20)), _random.Next(10001), ++sequence)); // back-dated
                day += 1 + _random.Next(_random.Next(3) == 0 ? 3 : 40);
            }
        }
        // Submitted in random order: late and back-dated reports are normal.
        list = [.. list.OrderBy(_ => _random.Next())];
        return [.. list.Select((r, i) => r with { Sequence = i + 1 })];
    }

    /// <summary>Splits the reports into what is posted one by one and in batches (in order).</summary>
    public List<List<RefReport>> Submissions()
    {
        var result = new List<List<RefReport>>();
        for (int i = 0; i < Reports.Count;)
        {
            int n = _random.Next(3) == 0 ? 1 + _random.Next(4) : 1;
            result.Add([.. Reports.Skip(i).Take(n)]);
            i += n;
        }
        return result;
    }

    public int NextInt(int max) => _random.Next(max);

    public JsonObject Document() => new()
    {
        ["title"] = $"برنامه تصادفی {Seed.ToString(CultureInfo.InvariantCulture)}",
        ["year"] = 1405,
        ["start"] = SpecReference.Jalali(PlanStart),
        ["end"] = SpecReference.Jalali(PlanEnd),
        ["settings"] = new JsonObject
        {
            ["stoppageDays"] = Settings.StoppageDays,
            ["atRiskBelow"] = Settings.AtRiskBelow,
            ["behindBelow"] = Settings.BehindBelow,
        },
        ["agencies"] = new JsonArray([.. AgencyCodes.Select(c => (JsonNode)new JsonObject { ["code"] = c, ["name"] = $"دستگاه آزمایشی {c}" })]),
        ["nodes"] = new JsonArray([.. Roots.Select(Node)]),
    };

    private static JsonNode Node(RefNode n)
    {
        var o = new JsonObject { ["code"] = n.Code, ["title"] = $"بخش {n.Code}", ["weight"] = n.Weight };
        if (!n.IsAction)
        {
            o["children"] = new JsonArray([.. n.Children.Select(Node)]);
            return o;
        }
        o["agency"] = n.Agency;
        o["start"] = SpecReference.Jalali(n.Start);
        o["end"] = SpecReference.Jalali(n.End);
        o["curve"] = n.Curve;
        if (n.Milestones.Count > 0)
            o["milestones"] = new JsonArray([.. n.Milestones.Select(m => (JsonNode)new JsonObject { ["date"] = SpecReference.Jalali(m.Day), ["percent"] = m.Percent })]);
        return o;
    }
}
