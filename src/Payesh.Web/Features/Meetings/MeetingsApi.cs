using Microsoft.AspNetCore.Http.HttpResults;
using Payesh.Web.Features.Account;
using Payesh.Web.Features.Resolutions;
using Payesh.Web.Infrastructure;
using Payesh.Web.Infrastructure.Input;

namespace Payesh.Web.Features.Meetings;

/// <summary>/api/v1/meetings: HQ meetings, the proposed agenda, agenda edits, minutes and the meeting's resolutions —
/// adapters over <see cref="MeetingQueries"/>, <see cref="MeetingCommands"/> and <see cref="ResolutionCommands"/>.</summary>
public static class MeetingsApi
{
    public static void MapMeetingsApi(this RouteGroupBuilder api)
    {
        api.MapGet("/meetings", ListAsync).ProducesProblems(422)
            .RequireAuthorization(Access.ReadPolicy).WithName("ListMeetings").WithSummary("جلسات ستاد");
        api.MapGet("/meetings/proposed-agenda", ProposedAgendaAsync).ProducesProblems(403)
            .RequireAuthorization(Access.HqPolicy).WithName("ProposedAgenda").WithSummary("دستور جلسه پیشنهادی (جمع‌بندی وضعیت امروز)");
        api.MapGet("/meetings/{id:long}", GetAsync).ProducesProblems(404)
            .RequireAuthorization(Access.ReadPolicy).WithName("GetMeeting").WithSummary("یک جلسه با دستور، صورتجلسه و مصوبات");
        api.MapPost("/meetings", CreateAsync).ReadsJson<MeetingInput>().ProducesProblems(403, 415, 422)
            .RequireAuthorization(Access.HqPolicy).WithName("CreateMeeting").WithSummary("ساخت جلسه؛ بی agenda، دستور پیشنهادی گذاشته می‌شود");
        api.MapPut("/meetings/{id:long}/agenda", SetAgendaAsync).ReadsJson<AgendaInput>().ProducesProblems(403, 404, 409, 415, 422)
            .RequireAuthorization(Access.HqPolicy).WithName("SetAgenda").WithSummary("ویرایش دستور جلسه پیش از برگزاری");
        api.MapPost("/meetings/{id:long}/minutes", MinutesAsync).ReadsJson<MinutesInput>().ProducesProblems(403, 404, 409, 415, 422)
            .RequireAuthorization(Access.HqPolicy).WithName("MeetingMinutes").WithSummary("ثبت صورتجلسه و اعلام برگزاری");
        api.MapPost("/meetings/{id:long}/resolutions", CreateResolutionAsync).ReadsJson<ResolutionInput>().ProducesProblems(403, 404, 409, 415, 422)
            .RequireAuthorization(Access.HqPolicy).WithName("CreateResolution").WithSummary("ثبت و ابلاغ مصوبه جلسه");
    }

    public static async Task<Results<Ok<List<MeetingListItem>>, ProblemHttpResult>> ListAsync(string? state, MeetingQueries meetings, CancellationToken ct) =>
        (await meetings.ListAsync(state, ct)).ToOk();

    public static async Task<Results<Ok<ProposedAgenda>, ProblemHttpResult>> ProposedAgendaAsync(HttpContext http, MeetingQueries meetings, CancellationToken ct) =>
        (await meetings.ProposedAgendaAsync(CurrentUser.From(http.User)!, ct)).ToOk();

    public static async Task<Results<Ok<MeetingDetail>, ProblemHttpResult>> GetAsync(long id, MeetingQueries meetings, CancellationToken ct) =>
        (await meetings.DetailAsync(id, ct)).ToOk();

    public static async Task<Results<Created<MeetingDetail>, ProblemHttpResult>> CreateAsync(HttpRequest request, MeetingCommands writer,
        MeetingQueries meetings, CancellationToken ct)
    {
        var (input, error) = await ApiInput.ReadBodyAsync<MeetingInput>(request);
        if (error is not null) return error;
        var outcome = await writer.CreateAsync(input!, CurrentUser.From(request.HttpContext.User)!, ct);
        if (!outcome.Ok) return outcome.ToProblem();
        var created = await meetings.DetailAsync(outcome.Value, ct);
        return created.Ok ? TypedResults.Created($"/api/v1/meetings/{outcome.Value}", created.Value) : created.ToProblem();
    }

    /// <summary>The meeting after the edit.</summary>
    public static async Task<Results<Ok<MeetingDetail>, ProblemHttpResult>> SetAgendaAsync(long id, HttpRequest request, MeetingCommands writer,
        MeetingQueries meetings, CancellationToken ct)
    {
        var (input, error) = await ApiInput.ReadBodyAsync<AgendaInput>(request);
        if (error is not null) return error;
        var outcome = await writer.SetAgendaAsync(id, input!.Items ?? [], CurrentUser.From(request.HttpContext.User)!, ct);
        return outcome.Ok ? (await meetings.DetailAsync(id, ct)).ToOk() : outcome.ToProblem();
    }

    /// <summary>The meeting after its minutes.</summary>
    public static async Task<Results<Ok<MeetingDetail>, ProblemHttpResult>> MinutesAsync(long id, HttpRequest request, MeetingCommands writer,
        MeetingQueries meetings, CancellationToken ct)
    {
        var (input, error) = await ApiInput.ReadBodyAsync<MinutesInput>(request);
        if (error is not null) return error;
        var outcome = await writer.MinutesAsync(id, input!, CurrentUser.From(request.HttpContext.User)!, ct);
        return outcome.Ok ? (await meetings.DetailAsync(id, ct)).ToOk() : outcome.ToProblem();
    }

    public static async Task<Results<Created<CreatedId>, ProblemHttpResult>> CreateResolutionAsync(long id, HttpRequest request, ResolutionCommands writer,
        CancellationToken ct)
    {
        var (input, error) = await ApiInput.ReadBodyAsync<ResolutionInput>(request);
        if (error is not null) return error;
        var outcome = await writer.RecordAsync(id, input!, CurrentUser.From(request.HttpContext.User)!, ct);
        return outcome.Ok ? TypedResults.Created($"/api/v1/resolutions/{outcome.Value}", new CreatedId(outcome.Value)) : outcome.ToProblem();
    }
}
