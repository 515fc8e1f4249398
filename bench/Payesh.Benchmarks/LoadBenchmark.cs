using System.Globalization;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Payesh.Domain.Plans;
using Payesh.Web.Data;
using Payesh.Web.Data.Model;
using Payesh.Web.Features.Progress;
using Payesh.Web.Infrastructure;

namespace Payesh.Benchmarks;

/// <summary>
/// Loading a plan from the database into the engine (SQLite and PostgreSQL), and the engine's memory.
/// The database is filled once with the generator's plan (reports by bulk insert) and reused.
/// </summary>
public static class LoadBenchmark
{
    public static async Task RunAsync(string provider, string connectionString, int provinces, int runs)
    {
        await using var db = Create(provider, connectionString);
        db.Database.SetCommandTimeout(TimeSpan.FromMinutes(30));
        await DatabaseSetup.MigrateAsync(db);
        var title = $"bench-{provinces}";
        var planId = await db.Plans.Where(p => p.Title == title).Select(p => (long?)p.Id).FirstOrDefaultAsync();
        var generator = new Generator(provinces);
        if (planId is null)
        {
            var sw = Stopwatch.StartNew();
            (planId, long reports) = await FillAsync(db, generator, title);
            Console.WriteLine($"{provider}: filled plan {planId} with {generator.ActionCount:N0} actions and {reports:N0} reports in {sw.Elapsed.TotalSeconds:0.0} s");
        }
        var count = await db.ProgressReports.LongCountAsync(r => r.PlanId == planId);
        for (int i = 0; i < Math.Max(0, runs); i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            long before = GC.GetTotalMemory(true);
            PlanEngines? engines = new PlanEngines();
            await using var fresh = Create(provider, connectionString);
            var sw = Stopwatch.StartNew();
            var e = await engines.GetAsync(fresh, planId.Value);
            sw.Stop();
            long after = GC.GetTotalMemory(true);
            Console.WriteLine($"{provider}: load {provinces} province(s) — {e!.Engine.ActionCount:N0} actions, {count:N0} reports " +
                $"({e.Engine.ReportDayCount:N0} report days) in {sw.Elapsed.TotalSeconds:0.00} s; engine memory {(after - before) / 1048576.0:0} MiB");
            GC.KeepAlive(e);
            // Let this run's engine go before the next measurement (async locals live in the state machine).
            e = null;
            engines = null;
        }
    }

    public static PayeshDb Create(string provider, string cs) => provider == "postgres"
        ? new PostgresPayeshDb(new DbContextOptionsBuilder<PostgresPayeshDb>().UseNpgsql(cs, n => n.MigrationsHistoryTable("__migrations")).Options)
        : new SqlitePayeshDb(new DbContextOptionsBuilder<SqlitePayeshDb>().UseSqlite(cs, s => s.MigrationsHistoryTable("__migrations")).Options);

    public static async Task<(long PlanId, long Reports)> FillAsync(PayeshDb db, Generator generator, string title)
    {
        db.SuppressAudit = true;
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        var agencies = await db.Agencies.OrderBy(a => a.Id).ToListAsync();
        for (int i = agencies.Count; i < Generator.Agencies; i++)
        {
            var a = new AgencyRow { Code = $"B{i:00}", Name = $"دستگاه آزمون {i}", Kind = AgencyKind.Government };
            db.Agencies.Add(a);
            agencies.Add(a);
        }
        var plan = new PlanRow
        {
            Title = title,
            Year = 1403,
            StartDate = Generator.YearStart.ToDateOnly(),
            EndDate = Generator.YearEnd.ToDateOnly(),
            State = PlanState.Approved,
            CreatedAt = DateTimeOffset.UtcNow,
        };
        db.Plans.Add(plan);
        await db.SaveChangesAsync();

        // Nodes level by level: parents need ids first.
        var nodes = generator.Nodes().ToList();
        var rows = new PlanNodeRow[nodes.Count];
        var depth = new int[nodes.Count];
        for (int i = 0; i < nodes.Count; i++) depth[i] = nodes[i].Parent < 0 ? 0 : depth[nodes[i].Parent] + 1;
        for (int level = 0; level <= depth.Max(); level++)
        {
            for (int i = 0; i < nodes.Count; i++)
            {
                if (depth[i] != level) continue;
                var (parent, code, weight, action) = nodes[i];
                rows[i] = new PlanNodeRow
                {
                    PlanId = plan.Id,
                    ParentId = parent < 0 ? null : rows[parent].Id,
                    SortOrder = i,
                    Code = code,
                    Title = "بخش " + code,
                    Weight = weight,
                    IsAction = action is not null,
                    LeadAgencyId = action is null ? null : agencies[action.Agency].Id,
                    StartDate = action is null ? null : DateOnly.FromDayNumber(action.Start),
                    EndDate = action is null ? null : DateOnly.FromDayNumber(action.End),
                    Curve = action?.Curve ?? CurveKind.Linear,
                    Milestones = action is null ? [] : [.. action.Milestones.Select(m => new NodeMilestone { Date = DateOnly.FromDayNumber(m.Day), Percent = m.Percent })],
                };
                db.PlanNodes.Add(rows[i]);
            }
            await db.SaveChangesAsync();
            db.ChangeTracker.Clear();
        }
        var actions = rows.Where(r => r.IsAction).ToList();
        long total = db.IsPostgres ? await CopyPostgresAsync(db, plan.Id, actions) : await InsertSqliteAsync(db, plan.Id, actions);
        await db.Plans.Where(p => p.Id == plan.Id).ExecuteUpdateAsync(s => s.SetProperty(p => p.DataVersion, 1));
        return (plan.Id, total);
    }

