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
        var window = new Window(engine, from, to, bucketDays, workingWeekdays, holidays);
        for (int a = 0; a < engine.ActionCount; a++)
        {
            var (days, values) = engine.ReportTrack(a);
            window.Add(a, days, values, +1);
        }
        return window.Cells();
    }

    /// <summary>A grid of <see cref="Compute"/> brought up to date after the reports of some actions changed: each one's
    /// report-days are taken out as they were and counted again as they are (the same counts as computing it again).</summary>
    public static Cell[,] Update(Cell[,] kept, IReadOnlyList<TrackChange> changes, ProgressEngine engine, int from, int to, int bucketDays,
        IReadOnlySet<int> workingWeekdays, IReadOnlySet<int> holidays)
    {
        var window = new Window(engine, from, to, bucketDays, workingWeekdays, holidays);
        window.Load(kept);
        foreach (var c in changes)
        {
            window.Add(c.Action, c.DaysBefore, c.ValuesBefore, -1);
            var (days, values) = engine.ReportTrack(c.Action);
            window.Add(c.Action, days, values, +1);
        }
        return window.Cells();
    }

    private sealed class Window
    {
        private readonly ProgressEngine _engine;
        private readonly int _from, _to, _bucketDays;
        private readonly int[,] _required, _reported;
        private readonly bool[] _working;

        public Window(ProgressEngine engine, int from, int to, int bucketDays, IReadOnlySet<int> workingWeekdays, IReadOnlySet<int> holidays)
        {
            (_engine, _from, _to, _bucketDays) = (engine, from, to, bucketDays);
            int buckets = Math.Max(1, (to - from) / bucketDays + 1);
            _required = new int[engine.AgencyCount, buckets];
            _reported = new int[engine.AgencyCount, buckets];
            _working = new bool[to - from + 1];
            for (int d = from; d <= to; d++)
                _working[d - from] = workingWeekdays.Contains(((int)DateOnly.FromDayNumber(d).DayOfWeek + 1) % 7) && !holidays.Contains(d);
        }

        public void Load(Cell[,] cells)
        {
            for (int g = 0; g < _required.GetLength(0); g++)
                for (int b = 0; b < _required.GetLength(1); b++) (_required[g, b], _reported[g, b]) = (cells[g, b].Required, cells[g, b].Reported);
        }

        /// <summary>Counts (sign +1) or takes out (−1) one action's owed and reported days, given its report track.</summary>
        public void Add(int action, int[] days, int[] values, int sign)
        {
            int agency = _engine.AgencyOfAction(action);
            if ((uint)agency >= (uint)_engine.AgencyCount) return;
            var curve = _engine.Curve(action);
            int lo = Math.Max(_from, curve.Start), hi = Math.Min(_to, curve.End);
            if (lo > hi) return;
            // i: index of the first report day ≥ d; the value before d is values[i − 1] (if reported before).
            int i = LowerBound(days, lo);
            for (int d = lo; d <= hi; d++)
            {
                while (i < days.Length && days[i] < d) i++;
                if (!_working[d - _from]) continue;
                int before = i > 0 ? values[i - 1] : 0;
                if (before >= 10000) continue; // complete before this day: nothing owed
                int b = (d - _from) / _bucketDays;
                _required[agency, b] += sign;
                if (i < days.Length && days[i] == d) _reported[agency, b] += sign;
            }
        }

        public Cell[,] Cells()
        {
            var cells = new Cell[_required.GetLength(0), _required.GetLength(1)];
            for (int g = 0; g < cells.GetLength(0); g++)
                for (int b = 0; b < cells.GetLength(1); b++) cells[g, b] = new Cell(_required[g, b], _reported[g, b]);
            return cells;
        }
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
