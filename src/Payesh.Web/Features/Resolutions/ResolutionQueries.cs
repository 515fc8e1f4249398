using Microsoft.EntityFrameworkCore;
using Payesh.Domain.Calendar;
using Payesh.Domain.Obstacles;
using Payesh.Web.Data;
using Payesh.Web.Data.Model;

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

public static class ResolutionQueries
{
    public static async Task<(List<ResolutionRow> Rows, string? Error)> ListAsync(PayeshDb db, ResolutionFilter f, JalaliDate today, int limit, CancellationToken ct)
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
            else if (!ObstacleTerms.TryParse<ResolutionState>(f.State, out var s)) return ([], "state");
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
        var rows = await q.OrderByDescending(r => r.MeetingId).ThenBy(r => r.Seq).Take(limit).Select(r => new ResolutionRow(
            r.Id, r.MeetingId, r.Meeting!.Number, r.Meeting.Date, r.Seq, r.Text, r.AgencyId, r.Agency!.Code, r.Agency.Name,
            r.IssuedOn, r.Deadline, r.ObjectionUntil, r.Stage, r.DoneOn,
            r.Events.Count(e => e.Step == ResolutionStep.FollowUp),
            r.Obstacles.Select(o => o.ObstacleId).ToList(),
            r.Nodes.Select(n => n.Node!.Code).ToList())).ToListAsync(ct);
        return (rows, null);
    }
}
