using Microsoft.AspNetCore.Http.HttpResults;
using Payesh.Domain.Plans;
using Payesh.Web.Features.Account;
using Payesh.Web.Infrastructure;

namespace Payesh.Web.Features.Reports;

public static class ReportsApi
{
    public sealed record DecisionInput(string? Reason, string? Seen);

    public static void MapReportsApi(this RouteGroupBuilder api)
    {
        api.MapPost("/plans/{planId:long}/reports", async (long planId, HttpRequest request, ReportCommands writer, CancellationToken ct) =>
        {
            var (input, error) = await ApiResults.ReadBodyAsync<ReportInput>(request);
            if (error is not null) return error;
            var user = CurrentUser.From(request.HttpContext.User)!;
            var result = await writer.WriteAsync(planId, [input!], user, "", ct);
            if (result is null) return ApiResults.NotFound("برنامه‌ای با این شناسه نیست.");
            if (result.Forbidden.Count > 0) return ApiResults.Forbidden(result.Forbidden[0].Message, result.Forbidden);
            if (result.Errors.Count > 0) return ApiResults.Validation(result.Errors);
            return Results.Created($"/api/v1/reports/{result.Ids[0]}", new { id = result.Ids[0] });
        }).RequireAuthorization(Access.ReportPolicy).WithName("CreateReport").WithSummary("ثبت گزارش پیشرفت یک اقدام");

        api.MapPost("/plans/{planId:long}/reports/batch", async (long planId, HttpRequest request, ReportCommands writer, CancellationToken ct) =>
        {
            var (input, error) = await ApiResults.ReadBodyAsync<ReportBatchInput>(request);
            if (error is not null) return error;
            if (input!.Reports is not { Count: > 0 }) return ApiResults.Validation("reports", "فهرست گزارش‌ها خالی است.");
            if (input.Reports.Count > 10_000) return ApiResults.Validation("reports", "هر دسته حداکثر ۱۰٬۰۰۰ گزارش می‌پذیرد.");
            var empty = input.Reports.Select((r, i) => (r, i)).Where(x => x.r is null)
                .Select(x => new ValidationError($"reports[{x.i}]", "گزارش خالی است.")).ToList();
            if (empty.Count > 0) return ApiResults.Validation(empty);
            var user = CurrentUser.From(request.HttpContext.User)!;
            var result = await writer.WriteAsync(planId, input.Reports, user, "reports", ct);
            if (result is null) return ApiResults.NotFound("برنامه‌ای با این شناسه نیست.");
            if (result.Forbidden.Count > 0) return ApiResults.Forbidden("بعضی از اقدام‌ها با دستگاه شما نیست؛ هیچ گزارشی ذخیره نشد.", result.Forbidden);
            if (result.Errors.Count > 0) return ApiResults.Validation(result.Errors);
            return Results.Ok(new { accepted = result.Ids.Count, ids = result.Ids });
        }).RequireAuthorization(Access.ReportPolicy).WithName("CreateReportBatch").WithSummary("ثبت دسته‌ای گزارش‌ها (همه یا هیچ)");

        api.MapPost("/reports/{id:long}/reject", RejectAsync)
            .RequireAuthorization(Access.ReviewPolicy).WithName("RejectReport").WithSummary("رد گزارش توسط دبیرخانه");

        api.MapPost("/reports/{id:long}/verify", VerifyAsync)
            .RequireAuthorization(Access.ReviewPolicy).WithName("VerifyReport").WithSummary("تأیید گزارش توسط دبیرخانه");
    }

    /// <summary>Body <c>{"reason", "seen"}</c>: <c>seen</c> is the review state the decision was made on (default "submitted");
    /// 409 when the report was reviewed meanwhile.</summary>
    public static async Task<Results<Ok<ReviewAnswer>, ProblemHttpResult>> RejectAsync(long id, HttpRequest request, ReportReviews reviews, CancellationToken ct)
    {
        var (input, error) = await ApiResults.ReadBodyAsync<DecisionInput>(request);
        if (error is not null) return error;
        var outcome = await reviews.RejectAsync(id, input!.Seen, input.Reason, CurrentUser.From(request.HttpContext.User)!, ct);
        return outcome.Ok ? TypedResults.Ok(outcome.Value) : outcome.ToProblem();
    }

    /// <summary>An optional body <c>{"seen"}</c> as for rejection.</summary>
    public static async Task<Results<Ok<ReviewAnswer>, ProblemHttpResult>> VerifyAsync(long id, HttpRequest request, ReportReviews reviews, CancellationToken ct)
    {
        string? seen = null;
        if (request.ContentLength is > 0 || request.Headers.TransferEncoding.Count > 0)
        {
            var (input, error) = await ApiResults.ReadBodyAsync<DecisionInput>(request);
            if (error is not null) return error;
            seen = input!.Seen;
        }
        var outcome = await reviews.VerifyAsync(id, seen, CurrentUser.From(request.HttpContext.User)!, ct);
        return outcome.Ok ? TypedResults.Ok(outcome.Value) : outcome.ToProblem();
    }
}
