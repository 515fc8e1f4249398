using Microsoft.EntityFrameworkCore;
using Payesh.Domain.Text;
using Payesh.Web.Data;
using Payesh.Web.Data.Model;
using Payesh.Web.Features.Account;
using Payesh.Web.Features.Plans;
using Payesh.Web.Infrastructure;

namespace Payesh.Web.Features.Reports;

/// <summary>The sign-off page: the plans to choose from, the plan shown (null when there is none), its queue (the first
/// <see cref="SignOffService.PageSize"/> of <paramref name="Total"/>) and today's reporters.</summary>
public sealed record SignOffPage(List<(long Id, string Title)> Plans, long? Plan, List<SignOffRow> Rows, int Total, List<ReporterDay> Reporters);

/// <summary>
/// The agency manager's queue: the agency reporters' reports waiting for the manager in a plan with two-level
/// sign-off, the manager's decision (confirm: on to the secretariat's queue; return: back to the reporter with a
/// reason, and it stops counting), and which reporters have reported today.
/// </summary>
public sealed class SignOffService(PayeshDb db, PlanQueries plans, PayeshClock clock)
{
    public const int PageSize = 100;

    /// <summary>The manager's page: the communicated plans with two-level sign-off (newest first), the one asked for (else the
    /// first), its queue and today's reporters. Only an agency manager has a queue; anyone else sees the plans and nothing in them.</summary>
    public async Task<SignOffPage> PageAsync(CurrentUser user, long? asked, CancellationToken ct)
    {
        var choices = (await plans.Visible(user).Where(p => p.ManagerSignOff && p.State != PlanState.Draft)
            .OrderByDescending(p => p.Year).ThenByDescending(p => p.Id).Select(p => new { p.Id, p.Title }).ToListAsync(ct))
            .Select(p => (p.Id, p.Title)).ToList();
        if (choices.Count == 0) return new SignOffPage(choices, asked, [], 0, []);
        long plan = choices.Any(p => p.Id == asked) ? asked!.Value : choices[0].Id;
        var (rows, total) = await QueueAsync(plan, user, ct);
        return new SignOffPage(choices, plan, rows, total, await ReportersTodayAsync(plan, user, ct));
    }

    public async Task<(List<SignOffRow> Rows, int Total)> QueueAsync(long planId, CurrentUser user, CancellationToken ct)
    {
        if (user.AgencyId is not { } agency || !user.Roles.Contains(Roles.AgencyManager)) return ([], 0);
        var q = from r in db.ProgressReports.AsNoTracking()
                join n in db.PlanNodes on r.NodeId equals n.Id
                where r.PlanId == planId && r.Status == ReportStatus.AwaitingManager && n.LeadAgencyId == agency
                select new { r, n.Code, n.Title };
        int total = await q.CountAsync(ct);
        var rows = await (from x in q.OrderBy(x => x.r.Id).Take(PageSize)
                          join u in db.Users on x.r.SubmittedById equals u.Id into us
                          from u in us.DefaultIfEmpty()
                          select new SignOffRow(x.r.Id, x.r.NodeId, x.Code, x.Title, x.r.ReportDate, x.r.PercentHundredths, x.r.PreviousHundredths,
                              x.r.Note, x.r.Justification, u != null ? u.DisplayName : "", x.r.SubmittedAt)).ToListAsync(ct);
        rows.Sort((a, b) => a.Id.CompareTo(b.Id));
        return (rows, total);
    }

