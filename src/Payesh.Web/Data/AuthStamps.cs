using System.Data.Common;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Payesh.Web.Data.Model;

namespace Payesh.Web.Data;

/// <summary>
/// One row whose <see cref="Version"/> moves on every change that can take access away from a bearer token:
/// a token revoked or deleted, a user changed (deactivated, locked, roles or agency), a role taken or given.
/// Instances cache tokens in memory and compare this stamp on every request — before it runs, or for a report POST in its
/// commit's transaction (<see cref="Features.Account.StampAtCommit"/>) — so a revocation on one instance is obeyed on the
/// next request by all of them, no timer involved.
/// </summary>
public sealed class AuthStamp
{
    public int Id { get; set; }
    public long Version { get; set; }
}

public static class AuthStamps
{
    public static void Configure(ModelBuilder b) =>
        b.Entity<AuthStamp>(e =>
        {
            e.Property(s => s.Id).ValueGeneratedNever();
            e.HasData(new AuthStamp { Id = 1, Version = 0 });
        });

    /// <summary>Does this save change what a bearer token grants? (New tokens and new users take nothing away.)</summary>
    public static bool Touched(ChangeTracker tracker)
    {
        foreach (var e in tracker.Entries())
        {
            switch (e.Entity)
            {
                case ApiToken or AppUser when e.State is EntityState.Modified or EntityState.Deleted:
                case IdentityUserRole<string> or IdentityRole when e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted:
                    return true;
            }
        }
        return false;
    }

    /// <summary>Moves the stamp on, in the caller's transaction.</summary>
    public static Task BumpAsync(PayeshDb db, CancellationToken ct) =>
        db.AuthStamps.Where(s => s.Id == 1).ExecuteUpdateAsync(s => s.SetProperty(x => x.Version, x => x.Version + 1), ct);

    internal const string Read = "SELECT \"Version\" FROM \"AuthStamps\" WHERE \"Id\" = 1";

    /// <summary>PostgreSQL, in a writer's transaction: <see cref="Read"/> that waits for a bump not yet committed (and then
    /// sees it), so a write is never stored under a stamp that a revocation in flight is moving. Taken before the audit
    /// head, as every saving transaction bumps the stamp before it takes the head: no lock cycle.</summary>
    internal const string ReadInWriter = Read + " FOR SHARE";
}

/// <summary>
/// Reads the authentication stamp for the bearer-token check of API requests, without a <see cref="PayeshDb"/>:
/// a few connections are kept open, each with the read prepared once, so a request costs one primary-key read and no
/// context, connection set-up or SQL parsing. A connection that fails is dropped and the read tried once more on a new one.
/// </summary>
public sealed class AuthStampReader(Infrastructure.DatabaseProvider provider, string connectionString) : IDisposable
{
    /// <summary>Connections kept idle at most; more readers at once open more and close them after.</summary>
    private const int MaxIdle = 16;

    /// <summary>Idle prepared reads, each on its own open connection.</summary>
    private readonly System.Collections.Concurrent.ConcurrentBag<DbCommand> _idle = [];
    private volatile bool _disposed;
    private long _reads;

    /// <summary>Stamp reads asked of this reader so far (the report POST's skipped read is tested by it).</summary>
    public long Reads => Interlocked.Read(ref _reads);

    public async Task<long> ReadAsync(CancellationToken ct)
    {
        Interlocked.Increment(ref _reads);
        for (int attempt = 0; ; attempt++)
        {
            var read = _idle.TryTake(out var idle) ? idle : await OpenAsync(ct);
            try
            {
                var v = await read.ExecuteScalarAsync(ct);
                if (_disposed || _idle.Count >= MaxIdle) Close(read);
                else _idle.Add(read);
                return v is null or DBNull ? 0 : Convert.ToInt64(v, System.Globalization.CultureInfo.InvariantCulture);
            }
            catch (Exception) when (attempt == 0 && !ct.IsCancellationRequested)
            {
                Close(read); // a broken connection (a restarted server): once more on a new one
            }
            catch
            {
                Close(read);
                throw;
            }
        }
    }

    private async Task<DbCommand> OpenAsync(CancellationToken ct)
    {
        DbConnection conn = provider == Infrastructure.DatabaseProvider.Postgres
            ? new Npgsql.NpgsqlConnection(connectionString)
            : new Microsoft.Data.Sqlite.SqliteConnection(connectionString);
        try
        {
            await conn.OpenAsync(ct);
            if (conn is Microsoft.Data.Sqlite.SqliteConnection)
            {
                await using var settings = conn.CreateCommand();
                settings.CommandText = Infrastructure.SqlitePragmas.Sql; // as every other connection of the app
                await settings.ExecuteNonQueryAsync(ct);
            }
            var read = conn.CreateCommand();
            read.CommandText = AuthStamps.Read;
            await read.PrepareAsync(ct);
            return read;
        }
        catch
        {
            await conn.DisposeAsync();
            throw;
        }
    }

    private static void Close(DbCommand read)
    {
        var conn = read.Connection;
        read.Dispose();
        conn?.Dispose();
    }

    public void Dispose()
    {
        _disposed = true;
        while (_idle.TryTake(out var read)) Close(read);
    }
}
