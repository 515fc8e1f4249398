using Microsoft.EntityFrameworkCore;
using Payesh.Domain.Calendar;
using Payesh.Web.Data;
using Payesh.Web.Data.Model;
using Payesh.Web.Features.Account;
using Payesh.Web.Infrastructure;
using Payesh.Web.Infrastructure.Mail;

namespace Payesh.Web.Features.Brief;

/// <summary>
/// Once a week, from <c>Payesh:BriefHour</c> (default 8, Tehran time) on the first day of the week (Saturday) onwards,
/// e-mails the brief of the week just ended to every active viewer (the governor and the HQ members) with an address,
/// one message per plan in force that week, when <c>Payesh:Smtp:Host</c> is configured. A unique (job, week) row in
/// <c>JobRuns</c> makes one instance send it, even with several instances; a failed run gives the week back.
/// </summary>
public sealed class WeeklyBriefJob(IServiceScopeFactory scopes, TimeProvider time, IConfiguration config, ILogger<WeeklyBriefJob> log) : BackgroundService
{
    public const string Name = "weekly-brief";

    /// <summary>Who the brief is composed for: a viewer, so drafts never go out.</summary>
    private static readonly CurrentUser Reader = new("system:weekly-brief", "گزارش هفتگی", new HashSet<string> { Roles.Viewer }, null);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!config.GetValue("Payesh:WeeklyBrief", true)) return;
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(5), time);
        do
        {
            try
            {
                using var scope = scopes.CreateScope();
                var mail = scope.ServiceProvider.GetRequiredService<IMailSender>();
                var clock = scope.ServiceProvider.GetRequiredService<PayeshClock>();
                var hour = TimeZoneInfo.ConvertTime(clock.Now, TimeZoneInfo.FindSystemTimeZoneById(config["Payesh:TimeZone"] ?? "Asia/Tehran")).Hour;
                if (mail.Configured && hour >= config.GetValue("Payesh:BriefHour", 8))
                    await RunOnceAsync(scope.ServiceProvider, clock.Today, stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                log.WeeklyBriefJobFailed(ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>Sends the brief of the week before <paramref name="today"/>'s week unless some instance already did;
    /// true when this call sent it.</summary>
    public static async Task<bool> RunOnceAsync(IServiceProvider services, JalaliDate today, CancellationToken ct)
    {
        var db = services.GetRequiredService<PayeshDb>();
        var week = JalaliWeek.Of(today.AddDays(-7));
        var claim = new JobRun { Job = Name, Day = week.Start.ToDateOnly(), StartedAt = services.GetRequiredService<TimeProvider>().GetUtcNow(), Instance = Environment.MachineName + "/" + Environment.ProcessId };
        if (await db.JobRuns.AnyAsync(j => j.Job == Name && j.Day == claim.Day, ct)) return false;
        db.JobRuns.Add(claim);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            return false; // another instance claimed the week first
        }
        try
        {
            var result = await SendAsync(services, db, week, ct);
            claim.Result = result;
            await db.SaveChangesAsync(ct);
            var name = claim.Day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            services.GetRequiredService<ILogger<WeeklyBriefJob>>().WeeklyBriefSent(name, result);
            return true;
        }
        catch
        {
            // Give the week back so that the next tick (here or on another instance) tries again.
            db.ChangeTracker.Clear();
            await db.JobRuns.Where(j => j.Id == claim.Id).ExecuteDeleteAsync(CancellationToken.None);
            throw;
        }
    }

    private static async Task<string> SendAsync(IServiceProvider services, PayeshDb db, JalaliWeek week, CancellationToken ct)
    {
        var composer = services.GetRequiredService<BriefComposer>();
        var mail = services.GetRequiredService<IMailSender>();
        var config = services.GetRequiredService<IConfiguration>();
        DateOnly from = week.Start.ToDateOnly(), to = week.End.ToDateOnly();
        var plans = await db.Plans.AsNoTracking()
            .Where(p => p.State != PlanState.Draft && p.StartDate <= to && p.EndDate >= from)
            .OrderBy(p => p.Id).Select(p => p.Id).ToListAsync(ct);
        var recipients = await db.Users.AsNoTracking()
            .Where(u => u.IsActive && u.Email != null && u.Email != ""
                && db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId && r.Name == Roles.Viewer)))
            .OrderBy(u => u.Email).Select(u => u.Email!).ToListAsync(ct);
        if (recipients.Count == 0) return $"plans {plans.Count}, no viewer with an e-mail address";
        var site = config["Payesh:PublicUrl"]?.TrimEnd('/');
        int sent = 0;
        foreach (var plan in plans)
        {
            var brief = await composer.ComposeAsync(Reader, plan, week.Start.ToString(), ct);
            if (!brief.Ok) continue; // e.g. the plan ends before the week is reached by its clock
            var b = brief.Value!;
            await mail.SendAsync(new MailOut(recipients, b.Subject, b.PlainText($"{site}/Brief{b.Query}")), ct);
            sent++;
        }
        return $"plans {plans.Count}, briefs sent {sent}, recipients {recipients.Count}";
    }
}
