using Microsoft.EntityFrameworkCore;
using Payesh.Domain.Calendar;
using Payesh.Domain.Progress;
using Payesh.Web.Data;
using Payesh.Web.Data.Model;
using Payesh.Web.Features.Account;
using Payesh.Web.Features.Plans;
using Payesh.Web.Infrastructure;

namespace Payesh.Web.Features.Agencies;

/// <summary>One of the agency's actions on its card, with its figures as of the day.</summary>
public sealed record AgencyAction(long NodeId, string Code, string Title, ActionFigures Figures);

/// <summary>کارنامه دستگاه as of a day: the agency's score and place in the league, its actions, its discipline week by
/// week, its reports in the discipline window (how many, how many late), and the change of its actual progress and
/// deviation over 7 and 30 days (the same <see cref="FigureTrends"/> as the dashboard's league; null when it leads no action).</summary>
public sealed record AgencyCard(
    AgencyRow Agency, PlanRow Plan, JalaliDate Day, ScoreRules Rules, AgencyScore? Score, int Ranked, List<AgencyAction> Actions,
    Dashboard.Heatmap Heat, int ReportsInWindow, int LateReports, FigureChange? ActualChange, FigureChange? DeviationChange);

/// <summary>
/// The agency scorecard's reads. Who may see a card: everyone signed in sees every agency's card (the league on the
/// dashboard is public to the same people), but only on a plan they may see — a draft is "not found" to anyone but
/// staff (<see cref="PlanQueries.EngineAsync"/>), and so is an agency code that does not exist.
/// </summary>
public sealed class AgencyQueries(PayeshDb db, PlanQueries plans, IConfiguration config)
{
    public const string NoSuchAgency = "دستگاهی با این کد نیست.";

    /// <summary>The card of the agency with <paramref name="code"/> on <paramref name="plan"/> as of <paramref name="asOf"/>.</summary>
    public async Task<Outcome<AgencyCard>> CardAsync(CurrentUser user, string code, PlanRow plan, string? asOf, CancellationToken ct)
    {
        if (await plans.EngineAsync(user, plan.Id, ct) is not { } e) return Outcome.NotFound(PlanQueries.NotFoundMessage);
        var agency = await db.Agencies.AsNoTracking().FirstOrDefaultAsync(a => a.Code == code, ct);
        if (agency is null) return Outcome.NotFound(NoSuchAgency);
        var (day, _) = PlanView.AsOf(asOf, plans.DefaultDay(plan));
        var rules = ScoreRules.From(config);
        var league = await Scorecard.ComputeAsync(db, e, plan.Id, day, rules, ct);
        var score = league.Scores.FirstOrDefault(s => s.AgencyId == agency.Id);

        var mine = await db.PlanNodes.AsNoTracking().Where(n => n.PlanId == plan.Id && n.IsAction && !n.IsRemoved && n.LeadAgencyId == agency.Id)
            .OrderBy(n => n.Code).Select(n => new { n.Id, n.Code, n.Title }).ToListAsync(ct);
        var actions = new List<AgencyAction>();
        foreach (var n in mine)
        {
            if (e.ActionAt(n.Id, day.DayNumber) is { } f) actions.Add(new AgencyAction(n.Id, n.Code, n.Title, f));
        }

        // Discipline week by week: the same blocks the score adds up.
        int buckets = league.Weekly.GetLength(1);
        var heat = new Dashboard.Heatmap(
            [.. Enumerable.Range(0, buckets).Select(b => new JalaliDate(league.From + 7 * b))],
            [new Dashboard.Heatmap.Row(agency.Code, agency.Name, [.. Enumerable.Range(0, buckets).Select(b => league.Weekly[agency.Id, b])])],
            day, ShowNames: false);
        var fromDate = DateOnly.FromDayNumber(league.From);
        var toDate = DateOnly.FromDayNumber(league.To);
        var ids = mine.Select(n => n.Id).ToList();
        var window = await db.ProgressReports.AsNoTracking()
            .Where(r => ids.Contains(r.NodeId) && r.ReportDate >= fromDate && r.ReportDate <= toDate)
            .Select(r => new { r.ReportDate, r.SubmittedAt }).ToListAsync(ct);
        // Late: submitted (Tehran time) after the day following the report day.
        int late = window.Count(r => DateOnly.FromDateTime(r.SubmittedAt.ToOffset(TimeSpan.FromHours(3.5)).DateTime) > r.ReportDate.AddDays(1));
        var trends = score is null ? null : FigureTrends.Of(e.At(day.DayNumber).Evaluate(day.DayNumber));
        return new AgencyCard(agency, plan, day, rules, score, league.Scores.Count, actions, heat, window.Count, late,
            trends?.AgencyActual((int)agency.Id), trends?.AgencyDeviation((int)agency.Id));
    }
}
