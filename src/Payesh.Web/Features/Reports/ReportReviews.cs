using Microsoft.EntityFrameworkCore;
using Payesh.Domain.Text;
using Payesh.Web.Data;
using Payesh.Web.Data.Model;
using Payesh.Web.Features.Account;
using Payesh.Web.Infrastructure;

namespace Payesh.Web.Features.Reports;

/// <summary>A review decision as it stands after the call: the report and its status.</summary>
public sealed record ReviewAnswer(long Id, string Status);

/// <summary>
/// The secretariat's decisions on reports (verify, reject), each taken against the review state the reviewer saw
/// (issue 10 § 3): of two decisions made on the same state, the first is recorded and the second is a conflict —
/// nothing contradictory is stored or told to the agency.
/// </summary>
public sealed class ReportReviews(PayeshDb db, TimeProvider time, Notifier notifier)
{
    public static string ReviewedMeanwhile(ReportStatus now) =>
        $"این گزارش هم‌زمان بررسی شده است (اکنون: «{ReportCommands.PersianStatus(now)}»)؛ تصمیم شما ثبت نشد. صف را دوباره باز کنید.";

    /// <summary>Rejects a report (secretariat): it stops counting; the reason is kept and shown to the agency.</summary>
    public Task<Outcome<ReviewAnswer>> RejectAsync(long reportId, string? seen, string? reason, CurrentUser user, CancellationToken ct) =>
        DecideAsync(reportId, seen, ReportStatus.Rejected, reason, user, ct);

    public Task<Outcome<ReviewAnswer>> VerifyAsync(long reportId, string? seen, CurrentUser user, CancellationToken ct) =>
        DecideAsync(reportId, seen, ReportStatus.Verified, null, user, ct);

    /// <summary>The review state a decision was made on, by its API name; none given means "submitted" (the queue's).</summary>
    public static ReportStatus? ParseSeen(string? seen) => (seen?.Trim().ToLowerInvariant()) switch
    {
        null or "" or "submitted" => ReportStatus.Submitted,
        "verified" => ReportStatus.Verified,
        "rejected" => ReportStatus.Rejected,
        _ => null,
    };

    private async Task<Outcome<ReviewAnswer>> DecideAsync(long reportId, string? seenText, ReportStatus decision, string? reason, CurrentUser user, CancellationToken ct)
    {
        if (!Access.CanReview(user)) return Outcome.Forbidden("بررسی گزارش‌ها با دبیرخانه است.");
        reason = PersianText.Normalize(reason);
        var report = await db.ProgressReports.FirstOrDefaultAsync(r => r.Id == reportId, ct);
        if (report is null) return Outcome.NotFound("گزارشی با این شناسه نیست.");
        if (ParseSeen(seenText) is not { } seen) return Outcome.Invalid("seen", "وضعیت دیده‌شده باید submitted، verified یا rejected باشد.");
        if (decision == ReportStatus.Rejected && string.IsNullOrEmpty(reason))
            return Outcome.Invalid("reason", "دلیل رد گزارش را بنویسید؛ دستگاه آن را می‌بیند.");
        if (reason?.Length > FieldLimits.Reason) return Outcome.Invalid("reason", FieldLimits.TooLong("دلیل", FieldLimits.Reason));
        if (report.Status == ReportStatus.Rejected && decision == ReportStatus.Rejected)
            return Outcome.Invalid("", "این گزارش پیش‌تر رد شده است؛ گزارش ردشده دوباره بررسی نمی‌شود.");
        // The same verification again (a double click, a retried request) changes nothing and is not an error.
        if (report.Status == decision) return new ReviewAnswer(report.Id, ReportCommands.StatusName(report.Status));
        if (report.Status != seen) return Outcome.Conflict(ReviewedMeanwhile(report.Status));
        if (seen == ReportStatus.Rejected)
            return Outcome.Invalid("", "این گزارش پیش‌تر رد شده است؛ گزارش ردشده دوباره بررسی نمی‌شود.");

        var now = time.GetUtcNow();
        bool won = false;
        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            await db.Plans.Where(x => x.Id == report.PlanId).ExecuteUpdateAsync(s => s.SetProperty(x => x.DataVersion, x => x.DataVersion + 1), ct);
            // The decision claims the state it was made on, atomically: of two racing decisions one finds it changed.
            won = await db.ProgressReports.Where(r => r.Id == report.Id && r.Status == seen)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, decision), ct) == 1;
            if (!won)
            {
                await tx.RollbackAsync(ct);
                return;
            }
            // The tracked row still holds the state seen, so the audit entry records seen → decision.
            report.Status = decision;
            report.ReviewedAt = now;
            report.ReviewedById = user.Id;
            report.ReviewReason = reason;
            db.ReportReviews.Add(new ReportReview
            {
                PlanId = report.PlanId,
                ReportId = report.Id,
                NodeId = report.NodeId,
                Decision = decision,
                Reason = reason,
                ById = user.Id,
                At = now,
            });
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        });
        if (!won)
        {
            var current = await db.ProgressReports.AsNoTracking().Where(r => r.Id == report.Id).Select(r => r.Status).FirstAsync(ct);
            return Outcome.Conflict(ReviewedMeanwhile(current));
        }
        // The agency learns of a rejection and its reason, whichever page or endpoint rejected — only once it stands.
        if (decision == ReportStatus.Rejected) await notifier.ReportRejectedAsync(report.Id, ct);
        return new ReviewAnswer(report.Id, ReportCommands.StatusName(decision));
    }
}