    private static IEnumerable<(long Node, int Day, int Hundredths)> AllReports(List<PlanNodeRow> actions)
    {
        for (int a = 0; a < actions.Count; a++)
            foreach (var (day, h) in Generator.Reports(a, actions[a].StartDate!.Value.DayNumber, actions[a].EndDate!.Value.DayNumber))
                yield return (actions[a].Id, day, h);
    }

    private static async Task<long> InsertSqliteAsync(PayeshDb db, long planId, List<PlanNodeRow> actions)
    {
        var conn = db.Database.GetDbConnection();
        await conn.OpenAsync();
        using (var pragma = conn.CreateCommand())
        {
            pragma.CommandText = "PRAGMA synchronous=OFF;";
            await pragma.ExecuteNonQueryAsync();
        }
        long n = 0;
        var tx = await conn.BeginTransactionAsync();
        var cmd = conn.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = "INSERT INTO \"ProgressReports\" (\"PlanId\",\"NodeId\",\"ReportDate\",\"PercentHundredths\",\"SubmittedAt\",\"Status\") VALUES ($p,$n,$d,$h,$s,'Verified')";
        var pp = cmd.CreateParameter(); pp.ParameterName = "$p"; cmd.Parameters.Add(pp);
        var pn = cmd.CreateParameter(); pn.ParameterName = "$n"; cmd.Parameters.Add(pn);
        var pd = cmd.CreateParameter(); pd.ParameterName = "$d"; cmd.Parameters.Add(pd);
        var ph = cmd.CreateParameter(); ph.ParameterName = "$h"; cmd.Parameters.Add(ph);
        var ps = cmd.CreateParameter(); ps.ParameterName = "$s"; cmd.Parameters.Add(ps);
        cmd.Prepare();
        pp.Value = planId;
        foreach (var (node, day, h) in AllReports(actions))
        {
            var date = DateOnly.FromDayNumber(day);
            pn.Value = node;
            pd.Value = date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            ph.Value = h;
            ps.Value = date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + " 08:00:00+00:00";
            await cmd.ExecuteNonQueryAsync();
            if (++n % 500_000 == 0)
            {
                await tx.CommitAsync();
                tx = await conn.BeginTransactionAsync();
                cmd.Transaction = tx;
            }
        }
        await tx.CommitAsync();
        await conn.CloseAsync();
        return n;
    }

    private static async Task<long> CopyPostgresAsync(PayeshDb db, long planId, List<PlanNodeRow> actions)
    {
        var conn = (NpgsqlConnection)db.Database.GetDbConnection();
        await conn.OpenAsync();
        long n = 0;
        await using (var writer = await conn.BeginBinaryImportAsync(
            "COPY \"ProgressReports\" (\"PlanId\",\"NodeId\",\"ReportDate\",\"PercentHundredths\",\"SubmittedAt\",\"Status\") FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var (node, day, h) in AllReports(actions))
            {
                var date = DateOnly.FromDayNumber(day);
                await writer.StartRowAsync();
                await writer.WriteAsync(planId, NpgsqlTypes.NpgsqlDbType.Bigint);
                await writer.WriteAsync(node, NpgsqlTypes.NpgsqlDbType.Bigint);
                await writer.WriteAsync(date, NpgsqlTypes.NpgsqlDbType.Date);
                await writer.WriteAsync(h, NpgsqlTypes.NpgsqlDbType.Integer);
                await writer.WriteAsync(new DateTimeOffset(date.ToDateTime(new TimeOnly(8, 0)), TimeSpan.Zero), NpgsqlTypes.NpgsqlDbType.TimestampTz);
                await writer.WriteAsync("Verified", NpgsqlTypes.NpgsqlDbType.Text);
                n++;
            }
            await writer.CompleteAsync();
        }
        await conn.CloseAsync();
        return n;
    }
}
