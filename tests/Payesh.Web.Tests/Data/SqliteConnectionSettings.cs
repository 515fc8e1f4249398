using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Payesh.Web.Data;
using Payesh.Web.Tests.Infrastructure;

namespace Payesh.Web.Tests.Data;

/// <summary>
/// A SQLite connection the app opens through its context — as page requests and the report group commit's writer open
/// theirs — runs with the settings durability and speed rest on: WAL, FULL sync (a committed report survives a power
/// cut), foreign keys enforced, a wait for the write lock instead of an error, and checkpoints in steps of 10,000 pages
/// rather than SQLite's 1,000 (docs/benchmarks.md, "SQLite checkpoints in large steps"); and the writer's log is
/// checkpointed in that step.
/// </summary>
public sealed class SqliteConnectionSettings(SqliteDemoApp app) : IClassFixture<SqliteDemoApp>
{
    [Fact]
    public async Task A_connection_of_the_app_is_durable_and_checkpoints_in_large_steps()
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PayeshDb>();
        await db.Database.OpenConnectionAsync();
        try
        {
            async Task<string> PragmaAsync(string name)
            {
                await using var cmd = db.Database.GetDbConnection().CreateCommand();
                cmd.CommandText = $"PRAGMA {name};";
                return Convert.ToString(await cmd.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture)!;
            }
            Assert.Equal("wal", await PragmaAsync("journal_mode"));
            Assert.Equal("2", await PragmaAsync("synchronous")); // FULL
            Assert.Equal("1", await PragmaAsync("foreign_keys"));
            Assert.Equal("10000", await PragmaAsync("busy_timeout"));
            Assert.Equal("10000", await PragmaAsync("wal_autocheckpoint"));
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    [Fact]
    public async Task Reports_stored_through_the_group_commit_are_checkpointed_in_a_large_step()
    {
        // Some 2,500 pages of WAL written by the report writer's connection from an empty log: with SQLite's default step
        // the commit past 1,000 pages would have checkpointed, and the log then starts again from its beginning.
        var client = await app.ApiClientAsync("smt.reporter");
        long plan = await AuditedPlans.CreateApprovedAsync(app, TestPlans.Small("برنامه آزمون گام وارسی"));
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PayeshDb>();
        await db.Database.OpenConnectionAsync();
        try
        {
            // (busy, frames in the log) of what PRAGMA wal_checkpoint answers
            async Task<(long Busy, long Frames)> CheckpointAsync(string mode)
            {
                await using var cmd = db.Database.GetDbConnection().CreateCommand();
                cmd.CommandText = $"PRAGMA wal_checkpoint({mode});";
                await using var reader = await cmd.ExecuteReaderAsync();
                Assert.True(await reader.ReadAsync());
                return (reader.GetInt64(0), reader.GetInt64(1));
            }
            Assert.Equal((0, 0), await CheckpointAsync("TRUNCATE")); // an empty log to start from
            for (int round = 0; round < 25; round++)
            {
                var reports = Enumerable.Range(0, 200).Select(i => new
                {
                    action = i % 2 == 0 ? TestPlans.SmtAction : TestPlans.SmtSecondAction,
                    date = "1405/06/31",
                    percent = Math.Round(1 + (round * 200 + i) * 0.0001, 2),
                    justification = new string('گ', 400), // wide rows: about a hundred pages a commit, well under 1,000
                });
                var response = await client.PostAsJsonAsync($"/api/v1/plans/{plan}/reports/batch", new { reports });
                Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
            }
            var (_, frames) = await CheckpointAsync("PASSIVE");
            Assert.InRange(frames, 1_500, 10_000);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
