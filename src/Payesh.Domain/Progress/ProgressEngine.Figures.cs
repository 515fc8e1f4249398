using System.Buffers;
using Payesh.Domain.Plans;

namespace Payesh.Domain.Progress;

public sealed partial class ProgressEngine
{
    // ---- one action ----------------------------------------------------------------------------

    public double PlannedOfAction(int action, int day) => _curves[action].At(day);
    public double ActualOfAction(int action, int day) => _tracks[action].ValueAt(day) / 100.0;

    public ActionFigures Action(int action, int day)
    {
        var track = _tracks[action];
        var curve = _curves[action];
        int i = track.IndexAtOrBefore(day);
        int value = i < 0 ? 0 : track.Values[i];
        int lpd = i < 0 || track.LastProgress[i] == ActionTrack.NoDay ? curve.Start - 1 : track.LastProgress[i];
        double planned = curve.At(day);
        var status = ActionStatus(curve, day, planned, value, lpd);
        int? forecast = Forecast(track, day, value, lpd);
        return new ActionFigures(_nodeOfAction[action], day, planned, value / 100.0, status,
            i < 0 ? null : track.Days[i], lpd, forecast);
    }

    private ProgressStatus ActionStatus(PlannedCurve curve, int day, double planned, int valueHundredths, int lastProgressDay)
    {
        if (valueHundredths >= 10000) return ProgressStatus.Completed;
        if (day < curve.Start && valueHundredths == 0) return ProgressStatus.NotStarted;
        if (day - lastProgressDay >= Settings.StoppageDays) return ProgressStatus.Stopped;
        if (day > curve.End) return ProgressStatus.Overdue;
        return ByDeviation(valueHundredths / 100.0 - planned);
    }

    private ProgressStatus ByDeviation(double deviation) =>
        deviation < Settings.BehindBelow ? ProgressStatus.Behind
        : deviation < Settings.AtRiskBelow ? ProgressStatus.AtRisk
        : ProgressStatus.OnTrack;

    private static int? Forecast(ActionTrack track, int day, int value, int lastProgressDay)
    {
        if (value >= 10000) return lastProgressDay;
        int before = track.ValueAt(day - ForecastWindow);
        if (value <= before) return null;
        // d + ceil((100 − actual) / rate), rate = (actual(d) − actual(d − W)) / W; exact in hundredths.
        long numerator = (long)(10000 - value) * ForecastWindow;
        long denominator = value - before;
        return day + (int)((numerator + denominator - 1) / denominator);
    }

    // ---- any node ------------------------------------------------------------------------------

    /// <summary>The figures of every node of the subtree of <paramref name="top"/> (default: the whole plan) as of a day.</summary>
    public TreeFigures Evaluate(int day, int top = 0)
    {
        int lo = top, hi = _subtreeEnd[top];
        var result = new TreeFigures(this, day, lo, hi);
        var planned = result.PlannedArray;
        var actual = result.ActualArray;
        var status = result.StatusArray;
        var counts = result.CountsArray;
        var forecast = result.ForecastArray;
        const int S = ProgressStatusNames.Count;
        for (int i = hi - 1; i >= lo; i--)
        {
            int k = i - lo;
            int a = _actionOfNode[i];
            if (a >= 0)
            {
                var f = Action(a, day);
                planned[k] = f.Planned;
                actual[k] = f.Actual;
                status[k] = f.Status;
                forecast[k] = f.ForecastFinish ?? TreeFigures.Unknown;
                counts[k * S + (int)f.Status]++;
            }
            else status[k] = NodeStatus(planned[k], actual[k]);
            if (i == lo) break;
            int p = _parent[i] - lo;
            double share = _share[i];
            planned[p] += share * planned[k];
            actual[p] += share * actual[k];
            for (int s = 0; s < S; s++) counts[p * S + s] += counts[k * S + s];
            // A node's forecast finish is its last action's; unknown if any action's is unknown.
            int fp = forecast[p], fk = forecast[k];
            if (fp == TreeFigures.Unknown || fk == TreeFigures.NoActions) { }
            else if (fk == TreeFigures.Unknown) forecast[p] = TreeFigures.Unknown;
            else forecast[p] = fp == TreeFigures.NoActions ? fk : Math.Max(fp, fk);
        }
        return result;
    }

    internal ProgressStatus NodeStatus(double planned, double actual)
    {
        if (actual >= 100 - Epsilon) return ProgressStatus.Completed;
        if (planned <= Epsilon && actual <= Epsilon) return ProgressStatus.NotStarted;
        return ByDeviation(actual - planned);
    }

