using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Payesh.Domain.Calendar;
using Payesh.Domain.Progress;
using Payesh.Web.Data;
using Payesh.Web.Data.Model;
using Payesh.Web.Features.Progress;
using Payesh.Web.Infrastructure;

namespace Payesh.Web.Features.Plans;

/// <summary>One action: its schedule, figures as of a day, S-curve and every report (including rejected ones).</summary>
public sealed class ActionModel(PayeshDb db, PlanEngines engines, PayeshClock clock) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? AsOf { get; set; }

    public Data.Model.Plan Plan { get; private set; } = null!;
    public Data.Model.PlanNode Node { get; private set; } = null!;
    public List<string> Collaborators { get; private set; } = [];
    public JalaliDate Day { get; private set; }
    public ActionFigures Figures { get; private set; } = null!;
    public List<ProgressReport> Reports { get; private set; } = [];
    public int LaterReports { get; private set; }
    public List<(string Code, string Title)> Path { get; } = [];
    public string SeriesJson { get; private set; } = "null";

    public async Task<IActionResult> OnGetAsync(long id, long nodeId, CancellationToken ct)
    {
        var plan = await db.Plans.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, ct);
        var node = await db.PlanNodes.AsNoTracking().Include(n => n.LeadAgency).Include(n => n.Collaborators).ThenInclude(c => c.Agency)
            .FirstOrDefaultAsync(n => n.Id == nodeId && n.PlanId == id && n.IsAction, ct);
        if (plan is null || node is null) return NotFound();
        var e = await engines.GetAsync(db, id, ct);
        if (e is null) return NotFound();
        Plan = plan;
        Node = node;
        Collaborators = [.. node.Collaborators.Select(c => c.Agency!.Name)];
        var end = JalaliDate.FromDateOnly(plan.EndDate);
        var today = clock.Today;
        (Day, _) = PlanView.AsOf(AsOf, today > end ? end : today);
        int index = e.NodeIndex[nodeId];
        Figures = e.Engine.Action(e.Engine.ActionIndex(index), Day.DayNumber);
        // As of the chosen day: reports dated later are counted, not listed.
        var dayDate = Day.ToDateOnly();
        Reports = await db.ProgressReports.AsNoTracking().Where(r => r.NodeId == nodeId && r.ReportDate <= dayDate)
            .OrderByDescending(r => r.ReportDate).ThenByDescending(r => r.Id).ToListAsync(ct);
        LaterReports = await db.ProgressReports.CountAsync(r => r.NodeId == nodeId && r.ReportDate > dayDate, ct);

        var ancestorIds = new List<long>();
        for (int p = e.Engine.Parent(index); p > 0; p = e.Engine.Parent(p)) ancestorIds.Insert(0, e.Engine.Key(p));
        var titles = await db.PlanNodes.AsNoTracking().Where(n => ancestorIds.Contains(n.Id)).ToDictionaryAsync(n => n.Id, n => (n.Code, n.Title), ct);
        Path.AddRange(ancestorIds.Select(a => titles[a]));

        var from = JalaliDate.FromDateOnly(node.StartDate!.Value).AddDays(-7);
        var to = JalaliDate.FromDateOnly(node.EndDate!.Value).AddDays(30);
        if (Day > to) to = Day;
        var series = e.Engine.Series(index, from.DayNumber, to.DayNumber);
        SeriesJson = System.Text.Json.JsonSerializer.Serialize(new
        {
            days = Enumerable.Range(0, series.Planned.Length).Select(i => from.AddDays(i).ToPersianString()),
            planned = series.Planned.Select(v => Math.Round(v, 2)),
            actual = series.Actual.Take(Math.Max(0, Day - from + 1)).Select(v => Math.Round(v, 2)),
            today = Math.Clamp(Day - from, 0, series.Planned.Length - 1),
        });
        return Page();
    }

    public static string CurveName(Domain.Plans.CurveKind c) => c switch
    {
        Domain.Plans.CurveKind.SCurve => "منحنی S",
        Domain.Plans.CurveKind.Milestones => "نقاط عطف",
        _ => "خطی",
    };
}
