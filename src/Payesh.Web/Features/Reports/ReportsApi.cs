using Payesh.Domain.Plans;
using Payesh.Web.Features.Account;
using Payesh.Web.Infrastructure;

namespace Payesh.Web.Features.Reports;

public static class ReportsApi
{
    public sealed record RejectInput(string? Reason);

    public static void MapReportsApi(this RouteGroupBuilder api)
    {
        api.MapPost("/plans/{planId:long}/reports", async (long planId, HttpRequest request, ReportWriter writer, CancellationToken ct) =>
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

        api.MapPost("/plans/{planId:long}/reports/batch", async (long planId, HttpRequest request, ReportWriter writer, CancellationToken ct) =>
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

        api.MapPost("/reports/{id:long}/reject", async (long id, HttpRequest request, ReportWriter writer, CancellationToken ct) =>
        {
            var (input, error) = await ApiResults.ReadBodyAsync<RejectInput>(request);
            if (error is not null) return error;
            return await writer.RejectAsync(id, input!.Reason, CurrentUser.From(request.HttpContext.User)!, ct);
        }).RequireAuthorization(Access.ReviewPolicy).WithName("RejectReport").WithSummary("رد گزارش توسط دبیرخانه");

        api.MapPost("/reports/{id:long}/verify", async (long id, HttpContext http, ReportWriter writer, CancellationToken ct) =>
            await writer.VerifyAsync(id, CurrentUser.From(http.User)!, ct))
            .RequireAuthorization(Access.ReviewPolicy).WithName("VerifyReport").WithSummary("تأیید گزارش توسط دبیرخانه");
    }
}
