using Microsoft.EntityFrameworkCore;
using Payesh.Domain.Calendar;
using Payesh.Web.Data;
using Payesh.Web.Data.Model;
using Payesh.Web.Features.Account;
using Payesh.Web.Infrastructure;

namespace Payesh.Web.Features.Plans;

/// <summary>One baseline of a plan: who recorded it, why, by which decision, from when, and what it changed.</summary>
public sealed record BaselineRow(long Id, int Number, DateOnly EffectiveFrom, string Reason, string? DecisionRef, DateTimeOffset CreatedAt,
    string? CreatedByName, string Summary);

/// <summary>A plan's baselines page: the baselines; with two or more, the pair compared (<paramref name="A"/> before
/// <paramref name="B"/>), what changed between them and the chart's data (JSON, "null" when there is no chart).</summary>
public sealed record BaselinesView(PlanRow Plan, bool CanEdit, IReadOnlyList<BaselineRow> Baselines, int? A, int? B,
    IReadOnlyList<PlanBaselines.Change> Changes, string ChartJson);

/// <summary>The reads of a plan's baselines page (progress-spec § Baselines); the plan through <see cref="PlanQueries"/>
/// (a draft is not found for anyone but staff).</summary>
public sealed class BaselineQueries(PayeshDb db, PlanQueries plans, PayeshClock clock)
{
    /// <summary>The plan's baselines, comparing <paramref name="a"/> with <paramref name="b"/> (a number that is not a
    /// baseline: the latest and the one before it).</summary>
    public async Task<Outcome<BaselinesView>> PageAsync(CurrentUser user, long planId, int? a, int? b, CancellationToken ct)
    {
        var plan = await plans.FindAsync(user, planId, ct);
        if (plan is null) return Outcome.NotFound(PlanQueries.NotFoundMessage);
        var baselines = await db.PlanBaselines.AsNoTracking().Where(x => x.PlanId == planId).OrderBy(x => x.Number)
            .Select(x => new BaselineRow(x.Id, x.Number, x.EffectiveFrom, x.Reason, x.DecisionRef, x.CreatedAt, x.CreatedByName, x.Summary))
            .ToListAsync(ct);
        List<PlanBaselines.Change> changes = [];
        var chart = "null";
        if (baselines.Count >= 2)
        {
            b = b is { } bb && baselines.Any(x => x.Number == bb) ? bb : baselines[^1].Number;
            a = a is { } aa && baselines.Any(x => x.Number == aa) && aa != b ? aa
                : Math.Max(1, b.Value - 1) == b ? baselines[0].Number : Math.Max(1, b.Value - 1);
            var numbers = new[] { a.Value, b.Value };
            var snapshots = await db.PlanBaselines.AsNoTracking().Where(x => x.PlanId == planId && numbers.Contains(x.Number))
                .ToDictionaryAsync(x => x.Number, x => x.Snapshot, ct);
            var codes = await db.Agencies.AsNoTracking().ToDictionaryAsync(x => x.Id, x => x.Code, ct);
            changes = PlanBaselines.Compare(PlanBaselines.Deserialize(snapshots[a.Value]), PlanBaselines.Deserialize(snapshots[b.Value]),
                agency => agency is { } x && codes.TryGetValue(x, out var c) ? c : "—");
            chart = await ChartAsync(user, plan, baselines, ct);
        }
        return new BaselinesView(plan, Access.CanManagePlans(user), baselines, a, b, changes, chart);
    }

    /// <summary>The whole plan's planned curve under the original baseline beside the one in force day by day, and the actual.</summary>
    private async Task<string> ChartAsync(CurrentUser user, PlanRow plan, List<BaselineRow> baselines, CancellationToken ct)
    {
        var e = await plans.EngineAsync(user, plan.Id, ct);
        if (e is null || e.Timeline.Count < 2) return "null";
        var start = JalaliDate.FromDateOnly(plan.StartDate);
        var end = JalaliDate.FromDateOnly(plan.EndDate);
        var today = clock.Today > end ? end : clock.Today;
        var original = e.Timeline.Engine(0).Series(0, start.DayNumber, end.DayNumber);
        var inForce = e.Timeline.Series("", start.DayNumber, end.DayNumber);
        return System.Text.Json.JsonSerializer.Serialize(new
        {
            days = Enumerable.Range(0, inForce.Planned.Length).Select(i => start.AddDays(i).ToPersianString()),
            original = original.Planned.Select(v => Math.Round(v, 2)),
            planned = inForce.Planned.Select(v => Math.Round(v, 2)),
            actual = inForce.Actual.Take(Math.Max(0, today - start + 1)).Select(v => Math.Round(v, 2)),
            marks = baselines.Skip(1).Select(x => Math.Clamp(x.EffectiveFrom.DayNumber - start.DayNumber, 0, inForce.Planned.Length - 1)),
        });
    }
}
