using Payesh.Domain.Progress;
using Payesh.Domain.Text;
using Payesh.Web.Data;
using Payesh.Web.Features.Account;
using Payesh.Web.Features.Plans;
using Payesh.Web.Infrastructure;

namespace Payesh.Web.Features.Progress;

/// <summary>
/// Every node's figures of a plan in one call (issue 14): one evaluation of the engine, streamed to the body as
/// JSON or, for spreadsheet users, as CSV. Replaces one <c>/progress</c> call per parent node.
/// </summary>
public static class ProgressTreeApi
{
    public static void MapProgressTreeApi(this RouteGroupBuilder api)
    {
        api.MapGet("/plans/{planId:long}/progress/tree", async Task<IResult> (long planId, string? asOf, string? depth, string? format,
            HttpContext http, PayeshDb db, PlanQueries plans, PayeshClock clock, CancellationToken ct) =>
        {
            if (!ApiResults.TryDate(asOf, "asOf", out var day, out var error)) return error!;
            int maxDepth = int.MaxValue;
            if (!string.IsNullOrWhiteSpace(depth))
            {
                var parsed = PersianText.ParseNumber(depth);
                if (parsed is null || parsed != decimal.Truncate(parsed.Value) || parsed < 0 || parsed > 100)
                    return ApiResults.Validation("depth", "عمق باید عددی درست و نامنفی باشد (۰ فقط ریشه).");
                maxDepth = (int)parsed.Value;
            }
            bool csv = string.Equals(format, "csv", StringComparison.OrdinalIgnoreCase);
            if (!csv && !string.IsNullOrEmpty(format) && !string.Equals(format, "json", StringComparison.OrdinalIgnoreCase))
                return ApiResults.Validation("format", "قالب باید json یا csv باشد.");

            // Drafts are the staff's: decided once, in PlanQueries.
            var e = await plans.EngineAsync(CurrentUser.From(http.User)!, planId, ct);
            if (e is null) return ApiResults.NotFound(PlanQueries.NotFoundMessage);
            var d = day ?? clock.Today;
            // progress-spec § Baselines: the tree and schedules in force on that day.
            var tree = e.At(d.DayNumber).Evaluate(d.DayNumber);
            if (!csv) return new ProgressTreeJson(tree, d, maxDepth);
            var (planTitle, titles) = await ProgressTreeCsv.TitlesAsync(db, planId, ct);
            return new ProgressTreeCsv(tree, planTitle, titles, maxDepth);
        }).RequireAuthorization(Access.ReadPolicy).WithName("PlanProgressTree").WithSummary("شاخص‌های همه بخش‌های برنامه در یک پاسخ (JSON یا CSV)");
    }
}
