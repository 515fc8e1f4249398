using Microsoft.AspNetCore.Http.HttpResults;
using Payesh.Domain.Text;
using Payesh.Web.Features.Account;
using Payesh.Web.Infrastructure;
using Payesh.Web.Infrastructure.Input;

namespace Payesh.Web.Features.Progress;

/// <summary>
/// Every node's figures of a plan in one call (issue 14): one evaluation of the engine, streamed to the body as
/// JSON or, for spreadsheet users, as CSV. Replaces one <c>/progress</c> call per parent node.
/// </summary>
public static class ProgressTreeApi
{
    public static void MapProgressTreeApi(this RouteGroupBuilder api) =>
        api.MapGet("/plans/{planId:long}/progress/tree", TreeAsync).ProducesProblems(404, 422)
            .RequireAuthorization(Access.ReadPolicy).WithName("PlanProgressTree").WithSummary("شاخص‌های همه بخش‌های برنامه در یک پاسخ (JSON یا CSV)")
            .WithDescription("با format=csv همین داده‌ها به صورت فایل CSV (text/csv) برمی‌گردد.");

    public static async Task<Results<ProgressTreeJson, ProgressTreeCsv, ProblemHttpResult>> TreeAsync(long planId, string? asOf, string? depth,
        string? format, HttpContext http, ProgressQueries progress, CancellationToken ct)
    {
        if (!ApiInput.TryDate(asOf, "asOf", out var day, out var error)) return error!.ToProblem();
        int maxDepth = int.MaxValue;
        if (!string.IsNullOrWhiteSpace(depth))
        {
            var parsed = PersianText.ParseNumber(depth);
            if (parsed is null || parsed != decimal.Truncate(parsed.Value) || parsed < 0 || parsed > 100)
                return Outcome.Invalid("depth", "عمق باید عددی درست و نامنفی باشد (۰ فقط ریشه).").ToProblem();
            maxDepth = (int)parsed.Value;
        }
        bool csv = string.Equals(format, "csv", StringComparison.OrdinalIgnoreCase);
        if (!csv && !string.IsNullOrEmpty(format) && !string.Equals(format, "json", StringComparison.OrdinalIgnoreCase))
            return Outcome.Invalid("format", "قالب باید json یا csv باشد.").ToProblem();
        var outcome = await progress.TreeAsync(CurrentUser.From(http.User)!, planId, day, csv, ct);
        if (!outcome.Ok) return outcome.ToProblem();
        var v = outcome.Value!;
        return csv ? new ProgressTreeCsv(v.Tree, v.Titles!, maxDepth) : new ProgressTreeJson(v.Tree, v.Day, maxDepth);
    }
}
