namespace Payesh.Domain.Progress;

/// <summary>One counting report as the timeline sees it: percent in hundredths, ordered by submission.</summary>
/// <param name="Slot">The action's report track in the plan's <see cref="ProgressTimeline"/> (<see cref="ProgressTimeline.SlotOf"/>):
/// the same across baselines, unlike an engine's action index (with one baseline the two agree).</param>
/// <param name="Order">Submission order (e.g. submission ticks or the row id): the later wins on the same day.</param>
public readonly record struct ReportFact(int Slot, int Day, long Order, int Hundredths);

/// <summary>
/// The reported history of one action, immutable: sorted report days, the value of each report day
/// (progress-spec § actual) in hundredths of a percent, and the last progress day at each of them.
/// </summary>
internal sealed class ActionTrack
{
    public const int NoDay = int.MinValue;

    public static readonly ActionTrack Empty = new([], [], []);

    public readonly int[] Days;
    public readonly int[] Values;
    public readonly int[] LastProgress;
    // The submission order of each day's value, so that a late-arriving older report does not win.
    public readonly long[] Orders;

    private ActionTrack(int[] days, int[] values, long[] orders)
    {
        Days = days;
        Values = values;
        Orders = orders;
        LastProgress = new int[days.Length];
        int last = NoDay, previous = 0;
        for (int i = 0; i < days.Length; i++)
        {
            if (values[i] > previous) last = days[i];
            LastProgress[i] = last;
            previous = values[i];
        }
    }

    /// <summary>Builds from facts of one action in any order.</summary>
    public static ActionTrack From(IEnumerable<ReportFact> facts)
    {
        var sorted = facts.OrderBy(f => f.Day).ThenBy(f => f.Order).ToList();
        return FromSorted(sorted);
    }

    /// <summary>Builds from facts of one action sorted by day, then order.</summary>
    public static ActionTrack FromSorted(IReadOnlyList<ReportFact> facts)
    {
        if (facts.Count == 0) return Empty;
        var days = new List<int>(facts.Count);
        var values = new List<int>(facts.Count);
        var orders = new List<long>(facts.Count);
        foreach (var f in facts)
        {
            if (days.Count > 0 && days[^1] == f.Day)
            {
                values[^1] = f.Hundredths;
                orders[^1] = f.Order;
            }
            else
            {
                days.Add(f.Day);
                values.Add(f.Hundredths);
                orders.Add(f.Order);
            }
        }
        return new ActionTrack([.. days], [.. values], [.. orders]);
    }

    /// <summary>A new track with one more report (copy on write).</summary>
    public ActionTrack With(ReportFact f)
    {
        int i = Array.BinarySearch(Days, f.Day);
        if (i >= 0)
        {
            if (Orders[i] > f.Order) return this; // an older submission for that day: the newer stays
            var values = (int[])Values.Clone();
            var orders = (long[])Orders.Clone();
            values[i] = f.Hundredths;
            orders[i] = f.Order;
            return new ActionTrack(Days, values, orders);
        }
        i = ~i;
        var d = new int[Days.Length + 1];
        var v = new int[Days.Length + 1];
        var o = new long[Days.Length + 1];
        Array.Copy(Days, d, i);
        Array.Copy(Values, v, i);
        Array.Copy(Orders, o, i);
        d[i] = f.Day;
        v[i] = f.Hundredths;
        o[i] = f.Order;
        Array.Copy(Days, i, d, i + 1, Days.Length - i);
        Array.Copy(Values, i, v, i + 1, Days.Length - i);
        Array.Copy(Orders, i, o, i + 1, Days.Length - i);
        return new ActionTrack(d, v, o);
    }

    /// <summary>Index of the latest report day ≤ day, or −1.</summary>
    public int IndexAtOrBefore(int day)
    {
        var days = Days;
        int lo = 0, hi = days.Length - 1;
        while (lo <= hi)
        {
            int mid = (lo + hi) >>> 1;
            if (days[mid] <= day) lo = mid + 1;
            else hi = mid - 1;
        }
        return hi;
    }

    public int ValueAt(int day)
    {
        int i = IndexAtOrBefore(day);
        return i < 0 ? 0 : Values[i];
    }

    public int Count => Days.Length;

    /// <summary>
    /// The days on which two histories of one action give different values: from the first such day to the
    /// end of the last run of such days (<see cref="int.MaxValue"/> if they differ from some day on), or
    /// null if they agree everywhere. For one new report on day d this is d until the day before the next report.
    /// </summary>
    /// <summary>The first day on which two histories of one action differ in their report days or values, or null if
    /// they are the same. A report that repeats the day's value changes no figure (<see cref="ChangedSpan"/> is null) but
    /// is a report all the same: reporting discipline counts it.</summary>
    public static int? FirstDifference(ActionTrack before, ActionTrack after)
    {
        if (ReferenceEquals(before, after)) return null;
        int[] da = before.Days, db = after.Days;
        int n = Math.Min(da.Length, db.Length);
        for (int i = 0; i < n; i++)
        {
            if (da[i] != db[i]) return Math.Min(da[i], db[i]);
            if (before.Values[i] != after.Values[i]) return da[i];
        }
        return da.Length > n ? da[n] : db.Length > n ? db[n] : null;
    }

    public static (int Lo, int Hi)? ChangedSpan(ActionTrack before, ActionTrack after)
    {
        if (ReferenceEquals(before, after)) return null;
        int[] da = before.Days, db = after.Days;
        int i = 0, j = 0, va = 0, vb = 0;
        int lo = NoDay, hi = NoDay;
        bool differing = false;
        while (i < da.Length || j < db.Length)
        {
            int d = j >= db.Length || (i < da.Length && da[i] <= db[j]) ? da[i] : db[j];
            if (i < da.Length && da[i] == d) va = before.Values[i++];
            if (j < db.Length && db[j] == d) vb = after.Values[j++];
            if (va != vb)
            {
                if (lo == NoDay) lo = d;
                differing = true;
            }
            else if (differing)
            {
                hi = d - 1;
                differing = false;
            }
        }
        if (lo == NoDay) return null;
        return (lo, differing ? int.MaxValue : hi);
    }
}
