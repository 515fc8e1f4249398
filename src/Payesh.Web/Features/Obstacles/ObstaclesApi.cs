using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Payesh.Domain.Calendar;
using Payesh.Domain.Obstacles;
using Payesh.Web.Data;
using Payesh.Web.Features.Account;
using Payesh.Web.Infrastructure;

namespace Payesh.Web.Features.Obstacles;

/// <summary>/api/v1/obstacles: the register (list with filters), registration, workflow steps and the figures per organization.</summary>
public static class ObstaclesApi
{
    public static void MapObstaclesApi(this RouteGroupBuilder api)
    {
        api.MapGet("/obstacles", async (HttpContext http, [AsParameters] ObstacleFilter filter, PayeshDb db, PayeshClock clock, CancellationToken ct) =>
        {
            var user = CurrentUser.From(http.User)!;
            var (rows, bad) = await ObstacleQueries.ListAsync(db, user, filter, clock.Today, 5000, ct);
            if (bad is not null) return ApiResults.Validation(bad, "مقدار این صافی شناخته نیست.");
            var today = clock.Today.ToDateOnly();
            return Results.Ok(rows.Select(r => new
            {
                id = r.Id,
                title = r.Title,
                category = r.Category.ApiName(),
                severity = r.Severity.ApiName(),
                state = r.State.ApiName(),
                escalation = r.Escalation == EscalationLevel.None ? null : r.Escalation.ApiName(),
                reportingAgency = r.ReporterCode,
                reportedOn = Jalali(r.ReportedOn),
                leadAgency = r.LeadCode,
                deadline = Jalali(r.Deadline),
                overdue = r.IsOverdue(today),
                closedOn = Jalali(r.ClosedOn),
                unitsAffected = r.UnitsAffected,
                jobsAtRisk = r.JobsAtRisk,
                amountBlocked = r.AmountBlocked,
                nodes = r.NodeCodes,
            }));
        }).RequireAuthorization(Access.ReadPolicy).WithName("ListObstacles").WithSummary("فهرست موانع با صافی (state، category، severity، agency، escalated، overdue، mine، awaitingAnswer، q)");

        api.MapGet("/obstacles/{id:long}", async (long id, HttpContext http, PayeshDb db, ObstacleCommands writer, PayeshClock clock, CancellationToken ct) =>
            await DetailAsync(id, CurrentUser.From(http.User)!, db, writer, clock, ct))
            .RequireAuthorization(Access.ReadPolicy).WithName("GetObstacle").WithSummary("یک مانع با سابقه رویدادها و کارهای مجاز کاربر");

        api.MapPost("/obstacles", async (HttpRequest request, ObstacleCommands writer, CancellationToken ct) =>
        {
            var (input, error) = await ApiResults.ReadBodyAsync<ObstacleInput>(request);
            if (error is not null) return error;
            var outcome = await writer.RegisterAsync(input!, CurrentUser.From(request.HttpContext.User)!, ct);
            return outcome.Ok ? Results.Created($"/api/v1/obstacles/{outcome.Value}", new { id = outcome.Value }) : RegistrationProblem(outcome);
        }).RequireAuthorization(Access.ReportPolicy).WithName("CreateObstacle").WithSummary("ثبت مانع (409 با فهرست موارد مشابه مگر allowDuplicate)");

        api.MapPost("/obstacles/{id:long}/transitions", async (long id, HttpRequest request, PayeshDb db, ObstacleCommands writer, PayeshClock clock, CancellationToken ct) =>
        {
            var (input, error) = await ApiResults.ReadBodyAsync<TransitionInput>(request);
            if (error is not null) return error;
            var user = CurrentUser.From(request.HttpContext.User)!;
            var outcome = await writer.TransitionAsync(id, input!, user, ct);
            return outcome.Ok ? await DetailAsync(id, user, db, writer, clock, ct) : outcome.ToProblem();
        }).RequireAuthorization(Access.ReadPolicy).WithName("ObstacleTransition").WithSummary("یک گام گردش کار مانع: review، assign، start، resolve، not-resolvable، escalate، reopen، comment");

        api.MapGet("/obstacles/figures", async (string? asOf, string? agency, AccountabilityService figures, CancellationToken ct) =>
            await FiguresAsync(asOf, agency, figures, "obstacles", ct))
            .RequireAuthorization(Access.ReadPolicy).WithName("ObstacleFigures").WithSummary("شاخص‌های موانع و مصوبات هر دستگاه");
    }

    /// <summary>The figures per organization (and the total), as of a day; <paramref name="part"/> picks obstacles, resolutions or both.</summary>
    public static async Task<IResult> FiguresAsync(string? asOf, string? agency, AccountabilityService figures, string part, CancellationToken ct)
    {
        if (!ApiResults.TryDate(asOf, "asOf", out var day, out var error)) return error!;
        var report = await figures.ComputeAsync(day, ct);
        var rows = report.Agencies.Where(a => string.IsNullOrWhiteSpace(agency) || string.Equals(a.Code, agency.Trim(), StringComparison.OrdinalIgnoreCase));
        object Pick(AccountabilityFigures f) => part switch
        {
            "obstacles" => AccountabilityService.ObstaclesJson(f),
            "resolutions" => AccountabilityService.ResolutionsJson(f),
            _ => AccountabilityService.Json(f),
        };
        return Results.Ok(new
        {
            asOf = report.AsOf.ToString(),
            total = Pick(report.Total),
            agencies = rows.Select(a => new { code = a.Code, name = a.Name, figures = Pick(a.Figures) }),
        });
    }

