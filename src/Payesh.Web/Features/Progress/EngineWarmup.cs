using Microsoft.EntityFrameworkCore;
using Payesh.Web.Data;
using Payesh.Web.Data.Model;
using Payesh.Web.Infrastructure;

namespace Payesh.Web.Features.Progress;

/// <summary>
/// Loads the engines of every approved and closed plan (newest first) while the server already answers, so that
/// the first dashboard after a start does not pay for reading millions of reports. <c>/readyz</c> answers 503
/// until it is done (<see cref="Loaded"/>); <c>/healthz</c> answers all along. Drafts load on first use.
/// </summary>
public sealed class EngineWarmup(IServiceScopeFactory scopes, PlanEngines engines, ILogger<EngineWarmup> log) : IHostedService
{
    private readonly TaskCompletionSource _loaded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _stopping;
    private Task _loading = Task.CompletedTask;

    /// <summary>True once every plan's engine is loaded (or loading failed, which is logged: figures then load on first use).</summary>
    public bool Loaded => _loaded.Task.IsCompleted;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        List<long> plans;
        using (var scope = scopes.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PayeshDb>();
            plans = await db.Plans.AsNoTracking().Where(p => p.State != PlanState.Draft)
                .OrderByDescending(p => p.Year).ThenByDescending(p => p.Id).Select(p => p.Id).ToListAsync(cancellationToken);
        }
        if (plans.Count == 0)
        {
            _loaded.TrySetResult();
            return;
        }
        // Not awaited: the server starts listening meanwhile (liveness 200, readiness 503).
        _loading = Task.Run(() => LoadAsync(plans), CancellationToken.None);
    }

    private async Task LoadAsync(List<long> plans)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            foreach (var planId in plans)
            {
                // Checked between plans only, no token inside the reads: cancelling them would run the database's
                // callbacks on connections the stopping host is disposing. StopAsync waits for the plan in hand.
                if (_stopping) return;
                using var scope = scopes.CreateScope();
                await engines.GetAsync(scope.ServiceProvider.GetRequiredService<PayeshDb>(), planId, CancellationToken.None);
            }
            log.EnginesWarmed(plans.Count, watch.Elapsed.TotalSeconds);
        }
        catch (Exception error) when (error is System.Data.Common.DbException or InvalidOperationException or TimeoutException)
        {
            log.EngineWarmupFailed(error);
        }
        finally
        {
            _loaded.TrySetResult();
        }
    }

    /// <summary>Stops the loading and waits for it, so that nothing reads the database after the services are gone.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _stopping = true;
        try
        {
            await _loading.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested) { }
    }
}
