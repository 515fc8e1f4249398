using Microsoft.AspNetCore.Http.HttpResults;
using Payesh.Web.Features.Account;
using Payesh.Web.Infrastructure;
using Payesh.Web.Infrastructure.Input;

namespace Payesh.Web.Features.Progress;

/// <summary>The figures endpoints of docs/api.md: adapters over <see cref="ProgressQueries"/>.</summary>
public static class ProgressApi
{
    public static void MapProgressApi(this RouteGroupBuilder api)
    {
        api.MapGet("/plans/{planId:long}/progress", NodeAsync).ProducesProblems(404, 422)
            .RequireAuthorization(Access.ReadPolicy).WithName("PlanProgress").WithSummary("شاخص‌های پیشرفت یک بخش در یک روز");
        api.MapGet("/plans/{planId:long}/series", SeriesAsync).ProducesProblems(404, 422)
            .RequireAuthorization(Access.ReadPolicy).WithName("PlanSeries").WithSummary("سری روزانه برنامه‌ای و واقعی (منحنی S)");
        api.MapGet("/plans/{planId:long}/agencies", AgenciesAsync).ProducesProblems(404, 422)
            .RequireAuthorization(Access.ReadPolicy).WithName("PlanAgencies").WithSummary("شاخص‌های هر دستگاه بر اقدام‌هایی که مسئول آن است");
    }

    public static async Task<Results<Ok<NodeProgress>, ProblemHttpResult>> NodeAsync(long planId, string? asOf, string? node, HttpContext http,
        ProgressQueries progress, CancellationToken ct)
    {
        if (!ApiInput.TryDate(asOf, "asOf", out var day, out var error)) return error!.ToProblem();
        return (await progress.NodeAsync(CurrentUser.From(http.User)!, planId, day, node, ct)).ToOk();
    }

    public static async Task<Results<Ok<ProgressSeriesAnswer>, ProblemHttpResult>> SeriesAsync(long planId, string? node, string? from, string? to,
        HttpContext http, ProgressQueries progress, CancellationToken ct)
    {
        if (!ApiInput.TryDate(from, "from", out var fromDay, out var error)) return error!.ToProblem();
        if (!ApiInput.TryDate(to, "to", out var toDay, out error)) return error!.ToProblem();
        return (await progress.SeriesAsync(CurrentUser.From(http.User)!, planId, node, fromDay, toDay, ct)).ToOk();
    }

    public static async Task<Results<Ok<List<AgencyProgress>>, ProblemHttpResult>> AgenciesAsync(long planId, string? asOf, HttpContext http,
        ProgressQueries progress, CancellationToken ct)
    {
        if (!ApiInput.TryDate(asOf, "asOf", out var day, out var error)) return error!.ToProblem();
        return (await progress.AgenciesAsync(CurrentUser.From(http.User)!, planId, day, ct)).ToOk();
    }
}
