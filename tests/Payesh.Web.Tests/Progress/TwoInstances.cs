using Payesh.Web.Tests.Infrastructure;
using static Payesh.Web.Tests.Infrastructure.TestPlans;

namespace Payesh.Web.Tests.Progress;

/// <summary>Two app instances on one database: each one's engine catches up with what the other wrote.</summary>
public abstract class TwoInstances(TestProvider provider)
{
    private (PayeshFactory A, PayeshFactory B) Start()
    {
        if (provider == TestProvider.Postgres) TestDatabases.RequirePostgres();
        var a = new PayeshFactory(provider, seedDemo: false);
        var b = new PayeshFactory(provider, seedDemo: false, connectionString: a.ConnectionString);
        return (a, b);
    }

    private static async Task<double> ActualAsync(HttpClient client, long plan, string node) =>
        (double)(await client.ProgressAsync(plan, node: node))["actual"]!;

    [SkippableFact]
    public async Task A_report_through_one_instance_and_its_rejection_through_the_other_are_seen_by_both()
    {
        var (a, b) = Start();
        using var ownsDatabase = a;
        using var other = b;
        var throughA = await a.ApiClientAsync("admin");
        long plan = await a.CreateApprovedPlanAsync(Small());
        var throughB = await b.ApiClientAsync("admin");
        Assert.Equal(0, await ActualAsync(throughB, plan, SmtAction));
        Assert.Equal(0, await ActualAsync(throughA, plan, SmtAction));

        long first = await throughA.PostReportAsync(plan, new { action = SmtAction, date = "1405/06/30", percent = 20 });
        Assert.Equal(20, await ActualAsync(throughB, plan, SmtAction));
        long later = await throughB.PostReportAsync(plan, new { action = SmtAction, date = "1405/06/31", percent = 45 });
        await throughB.PostReportAsync(plan, new { action = TaxAction, date = "1405/06/31", percent = 10 });
        Assert.Equal(45, await ActualAsync(throughA, plan, SmtAction));
        Assert.Equal(10, await ActualAsync(throughA, plan, TaxAction));

        await throughB.RejectAsync(later);
        Assert.Equal(20, await ActualAsync(throughA, plan, SmtAction));
        Assert.Equal(20, await ActualAsync(throughB, plan, SmtAction));
        await throughA.RejectAsync(first);
        Assert.Equal(0, await ActualAsync(throughB, plan, SmtAction));
        Assert.Equal(0, await ActualAsync(throughA, plan, SmtAction));
        Assert.Equal((await throughA.ProgressAsync(plan)).ToJsonString(), (await throughB.ProgressAsync(plan)).ToJsonString());
    }
}

public sealed class TwoInstancesOnSqlite() : TwoInstances(TestProvider.Sqlite);

public sealed class TwoInstancesOnPostgres() : TwoInstances(TestProvider.Postgres);
