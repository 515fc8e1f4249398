using Microsoft.EntityFrameworkCore;
using Payesh.Domain.Calendar;
using Payesh.Domain.Obstacles;
using Payesh.Web.Data;
using Payesh.Web.Data.Model;
using Payesh.Web.Features.Obstacles;
using Payesh.Web.Features.Progress;
using Payesh.Web.Features.Resolutions;
using Payesh.Web.Infrastructure;

namespace Payesh.Web.Features.Meetings;

/// <summary>A meeting in <c>GET /api/v1/meetings</c>.</summary>
public sealed record MeetingListItem(long Id, int Number, string Title, string? Date, string? Place, string State, int AgendaItems, int Resolutions);

/// <summary>An agenda item: its kind and what it points at.</summary>
public sealed record AgendaItemEntry(string Kind, string Text, long? Obstacle, long? Node, long? Resolution)
{
    public static AgendaItemEntry Of(AgendaItem a) => new(AgendaProposal.ApiName(a.Kind), a.Text, a.ObstacleId, a.NodeId, a.ResolutionId);
}

/// <summary>The agenda proposed from today's state (<c>GET /api/v1/meetings/proposed-agenda</c>).</summary>
public sealed record ProposedAgenda(long? PlanId, List<AgendaItemEntry> Items);

/// <summary>One meeting with its agenda, minutes and resolutions (<c>GET /api/v1/meetings/{id}</c>).</summary>
public sealed record MeetingDetail(long Id, int Number, string Title, string? Date, string? Place, string[] Attendees, string State, long? PlanId,
    string? Minutes, uint Version, List<AgendaItemEntry> Agenda, List<ResolutionListItem> Resolutions);

/// <summary>The reads of HQ meetings (every signed-in user reads them; the proposal is the HQ's, by the endpoint's policy), on the clock's day.</summary>
/// <summary>A meeting in the meetings page's list.</summary>
public sealed record MeetingRow(long Id, int Number, string Title, DateOnly Date, string? Place, MeetingState State, int Agenda, int Resolutions);

/// <summary>The meetings page: every meeting, newest first, and whether this user may plan and hold them.</summary>
public sealed record MeetingList(List<MeetingRow> Rows, bool CanManage);

/// <summary>One meeting's page on the clock's day: the meeting with its agenda, its resolutions, and for those who plan and hold
/// meetings the active agencies and the obstacles to put on the agenda or name in a resolution (those on its agenda first, then
/// the open escalated ones); for everyone else these lists are empty.</summary>
public sealed record MeetingPage(Meeting Meeting, List<ResolutionRow> Resolutions, bool CanManage, List<(string Code, string Name)> Agencies,
    List<(long Id, string Title, bool OnAgenda)> Obstacles, JalaliDate Today);

/// <summary>A meeting's minutes for printing: the meeting with its agenda and its resolutions in their order.</summary>
public sealed record MeetingMinutes(Meeting Meeting, List<ResolutionRow> Resolutions);

public sealed class MeetingQueries(PayeshDb db, PlanEngines engines, IConfiguration config, PayeshClock clock, ResolutionQueries resolutions)
{
    public const string NoSuchMeeting = "جلسه‌ای با این شناسه نیست.";

    /// <summary>One meeting's page (every signed-in user reads every meeting; the choices to edit it are the HQ's,
    /// <see cref="Access.CanManageMeetings"/>).</summary>
    public async Task<Outcome<MeetingPage>> ShowAsync(Account.CurrentUser user, long id, CancellationToken ct)
    {
        var meeting = await WithAgendaAsync(id, ct);
        if (meeting is null) return Outcome.NotFound(NoSuchMeeting);
        var today = clock.Today;
        var (rows, _) = await ResolutionQueries.ListAsync(db, new ResolutionFilter { Meeting = id }, today, 1000, ct);
        bool canManage = Access.CanManageMeetings(user);
        if (!canManage) return new MeetingPage(meeting, rows, false, [], [], today);
        var agencies = (await db.Agencies.AsNoTracking().Where(a => a.IsActive).OrderBy(a => a.Name).Select(a => new { a.Code, a.Name }).ToListAsync(ct))
            .Select(a => (a.Code, a.Name)).ToList();
        var onAgenda = meeting.Agenda.Where(a => a.ObstacleId != null).Select(a => a.ObstacleId!.Value).ToHashSet();
        var open = await db.Obstacles.AsNoTracking()
            .Where(o => onAgenda.Contains(o.Id) || (o.State != ObstacleState.Resolved && o.State != ObstacleState.NotResolvable && o.Escalation != EscalationLevel.None))
            .OrderBy(o => o.Id).Select(o => new { o.Id, o.Title }).ToListAsync(ct);
        return new MeetingPage(meeting, rows, true, agencies,
            [.. open.Select(o => (o.Id, o.Title, onAgenda.Contains(o.Id))).OrderByDescending(o => o.Item3)], today);
    }

