using Microsoft.AspNetCore.Http.HttpResults;
using Payesh.Domain.Obstacles;
using Payesh.Web.Features.Account;
using Payesh.Web.Infrastructure;
using Payesh.Web.Infrastructure.Input;

namespace Payesh.Web.Features.Obstacles;

/// <summary>/api/v1/obstacles: the register (list with filters), registration, workflow steps and the figures per organization —
/// adapters over <see cref="ObstacleQueries"/>, <see cref="ObstacleCommands"/> and <see cref="AccountabilityService"/>.</summary>
public static class ObstaclesApi
{
    /// <summary>A possible duplicate named in the 409 of a registration.</summary>
    public sealed record DuplicateEntry(long Id, string Title, string Reason, double Similarity, string? Unit);

    public static void MapObstaclesApi(this RouteGroupBuilder api)
    {
        api.MapGet("/obstacles", ListAsync).ProducesProblems(422)
            .RequireAuthorization(Access.ReadPolicy).WithName("ListObstacles").WithSummary("فهرست موانع با صافی (state، category، severity، agency، escalated، overdue، mine، awaitingAnswer، q)");
        api.MapGet("/obstacles/{id:long}", GetAsync).ProducesProblems(403, 404)
            .RequireAuthorization(Access.ReadPolicy).WithName("GetObstacle").WithSummary("یک مانع با سابقه رویدادها و کارهای مجاز کاربر");
        api.MapPost("/obstacles", CreateAsync).ReadsJson<ObstacleInput>().ProducesProblems(403, 409, 415, 422)
            .RequireAuthorization(Access.ReportPolicy).WithName("CreateObstacle").WithSummary("ثبت مانع (409 با فهرست موارد مشابه مگر allowDuplicate)");
        api.MapPost("/obstacles/{id:long}/transitions", TransitionAsync).ReadsJson<TransitionInput>().ProducesProblems(403, 404, 409, 415, 422)
            .RequireAuthorization(Access.ReadPolicy).WithName("ObstacleTransition").WithSummary("یک گام گردش کار مانع: review، assign، start، resolve، not-resolvable، escalate، reopen، comment");
        api.MapGet("/obstacles/figures", FiguresAsync).ProducesProblems(422)
            .RequireAuthorization(Access.ReadPolicy).WithName("ObstacleFigures").WithSummary("شاخص‌های موانع و مصوبات هر دستگاه");
    }

    public static async Task<Results<Ok<List<ObstacleListItem>>, ProblemHttpResult>> ListAsync(HttpContext http, [AsParameters] ObstacleFilter filter,
        ObstacleQueries obstacles, CancellationToken ct) =>
        (await obstacles.ListAsync(CurrentUser.From(http.User)!, filter, 5000, ct)).ToOk();

    public static async Task<Results<Ok<ObstacleDetail>, ProblemHttpResult>> GetAsync(long id, HttpContext http, ObstacleQueries obstacles, CancellationToken ct) =>
        (await obstacles.DetailAsync(CurrentUser.From(http.User)!, id, ct)).ToOk();

    public static async Task<Results<Created<CreatedId>, ProblemHttpResult>> CreateAsync(HttpRequest request, ObstacleCommands writer, CancellationToken ct)
    {
        var (input, error) = await ApiInput.ReadBodyAsync<ObstacleInput>(request);
        if (error is not null) return error;
        var outcome = await writer.RegisterAsync(input!, CurrentUser.From(request.HttpContext.User)!, ct);
        return outcome.Ok ? TypedResults.Created($"/api/v1/obstacles/{outcome.Value}", new CreatedId(outcome.Value)) : RegistrationProblem(outcome);
    }

    /// <summary>A step; the answer is the obstacle after it.</summary>
    public static async Task<Results<Ok<ObstacleDetail>, ProblemHttpResult>> TransitionAsync(long id, HttpRequest request, ObstacleCommands writer,
        ObstacleQueries obstacles, CancellationToken ct)
    {
        var (input, error) = await ApiInput.ReadBodyAsync<TransitionInput>(request);
        if (error is not null) return error;
        var user = CurrentUser.From(request.HttpContext.User)!;
        var outcome = await writer.TransitionAsync(id, input!, user, ct);
        return outcome.Ok ? (await obstacles.DetailAsync(user, id, ct)).ToOk() : outcome.ToProblem();
    }

    public static Task<Results<Ok<FiguresAnswer<ObstacleFiguresJson>>, ProblemHttpResult>> FiguresAsync(string? asOf, string? agency,
        AccountabilityService figures, CancellationToken ct) => FiguresOfAsync(asOf, agency, figures, ObstacleFiguresJson.Of, ct);

    /// <summary>The figures per organization (and the total) as of a day; <paramref name="pick"/> chooses the part shown.</summary>
    public static async Task<Results<Ok<FiguresAnswer<T>>, ProblemHttpResult>> FiguresOfAsync<T>(string? asOf, string? agency,
        AccountabilityService figures, Func<AccountabilityFigures, T> pick, CancellationToken ct)
    {
        if (!ApiInput.TryDate(asOf, "asOf", out var day, out var error)) return error!.ToProblem();
        return TypedResults.Ok(await figures.AnswerAsync(day, agency, pick, ct));
    }

    /// <summary>A refused registration: possible duplicates are a 409 that lists them (docs/api.md § obstacles).</summary>
    private static ProblemHttpResult RegistrationProblem(Outcome<long> outcome) =>
        outcome.Data is IReadOnlyList<PossibleDuplicate> { Count: > 0 } d
            ? TypedResults.Problem(
                title: "احتمال ثبت تکراری",
                detail: "مانع مشابهی باز است؛ اگر این مانع تکراری نیست، درخواست را با \"allowDuplicate\": true دوباره بفرستید.",
                statusCode: StatusCodes.Status409Conflict,
                extensions: new Dictionary<string, object?>
                {
                    ["duplicates"] = d.Select(x => new DuplicateEntry(x.Id, x.Title,
                        x.Reason == DuplicateReason.SameProductionUnit ? "same-production-unit" : "similar-title", x.Similarity, x.UnitName)).ToList(),
                })
            : outcome.ToProblem();
}
