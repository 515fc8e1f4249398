using Microsoft.EntityFrameworkCore;
using Payesh.Web.Data;
using Payesh.Web.Tests.Infrastructure;

namespace Payesh.Web.Tests.Reports;

/// <summary>The committer keeps its connection open between commits: when the server ends it while idle, the next report
/// is stored on a fresh one instead of failing, and stored once.</summary>
public sealed class KeptWriterConnection(PostgresDemoApp app) : IClassFixture<PostgresDemoApp>
{
    private PayeshFactory App => app.Factory;

    [SkippableFact]
    public async Task A_report_after_the_server_ended_the_writers_connection_is_stored_once()
    {
        var admin = await App.ApiClientAsync("admin");
        long plan = await admin.CreatePlanAsync(TestPlans.Small("برنامه آزمون اتصال نگه‌داشته"));
        await App.InDbAsync(db => db.Plans.Where(p => p.Id == plan).ExecuteUpdateAsync(s => s.SetProperty(p => p.State, Payesh.Web.Data.Model.PlanState.Approved)));
        await admin.PostReportAsync(plan, new { action = TestPlans.SmtAction, date = "1405/06/28", percent = 10 });

        int ended = await App.InDbAsync(db => db.Database.SqlQueryRaw<int>(
            "SELECT count(*)::int AS \"Value\" FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()) ended").SingleAsync());
        long id = await admin.PostReportAsync(plan, new { action = TestPlans.SmtAction, date = "1405/06/29", percent = 20 });

        Assert.True(ended >= 1, "the writer's connection was open");
        Assert.Equal(2, await App.ReportCountAsync(plan));
        Assert.Equal(1, await App.InDbAsync(db => db.ProgressReports.CountAsync(r => r.Id == id)));
        var chain = await App.InDbAsync(db => AuditChain.VerifyAsync(db));
        Assert.True(chain.Intact, chain.FirstBreak?.EnglishReason);
    }
}
