using Payesh.Domain.Progress;

namespace Payesh.Web.Features.Reports;

/// <summary>
/// Reporting discipline: of the report-days an agency owed (each working day on which one of its actions
/// was running and not yet complete), how many it reported. Computed from the engine's report days in memory.
/// </summary>
public static class Discipline
{
    public sealed record Cell(int Required, int Reported)
    {
        public double? Share => Required == 0 ? null : (double)Reported / Required;
    }

    /// <summary>Per agency (index = agency id) and per bucket (days [from, to] cut into buckets of <paramref name="bucketDays"/>).</summary>
    public static Cell[,] Compute(ProgressEngine engine, int from, int to, int bucketDays, IReadOnlySet<int> workingWeekdays, IReadOnlySet<int> holidays)
    {
        int buckets = Math.Max(1, (to - from) / bucketDays + 1);
        var required = new int[engine.AgencyCount, buckets];
        var reported = new int[engine.AgencyCount, buckets];
        var working = new bool[to - from + 1];
        for (int d = from; d <= to; d++)
            working[d - from] = workingWeekdays.Contains(((int)DateOnly.FromDayNumber(d).DayOfWeek + 1) % 7) && !holidays.Contains(d);

        for (int a = 0; a < engine.ActionCount; a++)
        {
            int agency = engine.AgencyOfAction(a);
            if ((uint)agency >= (uint)engine.AgencyCount) continue;
            var curve = engine.Curve(a);
            int lo = Math.Max(from, curve.Start), hi = Math.Min(to, curve.End);
            if (lo > hi) continue;
            var (days, values) = engine.ReportTrack(a);
            // i: index of the first report day ≥ d; the value before d is values[i − 1] (if reported before).
            int i = LowerBound(days, lo);
            for (int d = lo; d <= hi; d++)
            {
                while (i < days.Length && days[i] < d) i++;
                if (!working[d - from]) continue;
                int before = i > 0 ? values[i - 1] : 0;
                if (before >= 10000) continue; // complete before this day: nothing owed
                int b = (d - from) / bucketDays;
                required[agency, b]++;
                if (i < days.Length && days[i] == d) reported[agency, b]++;
            }
        }
        var cells = new Cell[engine.AgencyCount, buckets];
        for (int g = 0; g < engine.AgencyCount; g++)
            for (int b = 0; b < buckets; b++) cells[g, b] = new Cell(required[g, b], reported[g, b]);
        return cells;
    }

    private static int LowerBound(int[] days, int value)
    {
        int lo = 0, hi = days.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (days[mid] < value) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }
}
