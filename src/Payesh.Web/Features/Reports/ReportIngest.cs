using System.Globalization;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Payesh.Web.Data;
using Payesh.Web.Data.Model;
using Payesh.Web.Features.Progress;
using Payesh.Web.Infrastructure;

namespace Payesh.Web.Features.Reports;

/// <summary>
/// Group commit for progress reports: requests hand their checked rows to one writer, which stores
/// whatever has queued up meanwhile in one transaction (the plans' version stamps, the reports, one
/// audit entry per request) and one durable commit, then answers every request. Under load many
/// requests share a commit; alone, a request is written at once.
/// </summary>
public sealed class ReportIngest(IServiceScopeFactory scopes, PlanEngines engines, ILogger<ReportIngest> log) : BackgroundService
{
    private const int MaxRowsPerCommit = 5000;

    private sealed record Pending(long PlanId, IReadOnlyList<ProgressReport> Rows, string? UserId, string? UserName, TaskCompletionSource Done);

    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>Stores the rows (ids are set on return) or throws what the database threw.</summary>
    public async Task WriteAsync(long planId, IReadOnlyList<ProgressReport> rows, string? userId, string? userName, CancellationToken ct)
    {
        var pending = new Pending(planId, rows, userId, userName, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        await _queue.Writer.WriteAsync(pending, ct);
        Infrastructure.PayeshMetrics.Queued(+1);
        // Once queued the write goes ahead even if the client leaves: it is committed or it fails, never half.
        await pending.Done.Task;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var group = new List<Pending>();
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stoppingToken))
            {
                group.Clear();
                int rows = 0;
                while (rows < MaxRowsPerCommit && _queue.Reader.TryRead(out var p))
                {
                    group.Add(p);
                    rows += p.Rows.Count;
                    Infrastructure.PayeshMetrics.Queued(-1);
                }
                try
                {
                    await CommitAsync(group, CancellationToken.None);
                    Infrastructure.PayeshMetrics.Ingested(rows);
                    foreach (var p in group) p.Done.TrySetResult();
                }
                catch (Exception ex) when (group.Count > 1)
                {
                    // One bad write must not sink the others: write them one by one.
                    log.GroupCommitFailed(ex, group.Count);
                    foreach (var p in group)
                    {
                        try
                        {
                            await CommitAsync([p], CancellationToken.None);
                            Infrastructure.PayeshMetrics.Ingested(p.Rows.Count);
                            p.Done.TrySetResult();
                        }
                        catch (Exception single)
                        {
                            p.Done.TrySetException(single);
                        }
                    }
                }
                catch (Exception ex)
                {
                    group[0].Done.TrySetException(ex);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { }
        finally
        {
            _queue.Writer.TryComplete();
            while (_queue.Reader.TryRead(out var p)) p.Done.TrySetException(new OperationCanceledException("the application is stopping"));
        }
    }

    private async Task CommitAsync(IReadOnlyList<Pending> group, CancellationToken ct)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PayeshDb>();
        db.SuppressAudit = true;
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        var versions = new Dictionary<long, long>();
        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            versions.Clear();
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var conn = db.Database.GetDbConnection();
            var dbTx = tx.GetDbTransaction();
            // The stamps first: they lock the plan rows, so report ids grow in commit order per plan (see PlanEngines).
            // One statement per plan moves the stamp and returns it.
            foreach (var planId in group.Select(p => p.PlanId).Distinct().Order())
                versions[planId] = Convert.ToInt64(await AuditAppender.ScalarAsync(conn, dbTx,
                    "UPDATE \"Plans\" SET \"DataVersion\" = \"DataVersion\" + 1 WHERE \"Id\" = @plan RETURNING \"DataVersion\"", ct, ("@plan", planId)),
                    System.Globalization.CultureInfo.InvariantCulture);
            await ReportRows.InsertAsync(db, [.. group.SelectMany(p => p.Rows)], ct);
            await AuditAppender.AppendAsync(db, [.. group.Select(Audit)], ct);
            await tx.CommitAsync(ct);
        });
        foreach (var (planId, version) in versions)
            engines.Committed(planId, version, group.Where(p => p.PlanId == planId).SelectMany(p => p.Rows));
    }

    /// <summary>One entry per request: the reports it stored, as they were stored.</summary>
    private static AuditRecord Audit(Pending p)
    {
        var after = JsonSerializer.Serialize(p.Rows.Select(r => new
        {
            r.Id,
            r.PlanId,
            r.NodeId,
            ReportDate = r.ReportDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            r.PercentHundredths,
            r.Note,
            r.Justification,
            r.BackdateReason,
        }), AuditJson);
        var ids = p.Rows.Count == 1 ? p.Rows[0].Id.ToString(CultureInfo.InvariantCulture) : $"{p.Rows.Min(r => r.Id)}-{p.Rows.Max(r => r.Id)}";
        return new AuditRecord("create", nameof(ProgressReport), ids, null, after, p.UserId, p.UserName);
    }

    private static readonly JsonSerializerOptions AuditJson = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
