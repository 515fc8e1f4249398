using System.Net.Mail;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Payesh.Domain.Calendar;
using Payesh.Web.Data;
using Payesh.Web.Data.Model;
using Payesh.Web.Infrastructure;
using Payesh.Web.Infrastructure.Mail;

namespace Payesh.Web.Features.Reports;

/// <summary>In-app notifications, and e-mail when Payesh:Smtp:Host is configured.</summary>
public sealed class Notifier(PayeshDb db, PayeshClock clock, IMailSender mail, ILogger<Notifier> log)
{
    public async Task ReportRejectedAsync(long reportId, CancellationToken ct)
    {
        var r = await db.ProgressReports.AsNoTracking().Where(x => x.Id == reportId)
            .Join(db.PlanNodes, x => x.NodeId, n => n.Id, (x, n) => new { x.SubmittedById, x.ReportDate, x.ReviewReason, n.Code, n.Title, n.LeadAgencyId, x.PlanId, x.NodeId })
            .FirstOrDefaultAsync(ct);
        if (r is null) return;
        var users = await AgencyUsersAsync(r.LeadAgencyId, ct);
        if (r.SubmittedById is not null && users.All(u => u.Id != r.SubmittedById))
            users.AddRange(await db.Users.Where(u => u.Id == r.SubmittedById && u.IsActive).ToListAsync(ct));
        var title = $"گزارش اقدام {Fa.Digits(r.Code)} ({Fa.Date(r.ReportDate)}) رد شد";
        await SendAsync(users, title, $"{r.Title} — دلیل: {r.ReviewReason}", $"/Plans/{r.PlanId}/Action/{r.NodeId}", ct);
    }

    /// <summary>Reminds every agency with missing reports on a day; returns how many users were reminded.</summary>
    public async Task<int> RemindMissingAsync(MissingReports.Result missing, CancellationToken ct)
    {
        int count = 0;
        foreach (var a in missing.Agencies.Where(a => a.Missing.Count > 0))
        {
            var users = await AgencyUsersAsync(a.AgencyId, ct);
            var title = $"یادآوری: {Fa.Int(a.Missing.Count)} گزارش پیشرفت برای {Fa.Date(missing.Day)} ثبت نشده است";
            var body = string.Join("، ", a.Missing.Take(10).Select(m => Fa.Digits(m.Code))) + (a.Missing.Count > 10 ? " و …" : "");
            await SendAsync(users, title, body, "/Reports/Today", ct);
            count += users.Count;
        }
        return count;
    }

    private async Task<List<AppUser>> AgencyUsersAsync(long? agencyId, CancellationToken ct) =>
        agencyId is { } id ? await AgencyUsers(db, [id]).ToListAsync(ct) : [];

    /// <summary>The active reporters and managers of the given agencies: whoever an agency's notices go to.</summary>
    public static IQueryable<AppUser> AgencyUsers(PayeshDb db, IReadOnlyCollection<long> agencyIds) =>
        db.Users.Where(u => u.AgencyId != null && agencyIds.Contains(u.AgencyId.Value) && u.IsActive
            && db.UserRoles.Any(ur => ur.UserId == u.Id
                && db.Roles.Any(r => r.Id == ur.RoleId && (r.Name == Roles.AgencyReporter || r.Name == Roles.AgencyManager))));

    private async Task SendAsync(List<AppUser> users, string title, string body, string link, CancellationToken ct)
    {
        foreach (var u in users)
            db.Notifications.Add(new Notification { UserId = u.Id, Title = title, Body = body, Link = link, CreatedAt = clock.Now });
        await db.SaveChangesAsync(ct);
        if (!mail.Configured) return;
        foreach (var u in users.Where(u => !string.IsNullOrWhiteSpace(u.Email)))
        {
            try
            {
                await mail.SendAsync(new MailOut([u.Email!], title, body + "\n\n" + link), ct);
            }
            catch (Exception ex) when (ex is SmtpException or InvalidOperationException or IOException or FormatException)
            {
                // The in-app notification is there already; e-mail is best effort.
                log.EmailFailed(ex, u.UserName);
            }
        }
    }
}

/// <summary>
/// Once a working day, after Payesh:ReminderHour (default 12, Tehran time), reminds agencies of missing
/// reports. A unique (job, day) row makes the run happen once even with several instances.
/// </summary>
public sealed class MissingReportsJob(IServiceScopeFactory scopes, TimeProvider time, IConfiguration config, ILogger<MissingReportsJob> log) : BackgroundService
{
    public const string Name = "missing-reports";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!config.GetValue("Payesh:Reminders", true)) return;
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(5), time);
        do
        {
            try
            {
                using var scope = scopes.CreateScope();
                var clock = scope.ServiceProvider.GetRequiredService<PayeshClock>();
                var hour = TimeZoneInfo.ConvertTime(clock.Now, TimeZoneInfo.FindSystemTimeZoneById(config["Payesh:TimeZone"] ?? "Asia/Tehran")).Hour;
                if (hour >= config.GetValue("Payesh:ReminderHour", 12))
                    Infrastructure.PayeshMetrics.ReminderRun(await RunOnceAsync(scope.ServiceProvider, clock.Today, stoppingToken));
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                log.MissingReportsJobFailed(ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>Runs the job for a day unless some instance already did; true when this call ran it.</summary>
    public static async Task<bool> RunOnceAsync(IServiceProvider services, JalaliDate day, CancellationToken ct)
    {
        var db = services.GetRequiredService<PayeshDb>();
        var date = day.ToDateOnly();
        if (await db.JobRuns.AnyAsync(j => j.Job == Name && j.Day == date, ct)) return false;
        var run = new JobRun { Job = Name, Day = date, StartedAt = services.GetRequiredService<TimeProvider>().GetUtcNow(), Instance = Environment.MachineName + "/" + Environment.ProcessId };
        db.JobRuns.Add(run);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            return false; // another instance claimed the day first
        }
        try
        {
            var engines = services.GetRequiredService<Progress.PlanEngines>();
            var notifier = services.GetRequiredService<Notifier>();
            var plans = await db.Plans.AsNoTracking().Where(p => p.State == PlanState.Approved && p.StartDate <= date && p.EndDate >= date)
                .Select(p => p.Id).ToListAsync(ct);
            int reminded = 0, missing = 0;
            foreach (var planId in plans)
            {
                var result = await MissingReports.ComputeAsync(db, engines, planId, day, null, ct);
                missing += result.MissingCount;
                if (result.WorkingDay) reminded += await notifier.RemindMissingAsync(result, ct);
            }
            run.Result = $"plans {plans.Count}, missing {missing}, users reminded {reminded}";
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch
        {
            // Give the day back so that the next tick (here or on another instance) tries again.
            db.ChangeTracker.Clear();
            await db.JobRuns.Where(j => j.Id == run.Id).ExecuteDeleteAsync(CancellationToken.None);
            throw;
        }
    }
}
