using Microsoft.EntityFrameworkCore;
using Payesh.Domain.Calendar;
using Payesh.Domain.Progress;
using Payesh.Web.Data;
using Payesh.Web.Features.Account;
using Payesh.Web.Features.Plans;
using Payesh.Web.Infrastructure;

namespace Payesh.Web.Features.Progress;

/// <summary>A child node's figures in <c>GET …/progress</c>.</summary>
public sealed record ChildProgress(string Code, string? Title, double Planned, double Actual, double Deviation, double? Spi, string Status,
    string? ForecastFinish, Dictionary<string, int> ActionStatusCounts);

/// <summary>One node's figures on a day with its children's (<c>GET /api/v1/plans/{id}/progress</c>).</summary>
public sealed record NodeProgress(string Node, string AsOf, double Planned, double Actual, double Deviation, double? Spi, string Status,
    string? ForecastFinish, Dictionary<string, int> ActionStatusCounts, List<ChildProgress> Children);

/// <summary>The daily planned and actual series of a node (<c>GET …/series</c>).</summary>
public sealed record ProgressSeriesAnswer(string Node, string[] Days, double[] Planned, double[] Actual);

/// <summary>An agency's figures over the actions it leads (<c>GET …/agencies</c>).</summary>
public sealed record AgencyProgress(string Code, string Name, string AsOf, int Actions, double Planned, double Actual, double Deviation, double? Spi,
    Dictionary<string, int> ActionStatusCounts);

/// <summary>A node in <c>GET …/progress/tree</c> (written by <see cref="ProgressTreeJson"/>; this record is its OpenAPI shape).</summary>
public sealed record TreeNodeProgress(string Code, string? Parent, int Depth, double Planned, double Actual, double Deviation, double? Spi,
    string Status, string? ForecastFinish, Dictionary<string, int> ActionStatusCounts);

/// <summary>The body of <c>GET …/progress/tree</c> as JSON.</summary>
public sealed record ProgressTreeDocument(string AsOf, List<TreeNodeProgress> Nodes);

/// <summary>Every node's figures on a day, with the titles when a CSV needs them.</summary>
public sealed record ProgressTreeView(TreeFigures Tree, JalaliDate Day, PlanTitles? Titles);

/// <summary>The figures of the progress API (docs/api.md § progress): every number from the engine of the day asked
/// for, and only for plans the user may see (<see cref="PlanQueries"/>: a draft is not found but by the staff).</summary>
public sealed class ProgressQueries(PayeshDb db, PlanQueries plans, PayeshClock clock)
{
    public static Dictionary<string, int> CountsJson(StatusCounts counts) =>
        ProgressStatusNames.All.ToDictionary(s => s.ApiName(), s => counts[s]);

    private static Outcome.Failure NoNode(string? node) => Outcome.NotFound($"بخشی با کد «{node}» در این برنامه نیست.");

    public async Task<Outcome<NodeProgress>> NodeAsync(CurrentUser user, long planId, JalaliDate? asOf, string? node, CancellationToken ct)
    {
        var e = await plans.EngineAsync(user, planId, ct);
        if (e is null) return Outcome.NotFound(PlanQueries.NotFoundMessage);
        var d = asOf ?? clock.Today;
        // progress-spec § Baselines: the tree and schedules in force on that day.
        if (!e.Timeline.TryLocate(node, d.DayNumber, out var engine, out int index)) return NoNode(node);
        var tree = engine.Evaluate(d.DayNumber, index);
        var f = tree.Figures(index);
        // Titles are read once per plan structure (a rename moves it, and so makes another engine) and kept with the engine.
        var titles = (await e.TitlesAsync(db, ct)).Nodes;
        return new NodeProgress(engine.Code(index), d.ToString(), f.Planned, f.Actual, f.Deviation, f.Spi, f.Status.ApiName(),
            Fa.InCalendar(f.ForecastFinish)?.ToString(), CountsJson(f.ActionCounts),
            [.. engine.Children(index).Select(c => new ChildProgress(engine.Code(c), titles.GetValueOrDefault(engine.Key(c)),
                tree.Planned(c), tree.Actual(c), tree.Actual(c) - tree.Planned(c), tree.Planned(c) > 0 ? tree.Actual(c) / tree.Planned(c) : null,
                tree.Status(c).ApiName(), Fa.InCalendar(tree.Forecast(c))?.ToString(), CountsJson(tree.Counts(c))))]);
    }

