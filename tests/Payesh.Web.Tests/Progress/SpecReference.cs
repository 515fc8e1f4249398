using System.Globalization;

namespace Payesh.Web.Tests.Progress;

/// <summary>A node of a plan as the reference sees it: an action when it has no children.</summary>
public sealed class RefNode
{
    public required string Code { get; init; }
    public double Weight { get; init; } = 1;
    public List<RefNode> Children { get; } = [];
    public string? Agency { get; init; }
    public int Start { get; init; }
    public int End { get; init; }
    public string Curve { get; init; } = "linear";
    public List<(int Day, double Percent)> Milestones { get; } = [];

    public bool IsAction => Children.Count == 0;
}

/// <summary>A report as submitted: <see cref="Sequence"/> is the submission order.</summary>
public sealed record RefReport(string Action, int Day, int Hundredths, long Sequence)
{
    public bool Rejected { get; set; }
}

public sealed record RefSettings(int StoppageDays = 14, double AtRiskBelow = -5, double BehindBelow = -15);

public sealed record RefFigures(double Planned, double Actual, double? Spi, string Status, bool StatusIsBorderline, int? Forecast,
    IReadOnlyDictionary<string, int> Counts, bool CountsAreBorderline)
{
    public double Deviation => Actual - Planned;
}

public sealed record RefAgencyFigures(string Agency, int Actions, double Planned, double Actual, IReadOnlyDictionary<string, int> Counts,
    bool CountsAreBorderline);

/// <summary>
/// docs/progress-spec.md, read literally and computed naively (recursion, linear scans, no caching),
/// sharing nothing with the engine: an independent check of the API's figures. Days are
/// <see cref="DateOnly.DayNumber"/>s; Jalali dates go through .NET's <see cref="PersianCalendar"/>.
/// </summary>
public sealed class SpecReference(IReadOnlyList<RefNode> roots, RefSettings settings, IReadOnlyList<RefReport> reports)
{
    public const int ForecastWindow = 30;
    private const double Borderline = 1e-9;

    public static readonly string[] Statuses = ["completed", "not-started", "stopped", "overdue", "behind", "at-risk", "on-track"];

    private static readonly PersianCalendar Persian = new();

    public static int Day(string jalali)
    {
        var p = jalali.Split('/');
        int y = int.Parse(p[0], CultureInfo.InvariantCulture), m = int.Parse(p[1], CultureInfo.InvariantCulture), d = int.Parse(p[2], CultureInfo.InvariantCulture);
        return DateOnly.FromDateTime(Persian.ToDateTime(y, m, d, 0, 0, 0, 0)).DayNumber;
    }

    public static string Jalali(int day)
    {
        var t = DateOnly.FromDayNumber(day).ToDateTime(TimeOnly.MinValue);
        return string.Create(CultureInfo.InvariantCulture, $"{Persian.GetYear(t):0000}/{Persian.GetMonth(t):00}/{Persian.GetDayOfMonth(t):00}");
    }

    public IEnumerable<RefNode> AllNodes() => roots.SelectMany(Descendants);

    private static IEnumerable<RefNode> Descendants(RefNode n) => new[] { n }.Concat(n.Children.SelectMany(Descendants));

    public RefNode Find(string code) => AllNodes().Single(n => n.Code == code);

    // ---- planned(d) of an action ----------------------------------------------------------------

    public static double Planned(RefNode a, int d)
    {
        int duration = a.End - a.Start + 1;
        int elapsed = Math.Clamp(d - a.Start + 1, 0, duration);
        double x = (double)elapsed / duration;
        switch (a.Curve)
        {
            case "scurve":
                return 100 * (3 * x * x - 2 * x * x * x);
            case "milestones":
                var points = new List<(int Day, double Percent)> { (a.Start - 1, 0) };
                points.AddRange(a.Milestones);
                points.Add((a.End, 100));
                if (d <= points[0].Day) return points[0].Percent;
                if (d >= points[^1].Day) return points[^1].Percent;
                for (int i = 0; i + 1 < points.Count; i++)
                {
                    var (d0, p0) = points[i];
                    var (d1, p1) = points[i + 1];
                    if (d >= d0 && d < d1) return p0 + (p1 - p0) * (d - d0) / (d1 - d0);
                }
                throw new InvalidOperationException("no segment");
            default:
                return 100 * x;
        }
    }

    // ---- actual(d) of an action -----------------------------------------------------------------

    private IEnumerable<RefReport> Counting(RefNode a) => reports.Where(r => r.Action == a.Code && !r.Rejected);

    /// <summary>The report days of an action with their values (the last submitted counting report of the day), by day.</summary>
    public List<(int Day, int Hundredths)> ReportDays(RefNode a) =>
        [.. Counting(a).GroupBy(r => r.Day).OrderBy(g => g.Key).Select(g => (g.Key, g.MaxBy(r => r.Sequence)!.Hundredths))];

    /// <summary>In hundredths of a percent.</summary>
    public int ActualHundredths(RefNode a, int d)
    {
        var days = ReportDays(a).Where(x => x.Day <= d).ToList();
        return days.Count == 0 ? 0 : days[^1].Hundredths;
    }

    public int LastProgressDay(RefNode a, int d)
    {
        var days = ReportDays(a);
        int? last = null;
        for (int i = 0; i < days.Count && days[i].Day <= d; i++)
        {
            int before = i == 0 ? 0 : days[i - 1].Hundredths;
            if (days[i].Hundredths > before) last = days[i].Day;
        }
        return last ?? a.Start - 1;
    }