    /// <summary>A meeting's minutes (صورتجلسه) as the print page shows them.</summary>
    public async Task<Outcome<MeetingMinutes>> MinutesAsync(long id, CancellationToken ct)
    {
        var meeting = await WithAgendaAsync(id, ct);
        if (meeting is null) return Outcome.NotFound(NoSuchMeeting);
        var (rows, _) = await ResolutionQueries.ListAsync(db, new ResolutionFilter { Meeting = id }, clock.Today, 1000, ct);
        return new MeetingMinutes(meeting, [.. rows.OrderBy(r => r.Seq)]);
    }

    /// <summary>One meeting with its agenda, or null.</summary>
    private Task<Meeting?> WithAgendaAsync(long id, CancellationToken ct) =>
        db.Meetings.AsNoTracking().Include(m => m.Agenda).FirstOrDefaultAsync(m => m.Id == id, ct);

    /// <summary>The meetings page's list (every signed-in user reads every meeting).</summary>
    public async Task<MeetingList> PageAsync(Account.CurrentUser user, CancellationToken ct) => new(
        await db.Meetings.AsNoTracking().OrderByDescending(m => m.Number)
            .Select(m => new MeetingRow(m.Id, m.Number, m.Title, m.Date, m.Place, m.State, m.Agenda.Count, db.Resolutions.Count(r => r.MeetingId == m.Id)))
            .ToListAsync(ct),
        Access.CanManageMeetings(user));

    public async Task<Outcome<List<MeetingListItem>>> ListAsync(string? state, CancellationToken ct)
    {
        var q = db.Meetings.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(state))
        {
            if (state == "planned") q = q.Where(m => m.State == MeetingState.Planned);
            else if (state == "held") q = q.Where(m => m.State == MeetingState.Held);
            else return Outcome.Invalid("state", "وضعیت جلسه planned یا held است.");
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
        return rows.Select(m => new MeetingListItem(m.Id, m.Number, m.Title, ObstacleQueries.Jalali(m.Date), m.Place, StateName(m.State),
            m.Agenda, m.Resolutions)).ToList();
    }

    /// <summary>The agenda the system proposes for the next meeting: the secretariat's and the admin's (it names every
    /// agency's troubled actions and late resolutions).</summary>
    public async Task<Outcome<ProposedAgenda>> ProposedAgendaAsync(Account.CurrentUser user, CancellationToken ct)
    {
        if (!Access.IsStaff(user)) return Outcome.Forbidden("دستور جلسه پیشنهادی را دبیرخانه ستاد تهیه می‌کند.");
        var p = await AgendaProposal.ProposeAsync(db, engines, config, clock.Today, ct);
        return new ProposedAgenda(p.PlanId, [.. p.Items.Select(AgendaItemEntry.Of)]);
    }

    public async Task<Outcome<MeetingDetail>> DetailAsync(long id, CancellationToken ct)
    {
        var m = await WithAgendaAsync(id, ct);
        if (m is null) return Outcome.NotFound(NoSuchMeeting);
        return new MeetingDetail(m.Id, m.Number, m.Title, ObstacleQueries.Jalali(m.Date), m.Place,
            (m.Attendees ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries), StateName(m.State), m.PlanId, m.Minutes, m.Version,
            [.. m.Agenda.OrderBy(a => a.SortOrder).Select(AgendaItemEntry.Of)], await resolutions.OfMeetingAsync(id, ct));
    }

    private static string StateName(MeetingState s) => s == MeetingState.Held ? "held" : "planned";
}
