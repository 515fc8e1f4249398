using Payesh.Domain.Plans;

namespace Payesh.Domain.Progress;

/// <summary>The planned progress of one action (progress-spec § planned), on day numbers.</summary>
public sealed class PlannedCurve
{
    private readonly int _start;
    private readonly int _end;
    private readonly CurveKind _kind;
    // Milestones curve: the points (S−1, 0), (day_i, pct_i), (E, 100).
    private readonly int[] _pointDays;
    private readonly double[] _pointPercents;

    public PlannedCurve(int start, int end, CurveKind kind, IReadOnlyList<(int Day, double Percent)>? milestones = null)
    {
        if (end < start) throw new DomainException("تاریخ پایان پیش از تاریخ شروع است.");
        _start = start;
        _end = end;
        _kind = kind;
        if (kind == CurveKind.Milestones)
        {
            var ms = milestones ?? [];
            _pointDays = new int[ms.Count + 2];
            _pointPercents = new double[ms.Count + 2];
            _pointDays[0] = start - 1;
            for (int i = 0; i < ms.Count; i++)
            {
                _pointDays[i + 1] = ms[i].Day;
                _pointPercents[i + 1] = ms[i].Percent;
            }
            _pointDays[^1] = end;
            _pointPercents[^1] = 100;
        }
        else
        {
            _pointDays = [];
            _pointPercents = [];
        }
    }

    public int Start => _start;
    public int End => _end;
    public CurveKind Kind => _kind;

    /// <summary>Planned % at the end of <paramref name="day"/>.</summary>
    public double At(int day)
    {
        if (day < _start) return 0;
        if (day >= _end) return 100;
        int duration = _end - _start + 1;
        int elapsed = day - _start + 1;
        double x = (double)elapsed / duration;
        switch (_kind)
        {
            case CurveKind.SCurve:
                return 100 * (3 * x * x - 2 * x * x * x);
            case CurveKind.Milestones:
                // Find the segment [p_k, p_k+1] with p_k ≤ day < p_k+1; the points' days are increasing
                // except that a milestone may sit on E itself (then the later point, 100, wins).
                int k = 0;
                while (k + 1 < _pointDays.Length && _pointDays[k + 1] <= day) k++;
                if (k + 1 >= _pointDays.Length) return _pointPercents[^1];
                int d0 = _pointDays[k], d1 = _pointDays[k + 1];
                double p0 = _pointPercents[k], p1 = _pointPercents[k + 1];
                return p0 + (p1 - p0) * (day - d0) / (d1 - d0);
            default:
                return 100 * x;
        }
    }
}
