using System.Globalization;
using Payesh.Domain.Calendar;
using Payesh.Domain.Plans;
using Payesh.Domain.Progress;

namespace Payesh.Benchmarks;

/// <summary>
/// Deterministic plans and reports at the scales of the engine issue: a province is
/// 27 axes × 4 programs × 10 actions (1,080 actions) with a year of daily reports (~300k);
/// the nation is 31 provinces under one root (33,480 actions, ~10 million reports).
/// </summary>
public sealed class Generator(int provinces)
{
    public const int Axes = 27, Programs = 4, Actions = 10, Agencies = 31;
    public static readonly JalaliDate YearStart = new(1403, 1, 1);
    public static readonly JalaliDate YearEnd = new(1403, 12, 30);

    public int Provinces { get; } = provinces;
    public int ActionCount => Provinces * Axes * Programs * Actions;

    /// <summary>One node per call, parents before children: (parent index, code, weight, action or null).</summary>
    public IEnumerable<(int Parent, string Code, double Weight, ShapeAction? Action)> Nodes()
    {
        var rng = new Random(1398);
        int index = 0;
        int start = YearStart.DayNumber;
        for (int p = 0; p < Provinces; p++)
        {
            int provinceIndex = -1;
            if (Provinces > 1)
            {
                provinceIndex = index++;
                yield return (-1, $"P{p + 1:00}", 1, null);
            }
            for (int a = 0; a < Axes; a++)
            {
                int axisIndex = index++;
                yield return (provinceIndex, Code(p, a + 1), 1 + rng.Next(5), null);
                for (int g = 0; g < Programs; g++)
                {
                    int programIndex = index++;
                    yield return (axisIndex, Code(p, a + 1, g + 1), 1 + rng.Next(3), null);
                    for (int k = 0; k < Actions; k++)
                    {
                        index++;
                        int s = start + rng.Next(40);
                        int e = Math.Min(YearEnd.DayNumber, s + 250 + rng.Next(80));
                        var curve = (CurveKind)rng.Next(3);
                        IReadOnlyList<(int, double)> milestones = curve == CurveKind.Milestones
                            ? [(s + (e - s) / 3, 20), (s + 2 * (e - s) / 3, 60)]
                            : [];
                        yield return (programIndex, Code(p, a + 1, g + 1, k + 1), rng.Next(4) == 0 ? 0 : 1 + rng.Next(3),
                            new ShapeAction(rng.Next(Agencies), s, e, curve, milestones));
                    }
                }
            }
        }
    }

    private string Code(int province, params int[] parts) =>
        (Provinces > 1 ? $"P{province + 1:00}." : "") + string.Join('.', parts.Select(x => x.ToString("00", CultureInfo.InvariantCulture)));

    public PlanShape Shape() =>
        new([.. Nodes().Select((n, i) => new ShapeNode(i, n.Parent, n.Code, n.Weight, n.Action))], Agencies, PlanSettings.Default);

    /// <summary>Daily reports of one action from its start to the end of the year: cumulative, mostly rising.</summary>
    public static IEnumerable<(int Day, int Hundredths)> Reports(int actionNumber, int start, int end)
    {
        var rng = new Random(actionNumber * 7919 + 17);
        double pace = 0.6 + 0.6 * rng.NextDouble();
        double value = 0;
        for (int d = start; d <= YearEnd.DayNumber; d++)
        {
            value = Math.Min(100, value + pace * 100.0 / (end - start + 1) * (0.5 + rng.NextDouble()));
            yield return (d, (int)Math.Round(value * 100));
            if (value >= 100) yield break;
        }
    }

    /// <summary>The plan's engine with every report loaded through its timeline, as production loads them.</summary>
    public ProgressEngine Engine(out long reports) => Timeline(out reports).Latest;

    /// <summary>A one-baseline timeline with every report loaded (a slot is the engine's action index).</summary>
    public ProgressTimeline Timeline(out long reports)
    {
        var timeline = new ProgressTimeline(Shape());
        var engine = timeline.Latest;
        var loader = timeline.BeginLoad();
        long order = 0;
        for (int a = 0; a < engine.ActionCount; a++)
        {
            var curve = engine.Curve(a);
            foreach (var (day, h) in Reports(a, curve.Start, curve.End))
                loader.Add(new ReportFact(a, day, ++order, h));
        }
        loader.Complete();
        reports = order;
        return timeline;
    }
}
