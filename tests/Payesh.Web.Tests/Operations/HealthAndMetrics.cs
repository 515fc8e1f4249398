using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Payesh.Web.Data.Model;
using Payesh.Web.Features.Progress;
using Payesh.Web.Tests.Infrastructure;
using static Payesh.Web.Tests.Infrastructure.TestPlans;

namespace Payesh.Web.Tests.Operations;

/// <summary>Liveness, readiness and the Prometheus metrics (docs/operations.md).</summary>
public abstract class HealthAndMetrics(Func<PayeshFactory> app)
{
    private PayeshFactory App => app();

    [SkippableFact]
    public async Task Metrics_count_requests_ingested_reports_and_their_commits_engine_loads_and_show_the_ingest_queue()
    {
        long plan = await AuditedPlans.CreateApprovedAsync(App, Small("برنامه آزمون سنجه‌ها"));
        var reporter = await App.ApiClientAsync("smt.reporter");
        await reporter.PostReportAsync(plan, new { action = SmtAction, date = "1405/06/30", percent = 12 });
        await reporter.ProgressAsync(plan);

        var response = await App.CreateClient().GetAsync("/metrics");
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Matches(@"(?m)^payesh_reports_ingested_total(\{[^}]*\})? [1-9]", text);
        Assert.Matches(@"(?m)^payesh_ingest_commit_reports_count(\{[^}]*\})? [1-9]", text);
        Assert.Matches(@"(?m)^payesh_ingest_commit_reports_bucket\{[^}]*le=""1""[^}]*\} [1-9]", text);
        Assert.True(System.Text.RegularExpressions.Regex.IsMatch(text, @"(?m)^payesh_ingest_queue_length(\{[^}]*\})? \d"), text);
        Assert.Matches(@"(?m)^payesh_engine_load_duration_seconds_count(\{[^}]*\})? [1-9]", text);
        Assert.Matches(@"(?m)^http_server_request_duration_seconds_count\{[^}]*http_route=""/api/v1/plans/\{planId:long\}/reports""", text);
        Assert.Contains("payesh_reminder_runs", text);
    }

    [SkippableFact]
    public async Task Readiness_needs_the_database_and_every_migration_while_liveness_needs_only_the_process()
    {
        using var fresh = new PayeshFactory(App.Provider, seedDemo: false);
        var client = fresh.CreateClient();
        Assert.Equal("ready", await (await client.GetAsync("/readyz")).Content.ReadAsStringAsync());

        var last = await fresh.InDbAsync(db => db.Database.SqlQueryRaw<string>("SELECT \"MigrationId\" AS \"Value\" FROM \"__migrations\"").OrderByDescending(m => m).FirstAsync());
        await fresh.InDbAsync(db => db.Database.ExecuteSqlRawAsync("DELETE FROM \"__migrations\" WHERE \"MigrationId\" = {0}", last));
        var notReady = await client.GetAsync("/readyz");
        var live = await client.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, notReady.StatusCode);
        Assert.Contains(last, await notReady.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal("ok", await live.Content.ReadAsStringAsync());
    }

    [SkippableFact]
    public async Task Readiness_waits_until_the_approved_plans_engines_are_loaded_while_liveness_answers_all_along()
    {
        using var fresh = new PayeshFactory(App.Provider, seedDemo: true);
        var client = fresh.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);

        // Polled, not timed: until the warm-up is done the only reason given is the loading.
        HttpResponseMessage ready;
        while ((ready = await client.GetAsync("/readyz")).StatusCode != HttpStatusCode.OK)
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            Assert.Equal("loading the plans' figures", await ready.Content.ReadAsStringAsync());
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
            await Task.Delay(20);
        }

        var approved = await fresh.InDbAsync(db => db.Plans.Where(p => p.State != PlanState.Draft).Select(p => p.Id).ToListAsync());
        var engines = fresh.Services.GetRequiredService<PlanEngines>();
        Assert.NotEmpty(approved);
        Assert.All(approved, id => Assert.True(engines.IsLoaded(id), $"plan {id} not loaded when ready"));
        Assert.True(fresh.Services.GetRequiredService<EngineWarmup>().Loaded);
    }
}

public sealed class HealthAndMetricsOnSqlite(SqliteDemoApp app) : HealthAndMetrics(() => app), IClassFixture<SqliteDemoApp>;

public sealed class HealthAndMetricsOnPostgres(PostgresDemoApp app) : HealthAndMetrics(() => app.Factory), IClassFixture<PostgresDemoApp>;
