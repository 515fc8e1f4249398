using System.Net.Http.Json;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Payesh.Web.Data;
using Payesh.Web.Tests.Infrastructure;
using static Payesh.Web.Tests.Infrastructure.TestPlans;

namespace Payesh.Web.Tests.Data;

/// <summary>The restore drill (docs/operations.md): a SQLite backup taken while agencies write, restored into a
/// second instance given the same audit key, has every report acknowledged before it, the same figures and
/// an intact audit; a restore refuses a damaged file and a file whose trail was tampered with.</summary>
public sealed class BackupAndRestore(SqliteDemoApp app) : IClassFixture<SqliteDemoApp>
{
    private static string DatabaseFile(PayeshFactory factory) => new SqliteConnectionStringBuilder(factory.ConnectionString).DataSource;

    [Fact]
    public async Task A_backup_taken_under_load_restores_with_the_same_figures_and_an_intact_audit()
    {
        var admin = await app.ApiClientAsync("admin");
        long plan = await AuditedPlans.CreateApprovedAsync(app, Small("برنامه آزمون پشتیبان"));
        var acknowledged = new System.Collections.Concurrent.ConcurrentBag<long>();
        using var stop = new CancellationTokenSource();
        async Task WriterAsync(string user, string action)
        {
            var client = await app.ApiClientAsync(user);
            while (!stop.IsCancellationRequested)
            {
                var response = await client.PostAsJsonAsync($"/api/v1/plans/{plan}/reports", new { action, date = "1405/06/31", percent = 10 });
                if (response.StatusCode == System.Net.HttpStatusCode.Created)
                    acknowledged.Add((long)(await response.JsonAsync(System.Net.HttpStatusCode.Created))["id"]!);
            }
        }
        var writers = new[] { WriterAsync("smt.reporter", SmtAction), WriterAsync("smt.reporter", SmtSecondAction), WriterAsync("tax.reporter", TaxAction) };
        while (acknowledged.Count < 20) await Task.Delay(20);

        var before = acknowledged.ToHashSet();
        var folder = Path.Combine(Path.GetTempPath(), "payesh-tests", "restore-" + Guid.NewGuid().ToString("N")[..8]);
        var backup = Path.Combine(folder, "backup.db");
        var taken = await SqliteBackups.BackupAsync(DatabaseFile(app), backup);
        stop.Cancel();
        await Task.WhenAll(writers);
        Assert.Null(taken.Error);

        var key = app.Services.GetRequiredService<AuditKey>();
        var restoredFile = Path.Combine(folder, "restored", "payesh.db");
        Directory.CreateDirectory(Path.GetDirectoryName(restoredFile)!);
        var restoredKey = key.WithCheckpointFile(Path.Combine(Path.GetDirectoryName(restoredFile)!, "audit-checkpoint.payesh.json"));
        var restored = await SqliteBackups.RestoreAsync(backup, restoredFile, restoredKey, TestClock.At(TestClock.DefaultToday));
        Assert.Null(restored.Error);

        using var second = new PayeshFactory(TestProvider.Sqlite, connectionString: $"Data Source={restoredFile};Pooling=true");
        second.Settings["Payesh:Audit:KeyFile"] = key.KeyFile!;
        var reports = await second.InDbAsync(db => db.ProgressReports.Where(r => r.PlanId == plan).Select(r => r.Id).ToListAsync());
        var output = new StringWriter();
        int exit = await DatabaseCommands.VerifyAsync(second.Services, output);
        var demoPlan = await second.InDbAsync(db => db.Plans.Where(p => p.Title != "برنامه آزمون پشتیبان").OrderByDescending(p => p.Id).Select(p => p.Id).FirstAsync());
        var restoredFigures = (await (await second.ApiClientAsync("admin")).ProgressAsync(demoPlan)).ToJsonString();
        var liveFigures = (await admin.ProgressAsync(demoPlan)).ToJsonString();

        Assert.Subset(reports.ToHashSet(), before);
        Assert.True(exit == 0, output.ToString());
        Assert.Equal(liveFigures, restoredFigures);
        // The restored plan's figure is the one its own reports give: the engine reads what was restored.
        Assert.Equal(reports.Count, await second.InDbAsync(db => db.ProgressReports.CountAsync(r => r.PlanId == plan)));
        second.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task A_restore_refuses_a_damaged_file_and_a_file_whose_trail_was_tampered_with()
    {
        var folder = Path.Combine(Path.GetTempPath(), "payesh-tests", "refuse-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        var key = app.Services.GetRequiredService<AuditKey>().WithCheckpointFile(Path.Combine(folder, "checkpoint.json"));
        var target = Path.Combine(folder, "target.db");
        var damaged = Path.Combine(folder, "damaged.db");
        await File.WriteAllBytesAsync(damaged, [.. "SQLite format 3\0"u8.ToArray(), .. new byte[4096]]);
        var tampered = Path.Combine(folder, "tampered.db");
        Assert.Null((await SqliteBackups.BackupAsync(DatabaseFile(app), tampered)).Error);
        await using (var connection = new SqliteConnection($"Data Source={tampered};Pooling=false"))
        {
            await connection.OpenAsync();
            await using var edit = connection.CreateCommand();
            edit.CommandText = "UPDATE Plans SET Title = 'جعلی' WHERE Id = (SELECT MIN(Id) FROM Plans);";
            await edit.ExecuteNonQueryAsync();
        }

        var refusedDamaged = await SqliteBackups.RestoreAsync(damaged, target, key, TestClock.At(TestClock.DefaultToday));
        var refusedTampered = await SqliteBackups.RestoreAsync(tampered, target, key, TestClock.At(TestClock.DefaultToday));

        Assert.StartsWith("Refused:", refusedDamaged.Error);
        Assert.Contains("integrity", refusedDamaged.Error);
        Assert.StartsWith("Refused:", refusedTampered.Error);
        Assert.Contains("differ from its audit trail", refusedTampered.Error);
        Assert.False(File.Exists(target));
        SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }
}
