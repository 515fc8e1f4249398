using Microsoft.EntityFrameworkCore;
using Payesh.Domain.Calendar;
using Payesh.Domain.Obstacles;
using Payesh.Domain.Text;
using Payesh.Web.Data;
using Payesh.Web.Data.Model;
using Payesh.Web.Features.Account;
using Payesh.Web.Infrastructure;

namespace Payesh.Web.Features.Obstacles;

/// <summary>Filters of the obstacle register (page, API and Excel alike). Codes and API names, all optional.</summary>
public sealed class ObstacleFilter
{
    public string? State { get; set; }
    public string? Category { get; set; }
    public string? Severity { get; set; }
    /// <summary>Lead agency code.</summary>
    public string? Agency { get; set; }
    public bool? Escalated { get; set; }
    public bool? Overdue { get; set; }
    /// <summary>Only those assigned to the user's own agency.</summary>
    public bool? Mine { get; set; }
    /// <summary>Only those the lead agency has not answered yet.</summary>
    public bool? AwaitingAnswer { get; set; }
    public string? Q { get; set; }
}

public sealed record ObstacleRow(
    long Id, string Title, ObstacleCategory Category, ObstacleSeverity Severity, ObstacleState State, EscalationLevel Escalation,
    string? ReporterAgency, string? ReporterCode, string ReportedBy, DateOnly ReportedOn, string? LeadAgency, string? LeadCode,
    DateOnly? Deadline, DateOnly? ClosedOn, int UnitsAffected, int JobsAtRisk, long AmountBlocked, List<string> Units, List<string> Others,
    List<string> NodeCodes, string? Description)
{
    public bool IsOpen => State is not (ObstacleState.Resolved or ObstacleState.NotResolvable);
    public bool IsOverdue(DateOnly today) => IsOpen && Deadline is { } d && d < today;
}

public static class ObstacleQueries
{
    /// <summary>The obstacles this user may see that pass the filter, newest first; errors name a bad filter.</summary>
    public static async Task<(List<ObstacleRow> Rows, string? Error)> ListAsync(
        PayeshDb db, CurrentUser user, ObstacleFilter f, JalaliDate today, int limit, CancellationToken ct)
    {
        var q = db.Obstacles.AsNoTracking();
        if (Access.IsAgencyUser(user))
        {
            var a = user.AgencyId ?? -1;
            q = q.Where(o => o.ReporterAgencyId == a || o.LeadAgencyId == a || o.OtherAgencies.Any(x => x.AgencyId == a));
        }
        if (f.Mine == true) q = q.Where(o => o.LeadAgencyId == (user.AgencyId ?? -1));
        if (!string.IsNullOrWhiteSpace(f.State))
        {
            if (f.State == "open") q = q.Where(o => o.State != ObstacleState.Resolved && o.State != ObstacleState.NotResolvable);
            else if (f.State == "closed") q = q.Where(o => o.State == ObstacleState.Resolved || o.State == ObstacleState.NotResolvable);
            else if (ObstacleTerms.TryParse<ObstacleState>(f.State, out var s)) q = q.Where(o => o.State == s);
            else return ([], "state");
        }
        if (!string.IsNullOrWhiteSpace(f.Category))
        {
            if (!ObstacleTerms.TryParse<ObstacleCategory>(f.Category, out var c)) return ([], "category");
            q = q.Where(o => o.Category == c);
        }
        if (!string.IsNullOrWhiteSpace(f.Severity))
        {
            if (!ObstacleTerms.TryParse<ObstacleSeverity>(f.Severity, out var s)) return ([], "severity");
            q = q.Where(o => o.Severity == s);
        }
        if (!string.IsNullOrWhiteSpace(f.Agency))
        {
            var code = f.Agency.Trim();
            q = q.Where(o => o.LeadAgency != null && o.LeadAgency.Code == code);
        }
        if (f.Escalated is { } esc) q = esc ? q.Where(o => o.Escalation != EscalationLevel.None) : q.Where(o => o.Escalation == EscalationLevel.None);
        var date = today.ToDateOnly();
        if (f.Overdue is { } od)
        {
            q = od
                ? q.Where(o => o.State != ObstacleState.Resolved && o.State != ObstacleState.NotResolvable && o.Deadline != null && o.Deadline < date)
                : q.Where(o => !(o.State != ObstacleState.Resolved && o.State != ObstacleState.NotResolvable && o.Deadline != null && o.Deadline < date));
        }
        if (f.AwaitingAnswer is { } aw) q = aw ? q.Where(o => o.State == ObstacleState.Assigned) : q.Where(o => o.State != ObstacleState.Assigned);
        var text = PersianText.Normalize(f.Q);
        if (!string.IsNullOrEmpty(text))
            q = q.Where(o => o.Title.Contains(text) || (o.Description != null && o.Description.Contains(text)) || o.Units.Any(u => u.Name.Contains(text)));

        var rows = await q.OrderByDescending(o => o.Id).Take(limit).Select(o => new ObstacleRow(
            o.Id, o.Title, o.Category, o.Severity, o.State, o.Escalation,
            o.ReporterAgency == null ? null : o.ReporterAgency.Name, o.ReporterAgency == null ? null : o.ReporterAgency.Code,
            o.ReportedByName, o.ReportedOn,
            o.LeadAgency == null ? null : o.LeadAgency.Name, o.LeadAgency == null ? null : o.LeadAgency.Code,
            o.Deadline, o.ClosedOn, o.UnitsAffected, o.JobsAtRisk, o.AmountBlocked,
            o.Units.OrderBy(u => u.SortOrder).Select(u => u.Name).ToList(),
            o.OtherAgencies.Select(x => x.Agency!.Name).ToList(),
            o.Nodes.Select(n => n.Node!.Code).ToList(),
            o.Description)).ToListAsync(ct);
        return (rows, null);
    }
}
