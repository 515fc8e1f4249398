namespace Payesh.Domain.Progress;

/// <summary>
/// The forecast finish of a node that is not an action (issue 12): the rule of progress-spec § forecast finish of an
/// action applied to the node's own weighted actual, so the whole plan and every axis have one figure that moves
/// with their own pace — not the finish of their slowest action, which could read «on plan» and years late at once.
/// </summary>
public static class PaceForecast
{
    /// <summary><c>day + ceil((100 − actual(d)) / rate)</c> with <c>rate = (actual(d) − actual(d − W)) / W</c>;
    /// null when the node has finished (its status says so) or made no progress in the window.</summary>
    public static int? Finish(double actualNow, double actualBefore, int day, int window = ProgressEngine.ForecastWindow)
    {
        // Values are weighted means of hundredths: compare at the engine's resolution so that rounding noise is no pace.
        double now = Math.Round(actualNow, 6), before = Math.Round(actualBefore, 6);
        if (now >= 100 || now <= before) return null;
        double rate = (now - before) / window;
        double days = Math.Ceiling(Math.Round((100 - now) / rate, 6));
        return days > int.MaxValue - day ? null : day + (int)days;
    }

    /// <summary>The node's figure at the end of <paramref name="planEnd"/> if the current pace held (capped at 100).</summary>
    public static double Landing(double actualNow, double actualBefore, int day, int planEnd, int window = ProgressEngine.ForecastWindow)
    {
        double rate = Math.Max(0, actualNow - actualBefore) / window;
        return Math.Min(100, actualNow + rate * Math.Max(0, planEnd - day));
    }
}
