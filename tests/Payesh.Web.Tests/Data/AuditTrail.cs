using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Payesh.Web.Data;
using Payesh.Web.Data.Model;
using Payesh.Web.Tests.Infrastructure;
using static Payesh.Web.Tests.Infrastructure.TestPlans;

namespace Payesh.Web.Tests.Data;

/// <summary>Every write leaves an audit entry (who, before, after), hash-chained so that tampering shows.</summary>
public abstract class AuditTrail(Func<PayeshFactory> app)
{
    private PayeshFactory App => app();

    /// <summary>The id of the first entry whose hash or link does not verify, or null when the whole chain does.</summary>
    private long? FirstBrokenEntry(IReadOnlyList<AuditEntry> chain)
    {
        var key = App.Services.GetRequiredService<AuditKey>();
        string previous = "";
        foreach (var e in chain)
        {
            if (e.PreviousHash != previous || AuditHash.Compute(e, key) != e.Hash) return e.Id;
            previous = e.Hash;
        }
        return null;
    }

    private Task<List<AuditEntry>> ChainAsync() => App.InDbAsync(db => db.AuditEntries.AsNoTracking().OrderBy(e => e.Id).ToListAsync());

    [SkippableFact]
    public async Task Audit_entries_and_notices_carry_the_injected_clocks_time_not_the_real_one()
    {
        var admin = await App.ApiClientAsync("admin");
        long plan = await App.CreateApprovedPlanAsync(Small());
        var reporter = await App.ApiClientAsync("smt.reporter");
        var secretariat = await App.ApiClientAsync("secretariat");
        var before = App.Clock.UtcNow;
        // Today (1405/06/31) at 13:02:03.456 in Tehran: a moment the real clock is not at while the test runs.
        var fixedAt = TestClock.At(TestClock.DefaultToday).AddMinutes(62).AddSeconds(3).AddMilliseconds(456);
        App.Clock.UtcNow = fixedAt;
        try
        {
            long report = await reporter.PostReportAsync(plan, new { action = SmtAction, date = "1405/06/31", percent = 17, note = "ساعت ثابت" });
            await secretariat.RejectAsync(report, "رد با ساعت ثابت");

            var id = report.ToString(CultureInfo.InvariantCulture);
            // The report's row goes through the grouped writer (AuditAppender), the review through the change tracker (PayeshDb).
            var stamps = await App.InDbAsync(db => db.AuditEntries.AsNoTracking()
                .Where(e => e.EntityType == nameof(ProgressReport) && e.EntityId == id).Select(e => e.At).ToListAsync());
            var reviewStamps = await App.InDbAsync(db => db.AuditEntries.AsNoTracking()
                .Where(e => e.EntityType == nameof(ReportReview) && e.After!.Contains("رد با ساعت ثابت")).Select(e => e.At).ToListAsync());
            var notices = await App.InDbAsync(db => db.Notifications.AsNoTracking()
                .Where(n => n.Body!.Contains("رد با ساعت ثابت")).Select(n => n.CreatedAt).ToListAsync());

            Assert.Equal(2, stamps.Count);
            Assert.All(stamps, at => Assert.Equal(fixedAt, at));
            Assert.Single(reviewStamps);
            Assert.Equal(fixedAt, reviewStamps[0]);
            Assert.NotEmpty(notices);
            Assert.All(notices, at => Assert.Equal(fixedAt, at));
        }
        finally
        {
            App.Clock.UtcNow = before;
        }
    }

    [SkippableFact]
    public async Task Report_writes_are_audited_with_the_user_and_the_values_before_and_after()
    {
        var admin = await App.ApiClientAsync("admin");
        long plan = await App.CreateApprovedPlanAsync(Small());
        var reporter = await App.ApiClientAsync("smt.reporter");
        long report = await reporter.PostReportAsync(plan, new { action = SmtAction, date = "1405/06/31", percent = 42.25, note = "گزارش ممیزی" });
        await (await App.ApiClientAsync("secretariat")).RejectAsync(report, "رد برای آزمون ممیزی");

        var entries = await App.InDbAsync(db => db.AuditEntries.AsNoTracking()
            .Where(e => e.EntityType == nameof(ProgressReport) && e.EntityId == report.ToString(CultureInfo.InvariantCulture)).OrderBy(e => e.Id).ToListAsync());

        Assert.Equal(["create", "update"], entries.Select(e => e.Action));
        var created = entries[0];
        Assert.Equal("smt.reporter", created.UserName);
        Assert.NotNull(created.UserId);
        Assert.Null(created.Before);
        // The stored report as "after": the row itself, or (written in a group) the list of rows of the request.
        var after = JsonNode.Parse(created.After!)!;
        var row = after is JsonArray rows ? rows.Single(r => (long)r!["Id"]! == report)! : after;
        Assert.Equal(4225, (int)row["PercentHundredths"]!);
        Assert.Equal("گزارش ممیزی", (string?)row["Note"]);
        var rejected = entries[1];
        Assert.Equal("secretariat", rejected.UserName);
        Assert.Equal("Submitted", (string?)JsonNode.Parse(rejected.Before!)!["Status"]);
        Assert.Equal("Rejected", (string?)JsonNode.Parse(rejected.After!)!["Status"]);
        Assert.Equal("رد برای آزمون ممیزی", (string?)JsonNode.Parse(rejected.After!)!["ReviewReason"]);
        Assert.True(await App.InDbAsync(db => db.AuditEntries.AnyAsync(e => e.EntityType == nameof(ReportReview) && e.UserName == "secretariat")));
    }

    [SkippableFact]
    public async Task Hash_chain_verifies_and_tampering_with_a_row_breaks_it_at_that_entry()
    {
        var reporter = await App.ApiClientAsync("smt.reporter");
        long plan = await App.CreateApprovedPlanAsync(Small());
        await reporter.PostReportAsync(plan, new { action = SmtAction, date = "1405/06/30", percent = 10 });
        long report = await reporter.PostReportAsync(plan, new { action = SmtAction, date = "1405/06/31", percent = 15 });

        var chain = await ChainAsync();
        Assert.True(chain.Count > 10);
        Assert.Null(FirstBrokenEntry(chain));
        var head = await App.InDbAsync(db => db.AuditHeads.AsNoTracking().SingleAsync());
        Assert.Equal(chain[^1].Hash, head.LastHash);

        var target = chain.Last(e => e.EntityType == nameof(ProgressReport) && e.EntityId == report.ToString(CultureInfo.InvariantCulture));
        var original = target.After!;
        Assert.Contains("\"PercentHundredths\":1500", original);
        await App.InDbAsync(db => db.AuditEntries.Where(e => e.Id == target.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.After, original.Replace("1500", "9500"))));
        try
        {
            Assert.Equal(target.Id, FirstBrokenEntry(await ChainAsync()));
        }
        finally
        {
            await App.InDbAsync(db => db.AuditEntries.Where(e => e.Id == target.Id).ExecuteUpdateAsync(s => s.SetProperty(e => e.After, original)));
        }
        Assert.Null(FirstBrokenEntry(await ChainAsync()));
    }
}

public sealed class AuditTrailOnSqlite(SqliteDemoApp app) : AuditTrail(() => app), IClassFixture<SqliteDemoApp>;

public sealed class AuditTrailOnPostgres(PostgresDemoApp app) : AuditTrail(() => app.Factory), IClassFixture<PostgresDemoApp>;
