using Microsoft.EntityFrameworkCore;
using Payesh.Domain.Plans;
using Payesh.Web.Data;
using Payesh.Web.Infrastructure;

namespace Payesh.Web.Features.Plans;

public static class PlansApi
{
    public static void MapPlansApi(this RouteGroupBuilder api)
    {
        api.MapGet("/agencies", async (PayeshDb db, CancellationToken ct) =>
        {
            var rows = await db.Agencies.AsNoTracking().OrderBy(a => a.Code).ToListAsync(ct);
            return Results.Ok(rows.Select(a => new { id = a.Id, code = a.Code, name = a.Name, kind = PlanDocumentReader.KindName(a.Kind) }));
        }).RequireAuthorization(Access.ReadPolicy).WithName("ListAgencies").WithSummary("دستگاه‌های اجرایی");

        api.MapGet("/plans", async (HttpContext http, PlanQueries plans, CancellationToken ct) =>
        {
            var rows = await plans.Visible(Account.CurrentUser.From(http.User)!).OrderByDescending(p => p.Year).ThenBy(p => p.Id)
                .Select(p => new { p.Id, p.Title, p.Year, p.StartDate, p.EndDate, p.State }).ToListAsync(ct);
            return Results.Ok(rows.Select(p => new
            {
                id = p.Id,
                title = p.Title,
                year = p.Year,
                start = Domain.Calendar.JalaliDate.FromDateOnly(p.StartDate).ToString(),
                end = Domain.Calendar.JalaliDate.FromDateOnly(p.EndDate).ToString(),
                state = p.State.ToString().ToLowerInvariant(),
            }));
        }).RequireAuthorization(Access.ReadPolicy).WithName("ListPlans").WithSummary("برنامه‌ها");

        api.MapGet("/plans/{planId:long}", async (long planId, HttpContext http, PlanQueries plans, PayeshDb db, CancellationToken ct) =>
        {
            if (await plans.FindAsync(Account.CurrentUser.From(http.User)!, planId, ct) is null) return ApiResults.NotFound(PlanQueries.NotFoundMessage);
            var loaded = await PlanStore.LoadAsync(db, planId, ct);
            if (loaded is null) return ApiResults.NotFound(PlanQueries.NotFoundMessage);
            var doc = PlanDocumentReader.ToDocument(loaded.Plan, code => loaded.NodeIds.TryGetValue(code, out var id) ? id : null);
            return Results.Json(new
            {
                id = loaded.Row.Id,
                doc.Title,
                doc.Year,
                doc.Start,
                doc.End,
                state = loaded.Row.State.ToString().ToLowerInvariant(),
                doc.Settings,
                doc.Levels,
                doc.Agencies,
                doc.Nodes,
            }, ApiJson);
        }).RequireAuthorization(Access.ReadPolicy).WithName("GetPlan").WithSummary("سند کامل یک برنامه");

        api.MapPost("/plans", async (HttpRequest request, PayeshDb db, PayeshClock clock, CancellationToken ct) =>
        {
            var (doc, error) = await ApiResults.ReadBodyAsync<PlanDocument>(request);
            if (error is not null) return error;
            var known = (await db.Agencies.Select(a => a.Code).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
            var (plan, errors) = PlanDocumentReader.Read(doc, known);
            if (plan is null) return ApiResults.Validation(errors);
            var id = await PlanStore.CreateAsync(db, plan, clock.Now, ct);
            return Results.Created($"/api/v1/plans/{id}", new { id });
        }).RequireAuthorization(Access.ManagePlansPolicy).WithName("CreatePlan").WithSummary("ساخت برنامه از سند برنامه");
    }

    private static readonly System.Text.Json.JsonSerializerOptions ApiJson = new(ApiResults.Json)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };
}
