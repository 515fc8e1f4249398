using Microsoft.EntityFrameworkCore;
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

public sealed class MeetingQueries(PayeshDb db, PlanEngines engines, IConfiguration config, PayeshClock clock, ResolutionQueries resolutions)
{
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
        var m = await db.Meetings.AsNoTracking().Include(x => x.Agenda).FirstOrDefaultAsync(x => x.Id == id, ct);
        if (m is null) return Outcome.NotFound("جلسه‌ای با این شناسه نیست.");
        return new MeetingDetail(m.Id, m.Number, m.Title, ObstacleQueries.Jalali(m.Date), m.Place,
            (m.Attendees ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries), StateName(m.State), m.PlanId, m.Minutes, m.Version,
            [.. m.Agenda.OrderBy(a => a.SortOrder).Select(AgendaItemEntry.Of)], await resolutions.OfMeetingAsync(id, ct));
    }

    private static string StateName(MeetingState s) => s == MeetingState.Held ? "held" : "planned";
}