    /// <summary>The agency's reporters and how many reports each has dated today in the plan.</summary>
    public async Task<List<ReporterDay>> ReportersTodayAsync(long planId, CurrentUser user, CancellationToken ct)
    {
        if (user.AgencyId is not { } agency || !user.Roles.Contains(Roles.AgencyManager)) return [];
        var today = clock.Today.ToDateOnly();
        var reporters = await (from u in db.Users.AsNoTracking()
                               join ur in db.UserRoles on u.Id equals ur.UserId
                               join role in db.Roles on ur.RoleId equals role.Id
                               where u.AgencyId == agency && u.IsActive && role.Name == Roles.AgencyReporter
                               select new { u.Id, u.DisplayName, u.UserName }).Distinct().ToListAsync(ct);
        var ids = reporters.Select(r => r.Id).ToList();
        // A day of one agency's reports is small; SQLite cannot take the maximum of a DateTimeOffset, so it is done here.
        var counts = (await db.ProgressReports.AsNoTracking()
                .Where(r => r.PlanId == planId && r.ReportDate == today && r.SubmittedById != null && ids.Contains(r.SubmittedById))
                .Select(r => new { r.SubmittedById, r.SubmittedAt }).ToListAsync(ct))
            .GroupBy(r => r.SubmittedById!).Select(g => new { g.Key, Count = g.Count(), Last = g.Max(r => r.SubmittedAt) }).ToList();
        return [.. reporters.Select(r => counts.FirstOrDefault(c => c.Key == r.Id) is { } c
                ? new ReporterDay(r.Id, r.DisplayName is { Length: > 0 } d ? d : r.UserName ?? "", c.Count, c.Last)
                : new ReporterDay(r.Id, r.DisplayName is { Length: > 0 } d2 ? d2 : r.UserName ?? "", 0, null))
            .OrderBy(r => r.Reports > 0).ThenBy(r => r.Name, StringComparer.Ordinal)];
    }

    public Task<Outcome<long>> ConfirmAsync(long reportId, CurrentUser user, CancellationToken ct) => DecideAsync(reportId, null, user, ct);

    public Task<Outcome<long>> ReturnAsync(long reportId, string? reason, CurrentUser user, CancellationToken ct) =>
        DecideAsync(reportId, PersianText.Normalize(reason) ?? "", user, ct);

    /// <summary>Confirm (reason null) or return (a reason is required); recorded as a review, in one transaction with the
    /// plan's version stamp, so every instance's engine catches up.</summary>
    private async Task<Outcome<long>> DecideAsync(long reportId, string? reason, CurrentUser user, CancellationToken ct)
    {
        var report = await db.ProgressReports.FirstOrDefaultAsync(r => r.Id == reportId, ct);
        if (report is null) return Outcome.NotFound("گزارشی با این شناسه نیست.");
        var lead = await db.PlanNodes.Where(n => n.Id == report.NodeId).Select(n => n.LeadAgencyId).FirstOrDefaultAsync(ct);
        if (!SignOffRules.CanSignOff(user, lead)) return Outcome.Forbidden("تأیید گزارش‌های این اقدام با مدیر دستگاه مسئول آن است.", "action");
        if (report.Status != ReportStatus.AwaitingManager)
            return Outcome.Invalid("", $"این گزارش دیگر در انتظار تأیید شما نیست (وضعیت: {ReportCommands.PersianStatus(report.Status)}).");
        bool returning = reason is not null;
        if (returning && reason!.Length == 0) return Outcome.Invalid("reason", "دلیل بازگرداندن را بنویسید؛ کارشناس آن را می‌بیند.");
        if (reason?.Length > 1000) return Outcome.Invalid("reason", "دلیل نباید از ۱۰۰۰ نویسه بیشتر باشد.");

        var now = clock.Now;
        var decision = returning ? ReportStatus.Returned : ReportStatus.Submitted;
        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            await db.Plans.Where(p => p.Id == report.PlanId).ExecuteUpdateAsync(s => s.SetProperty(p => p.DataVersion, p => p.DataVersion + 1), ct);
            report.Status = decision;
            if (returning)
            {
                report.ReviewedAt = now;
                report.ReviewedById = user.Id;
                report.ReviewReason = reason;
            }
            db.ReportReviews.Add(new ReportReview
            {
                PlanId = report.PlanId, ReportId = report.Id, NodeId = report.NodeId, Decision = decision, Reason = reason, ById = user.Id, At = now,
            });
            if (returning && report.SubmittedById is { } reporter)
                db.Notifications.Add(new Notification
                {
                    UserId = reporter,
                    Title = $"مدیر دستگاه گزارش {Fa.Date(report.ReportDate)} را برای اصلاح بازگرداند",
                    Body = reason,
                    Link = $"/Plans/{report.PlanId}/Action/{report.NodeId}",
                    CreatedAt = now,
                });
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        });
        return Outcome.Done(report.Id);
    }
}