    /// <summary>The figures of one node as of a day.</summary>
    public NodeFigures Figures(int node, int day) => Evaluate(day, node).Figures(node);

    /// <summary>The node's planned and actual for each day of [from, to]: the same numbers as
    /// <see cref="Figures"/> gives day by day (same operations, same order).</summary>
    public ProgressSeries Series(int node, int from, int to) => Series(node, from, to, useBook: true);

    private ProgressSeries Series(int node, int from, int to, bool useBook)
    {
        if (to < from) throw new DomainException("پایان بازه پیش از شروع آن است.");
        int len = to - from + 1;
        var planned = new double[len];
        var actual = new double[len];
        int action = _actionOfNode[node];
        if (action >= 0)
        {
            var curve = _curves[action];
            for (int k = 0; k < len; k++) planned[k] = curve.At(from + k);
            AddActionActual(action, from, len, 1.0, actual, identity: true);
        }
        else
        {
            FillPlanned(node, from, planned);
            if (useBook && BookFor(from, to) is { } book) book.Copy(node, from, to, actual);
            else SubtreeActual(node, from, len, actual);
        }
        return new ProgressSeries(node, from, to, planned, actual);
    }

    /// <summary>The same as <see cref="Series"/>, always computed from the tracks (the reference of the book's tests).</summary>
    internal ProgressSeries SeriesFromScratch(int node, int from, int to) => Series(node, from, to, useBook: false);

    /// <summary>The series book covering [from, to]: the current one, or a new one over the union of its window
    /// and this one (pages ask for few distinct windows), or null if that would be wider than <see cref="BookMaxDays"/>.</summary>
    private SeriesBook? BookFor(int from, int to)
    {
        var book = Volatile.Read(ref _book);
        if (book is not null && book.Covers(from, to)) return book;
        lock (_writeLock)
        {
            book = _book;
            if (book is not null && book.Covers(from, to)) return book;
            int lo = book is null ? from : Math.Min(book.From, from), hi = book is null ? to : Math.Max(book.To, to);
            if ((long)hi - lo + 1 > BookMaxDays)
            {
                if (to - from + 1 > BookMaxDays) return null;
                (lo, hi) = (from, to);
            }
            book = new SeriesBook(this, lo, hi);
            Volatile.Write(ref _book, book);
            return book;
        }
    }

    /// <summary>
    /// A node's planned series depends on the tree alone, so it is computed once per node (with the same
    /// operations in the same order as <see cref="Evaluate"/>) over the days on which any action's plan
    /// moves; before them every planned value is 0 and after them it stays at its last value.
    /// </summary>
    private void FillPlanned(int node, int from, double[] planned)
    {
        if (_spanEnd < _spanStart) return;
        var cached = _plannedSeries.GetOrAdd(node, n =>
        {
            int len = _spanEnd - _spanStart + 1;
            var values = new double[len];
            SubtreePlanned(n, _spanStart, len, values);
            return values;
        });
        for (int k = 0; k < planned.Length; k++)
        {
            int d = from + k;
            planned[k] = d < _spanStart ? 0 : d > _spanEnd ? cached[^1] : cached[d - _spanStart];
        }
    }

    /// <summary>Computes the planned series of the root ahead of the first request (e.g. right after loading).</summary>
    public void Warm() => FillPlanned(Root, _spanStart, new double[1]);

    private void SubtreePlanned(int node, int from, int len, double[] planned)
    {
        var kids = _children[node];
        // Children are added last to first, as the backwards pass of Evaluate does.
        for (int c = kids.Length - 1; c >= 0; c--)
        {
            int child = kids[c];
            double share = _share[child];
            int a = _actionOfNode[child];
            if (a >= 0)
            {
                var curve = _curves[a];
                for (int k = 0; k < len; k++) planned[k] += share * curve.At(from + k);
                continue;
            }
            var cp = ArrayPool<double>.Shared.Rent(len);
            Array.Clear(cp, 0, len);
            SubtreePlanned(child, from, len, cp);
            for (int k = 0; k < len; k++) planned[k] += share * cp[k];
            ArrayPool<double>.Shared.Return(cp);
        }
    }

