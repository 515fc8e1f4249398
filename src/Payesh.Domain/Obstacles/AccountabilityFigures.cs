namespace Payesh.Domain.Obstacles;

/// <summary>
/// What one organization did with the obstacles and resolutions given to it, as of a day: obstacles
/// assigned (it is the lead agency), resolved, resolved by the deadline, overdue and the median days from
/// assignment to resolution; resolutions assigned (not withdrawn), carried out and carried out on time.
/// <see cref="ObstaclesOpen"/> counts obstacles neither resolved nor declared not resolvable: for an agency those
/// it leads, for the total every obstacle in the register (also those not yet assigned).
/// </summary>
public sealed record AccountabilityFigures(
    long Agency,
    int ObstaclesAssigned,
    int ObstaclesResolved,
    int ObstaclesResolvedByDeadline,
    int ObstaclesOverdue,
    double? MedianDaysToResolve,
    int ResolutionsAssigned,
    int ResolutionsCarriedOut,
    int ResolutionsOnTime,
    int ResolutionsOverdue,
    int ObstaclesOpen)
{
    /// <summary>درصد تحقق مصوبات: carried out ÷ assigned × 100; null when none was assigned.</summary>
    public double? ImplementationRate => ResolutionsAssigned > 0 ? 100.0 * ResolutionsCarriedOut / ResolutionsAssigned : null;

    public double? ResolvedRate => ObstaclesAssigned > 0 ? 100.0 * ObstaclesResolved / ObstaclesAssigned : null;

    public static AccountabilityFigures Empty(long agency) => new(agency, 0, 0, 0, 0, null, 0, 0, 0, 0, 0);

    /// <summary>The figures of every agency that has an obstacle or a resolution, plus the total (agency 0).</summary>
    public static (IReadOnlyList<AccountabilityFigures> Agencies, AccountabilityFigures Total) Compute(
        IEnumerable<ObstacleFile> obstacles, IEnumerable<ResolutionFile> resolutions, int today)
    {
        var byAgency = new Dictionary<long, Builder>();
        var total = new Builder(0);
        Builder Of(long agency) => byAgency.TryGetValue(agency, out var b) ? b : byAgency[agency] = new Builder(agency);
        foreach (var o in obstacles)
        {
            if (o.LeadAgency is not { } lead)
            {
                total.AddUnassigned(o);
                continue;
            }
            Of(lead).Add(o, today);
            total.Add(o, today);
        }
        foreach (var r in resolutions)
        {
            Of(r.Agency).Add(r, today);
            total.Add(r, today);
        }
        return ([.. byAgency.Values.Select(b => b.Build()).OrderBy(f => f.Agency)], total.Build());
    }

    public static double? Median(IReadOnlyList<int> values)
    {
        if (values.Count == 0) return null;
        var sorted = values.Order().ToArray();
        int mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2.0;
    }

    private sealed class Builder(long agency)
    {
        private int _assigned, _resolved, _byDeadline, _overdue, _open, _resAssigned, _carried, _onTime, _resOverdue;
        private readonly List<int> _days = [];

        public void Add(ObstacleFile o, int today)
        {
            _assigned++;
            if (o.State == ObstacleState.Resolved)
            {
                _resolved++;
                if (o.ResolvedByDeadline) _byDeadline++;
                if (o.DaysToResolve is { } d) _days.Add(d);
            }
            if (o.IsOverdue(today)) _overdue++;
            if (o.IsOpen) _open++;
        }

        /// <summary>Only the register's open count sees an obstacle that has no lead agency yet.</summary>
        public void AddUnassigned(ObstacleFile o)
        {
            if (o.IsOpen) _open++;
        }

        public void Add(ResolutionFile r, int today)
        {
            if (!r.Counts) return;
            _resAssigned++;
            if (r.CarriedOut) _carried++;
            if (r.DoneOnTime) _onTime++;
            if (r.IsOverdue(today)) _resOverdue++;
        }

        public AccountabilityFigures Build() =>
            new(agency, _assigned, _resolved, _byDeadline, _overdue, Median(_days), _resAssigned, _carried, _onTime, _resOverdue, _open);
    }
}
