using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Payesh.Web.Data.Model;

namespace Payesh.Web.Data;

/// <summary>
/// One row whose <see cref="Version"/> moves on every change that can take access away from a bearer token:
/// a token revoked or deleted, a user changed (deactivated, locked, roles or agency), a role taken or given.
/// Instances cache tokens in memory and compare this stamp on every request, so a revocation on one instance
/// is obeyed on the next request by all of them — no timer involved.
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

    private const string Read = "SELECT \"Version\" FROM \"AuthStamps\" WHERE \"Id\" = 1";

    /// <summary>The current stamp: one primary-key read on the request's connection, which stays open for the
    /// request's other queries.</summary>
    public static async Task<long> ReadAsync(PayeshDb db, CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        await using var cmd = db.Database.GetDbConnection().CreateCommand();
        cmd.CommandText = Read;
        return await cmd.ExecuteScalarAsync(ct) is { } v and not DBNull ? Convert.ToInt64(v, System.Globalization.CultureInfo.InvariantCulture) : 0;
    }
}
