using Microsoft.EntityFrameworkCore;
using Payesh.Domain.Calendar;
using Payesh.Web.Data;
using Payesh.Web.Data.Model;
using Payesh.Web.Features.Account;
using Payesh.Web.Features.Obstacles;
using Payesh.Web.Features.Progress;
using Payesh.Web.Features.Resolutions;
using Payesh.Web.Infrastructure;

namespace Payesh.Web.Features.Meetings;

/// <summary>/api/v1/meetings: HQ meetings, the proposed agenda, agenda edits, minutes and the meeting's resolutions.</summary>
public static class MeetingsApi
{
    public static void MapMeetingsApi(this RouteGroupBuilder api)
    {
        api.MapGet("/meetings", async (string? state, PayeshDb db, CancellationToken ct) =>
        {
            var q = db.Meetings.AsNoTracking();
            if (!string.IsNullOrWhiteSpace(state))
            {
                if (state == "planned") q = q.Where(m => m.State == MeetingState.Planned);
                else if (state == "held") q = q.Where(m => m.State == MeetingState.Held);
                else return ApiResults.Validation("state", "وضعیت جلسه planned یا held است.");
            }
            var rows = await q.OrderByDescending(m => m.Number).Select(m => new
            {
                m.Id,
                m.Number,
                m.Title,
                m.Date,
                m.Place,
                m.State,
                Agenda = m.Agenda.Count,
                Resolutions = db.Resolutions.Count(r => r.MeetingId == m.Id),
            }).ToListAsync(ct);
            return Results.Ok(rows.Select(m => new
            {
                id = m.Id,
                number = m.Number,
                title = m.Title,
                date = ObstaclesApi.Jalali(m.Date),
                place = m.Place,
                state = m.State == MeetingState.Held ? "held" : "planned",
                agendaItems = m.Agenda,
                resolutions = m.Resolutions,
            }));
        }).RequireAuthorization(Access.ReadPolicy).WithName("ListMeetings").WithSummary("جلسات ستاد");

        api.MapGet("/meetings/proposed-agenda", async (PayeshDb db, PlanEngines engines, IConfiguration config, PayeshClock clock, CancellationToken ct) =>
        {
            var p = await AgendaProposal.ProposeAsync(db, engines, config, clock.Today, ct);
            return Results.Ok(new { planId = p.PlanId, items = p.Items.Select(ItemJson) });
        }).RequireAuthorization(Access.HqPolicy).WithName("ProposedAgenda").WithSummary("دستور جلسه پیشنهادی (جمع‌بندی وضعیت امروز)");

        api.MapGet("/meetings/{id:long}", async (long id, PayeshDb db, PayeshClock clock, CancellationToken ct) =>
            await DetailAsync(id, db, clock, ct))
            .RequireAuthorization(Access.ReadPolicy).WithName("GetMeeting").WithSummary("یک جلسه با دستور، صورتجلسه و مصوبات");

        api.MapPost("/meetings", async (HttpRequest request, MeetingCommands writer, PayeshDb db, PayeshClock clock, CancellationToken ct) =>
        {
            var (input, error) = await ApiResults.ReadBodyAsync<MeetingInput>(request);
            if (error is not null) return error;
            var outcome = await writer.CreateAsync(input!, CurrentUser.From(request.HttpContext.User)!, ct);
            if (!outcome.Ok) return outcome.ToProblem();
            var created = await DetailAsync(outcome.Value, db, clock, ct);
            return created is IValueHttpResult { Value: { } body } ? Results.Created($"/api/v1/meetings/{outcome.Value}", body) : created;
        }).RequireAuthorization(Access.HqPolicy).WithName("CreateMeeting").WithSummary("ساخت جلسه؛ بی agenda، دستور پیشنهادی گذاشته می‌شود");

        api.MapPut("/meetings/{id:long}/agenda", async (long id, HttpRequest request, MeetingCommands writer, PayeshDb db, PayeshClock clock, CancellationToken ct) =>
        {
            var (input, error) = await ApiResults.ReadBodyAsync<AgendaInput>(request);
            if (error is not null) return error;
            var outcome = await writer.SetAgendaAsync(id, input!.Items ?? [], CurrentUser.From(request.HttpContext.User)!, ct);
            return outcome.Ok ? await DetailAsync(id, db, clock, ct) : outcome.ToProblem();
        }).RequireAuthorization(Access.HqPolicy).WithName("SetAgenda").WithSummary("ویرایش دستور جلسه پیش از برگزاری");

        api.MapPost("/meetings/{id:long}/minutes", async (long id, HttpRequest request, MeetingCommands writer, PayeshDb db, PayeshClock clock, CancellationToken ct) =>
        {
            var (input, error) = await ApiResults.ReadBodyAsync<MinutesInput>(request);
            if (error is not null) return error;
            var outcome = await writer.MinutesAsync(id, input!, CurrentUser.From(request.HttpContext.User)!, ct);
            return outcome.Ok ? await DetailAsync(id, db, clock, ct) : outcome.ToProblem();
        }).RequireAuthorization(Access.HqPolicy).WithName("MeetingMinutes").WithSummary("ثبت صورتجلسه و اعلام برگزاری");

        api.MapPost("/meetings/{id:long}/resolutions", async (long id, HttpRequest request, ResolutionCommands writer, CancellationToken ct) =>
        {
            var (input, error) = await ApiResults.ReadBodyAsync<ResolutionInput>(request);
            if (error is not null) return error;
            var outcome = await writer.RecordAsync(id, input!, CurrentUser.From(request.HttpContext.User)!, ct);
            return outcome.Ok ? Results.Created($"/api/v1/resolutions/{outcome.Value}", new { id = outcome.Value }) : outcome.ToProblem();
        }).RequireAuthorization(Access.HqPolicy).WithName("CreateResolution").WithSummary("ثبت و ابلاغ مصوبه جلسه");
    }

    private static object ItemJson(AgendaItem a) => new
    {
        kind = AgendaProposal.ApiName(a.Kind),
        text = a.Text,
        obstacle = a.ObstacleId,
        node = a.NodeId,
        resolution = a.ResolutionId,
    };

    private static async Task<IResult> DetailAsync(long id, PayeshDb db, PayeshClock clock, CancellationToken ct)
    {
        var m = await db.Meetings.AsNoTracking().Include(x => x.Agenda).FirstOrDefaultAsync(x => x.Id == id, ct);
        if (m is null) return ApiResults.NotFound("جلسه‌ای با این شناسه نیست.");
        var (resolutions, _) = await ResolutionQueries.ListAsync(db, new ResolutionFilter { Meeting = id }, clock.Today, 1000, ct);
        var today = clock.Today.ToDateOnly();
        return Results.Ok(new
        {
            id = m.Id,
            number = m.Number,
            title = m.Title,
            date = ObstaclesApi.Jalali(m.Date),
            place = m.Place,
            attendees = (m.Attendees ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries),
            state = m.State == MeetingState.Held ? "held" : "planned",
            planId = m.PlanId,
            minutes = m.Minutes,
            version = m.Version,
            agenda = m.Agenda.OrderBy(a => a.SortOrder).Select(ItemJson),
            resolutions = resolutions.Select(r => ResolutionsApi.RowJson(r, today)),
        });
    }
}
