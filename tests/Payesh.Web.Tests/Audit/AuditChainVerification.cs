using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Payesh.Web.Data;
using Payesh.Web.Tests.Admin;
using Payesh.Web.Tests.Infrastructure;

namespace Payesh.Web.Tests.Audit;

/// <summary>The chain check (<see cref="AuditChain"/>), as the page and the <c>verify-audit</c> command run it:
/// intact on a fresh demo database, and a row changed behind the app's back is the first broken entry.</summary>
public abstract class AuditChainVerification(Func<PayeshFactory> app)
{
    private PayeshFactory App => app();

    private Task<AuditChainResult> VerifyAsync() => App.InDbAsync(db => AuditChain.VerifyAsync(db));

    private async Task<(int Exit, string Output)> CommandAsync()
    {
        var output = new StringWriter();
        int exit = await DatabaseCommands.VerifyAsync(App.Services, output);
        return (exit, output.ToString());
    }

    /// <summary>Changes a stored entry behind the app's back, runs <paramref name="check"/>, and puts it back.</summary>
    private async Task TamperAsync(long id, string after, string? hash, Func<Task> check)
    {
        var original = await App.InDbAsync(db => db.AuditEntries.AsNoTracking().SingleAsync(e => e.Id == id));
        await App.InDbAsync(db => db.AuditEntries.Where(e => e.Id == id)
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.After, after).SetProperty(e => e.Hash, hash ?? original.Hash)));
        try
        {
            await check();
        }
        finally
        {
            await App.InDbAsync(db => db.AuditEntries.Where(e => e.Id == id)
                .ExecuteUpdateAsync(s => s.SetProperty(e => e.After, original.After).SetProperty(e => e.Hash, original.Hash)));
        }
    }

    [SkippableFact]
    public async Task The_chain_of_a_fresh_demo_database_is_intact()
    {
        var admin = await Browser.SignedInAsync(App);
        long count = await App.InDbAsync(db => db.AuditEntries.LongCountAsync());

        var result = await VerifyAsync();
        var page = await admin.PageAsync("/Audit/Verify");
        var (exit, output) = await CommandAsync();

        Assert.True(result.Intact, $"broken at {result.FirstBreak?.Entry?.Id}: {result.FirstBreak?.EnglishReason}");
        Assert.True(count > 0);
        Assert.True(result.Count >= count);
        Assert.Contains("زنجیره سالم است.", page);
        Assert.Contains("data-intact=\"true\"", page);
        Assert.True(exit == 0, output);
        Assert.StartsWith("Audit chain intact:", output);
    }

    [SkippableFact]
    public async Task A_row_changed_in_the_database_is_the_first_broken_entry_for_the_page_the_class_and_the_command()
    {
        var admin = await Browser.SignedInAsync(App);
        // Two entries from the middle of the chain; the earlier one is tampered with.
        var ids = await App.InDbAsync(db => db.AuditEntries.OrderBy(e => e.Id).Select(e => e.Id).ToListAsync());
        Assert.True(ids.Count >= 3);
        long target = ids[ids.Count / 2];

        await TamperAsync(target, "{\"Name\":\"دست‌کاری‌شده\"}", hash: null, async () =>
        {
            var result = await VerifyAsync();
            var page = await admin.PageAsync("/Audit/Verify");
            var (exit, output) = await CommandAsync();

            Assert.False(result.Intact);
            Assert.Equal(target, result.FirstBreak!.Entry!.Id);
            Assert.Equal(AuditBreakKind.ContentChanged, result.FirstBreak.Kind);
            Assert.Contains("زنجیره شکسته است.", page);
            Assert.Contains($"data-broken-id=\"{target}\"", page);
            Assert.Contains($"شماره <strong class=\"num\">{Payesh.Domain.Text.PersianText.ToPersianDigits(target)}</strong>", page);
            Assert.Contains("محتوای این مورد پس از ثبت تغییر کرده است", page);
            Assert.Contains("دست‌کاری‌شده", page);
            Assert.Equal(1, exit);
            Assert.Contains($"BROKEN at entry {target} ", output);
        });
        Assert.True((await VerifyAsync()).Intact);
    }

    [SkippableFact]
    public async Task A_row_changed_and_rehashed_breaks_the_link_of_the_next_entry()
    {
        var ids = await App.InDbAsync(db => db.AuditEntries.OrderBy(e => e.Id).Select(e => e.Id).ToListAsync());
        long target = ids[ids.Count / 3];
        long next = ids[ids.IndexOf(target) + 1];
        var entry = await App.InDbAsync(db => db.AuditEntries.AsNoTracking().SingleAsync(e => e.Id == target));
        entry.After = "{\"Name\":\"بازنویسی با هش تازه\"}";
        var key = App.Services.GetRequiredService<AuditKey>();
        var forged = AuditHash.Compute(entry, key);

        await TamperAsync(target, entry.After, forged, async () =>
        {
            var result = await VerifyAsync();

            Assert.Equal(next, result.FirstBreak?.Entry?.Id);
            Assert.Equal(AuditBreakKind.LinkBroken, result.FirstBreak!.Kind);
        });
    }

    [SkippableFact]
    public async Task Entries_removed_from_the_end_are_found_by_the_head()
    {
        // A copy of the last entry is added and chained by hand, then removed without moving the head back.
        var last = await App.InDbAsync(db => db.AuditEntries.AsNoTracking().OrderByDescending(e => e.Id).FirstAsync());
        await App.InDbAsync(async db =>
        {
            await db.AuditAsync("update", "Test", "1", "{\"Note\":\"آخرین\"}");
            return 0;
        });
        var added = await App.InDbAsync(db => db.AuditEntries.AsNoTracking().OrderByDescending(e => e.Id).FirstAsync());
        Assert.Equal(last.Hash, added.PreviousHash);
        Assert.True((await VerifyAsync()).Intact);

        await App.InDbAsync(db => db.AuditEntries.Where(e => e.Id == added.Id).ExecuteDeleteAsync());
        try
        {
            var result = await VerifyAsync();

            Assert.Equal(AuditBreakKind.HeadMismatch, result.FirstBreak?.Kind);
            Assert.Null(result.FirstBreak!.Entry);
        }
        finally
        {
            // Back to an intact chain: the head points at the last entry again.
            await App.InDbAsync(db => db.AuditHeads.Where(h => h.Id == 1)
                .ExecuteUpdateAsync(s => s.SetProperty(h => h.LastHash, last.Hash).SetProperty(h => h.Count, h => h.Count - 1)));
        }
        Assert.True((await VerifyAsync()).Intact);
    }
}

public sealed class AuditChainVerificationOnSqlite(SqliteDemoApp app) : AuditChainVerification(() => app), IClassFixture<SqliteDemoApp>;

public sealed class AuditChainVerificationOnPostgres(PostgresDemoApp app) : AuditChainVerification(() => app.Factory), IClassFixture<PostgresDemoApp>;