    public static async Task<IResult> DetailAsync(long id, CurrentUser user, PayeshDb db, ObstacleCommands writer, PayeshClock clock, CancellationToken ct)
    {
        var o = await db.Obstacles.AsNoTracking().Include(x => x.Units).Include(x => x.OtherAgencies).Include(x => x.Nodes).ThenInclude(n => n.Node)
            .FirstOrDefaultAsync(x => x.Id == id, ct);
        if (o is null) return ApiResults.NotFound("مانعی با این شناسه نیست.");
        if (!Access.CanSeeObstacle(user, o.ReporterAgencyId, o.LeadAgencyId, o.OtherAgencies.Select(a => a.AgencyId)))
            return ApiResults.Forbidden("این مانع به دستگاه شما مربوط نیست.");
        var codes = await db.Agencies.AsNoTracking().ToDictionaryAsync(a => a.Id, a => a.Code, ct);
        var events = await db.ObstacleEvents.AsNoTracking().Where(e => e.ObstacleId == id).OrderBy(e => e.Id).ToListAsync(ct);
        var file = ObstacleFile.Replay(events.Select(ObstacleCommands.ToDomain));
        var today = clock.Today;
        string? Code(long? a) => a is { } x && codes.TryGetValue(x, out var c) ? c : null;
        return Results.Ok(new
        {
            id = o.Id,
            title = o.Title,
            description = o.Description,
            category = o.Category.ApiName(),
            severity = o.Severity.ApiName(),
            state = file.State.ApiName(),
            escalation = file.Escalation == EscalationLevel.None ? null : file.Escalation.ApiName(),
            units = o.Units.OrderBy(u => u.SortOrder).Select(u => new { name = u.Name, location = u.Location, employees = u.Employees }),
            unitsAffected = o.UnitsAffected,
            jobsAtRisk = o.JobsAtRisk,
            amountBlocked = o.AmountBlocked,
            planId = o.PlanId,
            nodes = o.Nodes.Select(n => n.Node!.Code).Order(StringComparer.Ordinal),
            reportingAgency = Code(o.ReporterAgencyId),
            reportedBy = o.ReportedByName,
            reportedOn = Jalali(o.ReportedOn),
            leadAgency = Code(file.LeadAgency),
            otherAgencies = file.OtherAgencies.Select(a => Code(a)),
            deadline = file.Deadline is { } d ? new JalaliDate(d).ToString() : null,
            overdue = file.IsOverdue(today.DayNumber),
            awaitingAnswer = file.AwaitingAnswer,
            closedOn = file.ClosedDay is { } c ? new JalaliDate(c).ToString() : null,
            daysToResolve = file.DaysToResolve,
            possibleDuplicates = ObstacleCommands.ParseIds(o.PossibleDuplicates),
            version = o.Version,
            allowed = file.AllowedSteps(Access.ObstacleActor(user), today.DayNumber).Select(s => s.ApiName()),
            events = events.Select(e => new
            {
                action = e.Step.ApiName(),
                date = Jalali(e.Day),
                at = e.At,
                by = e.ActorName,
                agency = Code(e.ActorAgencyId),
                note = e.Note,
                leadAgency = Code(e.LeadAgencyId),
                otherAgencies = ObstacleCommands.ParseIds(e.OtherAgencyIds).Select(a => Code(a)),
                deadline = Jalali(e.Deadline),
                level = e.Step == ObstacleStep.Escalate ? e.Level.ApiName() : null,
            }),
        });
    }

    public static string? Jalali(DateOnly? d) => d is { } x ? JalaliDate.FromDateOnly(x).ToString() : null;

    /// <summary>A refused registration: possible duplicates are a 409 that lists them (docs/api.md § obstacles).</summary>
    private static ProblemHttpResult RegistrationProblem(Outcome<long> outcome) =>
        outcome.Data is IReadOnlyList<PossibleDuplicate> { Count: > 0 } d
            ? TypedResults.Problem(
                title: "احتمال ثبت تکراری",
                detail: "مانع مشابهی باز است؛ اگر این مانع تکراری نیست، درخواست را با \"allowDuplicate\": true دوباره بفرستید.",
                statusCode: StatusCodes.Status409Conflict,
                extensions: new Dictionary<string, object?>
                {
                    ["duplicates"] = d.Select(x => new
                    {
                        id = x.Id,
                        title = x.Title,
                        reason = x.Reason == DuplicateReason.SameProductionUnit ? "same-production-unit" : "similar-title",
                        similarity = x.Similarity,
                        unit = x.UnitName,
                    }).ToList(),
                })
            : outcome.ToProblem();
}
