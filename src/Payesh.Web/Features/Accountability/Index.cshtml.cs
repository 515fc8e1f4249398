using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Payesh.Domain.Calendar;
using Payesh.Domain.Progress;
using Payesh.Web.Data;
using Payesh.Web.Features.Agencies;
using Payesh.Web.Features.Plans;
using Payesh.Web.Features.Progress;
using Payesh.Web.Infrastructure;

namespace Payesh.Web.Features.Accountability;

/// <summary>
/// گزارش پاسخگویی: every agency's figures for a period with the evidence — stopped and overdue actions,
/// missed report-days — ranked, the under-performing agencies named first. Printable on A4.
/// </summary>
public sealed class IndexModel(PayeshDb db, PlanEngines engines, PayeshClock clock, IConfiguration config) : PageModel
{
    public sealed record Evidence(long NodeId, string Code, string Title, ActionFigures Figures, int Days);

    public sealed record Entry(AgencyScore Score, List<Evidence> Stopped, List<Evidence> Overdue)
    {
        public int MissedReportDays => Score.Discipline.Required - Score.Discipline.Reported;
    }

    [BindProperty(SupportsGet = true)] public long? Plan { get; set; }
    [BindProperty(SupportsGet = true)] public string? AsOf { get; set; }

    public Data.Model.Plan? PlanRow { get; private set; }
    public List<(long Id, string Title)> Plans { get; } = [];
    public JalaliDate Day { get; private set; }
    public ScoreRules Rules { get; private set; } = null!;
    public List<Entry> Entries { get; } = [];
    public NodeFigures? Root { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var result = await BuildAsync(db, engines, clock, config, Plan, AsOf, ct);
        if (result is null) return Page();
        (PlanRow, Day, Rules, Root) = (result.Plan, result.Day, result.Rules, result.Root);
        Plan = PlanRow.Id;
        Plans.AddRange(result.Plans);
        Entries.AddRange(result.Entries);
        return Page();
    }

    public sealed record Report(Data.Model.Plan Plan, List<(long, string)> Plans, JalaliDate Day, ScoreRules Rules, NodeFigures Root, List<Entry> Entries);

    /// <summary>The report's content (also used by the Excel export). By default the whole plan year up to
    /// its end (or today for a running plan); the discipline window is then the whole period.</summary>
    public static async Task<Report?> BuildAsync(PayeshDb db, PlanEngines engines, PayeshClock clock, IConfiguration config, long? planId, string? asOf, CancellationToken ct)
    {
        var plans = await db.Plans.AsNoTracking().OrderByDescending(p => p.Year).ThenByDescending(p => p.Id).ToListAsync(ct);
        var plan = plans.FirstOrDefault(p => p.Id == planId) ?? plans.FirstOrDefault();
        if (plan is null) return null;
        var end = JalaliDate.FromDateOnly(plan.EndDate);
        var (day, _) = PlanView.AsOf(asOf, clock.Today > end ? end : clock.Today);
        var e = await engines.GetAsync(db, plan.Id, ct);
        if (e is null) return null;
        var rules = ScoreRules.From(config) with { DisciplineDays = Math.Max(1, day.DayNumber - plan.StartDate.DayNumber + 1) };
        var league = (await Scorecard.ComputeAsync(db, e, plan.Id, day, rules, ct)).Scores;
        var tree = e.At(day.DayNumber).Evaluate(day.DayNumber);

        var byAgency = new Dictionary<long, (List<(int Node, ActionFigures F)> Stopped, List<(int Node, ActionFigures F)> Overdue)>();
        for (int a = 0; a < tree.Engine.ActionCount; a++)
        {
            int node = tree.Engine.NodeOfAction(a);
            var status = tree.Status(node);
            if (status is not (ProgressStatus.Stopped or ProgressStatus.Overdue)) continue;
            long agency = tree.Engine.AgencyOfAction(a);
            if (!byAgency.TryGetValue(agency, out var lists)) byAgency[agency] = lists = ([], []);
            (status == ProgressStatus.Stopped ? lists.Stopped : lists.Overdue).Add((node, tree.Engine.Action(a, day.DayNumber)));
        }
        var ids = byAgency.Values.SelectMany(l => l.Stopped.Concat(l.Overdue)).Select(x => tree.Engine.Key(x.Node)).ToList();
        var titles = await db.PlanNodes.AsNoTracking().Where(n => ids.Contains(n.Id)).ToDictionaryAsync(n => n.Id, n => n.Title, ct);
        var entries = league
            .OrderByDescending(s => s.UnderPerforming).ThenBy(s => s.Score)
            .Select(s =>
            {
                byAgency.TryGetValue(s.AgencyId, out var lists);
                return new Entry(s,
                    [.. (lists.Stopped ?? []).OrderBy(x => x.F.LastProgressDay).Select(x => new Evidence(tree.Engine.Key(x.Node), tree.Engine.Code(x.Node), titles[tree.Engine.Key(x.Node)], x.F, day.DayNumber - x.F.LastProgressDay))],
                    [.. (lists.Overdue ?? []).OrderBy(x => tree.Engine.Curve(tree.Engine.ActionIndex(x.Node)).End).Select(x => new Evidence(tree.Engine.Key(x.Node), tree.Engine.Code(x.Node), titles[tree.Engine.Key(x.Node)], x.F, day.DayNumber - tree.Engine.Curve(tree.Engine.ActionIndex(x.Node)).End))]);
            }).ToList();
        return new Report(plan, [.. plans.Select(p => (p.Id, p.Title))], day, rules, tree.Figures(0), entries);
    }
}
