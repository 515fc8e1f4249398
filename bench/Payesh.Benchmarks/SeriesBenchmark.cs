using System.Diagnostics;
using Payesh.Domain.Progress;

namespace Payesh.Benchmarks;

/// <summary>
/// Issue 14 item 4, in memory: the root's 365-day series right after one new report — what the dashboard's first
/// load after a report needs — kept incrementally (<see cref="ProgressEngine.Series"/>) against recomputed from the
/// tracks (the engine before the series book), at national scale. Same engine, same reports, alternating.
/// </summary>
public static class SeriesBenchmark
{
    public static void Run(int provinces, int runs)
    {
        var watch = Stopwatch.StartNew();
        var timeline = new Generator(provinces).Timeline(out long reports);
        var engine = timeline.Latest;
        Console.WriteLine($"series: {provinces} province(s), {engine.NodeCount:N0} nodes, {reports:N0} reports, built in {watch.Elapsed.TotalSeconds:F1} s");
        int from = Generator.YearStart.DayNumber, to = from + 364, day = new Payesh.Domain.Calendar.JalaliDate(1403, 6, 31).DayNumber;
        watch.Restart();
        engine.Series(engine.Root, from, to);
        Console.WriteLine($"  first series (builds the book): {watch.Elapsed.TotalMilliseconds:F1} ms");
        var random = new Random(14);
        long order = long.MaxValue / 2;
        var kept = new List<double>();
        var full = new List<double>();
        for (int i = 0; i < runs + 5; i++)
        {
            // A report on a random action, on a day up to 60 days back (a correction or a back-dated one).
            int action = random.Next(engine.ActionCount);
            timeline.Apply(new ReportFact(action, day - random.Next(60), ++order, random.Next(10001)));
            long t0 = Stopwatch.GetTimestamp();
            var a = engine.Series(engine.Root, from, to);
            long t1 = Stopwatch.GetTimestamp();
            var b = engine.SeriesFromScratch(engine.Root, from, to);
            long t2 = Stopwatch.GetTimestamp();
            if (!a.Actual.AsSpan().SequenceEqual(b.Actual)) throw new InvalidOperationException("kept series differs from a full recompute");
            if (i < 5) continue;
            kept.Add(Stopwatch.GetElapsedTime(t0, t1).TotalMilliseconds);
            full.Add(Stopwatch.GetElapsedTime(t1, t2).TotalMilliseconds);
        }
        Print("root 365-day series after a new report, kept (incremental)", kept);
        Print("root 365-day series after a new report, recomputed (before)", full);
        Console.WriteLine($"  ratio of p50: {Percentile(full, 50) / Percentile(kept, 50):F0}×");
    }

    private static void Print(string what, List<double> ms) =>
        Console.WriteLine($"  {what}: p50 {Percentile(ms, 50):F3} ms, p95 {Percentile(ms, 95):F3} ms ({ms.Count} runs)");

    private static double Percentile(List<double> values, int p)
    {
        var sorted = values.Order().ToList();
        return sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p / 100.0 * sorted.Count) - 1)];
    }
}
