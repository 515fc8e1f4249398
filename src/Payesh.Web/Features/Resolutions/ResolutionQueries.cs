using Microsoft.EntityFrameworkCore;
using Payesh.Domain.Calendar;
using Payesh.Domain.Obstacles;
using Payesh.Web.Data;
using Payesh.Web.Data.Model;
using Payesh.Domain.Text;
using Payesh.Web.Features.Account;
using Payesh.Web.Features.Obstacles;
using Payesh.Web.Infrastructure;

namespace Payesh.Web.Features.Resolutions;

public sealed class ResolutionFilter
{
    /// <summary>An API state name (pending, objected, binding, done, withdrawn) or "open".</summary>
    public string? State { get; set; }
    public string? Agency { get; set; }
    public bool? Overdue { get; set; }
    public long? Meeting { get; set; }
    /// <summary>One resolution (its detail page and API).</summary>
    public long? Id { get; set; }
}

public sealed record ResolutionRow(
    long Id, long MeetingId, int MeetingNumber, DateOnly MeetingDate, int Seq, string Text, long AgencyId, string AgencyCode, string AgencyName,
    DateOnly IssuedOn, DateOnly Deadline, DateOnly ObjectionUntil, ResolutionStage Stage, DateOnly? DoneOn, int FollowUps,
    List<long> Obstacles, List<string> Nodes)
{
    public string Number => ResolutionCommands.Number(MeetingNumber, Seq);
    public ResolutionState StateOn(DateOnly today) => ResolutionCommands.StateOf(Stage, ObjectionUntil, today);
    public bool IsOpen => Stage is not (ResolutionStage.Done or ResolutionStage.Withdrawn);
    public bool IsOverdue(DateOnly today) => IsOpen && Deadline < today;
}

/// <summary>A resolution in <c>GET /api/v1/resolutions</c> (and in a meeting's and a detail's answer).</summary>
public sealed record ResolutionListItem(long Id, string Number, long Meeting, string Text, string Agency, string? IssuedOn, string? Deadline,
    string? ObjectionUntil, string State, bool Overdue, string? DoneOn, bool? OnTime, int FollowUps, List<long> Obstacles, List<string> Nodes)
{
    public static ResolutionListItem Of(ResolutionRow r, DateOnly today) => new(r.Id, PersianText.ToLatinDigits(r.Number), r.MeetingId, r.Text,
        r.AgencyCode, ObstacleQueries.Jalali(r.IssuedOn), ObstacleQueries.Jalali(r.Deadline), ObstacleQueries.Jalali(r.ObjectionUntil),
        r.StateOn(today).ApiName(), r.IsOverdue(today), ObstacleQueries.Jalali(r.DoneOn), r.DoneOn is { } d ? d <= r.Deadline : null,
        r.FollowUps, r.Obstacles, r.Nodes);
}

/// <summary>One step of a resolution's history.</summary>
public sealed record ResolutionEventEntry(string Action, string? Date, DateTimeOffset At, string By, string? Agency, string? Note);

/// <summary>One resolution with its history and the steps this user may take (<c>GET /api/v1/resolutions/{id}</c>).</summary>
public sealed record ResolutionDetail(ResolutionListItem Resolution, uint Version, List<string> Allowed, List<ResolutionEventEntry> Events);

/// <summary>The reads of resolutions (every signed-in user reads them all; the steps offered depend on the user), on the clock's day.</summary>
/// <summary>The resolutions page on the clock's day: the rows that pass the filter (a bad filter named), the agencies to filter by,
/// the user's own agency's code (an agency user's shortcut) and the implementation figures.</summary>
public sealed record ResolutionRegister(JalaliDate Today, List<ResolutionRow> Rows, string? BadFilter, List<(string Code, string Name)> Agencies,
    string? OwnAgencyCode, AccountabilityReport? Figures);

/// <summary>One resolution's page on the clock's day: its row, replayed history and stored steps with their files, the steps this
/// user may take, the agencies' names, and the obstacles and plan nodes it names.</summary>
public sealed record ResolutionPage(ResolutionRow Row, uint Version, ResolutionFile History, List<ResolutionEventRow> Events,
    ILookup<long, StepAttachment> Attachments, IReadOnlyList<ResolutionStep> Allowed, Dictionary<long, string> AgencyNames,
    List<(long Id, string Title)> Obstacles, List<(long Id, long PlanId, string Code, string Title, bool IsAction)> Nodes, JalaliDate Today);

