using Microsoft.AspNetCore.Http.HttpResults;
using Payesh.Web.Features.Account;
using Payesh.Web.Features.Obstacles;
using Payesh.Web.Infrastructure;
using Payesh.Web.Infrastructure.Input;

namespace Payesh.Web.Features.Resolutions;

/// <summary>/api/v1/resolutions: the list with filters, one resolution's history, its steps, and the implementation figures —
/// adapters over <see cref="ResolutionQueries"/>, <see cref="ResolutionCommands"/> and <see cref="AccountabilityService"/>.</summary>
public static class ResolutionsApi
{
    public static void MapResolutionsApi(this RouteGroupBuilder api)
    {
        api.MapGet("/resolutions", ListAsync).ProducesProblems(422)
            .RequireAuthorization(Access.ReadPolicy).WithName("ListResolutions").WithSummary("مصوبات با صافی (state، agency، overdue، meeting)");
        api.MapGet("/resolutions/figures", FiguresAsync).ProducesProblems(422)
            .RequireAuthorization(Access.ReadPolicy).WithName("ResolutionFigures").WithSummary("درصد تحقق مصوبات، کل و هر دستگاه");
        api.MapGet("/resolutions/{id:long}", GetAsync).ProducesProblems(404)
            .RequireAuthorization(Access.ReadPolicy).WithName("GetResolution").WithSummary("یک مصوبه با سابقه و کارهای مجاز کاربر");
        api.MapPost("/resolutions/{id:long}/transitions", TransitionAsync).ReadsJson<ResolutionStepInput>()
            .ProducesProblems(403, 404, 409, 415, 422)
            .RequireAuthorization(Access.ReadPolicy).WithName("ResolutionTransition").WithSummary("اعتراض، تصمیم درباره اعتراض، گزارش پیگیری یا اعلام انجام");
        api.MapGet("/agencies/figures", AgencyFiguresAsync).ProducesProblems(422)
            .RequireAuthorization(Access.ReadPolicy).WithName("AgencyAccountabilityFigures").WithSummary("موانع و مصوبات هر دستگاه");
    }

    public static async Task<Results<Ok<List<ResolutionListItem>>, ProblemHttpResult>> ListAsync([AsParameters] ResolutionFilter filter,
        ResolutionQueries resolutions, CancellationToken ct) =>
        (await resolutions.ListAsync(filter, 5000, ct)).ToOk();

    public static async Task<Results<Ok<ResolutionDetail>, ProblemHttpResult>> GetAsync(long id, HttpContext http, ResolutionQueries resolutions, CancellationToken ct) =>
        (await resolutions.DetailAsync(CurrentUser.From(http.User)!, id, ct)).ToOk();

    /// <summary>A step; the answer is the resolution after it.</summary>
    public static async Task<Results<Ok<ResolutionDetail>, ProblemHttpResult>> TransitionAsync(long id, HttpRequest request, ResolutionCommands writer,
        ResolutionQueries resolutions, CancellationToken ct)
    {
        var (input, error) = await ApiInput.ReadBodyAsync<ResolutionStepInput>(request);
        if (error is not null) return error;
        var user = CurrentUser.From(request.HttpContext.User)!;
        var outcome = await writer.StepAsync(id, input!, user, ct);
        return outcome.Ok ? (await resolutions.DetailAsync(user, id, ct)).ToOk() : outcome.ToProblem();
    }

    public static Task<Results<Ok<FiguresAnswer<ResolutionFiguresJson>>, ProblemHttpResult>> FiguresAsync(string? asOf, string? agency,
        AccountabilityService figures, CancellationToken ct) => ObstaclesApi.FiguresOfAsync(asOf, agency, figures, ResolutionFiguresJson.Of, ct);

    public static Task<Results<Ok<FiguresAnswer<AccountabilityFiguresJson>>, ProblemHttpResult>> AgencyFiguresAsync(string? asOf, string? agency,
        AccountabilityService figures, CancellationToken ct) => ObstaclesApi.FiguresOfAsync(asOf, agency, figures, AccountabilityFiguresJson.Of, ct);
}
