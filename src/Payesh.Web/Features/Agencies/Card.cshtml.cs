using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Payesh.Domain.Calendar;
using Payesh.Domain.Progress;
using Payesh.Web.Data;
using Payesh.Web.Features.Plans;
using Payesh.Web.Features.Progress;
using Payesh.Web.Features.Reports;
using Payesh.Web.Infrastructure;

namespace Payesh.Web.Features.Agencies;

/// <summary>کارنامه دستگاه: one agency's figures against the plan, its actions by status, its reporting
/// discipline, and the composite score with every part linked to what it is made of.</summary>
public sealed class CardModel(PayeshDb db, PlanQueries plans, PlanEngines engines, IConfiguration config) : PageModel
{
    public sealed record ActionRow(long NodeId, string Code, string Title, ActionFigures Figures);

    [BindProperty(SupportsGet = true)] public long? Plan { get; set; }
    [BindProperty(SupportsGet = true)] public string? AsOf { get; set; }

    public Data.Model.AgencyRow Agency { get; private set; } = null!;
    public Data.Model.PlanRow PlanRow { get; private set; } = null!;
    public PlanShown Shown { get; private set; } = null!;
    public JalaliDate Day { get; private set; }
    public AgencyScore? Score { get; private set; }
    public int Rank { get; private set; }
    public int Ranked { get; private set; }
    public ScoreRules Rules { get; private set; } = null!;
    public List<ActionRow> Actions { get; } = [];
    public Dashboard.Heatmap Heat { get; private set; } = null!;
    public int LateReports { get; private set; }
    public int ReportsInWindow { get; private set; }

    public async Task<IActionResult> OnGetAsync(string code, CancellationToken ct)
    {
        var agency = await db.Agencies.AsNoTracking().FirstOrDefaultAsync(a => a.Code == code, ct);
        var shown = await plans.ShowOnPageAsync(this, Plan, ct);
        if (agency is null || shown.Value?.Plan is not { } plan) return NotFound();
        Shown = shown.Value;
        Agency = agency;
        PlanRow = plan;
        Plan = plan.Id;
        (Day, _) = PlanView.AsOf(AsOf, plans.DefaultDay(plan));
        var e = await engines.GetAsync(db, plan.Id, ct);
        if (e is null) return NotFound();
        Rules = ScoreRules.From(config);
        var result = await Scorecard.ComputeAsync(db, e, plan.Id, Day, Rules, ct);
        var league = result.Scores;
        Ranked = league.Count;
        Score = league.FirstOrDefault(s => s.AgencyId == agency.Id);
        Rank = Score?.Rank ?? 0;

        var mine = await db.PlanNodes.AsNoTracking().Where(n => n.PlanId == plan.Id && n.IsAction && !n.IsRemoved && n.LeadAgencyId == agency.Id)
            .OrderBy(n => n.Code).Select(n => new { n.Id, n.Code, n.Title }).ToListAsync(ct);
        foreach (var n in mine)
        {
            if (e.ActionAt(n.Id, Day.DayNumber) is { } f) Actions.Add(new ActionRow(n.Id, n.Code, n.Title, f));
        }

        // Discipline week by week: the same blocks the score adds up.
        int buckets = result.Weekly.GetLength(1);
        Heat = new Dashboard.Heatmap(
            [.. Enumerable.Range(0, buckets).Select(b => new JalaliDate(result.From + 7 * b))],
            [new Dashboard.Heatmap.Row(agency.Code, agency.Name, [.. Enumerable.Range(0, buckets).Select(b => result.Weekly[agency.Id, b])])],
            Day, ShowNames: false);
        var fromDate = DateOnly.FromDayNumber(result.From);
        var toDate = DateOnly.FromDayNumber(result.To);
        var ids = mine.Select(n => n.Id).ToList();
        var window = await db.ProgressReports.AsNoTracking()
            .Where(r => ids.Contains(r.NodeId) && r.ReportDate >= fromDate && r.ReportDate <= toDate)
            .Select(r => new { r.ReportDate, r.SubmittedAt }).ToListAsync(ct);
        ReportsInWindow = window.Count;
        // Late: submitted (Tehran time) after the day following the report day.
        LateReports = window.Count(r => DateOnly.FromDateTime(r.SubmittedAt.ToOffset(TimeSpan.FromHours(3.5)).DateTime) > r.ReportDate.AddDays(1));
        return Page();
    }
}