    public async Task<Outcome<ProgressSeriesAnswer>> SeriesAsync(CurrentUser user, long planId, string? node, JalaliDate? from, JalaliDate? to, CancellationToken ct)
    {
        if (await plans.OpenAsync(user, planId, ct) is not var (plan, e)) return Outcome.NotFound(PlanQueries.NotFoundMessage);
        if (!e.Timeline.TryLocate(node, e.Timeline.EffectiveFrom(e.Timeline.Count - 1), out var engine, out int index)) return NoNode(node);
        var start = from ?? JalaliDate.FromDateOnly(plan.StartDate);
        var end = to ?? JalaliDate.FromDateOnly(plan.EndDate);
        if (end < start) return Outcome.Invalid("to", "پایان بازه پیش از شروع آن است.");
        if (end - start > 3660) return Outcome.Invalid("to", "بازه سری زمانی حداکثر ده سال است.");
        var s = e.Timeline.Series(engine.Code(index), start.DayNumber, end.DayNumber);
        var days = new string[s.Planned.Length];
        for (int i = 0; i < days.Length; i++) days[i] = start.AddDays(i).ToString();
        return new ProgressSeriesAnswer(engine.Code(index), days, s.Planned, s.Actual);
    }

    public async Task<Outcome<List<AgencyProgress>>> AgenciesAsync(CurrentUser user, long planId, JalaliDate? asOf, CancellationToken ct)
    {
        var e = await plans.EngineAsync(user, planId, ct);
        if (e is null) return Outcome.NotFound(PlanQueries.NotFoundMessage);
        var d = asOf ?? clock.Today;
        var agencies = await db.Agencies.AsNoTracking().ToDictionaryAsync(a => a.Id, ct);
        var figures = e.At(d.DayNumber).Agencies(d.DayNumber);
        return figures.Where(f => f.ActionCount > 0 && agencies.ContainsKey(f.Agency))
            .OrderBy(f => agencies[f.Agency].Code, StringComparer.Ordinal)
            .Select(f => new AgencyProgress(agencies[f.Agency].Code, agencies[f.Agency].Name, d.ToString(), f.ActionCount, f.Planned, f.Actual,
                f.Deviation, f.Spi, CountsJson(f.ActionCounts)))
            .ToList();
    }

    /// <summary>The whole tree on a day (one evaluation); <paramref name="withTitles"/> adds the titles a CSV shows (read once
    /// per plan structure, <see cref="PlanEngine.TitlesAsync"/>).</summary>
    public async Task<Outcome<ProgressTreeView>> TreeAsync(CurrentUser user, long planId, JalaliDate? asOf, bool withTitles, CancellationToken ct)
    {
        // Drafts are the staff's: decided once, in PlanQueries.
        var e = await plans.EngineAsync(user, planId, ct);
        if (e is null) return Outcome.NotFound(PlanQueries.NotFoundMessage);
        var d = asOf ?? clock.Today;
        // progress-spec § Baselines: the tree and schedules in force on that day.
        // Kept by the engine, and brought up to date (as a new tree) when a report reaches back to that day.
        var tree = e.At(d.DayNumber).EvaluateKept(d.DayNumber);
        if (!withTitles) return new ProgressTreeView(tree, d, null);
        var titles = await e.TitlesAsync(db, ct);
        return new ProgressTreeView(tree, d, titles);
    }
}
