using Payesh.Domain.Progress;
using Payesh.Web.Infrastructure;

namespace Payesh.Web.Features.Figures;

/// <summary>The forecast finish every page shows for a node: an action's is the engine's (progress-spec); any other
/// node's is its own pace carried forward (<see cref="PaceForecast"/>). A pure function of two engine answers.</summary>
public static class NodeForecast
{
    /// <summary>The same tree (same baseline) evaluated one forecast window earlier: the pace is measured against it.</summary>
    public static TreeFigures Before(TreeFigures now) => now.Engine.Evaluate(now.Day - ProgressEngine.ForecastWindow, now.Top);

    public static int? Of(TreeFigures now, TreeFigures before, int node) =>
        now.Engine.IsAction(node) ? now.Forecast(node) : PaceForecast.Finish(now.Actual(node), before.Actual(node), now.Day);

    /// <summary>As shown: a completed node says so instead of a date.</summary>
    public static string Text(int? forecast, ProgressStatus status) =>
        status == ProgressStatus.Completed ? "تکمیل‌شده" : Fa.Date(forecast);
}
