using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Payesh.Domain.Calendar;
using Payesh.Domain.Progress;
using Payesh.Web.Features.Account;
using Payesh.Web.Features.Plans;

namespace Payesh.Web.Features.Agencies;

/// <summary>کارنامه دستگاه: one agency's figures against the plan, its actions by status, its reporting
/// discipline, and the composite score with every part linked to what it is made of (<see cref="AgencyQueries"/>).</summary>
public sealed class CardModel(PlanQueries plans, AgencyQueries agencies) : PageModel
{
    [BindProperty(SupportsGet = true)] public long? Plan { get; set; }
    [BindProperty(SupportsGet = true)] public string? AsOf { get; set; }

    public Data.Model.AgencyRow Agency { get; private set; } = null!;
    public Data.Model.PlanRow PlanRow { get; private set; } = null!;
    public PlanShown Shown { get; private set; } = null!;
    public JalaliDate Day { get; private set; }
    public AgencyScore? Score { get; private set; }
    public int Rank => Score?.Rank ?? 0;
    public int Ranked { get; private set; }
    public ScoreRules Rules { get; private set; } = null!;
    public List<AgencyAction> Actions { get; private set; } = [];
    public Dashboard.Heatmap Heat { get; private set; } = null!;
    public int LateReports { get; private set; }
    public int ReportsInWindow { get; private set; }
    public FigureChange? ActualChange { get; private set; }
    public FigureChange? DeviationChange { get; private set; }

    public async Task<IActionResult> OnGetAsync(string code, CancellationToken ct)
    {
        var shown = await plans.ShowOnPageAsync(this, Plan, ct);
        if (shown.Value?.Plan is not { } plan) return NotFound();
        var card = await agencies.CardAsync(CurrentUser.From(User)!, code, plan, AsOf, ct);
        if (card.Value is not { } c) return NotFound();
        Shown = shown.Value;
        (Agency, PlanRow, Plan, Day, Rules, Score, Ranked, Actions) = (c.Agency, c.Plan, c.Plan.Id, c.Day, c.Rules, c.Score, c.Ranked, c.Actions);
        (Heat, ReportsInWindow, LateReports, ActualChange, DeviationChange) = (c.Heat, c.ReportsInWindow, c.LateReports, c.ActualChange, c.DeviationChange);
        return Page();
    }
}