public sealed class ResolutionQueries(PayeshDb db, PayeshClock clock, AccountabilityService accountability)
{
    public const string NoSuchResolution = "مصوبه‌ای با این شناسه نیست.";

    /// <summary>One resolution's page (every signed-in user reads every resolution; the steps offered depend on the user).</summary>
    public async Task<Outcome<ResolutionPage>> PageAsync(CurrentUser user, long id, CancellationToken ct)
    {
        if (await FileAsync(id, ct) is not var (r, row, events, history, today)) return Outcome.NotFound(NoSuchResolution);
        var attachments = await StepAttachments.OfResolutionAsync(db, id, ct);
        var names = await db.Agencies.AsNoTracking().ToDictionaryAsync(a => a.Id, a => a.Name, ct);
        var obstacles = (await db.ResolutionObstacles.AsNoTracking().Where(x => x.ResolutionId == id)
            .Select(x => new { x.ObstacleId, x.Obstacle!.Title }).ToListAsync(ct)).Select(x => (x.ObstacleId, x.Title)).ToList();
        var nodes = (await db.ResolutionNodes.AsNoTracking().Where(x => x.ResolutionId == id)
                .Select(x => new { x.NodeId, x.Node!.PlanId, x.Node.Code, x.Node.Title, x.Node.IsAction }).ToListAsync(ct))
            .Select(x => (x.NodeId, x.PlanId, x.Code, x.Title, x.IsAction)).ToList();
        return new ResolutionPage(row, r.Version, history, events, attachments,
            history.AllowedSteps(Access.ObstacleActor(user), today.DayNumber), names, obstacles, nodes, today);
    }

