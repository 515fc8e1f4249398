using Microsoft.EntityFrameworkCore;
using Payesh.Domain.Calendar;
using Payesh.Domain.Progress;
using Payesh.Web.Data;
using Payesh.Web.Features.Account;
using Payesh.Web.Features.Plans;
using Payesh.Web.Infrastructure;

namespace Payesh.Web.Features.Progress;

/// <summary>The figures endpoints of docs/api.md; every number comes from the engine.</summary>
public static class ProgressApi
{
    public static Dictionary<string, int> CountsJson(StatusCounts counts) =>
        ProgressStatusNames.All.ToDictionary(s => s.ApiName(), s => counts[s]);

    public static void MapProgressApi(this RouteGroupBuilder api)
    {
        api.MapGet("/plans/{planId:long}/progress", async (long planId, string? asOf, string? node, HttpContext http, PayeshDb db, PlanQueries plans, PayeshClock clock, CancellationToken ct) =>
        {
            if (!ApiResults.TryDate(asOf, "asOf", out var day, out var error)) return error!;
            var e = await plans.EngineAsync(CurrentUser.From(http.User)!, planId, ct);
            if (e is null) return ApiResults.NotFound(PlanQueries.NotFoundMessage);
            var d = day ?? clock.Today;
            // progress-spec § Baselines: the tree and schedules in force on that day.
            if (!e.Timeline.TryLocate(node, d.DayNumber, out var engine, out int index)) return ApiResults.NotFound($"بخشی با کد «{node}» در این برنامه نیست.");
            var tree = engine.Evaluate(d.DayNumber, index);
            var f = tree.Figures(index);
            // Titles of the children only, read now (titles change without a new engine).
            var childIds = engine.Children(index).Select(c => engine.Key(c)).ToList();
            var titles = await db.PlanNodes.AsNoTracking().Where(n => childIds.Contains(n.Id)).ToDictionaryAsync(n => n.Id, n => n.Title, ct);
            return Results.Ok(new
            {
                node = engine.Code(index),
                asOf = d.ToString(),
                planned = f.Planned,
                actual = f.Actual,
                deviation = f.Deviation,
                spi = f.Spi,
                status = f.Status.ApiName(),
                forecastFinish = Fa.InCalendar(f.ForecastFinish)?.ToString(),
                actionStatusCounts = CountsJson(f.ActionCounts),
                children = engine.Children(index).Select(c => new
                {
                    code = engine.Code(c),
                    title = titles.GetValueOrDefault(engine.Key(c)),
                    planned = tree.Planned(c),
                    actual = tree.Actual(c),
                    deviation = tree.Actual(c) - tree.Planned(c),
                    spi = tree.Planned(c) > 0 ? tree.Actual(c) / tree.Planned(c) : (double?)null,
                    status = tree.Status(c).ApiName(),
                    forecastFinish = Fa.InCalendar(tree.Forecast(c))?.ToString(),
                    actionStatusCounts = CountsJson(tree.Counts(c)),
                }),
            });
        }).RequireAuthorization(Access.ReadPolicy).WithName("PlanProgress").WithSummary("شاخص‌های پیشرفت یک بخش در یک روز");

        api.MapGet("/plans/{planId:long}/series", async (long planId, string? node, string? from, string? to, HttpContext http, PlanQueries plans, CancellationToken ct) =>
        {
            if (!ApiResults.TryDate(from, "from", out var fromDay, out var error)) return error!;
            if (!ApiResults.TryDate(to, "to", out var toDay, out error)) return error!;
            if (await plans.OpenAsync(CurrentUser.From(http.User)!, planId, ct) is not var (plan, e)) return ApiResults.NotFound(PlanQueries.NotFoundMessage);
            if (!e.Timeline.TryLocate(node, e.Timeline.EffectiveFrom(e.Timeline.Count - 1), out var engine, out int index))
                return ApiResults.NotFound($"بخشی با کد «{node}» در این برنامه نیست.");
            var start = fromDay ?? JalaliDate.FromDateOnly(plan.StartDate);
            var end = toDay ?? JalaliDate.FromDateOnly(plan.EndDate);
            if (end < start) return ApiResults.Validation("to", "پایان بازه پیش از شروع آن است.");
            if (end - start > 3660) return ApiResults.Validation("to", "بازه سری زمانی حداکثر ده سال است.");
            var s = e.Timeline.Series(engine.Code(index), start.DayNumber, end.DayNumber);
            var days = new string[s.Planned.Length];
            for (int i = 0; i < days.Length; i++) days[i] = start.AddDays(i).ToString();
            return Results.Ok(new { node = engine.Code(index), days, planned = s.Planned, actual = s.Actual });
        }).RequireAuthorization(Access.ReadPolicy).WithName("PlanSeries").WithSummary("سری روزانه برنامه‌ای و واقعی (منحنی S)");

        api.MapGet("/plans/{planId:long}/agencies", async (long planId, string? asOf, HttpContext http, PayeshDb db, PlanQueries plans, PayeshClock clock, CancellationToken ct) =>
        {
            if (!ApiResults.TryDate(asOf, "asOf", out var day, out var error)) return error!;
            var e = await plans.EngineAsync(CurrentUser.From(http.User)!, planId, ct);
            if (e is null) return ApiResults.NotFound(PlanQueries.NotFoundMessage);
            var d = day ?? clock.Today;
            var agencies = await db.Agencies.AsNoTracking().ToDictionaryAsync(a => a.Id, ct);
            var figures = e.At(d.DayNumber).Agencies(d.DayNumber);
            return Results.Ok(figures.Where(f => f.ActionCount > 0 && agencies.ContainsKey(f.Agency))
                .OrderBy(f => agencies[f.Agency].Code, StringComparer.Ordinal)
                .Select(f => new
                {
                    code = agencies[f.Agency].Code,
                    name = agencies[f.Agency].Name,
                    asOf = d.ToString(),
                    actions = f.ActionCount,
                    planned = f.Planned,
                    actual = f.Actual,
                    deviation = f.Deviation,
                    spi = f.Spi,
                    actionStatusCounts = CountsJson(f.ActionCounts),
                }));
        }).RequireAuthorization(Access.ReadPolicy).WithName("PlanAgencies").WithSummary("شاخص‌های هر دستگاه بر اقدام‌هایی که مسئول آن است");
    }
}
