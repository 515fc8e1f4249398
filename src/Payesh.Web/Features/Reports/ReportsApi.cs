using Microsoft.AspNetCore.Http.HttpResults;
using Payesh.Domain.Plans;
using Payesh.Web.Features.Account;
using Payesh.Web.Infrastructure;
using Payesh.Web.Infrastructure.Input;

namespace Payesh.Web.Features.Reports;

/// <summary>/api/v1 reports: writing through <see cref="ReportCommands"/>, decisions through <see cref="ReportReviews"/>.</summary>
public static class ReportsApi
{
    public sealed record DecisionInput(string? Reason, string? Seen);

    /// <summary>The answer of a batch: how many reports were stored and their ids in the order sent.</summary>
    public sealed record BatchAnswer(int Accepted, IReadOnlyList<long> Ids);

    public static void MapReportsApi(this RouteGroupBuilder api)
    {
        // The busiest request of all (agencies' systems send one per action per day): its stamp is compared in the commit.
        StampAtCommit.ChecksAuthStampAtCommit(api.MapPost("/plans/{planId:long}/reports", CreateAsync).ReadsJson<ReportInput>().ProducesProblems(403, 404, 415, 422)
            .RequireAuthorization(Access.ReportPolicy).WithName("CreateReport").WithSummary("ثبت گزارش پیشرفت یک اقدام"));
        api.MapPost("/plans/{planId:long}/reports/batch", CreateBatchAsync).ReadsJson<ReportBatchInput>().ProducesProblems(403, 404, 415, 422)
            .RequireAuthorization(Access.ReportPolicy).WithName("CreateReportBatch").WithSummary("ثبت دسته‌ای گزارش‌ها (همه یا هیچ)");
        api.MapPost("/reports/{id:long}/reject", RejectAsync).ReadsJson<DecisionInput>().ProducesProblems(404, 409, 415, 422)
            .RequireAuthorization(Access.ReviewPolicy).WithName("RejectReport").WithSummary("رد گزارش توسط دبیرخانه");
        api.MapPost("/reports/{id:long}/verify", VerifyAsync).ReadsJson<DecisionInput>(optional: true).ProducesProblems(404, 409, 415, 422)
            .RequireAuthorization(Access.ReviewPolicy).WithName("VerifyReport").WithSummary("تأیید گزارش توسط دبیرخانه");
    }

    public static async Task<Results<Created<CreatedId>, ProblemHttpResult>> CreateAsync(long planId, HttpRequest request, ReportCommands writer, CancellationToken ct)
    {
        var (input, error) = await ApiInput.ReadBodyAsync<ReportInput>(request);
        if (error is not null) return error;
        var result = await writer.WriteAsync(planId, [input!], null, CurrentUser.From(request.HttpContext.User)!, "", ct,
            request.HttpContext.Features.Get<DeferredStamp>());
        if (!result.Ok) return result.ToProblem();
        return TypedResults.Created($"/api/v1/reports/{result.Value![0]}", new CreatedId(result.Value[0]));
    }

    public static async Task<Results<Ok<BatchAnswer>, ProblemHttpResult>> CreateBatchAsync(long planId, HttpRequest request, ReportCommands writer, CancellationToken ct)
    {
        var (input, error) = await ApiInput.ReadBodyAsync<ReportBatchInput>(request);
        if (error is not null) return error;
        if (input!.Reports is not { Count: > 0 }) return Outcome.Invalid("reports", "فهرست گزارش‌ها خالی است.").ToProblem();
        if (input.Reports.Count > 10_000) return Outcome.Invalid("reports", "هر دسته حداکثر ۱۰٬۰۰۰ گزارش می‌پذیرد.").ToProblem();
        var empty = input.Reports.Select((r, i) => (r, i)).Where(x => x.r is null)
            .Select(x => new ValidationError($"reports[{x.i}]", "گزارش خالی است.")).ToList();
        if (empty.Count > 0) return Outcome.Invalid(empty).ToProblem();
        var result = await writer.WriteAsync(planId, input.Reports, CurrentUser.From(request.HttpContext.User)!, "reports", ct);
        // A batch refused for some actions says so as a whole; each action's path is under errors.
        if (result.Kind == OutcomeKind.Forbidden) return (result with { Message = "بعضی از اقدام‌ها با دستگاه شما نیست؛ هیچ گزارشی ذخیره نشد." }).ToProblem();
        if (!result.Ok) return result.ToProblem();
        return TypedResults.Ok(new BatchAnswer(result.Value!.Count, result.Value));
    }

    /// <summary>Body <c>{"reason", "seen"}</c>: <c>seen</c> is the review state the decision was made on (default "submitted");
    /// 409 when the report was reviewed meanwhile.</summary>
    public static async Task<Results<Ok<ReviewAnswer>, ProblemHttpResult>> RejectAsync(long id, HttpRequest request, ReportReviews reviews, CancellationToken ct)
    {
        var (input, error) = await ApiInput.ReadBodyAsync<DecisionInput>(request);
        if (error is not null) return error;
        return (await reviews.RejectAsync(id, input!.Seen, input.Reason, CurrentUser.From(request.HttpContext.User)!, ct)).ToOk();
    }

    /// <summary>An optional body <c>{"seen"}</c> as for rejection.</summary>
    public static async Task<Results<Ok<ReviewAnswer>, ProblemHttpResult>> VerifyAsync(long id, HttpRequest request, ReportReviews reviews, CancellationToken ct)
    {
        string? seen = null;
        if (request.ContentLength is > 0 || request.Headers.TransferEncoding.Count > 0)
        {
            var (input, error) = await ApiInput.ReadBodyAsync<DecisionInput>(request);
            if (error is not null) return error;
            seen = input!.Seen;
        }
        return (await reviews.VerifyAsync(id, seen, CurrentUser.From(request.HttpContext.User)!, ct)).ToOk();
    }
}
