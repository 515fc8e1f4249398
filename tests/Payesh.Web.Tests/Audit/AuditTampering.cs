using System.Globalization;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Payesh.Web.Data;
using Payesh.Web.Data.Model;
using Payesh.Web.Features.Reports;
using Payesh.Web.Tests.Infrastructure;
using static Payesh.Web.Tests.Infrastructure.TestPlans;

namespace Payesh.Web.Tests.Audit;

/// <summary>
/// The tamperings an attacker with the database but without the audit key can try (issue 13 § 4), each
/// found by <c>verify-audit</c>: the last entries deleted and the head moved back (the signed checkpoint),
/// an entry rewritten with the following hashes recomputed (the keyed hash), the table emptied, and a row
/// of an audited entity edited directly (rows against the trail). Each test puts the database back.
/// </summary>
public abstract class AuditTampering(Func<PayeshFactory> app)
{
    private PayeshFactory App => app();

    private static async Task<(int Exit, string Output)> CommandAsync(PayeshFactory factory)
    {
        var output = new StringWriter();
        int exit = await DatabaseCommands.VerifyAsync(factory.Services, output);
        return (exit, output.ToString());
    }

    /// <summary>Waits for the start-up reminder job (it writes notifications) so that nothing appends to the chain during a tampering.</summary>
    private static async Task QuietAsync(PayeshFactory factory)
    {
        for (int i = 0; i < 600; i++)
        {
            if (await factory.InDbAsync(db => db.JobRuns.AnyAsync(j => j.Job == MissingReportsJob.Name && j.Result != null))) return;
            await Task.Delay(100);
        }
        throw new TimeoutException("the start-up reminder job did not finish");
    }

    private static Task<AuditChainResult> VerifyAsync(PayeshFactory factory) => factory.InDbAsync(db => AuditChain.VerifyAsync(db));

    private static AuditKey Key(PayeshFactory factory) => factory.Services.GetRequiredService<AuditKey>();

    private static Task<AuditCheckpoint?> CheckpointAsync(PayeshFactory factory) =>
        factory.InDbAsync(db => AuditCheckpoints.WriteAsync(db, factory.Clock.UtcNow));

    [SkippableFact]
    public async Task The_last_entries_deleted_and_the_head_moved_back_are_found_by_the_signed_checkpoint()
    {
        await QuietAsync(App);
        var before = await App.InDbAsync(db => db.AuditHeads.AsNoTracking().SingleAsync(h => h.Id == 1));
        long lastId = await App.InDbAsync(db => db.AuditEntries.MaxAsync(e => e.Id));
        for (int i = 0; i < 3; i++)
            await App.InDbAsync(async db => { await db.AuditAsync("update", "Test", i.ToString(CultureInfo.InvariantCulture), "{\"Note\":\"انتها\"}"); return 0; });
        var signed = await CheckpointAsync(App);
        Assert.Equal(before.Count + 3, signed?.Count);
        Assert.True((await VerifyAsync(App)).Intact);

        // What an attacker would do so that the head check passes: delete the entries and move the head back.
        await App.InDbAsync(db => db.AuditEntries.Where(e => e.Id > lastId).ExecuteDeleteAsync());
        await App.InDbAsync(db => db.AuditHeads.Where(h => h.Id == 1)
            .ExecuteUpdateAsync(s => s.SetProperty(h => h.LastHash, before.LastHash).SetProperty(h => h.Count, before.Count)));
        try
        {
            var result = await VerifyAsync(App);
            var (exit, output) = await CommandAsync(App);

            Assert.Equal(AuditBreakKind.Truncated, result.FirstBreak?.Kind);
            Assert.Equal(1, exit);
            Assert.Contains("fewer entries than a signed checkpoint counted", output);
            Assert.Contains($"signed {before.Count + 3}", output);
        }
        finally
        {
            AuditCheckpoints.Replace(Key(App), new AuditCheckpoint(before.Count, before.LastHash, App.Clock.UtcNow));
        }
        Assert.True((await VerifyAsync(App)).Intact);
    }

    [SkippableFact]
    public async Task An_entry_rewritten_with_the_following_hashes_recomputed_without_the_key_is_found()
    {
        await QuietAsync(App);
        var tail = await App.InDbAsync(db => db.AuditEntries.AsNoTracking().OrderByDescending(e => e.Id).Take(5).ToListAsync());
        tail.Reverse();
        var originals = tail.Select(e => (e.Id, e.After, e.PreviousHash, e.Hash)).ToList();
        var head = await App.InDbAsync(db => db.AuditHeads.AsNoTracking().SingleAsync(h => h.Id == 1));

        // The forger's chain: the first entry's content changed, every hash after it recomputed as before keying.
        tail[0].After = "{\"Note\":\"بازنویسی‌شده\"}";
        string previous = tail[0].PreviousHash;
        foreach (var e in tail)
        {
            e.PreviousHash = previous;
            e.Hash = AuditHash.ComputeUnkeyed(e);
            previous = e.Hash;
        }
        await WriteAsync(tail.Select(e => (e.Id, e.After, e.PreviousHash, e.Hash)), previous);
        try
        {
            var result = await VerifyAsync(App);
            var (exit, output) = await CommandAsync(App);

            Assert.Equal(AuditBreakKind.ContentChanged, result.FirstBreak?.Kind);
            Assert.Equal(tail[0].Id, result.FirstBreak!.Entry!.Id);
            Assert.Equal(1, exit);
            Assert.Contains($"BROKEN at entry {tail[0].Id} ", output);
        }
        finally
        {
            await WriteAsync(originals, head.LastHash);
        }
        Assert.True((await VerifyAsync(App)).Intact);
    }

