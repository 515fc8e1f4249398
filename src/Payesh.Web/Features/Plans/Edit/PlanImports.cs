using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Payesh.Web.Data;
using Payesh.Web.Data.Model;
using Payesh.Web.Features.Account;
using Payesh.Web.Infrastructure;

namespace Payesh.Web.Features.Plans.Edit;

/// <summary>
/// Excel imports run in the background: the upload creates a job row and returns at once; the page polls the row
/// (any instance can answer) while this instance reads, checks and stores the plan — all or nothing — and writes
/// its progress, its errors or the new plan's id to the row.
/// </summary>
public sealed class PlanImports(IServiceScopeFactory scopes, IHostApplicationLifetime life, IConfiguration config, ILogger<PlanImports> log)
{
    public const long MaxUploadBytes = 10L * 1024 * 1024;

    /// <summary>The most node rows an import reads (Payesh:Import:MaxRows, default 5000).</summary>
    public int MaxRows => Math.Max(1, config.GetValue("Payesh:Import:MaxRows", 5000));

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public sealed record JobError(string Sheet, int Row, string? Column, string Message, string Text);

    public static IReadOnlyList<JobError> ErrorsOf(PlanImportJob job) =>
        job.Errors is null ? [] : JsonSerializer.Deserialize<List<JobError>>(job.Errors, Json) ?? [];

    /// <summary>Records the job (in a scope of its own, named to the audit trail as <paramref name="user"/>) and starts it;
    /// answers its id. Importing a plan is the secretariat's and administrators' (<see cref="Access.CanManagePlans"/>).</summary>
    public async Task<Outcome<long>> StartAsync(CurrentUser user, string fileName, byte[] content, CancellationToken ct)
    {
        if (!Access.CanManagePlans(user)) return Outcome.Forbidden(AuthoringQueries.NotAuthor);
        long id;
        using (var scope = scopes.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PayeshDb>();
            db.Actor.Is(user);
            var job = new PlanImportJob
            {
                UserId = user.Id,
                FileName = fileName.Length > 260 ? fileName[..260] : fileName,
                State = ImportState.Running,
                Stage = "در صف",
                CreatedAt = scope.ServiceProvider.GetRequiredService<PayeshClock>().Now,
            };
            db.PlanImportJobs.Add(job);
            await db.SaveChangesAsync(ct);
            id = job.Id;
        }
        _ = Task.Run(() => RunAsync(id, content, (user.Id, user.Name)), CancellationToken.None);
        return id;
    }

    private async Task RunAsync(long jobId, byte[] content, (string? Id, string? Name) actor)
    {
        var ct = life.ApplicationStopping;
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PayeshDb>();
        var clock = scope.ServiceProvider.GetRequiredService<PayeshClock>();
        var time = scope.ServiceProvider.GetRequiredService<TimeProvider>();
        db.Actor.Is(actor.Id, actor.Name);
        long? last = null;
        async Task Report(string stage, int done, int total, bool force = false)
        {
            // At most five progress writes a second (a monotonic timestamp: a clock set back never stops them).
            if (!force && last is { } l && time.GetElapsedTime(l).TotalMilliseconds < 200) return;
            last = time.GetTimestamp();
            await db.PlanImportJobs.Where(j => j.Id == jobId)
                .ExecuteUpdateAsync(s => s.SetProperty(j => j.Stage, stage).SetProperty(j => j.Done, done).SetProperty(j => j.Total, total), ct);
        }
        try
        {
            var known = await db.Agencies.AsNoTracking()
                .Select(a => new PlanExcel.KnownAgency(a.Code, a.Name, a.Kind, a.IsActive)).ToListAsync(ct);
            await Report("خواندن فایل", 0, 0, force: true);
            var pending = new List<(string Stage, int Done, int Total)>();
            var result = PlanExcel.Read(content, known, MaxRows, (stage, done, total) => pending.Add((stage, done, total)));
            if (pending.Count > 0) await Report(pending[^1].Stage, pending[^1].Done, pending[^1].Total, force: true);
            if (result.Plan is null)
            {
                var errors = result.Errors.Select(e => new JobError(e.Sheet, e.Row, e.Column, e.Message, e.Text)).ToList();
                await Finish(db, jobId, ImportState.Failed, $"{Fa.Int(errors.Count)} خطا", JsonSerializer.Serialize(errors, Json), null, ct);
                return;
            }
            int total = result.Plan.AllNodes().Count();
            await Report("ذخیره بخش‌ها", 0, total, force: true);
            // Stored in one transaction: the count only moves when it commits, so the page shows the stage, not a count.
            long planId = await PlanStore.CreateAsync(db, result.Plan, clock.Now, ct);
            await Finish(db, jobId, ImportState.Succeeded, $"{Fa.Int(total)} بخش ذخیره شد", null, planId, ct);
        }
        catch (OperationCanceledException)
        {
            // The application is stopping: nothing was committed; say so rather than stay "running".
            try
            {
                await Finish(db, jobId, ImportState.Failed, "ناتمام",
                    JsonSerializer.Serialize(new[] { new JobError(PlanExcel.NodesSheet, 0, null, "کار ناتمام ماند؛ چیزی ذخیره نشد.", "سامانه هنگام ورود فایل بازراه‌اندازی شد؛ چیزی ذخیره نشد. فایل را دوباره بفرستید.") }, Json),
                    null, CancellationToken.None);
            }
            catch (Exception inner) when (inner is DbUpdateException or InvalidOperationException or ObjectDisposedException)
            {
                log.ImportInterruptionNotRecorded(inner, jobId);
            }
        }
        catch (Exception ex)
        {
            log.ImportFailed(ex, jobId);
            var error = new JobError(PlanExcel.NodesSheet, 0, null, "خطای پیش‌بینی‌نشده؛ چیزی ذخیره نشد.", "خطای پیش‌بینی‌نشده هنگام ورود فایل؛ چیزی ذخیره نشد. اگر تکرار شد به مدیر سامانه خبر دهید.");
            try
            {
                await Finish(db, jobId, ImportState.Failed, "ناتمام", JsonSerializer.Serialize(new[] { error }, Json), null, CancellationToken.None);
            }
            catch (Exception inner) when (inner is DbUpdateException or InvalidOperationException)
            {
                log.ImportFailureNotRecorded(inner, jobId);
            }
        }
    }

    private static Task<int> Finish(PayeshDb db, long jobId, ImportState state, string stage, string? errors, long? planId, CancellationToken ct) =>
        db.PlanImportJobs.Where(j => j.Id == jobId).ExecuteUpdateAsync(s => s
            .SetProperty(j => j.State, state).SetProperty(j => j.Stage, stage).SetProperty(j => j.Errors, errors)
            .SetProperty(j => j.PlanId, planId).SetProperty(j => j.Done, j => j.Total), ct);
}