    private void SubtreeActual(int node, int from, int len, double[] actual)
    {
        var kids = _children[node];
        for (int c = kids.Length - 1; c >= 0; c--)
        {
            int child = kids[c];
            double share = _share[child];
            int a = _actionOfNode[child];
            if (a >= 0)
            {
                AddActionActual(a, from, len, share, actual, identity: false);
                continue;
            }
            var ca = ArrayPool<double>.Shared.Rent(len);
            Array.Clear(ca, 0, len);
            SubtreeActual(child, from, len, ca);
            for (int k = 0; k < len; k++) actual[k] += share * ca[k];
            ArrayPool<double>.Shared.Return(ca);
        }
    }

    /// <summary>Adds share × actual of one action for each day (the value changes only on report days).</summary>
    private void AddActionActual(int action, int from, int len, double share, double[] actual, bool identity)
    {
        var track = _tracks[action];
        var days = track.Days;
        var values = track.Values;
        int idx = track.IndexAtOrBefore(from);
        double v = idx < 0 ? 0 : values[idx] / 100.0;
        double sv = share * v;
        int next = idx + 1 < days.Length ? days[idx + 1] : int.MaxValue;
        for (int k = 0; k < len; k++)
        {
            int day = from + k;
            while (day >= next)
            {
                idx++;
                v = values[idx] / 100.0;
                sv = share * v;
                next = idx + 1 < days.Length ? days[idx + 1] : int.MaxValue;
            }
            if (identity) actual[k] = v;
            else actual[k] += sv;
        }
    }

    // ---- agencies ------------------------------------------------------------------------------

    /// <summary>Each agency's figures over the actions it leads, weighted by global weight.</summary>
    public AgencyFigures[] Agencies(int day)
    {
        int n = AgencyCount;
        var wSum = new double[n];
        var pSum = new double[n];
        var aSum = new double[n];
        var pEq = new double[n];
        var aEq = new double[n];
        var count = new int[n];
        var counts = new int[n][];
        for (int g = 0; g < n; g++) counts[g] = new int[ProgressStatusNames.Count];
        for (int a = 0; a < ActionCount; a++)
        {
            int g = _agencyOfAction[a];
            if ((uint)g >= (uint)n) continue;
            var f = Action(a, day);
            double w = _globalWeight[_nodeOfAction[a]];
            wSum[g] += w;
            pSum[g] += w * f.Planned;
            aSum[g] += w * f.Actual;
            pEq[g] += f.Planned;
            aEq[g] += f.Actual;
            count[g]++;
            counts[g][(int)f.Status]++;
        }
        var result = new AgencyFigures[n];
        for (int g = 0; g < n; g++) result[g] = AgencyOf(g, count[g], wSum[g], pSum[g], aSum[g], pEq[g], aEq[g], counts[g]);
        return result;
    }

    /// <summary>One agency's figures over its actions (ascending, as <see cref="Agencies"/> adds them: the same numbers).</summary>
    private AgencyFigures AgencyOf(int g, int[] actions, int day)
    {
        double wSum = 0, pSum = 0, aSum = 0, pEq = 0, aEq = 0;
        var counts = new int[ProgressStatusNames.Count];
        foreach (int a in actions)
        {
            var f = Action(a, day);
            double w = _globalWeight[_nodeOfAction[a]];
            wSum += w;
            pSum += w * f.Planned;
            aSum += w * f.Actual;
            pEq += f.Planned;
            aEq += f.Actual;
            counts[(int)f.Status]++;
        }
        return AgencyOf(g, actions.Length, wSum, pSum, aSum, pEq, aEq, counts);
    }

    private static AgencyFigures AgencyOf(int g, int count, double wSum, double pSum, double aSum, double pEq, double aEq, int[] counts)
    {
        double planned, actual;
        if (count == 0) (planned, actual) = (0, 0);
        else if (wSum > 0) (planned, actual) = (pSum / wSum, aSum / wSum);
        else (planned, actual) = (pEq / count, aEq / count);
        return new AgencyFigures(g, count, planned, actual, new StatusCounts(counts));
    }

    // Each agency's actions in ascending order (for AgencyOf), built when first needed.
    private int[][] ActionsOfAgency()
    {
        var built = Volatile.Read(ref _actionsOfAgency);
        if (built is not null) return built;
        var lists = new List<int>[AgencyCount];
        for (int g = 0; g < lists.Length; g++) lists[g] = [];
        for (int a = 0; a < ActionCount; a++)
            if ((uint)_agencyOfAction[a] < (uint)AgencyCount) lists[_agencyOfAction[a]].Add(a);
        built = [.. lists.Select(l => l.ToArray())];
        Volatile.Write(ref _actionsOfAgency, built);
        return built;
    }

    private int[][]? _actionsOfAgency;
}