    private async Task WriteAsync(IEnumerable<(long Id, string? After, string PreviousHash, string Hash)> entries, string headHash)
    {
        foreach (var (id, after, previousHash, hash) in entries)
            await App.InDbAsync(db => db.AuditEntries.Where(e => e.Id == id).ExecuteUpdateAsync(s => s
                .SetProperty(e => e.After, after).SetProperty(e => e.PreviousHash, previousHash).SetProperty(e => e.Hash, hash)));
        await App.InDbAsync(db => db.AuditHeads.Where(h => h.Id == 1).ExecuteUpdateAsync(s => s.SetProperty(h => h.LastHash, headHash)));
    }

    [SkippableFact]
    public async Task The_table_emptied_is_found_by_the_checkpoint_and_without_it_by_the_missing_keying_marker()
    {
        using var fresh = new PayeshFactory(App.Provider, seedDemo: false);
        await QuietAsync(fresh);
        Assert.True((await VerifyAsync(fresh)).Intact);
        Assert.NotNull(await CheckpointAsync(fresh));

        await fresh.InDbAsync(db => db.AuditEntries.ExecuteDeleteAsync());
        await fresh.InDbAsync(db => db.AuditHeads.ExecuteUpdateAsync(s => s.SetProperty(h => h.LastHash, "").SetProperty(h => h.Count, 0)));
        var withCheckpoint = await VerifyAsync(fresh);
        var (exit, output) = await CommandAsync(fresh);
        File.Delete(Key(fresh).CheckpointFile);
        var withoutCheckpoint = await VerifyAsync(fresh);

        Assert.Equal(AuditBreakKind.Truncated, withCheckpoint.FirstBreak?.Kind);
        Assert.Equal(0, withCheckpoint.Count);
        Assert.Equal(1, exit);
        Assert.Contains("BROKEN after 0 entries", output);
        Assert.Equal(AuditBreakKind.NotKeyed, withoutCheckpoint.FirstBreak?.Kind);
    }

    [SkippableFact]
    public async Task A_checkpoint_is_signed_at_shutdown_and_a_forged_one_is_refused()
    {
        using var fresh = new PayeshFactory(App.Provider, seedDemo: false);
        await QuietAsync(fresh);
        var key = Key(fresh);
        var head = await fresh.InDbAsync(db => db.AuditHeads.AsNoTracking().SingleAsync(h => h.Id == 1));
        Assert.Null(AuditCheckpoints.Read(key));

        // What the host calls on shutdown.
        await fresh.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<AuditCheckpointWriter>().Single()
            .StopAsync(CancellationToken.None);
        var written = AuditCheckpoints.Read(key);

        Assert.True(head.Count > 0);
        Assert.Equal(head.Count, written?.Count);
        Assert.Equal(head.LastHash, written?.Head);
        Assert.True((await VerifyAsync(fresh)).Intact);

        var forged = File.ReadAllText(key.CheckpointFile).Replace($"\"Count\":{head.Count}", "\"Count\":1");
        File.WriteAllText(key.CheckpointFile, forged);
        Assert.Equal(AuditBreakKind.CheckpointInvalid, (await VerifyAsync(fresh)).FirstBreak?.Kind);
    }

    [SkippableFact]
    public async Task A_report_and_a_plan_edited_directly_in_the_database_are_named_with_their_fields()
    {
        long plan = await AuditedPlans.CreateApprovedAsync(App, Small("برنامه آزمون دست‌کاری"));
        var reporter = await App.ApiClientAsync("smt.reporter");
        long report = await reporter.PostReportAsync(plan, new { action = SmtAction, date = "1405/06/30", percent = 42.5 });
        var (cleanExit, cleanOutput) = await CommandAsync(App);
        Assert.True(cleanExit == 0, cleanOutput);

        await App.InDbAsync(db => db.ProgressReports.Where(r => r.Id == report).ExecuteUpdateAsync(s => s.SetProperty(r => r.PercentHundredths, 9900)));
        await App.InDbAsync(db => db.Plans.Where(p => p.Id == plan).ExecuteUpdateAsync(s => s.SetProperty(p => p.Title, "عنوان جعلی")));
        try
        {
            var (exit, output) = await CommandAsync(App);
            var rows = await App.InDbAsync(db => AuditRows.CompareAsync(db));

            Assert.Equal(1, exit);
            Assert.Contains("Audit chain intact:", output);
            Assert.Contains($"DIFFERENT ProgressReport {report}: PercentHundredths audited 4250, now 9900", output);
            Assert.Contains($"DIFFERENT Plan {plan}: Title audited برنامه آزمون دست‌کاری, now عنوان جعلی", output);
            // Reports first, then plans.
            Assert.Equal([nameof(ProgressReport), EntityNames.Plan], rows.Differences.Select(d => d.EntityType).ToArray());
        }
        finally
        {
            await App.InDbAsync(db => db.ProgressReports.Where(r => r.Id == report).ExecuteUpdateAsync(s => s.SetProperty(r => r.PercentHundredths, 4250)));
            await App.InDbAsync(db => db.Plans.Where(p => p.Id == plan).ExecuteUpdateAsync(s => s.SetProperty(p => p.Title, "برنامه آزمون دست‌کاری")));
        }
        Assert.Equal(0, (await CommandAsync(App)).Exit);
    }
}

public sealed class AuditTamperingOnSqlite(SqliteDemoApp app) : AuditTampering(() => app), IClassFixture<SqliteDemoApp>;

public sealed class AuditTamperingOnPostgres(PostgresDemoApp app) : AuditTampering(() => app.Factory), IClassFixture<PostgresDemoApp>;