    /// <summary>One resolution with its register row, its events and their replay on the clock's day; null when there is none.</summary>
    private async Task<(Resolution R, ResolutionRow Row, List<ResolutionEventRow> Events, ResolutionFile File, JalaliDate Today)?> FileAsync(long id, CancellationToken ct)
    {
        var r = await db.Resolutions.AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct);
        if (r is null) return null;
        var today = clock.Today;
        var (rows, _) = await ListAsync(db, new ResolutionFilter { Id = r.Id }, today, 1, ct);
        var events = await db.ResolutionEvents.AsNoTracking().Where(e => e.ResolutionId == id).OrderBy(e => e.Id).ToListAsync(ct);
        return (r, rows.Single(x => x.Id == id), events, ResolutionCommands.Replay(r, events), today);
    }

    /// <summary>The resolutions page (and its Excel export, <paramref name="figures"/> false): at most <paramref name="limit"/> rows.</summary>
    public async Task<ResolutionRegister> RegisterAsync(CurrentUser user, ResolutionFilter filter, int limit, bool figures, CancellationToken ct)
    {
        var today = clock.Today;
        var (rows, bad) = await ListAsync(db, filter, today, limit, ct);
        var agencies = await Agencies.AgencyOptions.ForFiltersAsync(db, ct);
        string? own = Access.IsAgencyUser(user) ? agencies.FirstOrDefault(a => a.Id == user.AgencyId)?.Code : null;
        return new ResolutionRegister(today, rows, bad, Agencies.AgencyOptions.CodesAndNames(agencies), own,
            figures ? await accountability.ComputeAsync(today, ct) : null);
    }

    /// <summary>The API's list; a bad filter is invalid at its name.</summary>
    public async Task<Outcome<List<ResolutionListItem>>> ListAsync(ResolutionFilter filter, int limit, CancellationToken ct)
    {
        var (rows, bad) = await ListAsync(db, filter, clock.Today, limit, ct);
        if (bad is not null) return Outcome.Invalid(bad, ObstacleQueries.BadFilter);
        var today = clock.Today.ToDateOnly();
        return rows.Select(r => ResolutionListItem.Of(r, today)).ToList();
    }

    public async Task<Outcome<ResolutionDetail>> DetailAsync(CurrentUser user, long id, CancellationToken ct)
    {
        if (await FileAsync(id, ct) is not var (r, row, events, file, today)) return Outcome.NotFound(NoSuchResolution);
        var codes = await db.Agencies.AsNoTracking().ToDictionaryAsync(a => a.Id, a => a.Code, ct);
        return new ResolutionDetail(ResolutionListItem.Of(row, today.ToDateOnly()), r.Version,
            [.. file.AllowedSteps(Access.ObstacleActor(user), today.DayNumber).Select(s => s.ApiName())],
            [.. events.Select(e => new ResolutionEventEntry(e.Step.ApiName(), ObstacleQueries.Jalali(e.Day), e.At, e.ActorName,
                e.ActorAgencyId is { } a && codes.TryGetValue(a, out var c) ? c : null, e.Note))]);
    }

    /// <summary>A meeting's resolutions as the API lists them.</summary>
    public async Task<List<ResolutionListItem>> OfMeetingAsync(long meetingId, CancellationToken ct)
    {
        var (rows, _) = await ListAsync(db, new ResolutionFilter { Meeting = meetingId }, clock.Today, 1000, ct);
        var today = clock.Today.ToDateOnly();
        return [.. rows.Select(r => ResolutionListItem.Of(r, today))];
    }

    public static async Task<(List<ResolutionRow> Rows, string? Error)> ListAsync(PayeshDb db, ResolutionFilter f, JalaliDate today, int limit, CancellationToken ct)
    {
        var (q, error) = Filtered(db, f, today);
        if (q is null) return ([], error);
        var rows = await q.OrderByDescending(r => r.MeetingId).ThenBy(r => r.Seq).Take(limit).Select(r => new ResolutionRow(
            r.Id, r.MeetingId, r.Meeting!.Number, r.Meeting.Date, r.Seq, r.Text, r.AgencyId, r.Agency!.Code, r.Agency.Name,
            r.IssuedOn, r.Deadline, r.ObjectionUntil, r.Stage, r.DoneOn,
            r.Events.Count(e => e.Step == ResolutionStep.FollowUp),
            r.Obstacles.Select(o => o.ObstacleId).ToList(),
            r.Nodes.Select(n => n.Node!.Code).ToList())).ToListAsync(ct);
        return (rows, null);
    }

    /// <summary>The register's query: the resolutions that pass the filter (unordered), or the name of a bad filter; the
    /// dashboard's count of late resolutions counts this query.</summary>
    public static (IQueryable<Resolution>? Query, string? Error) Filtered(PayeshDb db, ResolutionFilter f, JalaliDate today)
    {
        var date = today.ToDateOnly();
        var q = db.Resolutions.AsNoTracking();
        if (f.Meeting is { } m) q = q.Where(r => r.MeetingId == m);
        if (f.Id is { } one) q = q.Where(r => r.Id == one);
        if (!string.IsNullOrWhiteSpace(f.Agency))
        {
            var code = f.Agency.Trim();
            q = q.Where(r => r.Agency!.Code == code);
        }
        if (!string.IsNullOrWhiteSpace(f.State))
        {
            if (f.State == "open") q = q.Where(r => r.Stage != ResolutionStage.Done && r.Stage != ResolutionStage.Withdrawn);
            else if (!ObstacleTerms.TryParse<ResolutionState>(f.State, out var s)) return (null, "state");
            else q = s switch
            {
                ResolutionState.Pending => q.Where(r => r.Stage == ResolutionStage.Issued && r.ObjectionUntil >= date),
                ResolutionState.Binding => q.Where(r => (r.Stage == ResolutionStage.Issued && r.ObjectionUntil < date) || r.Stage == ResolutionStage.ObjectionRejected),
                ResolutionState.Objected => q.Where(r => r.Stage == ResolutionStage.Objected),
                ResolutionState.AwaitingConfirmation => q.Where(r => r.Stage == ResolutionStage.AwaitingConfirmation),
                ResolutionState.Done => q.Where(r => r.Stage == ResolutionStage.Done),
                _ => q.Where(r => r.Stage == ResolutionStage.Withdrawn),
            };
        }
        if (f.Overdue is { } od)
        {
            q = od
                ? q.Where(r => r.Stage != ResolutionStage.Done && r.Stage != ResolutionStage.Withdrawn && r.Deadline < date)
                : q.Where(r => !(r.Stage != ResolutionStage.Done && r.Stage != ResolutionStage.Withdrawn && r.Deadline < date));
        }
        return (q, null);
    }
}
