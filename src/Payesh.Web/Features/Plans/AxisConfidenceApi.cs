using Microsoft.AspNetCore.Http.HttpResults;
using Payesh.Domain.Plans;
using Payesh.Web.Features.Account;
using Payesh.Web.Infrastructure;
using Payesh.Web.Infrastructure.Input;

namespace Payesh.Web.Features.Plans;

/// <summary>/api/v1/plans/{planId}/axes/{nodeId}/confidence: an axis's delivery-confidence ratings (GET, newest first) and a
/// new rating by the secretariat (POST); see docs/api.md.</summary>
public static class AxisConfidenceApi
{
    /// <summary>One rating as the API writes it (Latin digits, Jalali day).</summary>
    public sealed record RatingJson(long Id, string Level, string LevelName, string Comment, string RatedOn, DateTimeOffset RatedAt, string RatedBy);

    public sealed record HistoryJson(long Plan, long Node, string Code, string Title, bool CanRate, IReadOnlyList<RatingJson> Ratings);

    public static void MapAxisConfidenceApi(this RouteGroupBuilder api)
    {
        api.MapGet("/plans/{planId:long}/axes/{nodeId:long}/confidence", GetHistoryAsync).ProducesProblems(404)
            .RequireAuthorization(Access.ReadPolicy).WithName("AxisConfidenceHistory").WithSummary("سابقه ارزیابی اطمینان تحقق یک محور");
        api.MapPost("/plans/{planId:long}/axes/{nodeId:long}/confidence", RateAsync).ReadsJson<ConfidenceInput>().ProducesProblems(403, 404, 415, 422)
            .RequireAuthorization(Access.ReadPolicy).WithName("RateAxisConfidence").WithSummary("ثبت ارزیابی اطمینان تحقق یک محور (دبیرخانه)");
    }

    public static async Task<Results<Ok<HistoryJson>, ProblemHttpResult>> GetHistoryAsync(
        long planId, long nodeId, HttpContext http, AxisConfidence confidence, CancellationToken ct)
    {
        var outcome = await confidence.HistoryAsync(CurrentUser.From(http.User)!, planId, nodeId, ct);
        if (!outcome.Ok) return outcome.ToProblem();
        var h = outcome.Value!;
        return TypedResults.Ok(new HistoryJson(h.PlanId, h.NodeId, h.Code, h.Title, h.CanRate, [.. h.Ratings.Select(Json)]));
    }

    /// <summary>Body <c>{"level": "on-track" | "on-track-with-risk" | "needs-attention" | "off-track", "comment": "…"}</c>.</summary>
    public static async Task<Results<Created<RatingJson>, ProblemHttpResult>> RateAsync(
        long planId, long nodeId, HttpRequest request, AxisConfidence confidence, CancellationToken ct)
    {
        var (input, error) = await ApiInput.ReadBodyAsync<ConfidenceInput>(request);
        if (error is not null) return error;
        var outcome = await confidence.RateAsync(CurrentUser.From(request.HttpContext.User)!, planId, nodeId, input!, ct);
        return outcome.Ok
            ? TypedResults.Created($"/api/v1/plans/{planId}/axes/{nodeId}/confidence", Json(outcome.Value!))
            : outcome.ToProblem();
    }

    private static RatingJson Json(ConfidenceView v) =>
        new(v.Id, v.Level.ApiName(), v.Level.PersianName(), v.Comment, v.RatedOn.ToString(), v.RatedAt, v.UserName);
}
