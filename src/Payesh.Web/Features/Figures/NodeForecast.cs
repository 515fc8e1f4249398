using Payesh.Domain.Progress;
using Payesh.Web.Infrastructure;

namespace Payesh.Web.Features.Figures;

/// <summary>The forecast finish every page shows for a node: an action's is the engine's (progress-spec); any other
/// node's is its own pace carried forward (<see cref="PaceForecast"/>). A pure function of two engine answers.</summary>
public static class NodeForecast
{
    /// <summary>The same tree (same baseline) evaluated one forecast window earlier: the pace is measured against it.
    /// Kept by the engine (<see cref="ProgressEngine.EvaluateKept"/>): a report for a later day leaves it as it is.</summary>
    public static TreeFigures Before(TreeFigures now) => now.Engine.EvaluateKept(now.Day - ProgressEngine.ForecastWindow, now.Top);

    public static int? Of(TreeFigures now, TreeFigures before, int node) =>
        now.Engine.IsAction(node) ? now.Forecast(node) : PaceForecast.Finish(now.Actual(node), before.Actual(node), now.Day);

    /// <summary>The node's projected landing at the plan's end (<see cref="PaceProjection"/>), on the baseline in force on
    /// <paramref name="day"/> and with the same 30-day window as the forecast; null when the node is not in that baseline.</summary>
    public static PaceProjection? Projection(Progress.PlanEngine e, string? code, int day, int planEnd)
    {
        if (!e.Timeline.TryLocate(code, day, out var engine, out int node)) return null;
        var now = engine.EvaluateKept(day, node);
        var before = Before(now);
        return PaceProjection.Of(now.Actual(node), before.Actual(node), day, planEnd);
    }

    /// <summary>The landing in words, as the chart's description and data table say it.</summary>
    public static string LandingText(PaceProjection p)
    {
        var pace = $"با آهنگ ۳۰ روز اخیر ({Fa.Num(p.Rate, 2)} واحد درصد در روز)";
        if (p.End <= p.Day) return $"برنامه در {Fa.Date(p.End)} به پایان رسیده است؛ پیشرفت واقعی {Fa.Pct(p.Actual)} است.";
        if (p.Actual >= 100) return "پیشرفت واقعی به ۱۰۰٪ رسیده است.";
        return p.Full is { } full
            ? $"{pace} پیشرفت واقعی در {Fa.Date(full)} به ۱۰۰٪ می‌رسد، پیش از پایان برنامه ({Fa.Date(p.End)})."
            : $"{pace} پیشرفت واقعی در پایان برنامه ({Fa.Date(p.End)}) به {Fa.Pct(p.Landing)} می‌رسد.";
    }

    /// <summary>As shown: a completed node says so instead of a date.</summary>
    public static string Text(int? forecast, ProgressStatus status) =>
        status == ProgressStatus.Completed ? "تکمیل‌شده" : Fa.Date(forecast);
}
