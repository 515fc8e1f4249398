using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Payesh.Domain.Calendar;
using Payesh.Web.Data;
using Payesh.Web.Features.Account;
using Payesh.Web.Features.Progress;
using Payesh.Web.Infrastructure;

namespace Payesh.Web.Features.Plans;

/// <summary>A plan's baselines (progress-spec § Baselines): who recorded each, why, by which decision, from when;
/// what changed between any two; and the whole plan's planned curve under the original baseline beside the one
/// in force day by day.</summary>
public sealed class BaselinesModel(PayeshDb db, PlanQueries plans, PlanEngines engines, PayeshClock clock) : PageModel
{
    public sealed record Row(long Id, int Number, DateOnly EffectiveFrom, string Reason, string? DecisionRef, DateTimeOffset CreatedAt,
        string? CreatedByName, string Summary);

    [BindProperty(SupportsGet = true)] public int? A { get; set; }
    [BindProperty(SupportsGet = true)] public int? B { get; set; }

    public Data.Model.PlanRow Plan { get; private set; } = null!;
    public List<Row> Baselines { get; private set; } = [];
    public List<PlanBaselines.Change> Changes { get; private set; } = [];
    public string ChartJson { get; private set; } = "null";
    public bool CanEdit { get; private set; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        var user = CurrentUser.From(User)!;
        var plan = await plans.FindAsync(user, id, ct);
        if (plan is null) return NotFound();
        Plan = plan;
        CanEdit = Access.CanManagePlans(user);
        Baselines = await db.PlanBaselines.AsNoTracking().Where(b => b.PlanId == id).OrderBy(b => b.Number)
            .Select(b => new Row(b.Id, b.Number, b.EffectiveFrom, b.Reason, b.DecisionRef, b.CreatedAt, b.CreatedByName, b.Summary))
            .ToListAsync(ct);
        if (Baselines.Count >= 2)
        {
            B = B is { } b && Baselines.Any(x => x.Number == b) ? b : Baselines[^1].Number;
            A = A is { } a && Baselines.Any(x => x.Number == a) && a != B ? a : Math.Max(1, B.Value - 1) == B ? Baselines[0].Number : Math.Max(1, B.Value - 1);
            var numbers = new[] { A.Value, B.Value };
            var snapshots = await db.PlanBaselines.AsNoTracking().Where(x => x.PlanId == id && numbers.Contains(x.Number))
                .ToDictionaryAsync(x => x.Number, x => x.Snapshot, ct);
            var codes = await db.Agencies.AsNoTracking().ToDictionaryAsync(x => x.Id, x => x.Code, ct);
            Changes = PlanBaselines.Compare(PlanBaselines.Deserialize(snapshots[A.Value]), PlanBaselines.Deserialize(snapshots[B.Value]),
                agency => agency is { } x && codes.TryGetValue(x, out var c) ? c : "—");
            await ChartAsync(ct);
        }
        return Page();
    }

    private async Task ChartAsync(CancellationToken ct)
    {
        var e = await engines.GetAsync(db, Plan.Id, ct);
        if (e is null || e.Timeline.Count < 2) return;
        var start = JalaliDate.FromDateOnly(Plan.StartDate);
        var end = JalaliDate.FromDateOnly(Plan.EndDate);
        var today = clock.Today > end ? end : clock.Today;
        var original = e.Timeline.Engine(0).Series(0, start.DayNumber, end.DayNumber);
        var inForce = e.Timeline.Series("", start.DayNumber, end.DayNumber);
        ChartJson = System.Text.Json.JsonSerializer.Serialize(new
        {
            days = Enumerable.Range(0, inForce.Planned.Length).Select(i => start.AddDays(i).ToPersianString()),
            original = original.Planned.Select(v => Math.Round(v, 2)),
            planned = inForce.Planned.Select(v => Math.Round(v, 2)),
            actual = inForce.Actual.Take(Math.Max(0, today - start + 1)).Select(v => Math.Round(v, 2)),
            marks = Baselines.Skip(1).Select(b => Math.Clamp(b.EffectiveFrom.DayNumber - start.DayNumber, 0, inForce.Planned.Length - 1)),
        });
    }
}
