using Payesh.Domain.Calendar;
using Payesh.Web.Data;
using Payesh.Web.Features.Progress;

namespace Payesh.Web.Features.Meetings;

/// <summary>
/// The proposed agenda (<see cref="AgendaProposal"/>) as the dashboard's «نیازمند تصمیم» panel shows it when no meeting is
/// planned: it reads every register, the running plan's engine and the reports of the last working day, and every
/// dashboard load asked for the same one. Kept for the day while the audit head's touch count is unchanged — moved by
/// every audited write of any instance (reports, reviews, obstacles, resolutions, meetings, holidays, agencies, nodes),
/// which is everything the proposal reads — so any change is seen by the next request; no timer.
/// The items are shared: callers read them only (the meeting form builds its own with <see cref="AgendaProposal.ProposeAsync"/>).
/// </summary>
public sealed class ProposalCache
{
    private sealed record Entry(int Day, long Touches, AgendaProposal.Proposal Proposal);

    private Entry? _last;
    private long _hits, _misses;

    public long Hits => Interlocked.Read(ref _hits);
    public long Misses => Interlocked.Read(ref _misses);

    public async Task<AgendaProposal.Proposal> ProposeAsync(PayeshDb db, PlanEngines engines, IConfiguration config, JalaliDate today, CancellationToken ct)
    {
        // The stamp is read before anything is built, so what is kept is never older than its stamp.
        long touches = await db.AuditTouchesAsync(ct);
        if (Volatile.Read(ref _last) is { } hit && hit.Day == today.DayNumber && hit.Touches == touches)
        {
            Interlocked.Increment(ref _hits);
            return hit.Proposal;
        }
        Interlocked.Increment(ref _misses);
        var proposal = await AgendaProposal.ProposeAsync(db, engines, config, today, ct);
        Volatile.Write(ref _last, new Entry(today.DayNumber, touches, proposal));
        return proposal;
    }
}
