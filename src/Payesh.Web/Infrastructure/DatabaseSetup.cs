using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Payesh.Web.Data;

namespace Payesh.Web.Infrastructure;

public enum DatabaseProvider { Sqlite, Postgres }

/// <summary>Chooses the database from configuration (docs/api.md § start-up settings).</summary>
public static class DatabaseSetup
{
    public static DatabaseProvider Provider(IConfiguration config) =>
        (config["Database:Provider"] ?? "Sqlite").Trim().ToLowerInvariant() switch
        {
            "sqlite" or "" => DatabaseProvider.Sqlite,
            "postgres" or "postgresql" or "npgsql" => DatabaseProvider.Postgres,
            var other => throw new InvalidOperationException(
                $"Database:Provider '{other}' is not supported; use Sqlite or Postgres."),
        };

    public static string ConnectionString(IConfiguration config, IHostEnvironment env, DatabaseProvider provider)
    {
        var cs = config.GetConnectionString("Payesh");
        if (!string.IsNullOrWhiteSpace(cs)) return provider == DatabaseProvider.Postgres ? WithPostgresDefaults(cs) : cs;
        if (provider == DatabaseProvider.Postgres)
            throw new InvalidOperationException("ConnectionStrings:Payesh is required when Database:Provider is Postgres.");
        var folder = config["Payesh:DataFolder"] ?? Path.Combine(env.ContentRootPath, "App_Data");
        Directory.CreateDirectory(folder);
        return new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(folder, "payesh.db"),
            Cache = SqliteCacheMode.Default,
            Pooling = true,
        }.ToString();
    }

    /// <summary>
    /// Npgsql prepares statements automatically when asked to (off by default): the report write path sends the same few
    /// statements on every group commit, so they are parsed and planned once per connection. Applied unless the connection
    /// string sets them (docs/operations.md § PostgreSQL).
    /// </summary>
    public static string WithPostgresDefaults(string cs)
    {
        var b = new Npgsql.NpgsqlConnectionStringBuilder(cs);
        if (!b.ContainsKey("Max Auto Prepare")) b.MaxAutoPrepare = 64;
        if (!b.ContainsKey("Auto Prepare Min Usages")) b.AutoPrepareMinUsages = 2;
        return b.ConnectionString;
    }

    /// <summary>The contexts' options are built once: they depend on nothing of a request (the connection string, the
    /// interceptors), and building them per scope was a twentieth of a single report POST's CPU (issue 14's profile).</summary>
    private const ServiceLifetime OptionsLifetime = ServiceLifetime.Singleton;

    public static IServiceCollection AddPayeshDatabase(this IServiceCollection services, IConfiguration config, IHostEnvironment env)
    {
        var provider = Provider(config);
        var cs = ConnectionString(config, env, provider);
        if (provider == DatabaseProvider.Postgres)
        {
            services.AddDbContext<PayeshDb, PostgresPayeshDb>(o => o.UseNpgsql(cs, n => n.MigrationsHistoryTable("__migrations"))
                .AddInterceptors(TextGuard.Instance), ServiceLifetime.Scoped, OptionsLifetime);
        }
        else
        {
            services.AddDbContext<PayeshDb, SqlitePayeshDb>(o => o.UseSqlite(cs, s => s.MigrationsHistoryTable("__migrations"))
                .AddInterceptors(new SqlitePragmas(), TextGuard.Instance), ServiceLifetime.Scoped, OptionsLifetime);
        }
        services.AddSingleton(_ => new AuthStampReader(provider, cs)); // disposed with the host: its connections closed
        services.AddScoped(sp => new Lazy<PayeshDb>(sp.GetRequiredService<PayeshDb>)); // the scope's context, built when first used
        return services;
    }

    /// <summary>Creates or upgrades the schema.</summary>
    public static async Task MigrateAsync(PayeshDb db, CancellationToken ct = default)
    {
        if (!db.IsPostgres)
        {
            // WAL: readers never wait for the writer; persisted in the file.
            await db.Database.OpenConnectionAsync(ct);
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
            await db.Database.CloseConnectionAsync();
        }
        await db.Database.MigrateAsync(ct);
    }
}

/// <summary>Per-connection SQLite settings: wait for the write lock instead of failing, enforce
/// foreign keys, FULL sync so that every committed report survives a power cut, and checkpoints in large steps.</summary>
internal sealed class SqlitePragmas : Microsoft.EntityFrameworkCore.Diagnostics.DbConnectionInterceptor
{
    /// <summary>
    /// <c>wal_autocheckpoint=10000</c>: the WAL is copied into the database file (checkpointed) by the commit that takes it
    /// past 10,000 pages (about 40 MB), instead of SQLite's 1,000. A checkpoint writes each page once however many commits
    /// changed it, and commits of reports change the same pages again and again (the last leaf of each action's history
    /// index, the table's tail): at 1,000 pages batches of 500 reports set off a checkpoint every second or third commit,
    /// which wrote those pages into the database file anew each time. Measured in alternating runs (docs/benchmarks.md,
    /// "SQLite checkpoints in large steps"): single reports from one client 1,231–1,339/s against 781–977/s; batches of 500
    /// within the noise. A checkpoint is still made by a commit; the WAL file keeps the largest size it reached and is
    /// reused.
    /// </summary>
    public const string Sql = "PRAGMA busy_timeout=10000; PRAGMA foreign_keys=ON; PRAGMA synchronous=FULL; PRAGMA wal_autocheckpoint=10000;";

    public override void ConnectionOpened(System.Data.Common.DbConnection connection, Microsoft.EntityFrameworkCore.Diagnostics.ConnectionEndEventData eventData)
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = Sql;
        cmd.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(System.Data.Common.DbConnection connection, Microsoft.EntityFrameworkCore.Diagnostics.ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = Sql;
        await cmd.ExecuteNonQueryAsync(cancellationToken);
    }
}
