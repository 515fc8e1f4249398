using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Payesh.Domain.Plans;
using Payesh.Web.Data;
using Payesh.Web.Features.Account;
using Payesh.Web.Infrastructure;
using Payesh.Web.Infrastructure.Input;

namespace Payesh.Web.Features.Plans;

/// <summary>/api/v1/agencies and /api/v1/plans: thin adapters over <see cref="PlanQueries"/> and <see cref="PlanStore"/>.</summary>
public static class PlansApi
{
    public static void MapPlansApi(this RouteGroupBuilder api)
    {
        api.MapGet("/agencies", ListAgenciesAsync)
            .RequireAuthorization(Access.ReadPolicy).WithName("ListAgencies").WithSummary("دستگاه‌های اجرایی");
        api.MapGet("/plans", ListPlansAsync)
            .RequireAuthorization(Access.ReadPolicy).WithName("ListPlans").WithSummary("برنامه‌ها");
        api.MapGet("/plans/{planId:long}", GetPlanAsync)
            .RequireAuthorization(Access.ReadPolicy).WithName("GetPlan").WithSummary("سند کامل یک برنامه")
            .Produces<PlanAnswer>(contentType: "application/json").ProducesProblems(404);
        api.MapPost("/plans", CreatePlanAsync).ReadsJson<PlanDocument>()
            .RequireAuthorization(Access.ManagePlansPolicy).WithName("CreatePlan").WithSummary("ساخت برنامه از سند برنامه")
            .ProducesProblems(415, 422);
    }

    public static async Task<Ok<List<AgencyEntry>>> ListAgenciesAsync(PlanQueries plans, CancellationToken ct) =>
        TypedResults.Ok(await plans.AgenciesAsync(ct));

    public static async Task<Ok<List<PlanSummary>>> ListPlansAsync(HttpContext http, PlanQueries plans, CancellationToken ct) =>
        TypedResults.Ok(await plans.ListAsync(CurrentUser.From(http.User)!, ct));

    /// <summary>Written without null members (a plan document leaves out what is not set).</summary>
    public static async Task<Results<JsonHttpResult<PlanAnswer>, ProblemHttpResult>> GetPlanAsync(long planId, HttpContext http, PlanQueries plans, CancellationToken ct)
    {
        var outcome = await plans.DocumentAsync(CurrentUser.From(http.User)!, planId, ct);
        return outcome.Ok ? TypedResults.Json(outcome.Value, ApiJson) : outcome.ToProblem();
    }

    public static async Task<Results<Created<CreatedId>, ProblemHttpResult>> CreatePlanAsync(HttpRequest request, PayeshDb db, PayeshClock clock, CancellationToken ct)
    {
        var (doc, error) = await ApiInput.ReadBodyAsync<PlanDocument>(request);
        if (error is not null) return error;
        var known = (await db.Agencies.Select(a => a.Code).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        var (plan, errors) = PlanDocumentReader.Read(doc, known);
        if (plan is null) return Outcome.Invalid(errors).ToProblem();
        var id = await PlanStore.CreateAsync(db, plan, clock.Now, ct);
        return TypedResults.Created($"/api/v1/plans/{id}", new CreatedId(id));
    }

    private static readonly JsonSerializerOptions ApiJson = new(ApiInput.Json)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };
}