    private (string Status, bool Borderline) ActionStatus(RefNode a, int d)
    {
        int actual = ActualHundredths(a, d);
        if (actual >= 10000) return ("completed", false);
        if (d < a.Start && actual == 0) return ("not-started", false);
        if (d - LastProgressDay(a, d) >= settings.StoppageDays) return ("stopped", false);
        if (d > a.End) return ("overdue", false);
        return ByDeviation(actual / 100.0 - Planned(a, d));
    }

    private (string Status, bool Borderline) ByDeviation(double deviation)
    {
        bool borderline = Math.Abs(deviation - settings.BehindBelow) < Borderline || Math.Abs(deviation - settings.AtRiskBelow) < Borderline;
        if (deviation < settings.BehindBelow) return ("behind", borderline);
        if (deviation < settings.AtRiskBelow) return ("at-risk", borderline);
        return ("on-track", borderline);
    }

    public int? ActionForecast(RefNode a, int d)
    {
        int now = ActualHundredths(a, d);
        if (now >= 10000) return LastProgressDay(a, d);
        int then = ActualHundredths(a, d - ForecastWindow);
        if (now - then <= 0) return null;
        // d + ceil((100 − actual) / rate) with rate = (now − then) / W, exactly in hundredths.
        long numerator = (long)(10000 - now) * ForecastWindow;
        long denominator = now - then;
        return d + (int)((numerator + denominator - 1) / denominator);
    }

    // ---- any node -------------------------------------------------------------------------------

    private static List<double> Shares(IReadOnlyList<RefNode> siblings)
    {
        double sum = siblings.Sum(s => s.Weight);
        return [.. siblings.Select(s => sum > 0 ? s.Weight / sum : 1.0 / siblings.Count)];
    }

    public static double PlannedOf(RefNode n, int d) =>
        n.IsAction ? Planned(n, d) : WeightedMean(n.Children, c => PlannedOf(c, d));

    public double ActualOf(RefNode n, int d) =>
        n.IsAction ? ActualHundredths(n, d) / 100.0 : WeightedMean(n.Children, c => ActualOf(c, d));

    private static double WeightedMean(List<RefNode> children, Func<RefNode, double> value)
    {
        var shares = Shares(children);
        double total = 0;
        for (int i = 0; i < children.Count; i++) total += shares[i] * value(children[i]);
        return total;
    }

    private static IEnumerable<RefNode> ActionsUnder(RefNode n) => Descendants(n).Where(x => x.IsAction);

    public RefFigures Figures(RefNode n, int d)
    {
        double planned = PlannedOf(n, d), actual = ActualOf(n, d);
        string status;
        bool borderline;
        int? forecast;
        if (n.IsAction)
        {
            (status, borderline) = ActionStatus(n, d);
            forecast = ActionForecast(n, d);
        }
        else
        {
            // Values are real numbers in the spec; a weighted mean of 100s is 100 (within rounding).
            borderline = Math.Abs(actual - 100) < 1e-7 && actual < 100;
            if (actual >= 100 - 1e-9) status = "completed";
            else if (Math.Abs(planned) < 1e-12 && Math.Abs(actual) < 1e-12) status = "not-started";
            else
            {
                var (s, b) = ByDeviation(actual - planned);
                status = s;
                borderline |= b;
            }
            // The spec defines the forecast of an action only; for a node the API gives the latest
            // forecast of its actions, and none when any of them has none (the project's rule).
            var forecasts = ActionsUnder(n).Select(a => ActionForecast(a, d)).ToList();
            forecast = forecasts.Any(f => f is null) ? null : forecasts.Max();
        }
        var (counts, countsBorderline) = Counts(ActionsUnder(n), d);
        return new RefFigures(planned, actual, planned > 0 ? actual / planned : null, status, borderline, forecast, counts, countsBorderline);
    }

    public RefFigures RootFigures(int d)
    {
        var root = new RefNode { Code = "" };
        root.Children.AddRange(roots);
        return Figures(root, d);
    }

    private (Dictionary<string, int> Counts, bool Borderline) Counts(IEnumerable<RefNode> actions, int d)
    {
        var counts = Statuses.ToDictionary(s => s, _ => 0);
        bool borderline = false;
        foreach (var a in actions)
        {
            var (status, b) = ActionStatus(a, d);
            counts[status]++;
            borderline |= b;
        }
        return (counts, borderline);
    }

    // ---- agencies -------------------------------------------------------------------------------

    public double GlobalWeight(RefNode action)
    {
        double Walk(IReadOnlyList<RefNode> level, double above)
        {
            var shares = Shares(level);
            for (int i = 0; i < level.Count; i++)
            {
                if (level[i] == action) return above * shares[i];
                if (ActionsUnder(level[i]).Contains(action)) return Walk(level[i].Children, above * shares[i]);
            }
            throw new InvalidOperationException("not in the plan");
        }
        return Walk(roots, 1);
    }

    public IReadOnlyList<RefAgencyFigures> Agencies(int d) =>
        [.. AllNodes().Where(n => n.IsAction).GroupBy(n => n.Agency!).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g =>
        {
            var actions = g.ToList();
            var weights = actions.Select(GlobalWeight).ToList();
            double total = weights.Sum();
            if (total <= 0) weights = [.. actions.Select(_ => 1.0)];
            total = weights.Sum();
            double planned = 0, actual = 0;
            for (int i = 0; i < actions.Count; i++)
            {
                planned += weights[i] * Planned(actions[i], d);
                actual += weights[i] * ActualHundredths(actions[i], d) / 100.0;
            }
            var (counts, borderline) = Counts(actions, d);
            return new RefAgencyFigures(g.Key, actions.Count, planned / total, actual / total, counts, borderline);
        })];
}
