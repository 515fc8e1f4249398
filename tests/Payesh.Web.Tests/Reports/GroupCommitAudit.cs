using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Payesh.Web.Data;
using Payesh.Web.Tests.Infrastructure;

namespace Payesh.Web.Tests.Reports;

/// <summary>The group commit writes report rows and their audit entries with multi-row statements and chains the
/// audit in the committer: after a burst of concurrent writers every request has its entry and the chain verifies.</summary>
public abstract class GroupCommitAudit(Func<PayeshFactory> app)
{
    private PayeshFactory App => app();

    [SkippableFact]
    public async Task After_a_burst_of_concurrent_reports_every_request_is_audited_and_the_chain_verifies()
    {
        var admin = await App.ApiClientAsync("admin");
        long plan = await admin.CreatePlanAsync(TestPlans.Small("برنامه آزمون ثبت گروهی"));
        // Reports are taken once a plan is approved (communicated).
        await App.InDbAsync(db => db.Plans.Where(p => p.Id == plan).ExecuteUpdateAsync(s => s.SetProperty(p => p.State, Payesh.Web.Data.Model.PlanState.Approved)));
        long entriesBefore = await App.InDbAsync(db => db.AuditEntries.LongCountAsync(e => e.EntityType == "ProgressReport"));
        string[] actions = [TestPlans.SmtAction, TestPlans.SmtSecondAction, TestPlans.TaxAction];

        // 6 writers × 15 single reports and 2 batches of 40 at once (values may fall: each carries a justification).
        var singles = Enumerable.Range(0, 6).Select(async w =>
        {
            var ids = new List<long>();
            for (int k = 0; k < 15; k++)
                ids.Add(await admin.PostReportAsync(plan, new { action = actions[w % 3], date = $"1405/06/{28 + w / 3}", percent = 10 + w * 10 + k * 0.25, note = $"نویسنده {w}", justification = "بار آزمون" }));
            return ids;
        }).ToList();
        var batches = Enumerable.Range(0, 2).Select(async b =>
        {
            var reports = Enumerable.Range(0, 40).Select(i => new { action = actions[i % 3], date = $"1405/06/{30 + b}", percent = 80 + b * 10 + i * 0.2, justification = "بار آزمون" }).ToArray();
            var answer = await (await admin.PostAsJsonAsync($"/api/v1/plans/{plan}/reports/batch", new { reports })).JsonAsync();
            return answer["ids"]!.AsArray().Select(x => (long)x!).ToList();
        }).ToList();
        var singleIds = (await Task.WhenAll(singles)).SelectMany(x => x).ToList();
        var batchIds = await Task.WhenAll(batches);

        var chain = await App.InDbAsync(db => AuditChain.VerifyAsync(db));
        Assert.True(chain.Intact, chain.FirstBreak?.EnglishReason);
        var entries = await App.InDbAsync(db => db.AuditEntries.AsNoTracking().Where(e => e.EntityType == "ProgressReport")
            .OrderByDescending(e => e.Id).Take(6 * 15 + 2).ToListAsync());
        Assert.Equal(entriesBefore + 6 * 15 + 2, await App.InDbAsync(db => db.AuditEntries.LongCountAsync(e => e.EntityType == "ProgressReport")));
        var audited = entries.Select(e => e.EntityId).ToHashSet();
        Assert.All(singleIds, id => Assert.Contains(id.ToString(CultureInfo.InvariantCulture), audited));
        Assert.All(batchIds, ids => Assert.Contains($"{ids.Min()}-{ids.Max()}", audited));
        // Each entry holds the rows it stored, with their ids, as stored.
        var one = entries.Single(e => e.EntityId == singleIds[0].ToString(CultureInfo.InvariantCulture));
        var stored = JsonNode.Parse(one.After!)!.AsArray().Single()!;
        Assert.Equal(singleIds[0], (long)stored["Id"]!);
        Assert.Equal(plan, (long)stored["PlanId"]!);
        Assert.Equal("نویسنده 0", (string?)stored["Note"]);
        Assert.Equal(6 * 15 + 80, await App.ReportCountAsync(plan));
        Assert.All(batchIds, ids => Assert.Equal(40, ids.Distinct().Count()));
    }
}

public sealed class GroupCommitAuditOnSqlite(SqliteDemoApp app) : GroupCommitAudit(() => app), IClassFixture<SqliteDemoApp>;

public sealed class GroupCommitAuditOnPostgres(PostgresDemoApp app) : GroupCommitAudit(() => app.Factory), IClassFixture<PostgresDemoApp>;
