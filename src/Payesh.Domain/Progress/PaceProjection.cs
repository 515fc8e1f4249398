namespace Payesh.Domain.Progress;

/// <summary>
/// The projected landing of a node on its S-curve (issue 12 § 6): the current pace — actual gained over the last
/// <see cref="ProgressEngine.ForecastWindow"/> days, per day (<c>rate = max(0, actual(d) − actual(d − 30)) / 30</c>,
/// the same window and rounding as <see cref="PaceForecast"/>) — carried from day <c>d</c> to the plan's end and capped at
/// 100: <c>projected(t) = min(100, actual(d) + rate · (t − d))</c> for <c>d ≤ t ≤ end</c>. The landing is
/// <c>projected(end)</c>; <see cref="Full"/> is the day it reaches 100 when that is on or before the end.
/// </summary>
public readonly record struct PaceProjection(int Day, double Actual, double Rate, int End, double Landing, int? Full)
{
    /// <summary>The projection of a node whose actual is <paramref name="actualNow"/> on <paramref name="day"/> and
    /// <paramref name="actualBefore"/> one window earlier, for a plan ending on <paramref name="planEnd"/>.</summary>
    public static PaceProjection Of(double actualNow, double actualBefore, int day, int planEnd, int window = ProgressEngine.ForecastWindow)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(window, 1);
        // Values are weighted means of hundredths: compare at the engine's resolution so that rounding noise is no pace.
        double now = Math.Round(actualNow, 6), before = Math.Round(actualBefore, 6);
        double rate = now >= 100 ? 0 : Math.Max(0, now - before) / window;
        int end = Math.Max(day, planEnd);
        double landing = Math.Min(100, now + rate * (end - day));
        int? full = null;
        if (now >= 100) full = day;
        else if (rate > 0 && PaceForecast.Finish(now, before, day, window) is { } f && f <= end) full = f;
        if (full is not null) landing = 100;
        return new PaceProjection(day, now, rate, end, landing, full);
    }

    /// <summary>The projected value on day <paramref name="t"/> (between <see cref="Day"/> and <see cref="End"/>).</summary>
    public double At(int t) => Full is { } f && t >= f ? 100 : Math.Min(100, Actual + Rate * (Math.Clamp(t, Day, End) - Day));

    /// <summary>The corners of the projected line: today, the day it reaches 100 (if before the end) and the end.</summary>
    public IReadOnlyList<(int Day, double Value)> Points()
    {
        var points = new List<(int, double)> { (Day, Actual) };
        if (Full is { } f && f > Day && f < End) points.Add((f, 100));
        if (End > Day) points.Add((End, Landing));
        return points;
    }
}
