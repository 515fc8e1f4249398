using Microsoft.EntityFrameworkCore;
using Payesh.Domain.Obstacles;
using Payesh.Web.Data;
using Payesh.Web.Features.Account;
using Payesh.Web.Features.Obstacles;
using Payesh.Web.Infrastructure;

namespace Payesh.Web.Features.Resolutions;

/// <summary>/api/v1/resolutions: the list with filters, one resolution's history, its steps, and the implementation figures.</summary>
public static class ResolutionsApi
{
    public static void MapResolutionsApi(this RouteGroupBuilder api)
    {
        api.MapGet("/resolutions", async ([AsParameters] ResolutionFilter filter, PayeshDb db, PayeshClock clock, CancellationToken ct) =>
        {
            var (rows, bad) = await ResolutionQueries.ListAsync(db, filter, clock.Today, 5000, ct);
            if (bad is not null) return ApiResults.Validation(bad, "مقدار این صافی شناخته نیست.");
            var today = clock.Today.ToDateOnly();
            return Results.Ok(rows.Select(r => RowJson(r, today)));
        }).RequireAuthorization(Access.ReadPolicy).WithName("ListResolutions").WithSummary("مصوبات با صافی (state، agency، overdue، meeting)");

        api.MapGet("/resolutions/figures", async (string? asOf, string? agency, AccountabilityService figures, CancellationToken ct) =>
            await ObstaclesApi.FiguresAsync(asOf, agency, figures, "resolutions", ct))
            .RequireAuthorization(Access.ReadPolicy).WithName("ResolutionFigures").WithSummary("درصد تحقق مصوبات، کل و هر دستگاه");

        api.MapGet("/resolutions/{id:long}", async (long id, HttpContext http, PayeshDb db, ResolutionCommands writer, PayeshClock clock, CancellationToken ct) =>
            await DetailAsync(id, CurrentUser.From(http.User)!, db, writer, clock, ct))
            .RequireAuthorization(Access.ReadPolicy).WithName("GetResolution").WithSummary("یک مصوبه با سابقه و کارهای مجاز کاربر");

        api.MapPost("/resolutions/{id:long}/transitions", async (long id, HttpRequest request, PayeshDb db, ResolutionCommands writer, PayeshClock clock, CancellationToken ct) =>
        {
            var (input, error) = await ApiResults.ReadBodyAsync<ResolutionStepInput>(request);
            if (error is not null) return error;
            var user = CurrentUser.From(request.HttpContext.User)!;
            var outcome = await writer.StepAsync(id, input!, user, ct);
            return outcome.Ok ? await DetailAsync(id, user, db, writer, clock, ct) : outcome.ToProblem();
        }).RequireAuthorization(Access.ReadPolicy).WithName("ResolutionTransition").WithSummary("اعتراض، تصمیم درباره اعتراض، گزارش پیگیری یا اعلام انجام");

        api.MapGet("/agencies/figures", async (string? asOf, string? agency, AccountabilityService figures, CancellationToken ct) =>
            await ObstaclesApi.FiguresAsync(asOf, agency, figures, "all", ct))
            .RequireAuthorization(Access.ReadPolicy).WithName("AgencyAccountabilityFigures").WithSummary("موانع و مصوبات هر دستگاه");
    }

    public static object RowJson(ResolutionRow r, DateOnly today) => new
    {
        id = r.Id,
        number = Payesh.Domain.Text.PersianText.ToLatinDigits(r.Number),
        meeting = r.MeetingId,
        text = r.Text,
        agency = r.AgencyCode,
        issuedOn = ObstaclesApi.Jalali(r.IssuedOn),
        deadline = ObstaclesApi.Jalali(r.Deadline),
        objectionUntil = ObstaclesApi.Jalali(r.ObjectionUntil),
        state = r.StateOn(today).ApiName(),
        overdue = r.IsOverdue(today),
        doneOn = ObstaclesApi.Jalali(r.DoneOn),
        onTime = r.DoneOn is { } d ? d <= r.Deadline : (bool?)null,
        followUps = r.FollowUps,
        obstacles = r.Obstacles,
        nodes = r.Nodes,
    };

    private static async Task<IResult> DetailAsync(long id, CurrentUser user, PayeshDb db, ResolutionCommands writer, PayeshClock clock, CancellationToken ct)
    {
        var r = await db.Resolutions.AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct);
        if (r is null) return ApiResults.NotFound("مصوبه‌ای با این شناسه نیست.");
        var (rows, _) = await ResolutionQueries.ListAsync(db, new ResolutionFilter { Id = r.Id }, clock.Today, 1, ct);
        var row = rows.Single(x => x.Id == id);
        var file = await writer.FileAsync(r, ct);
        var events = await db.ResolutionEvents.AsNoTracking().Where(e => e.ResolutionId == id).OrderBy(e => e.Id).ToListAsync(ct);
        var codes = await db.Agencies.AsNoTracking().ToDictionaryAsync(a => a.Id, a => a.Code, ct);
        var today = clock.Today;
        return Results.Ok(new
        {
            resolution = RowJson(row, today.ToDateOnly()),
            version = r.Version,
            allowed = file.AllowedSteps(Access.ObstacleActor(user), today.DayNumber).Select(s => s.ApiName()),
            events = events.Select(e => new
            {
                action = e.Step.ApiName(),
                date = ObstaclesApi.Jalali(e.Day),
                at = e.At,
                by = e.ActorName,
                agency = e.ActorAgencyId is { } a && codes.TryGetValue(a, out var c) ? c : null,
                note = e.Note,
            }),
        });
    }
}
