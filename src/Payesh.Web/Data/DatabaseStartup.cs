using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Payesh.Web.Data.Demo;
using Payesh.Web.Data.Model;
using Payesh.Web.Infrastructure;

namespace Payesh.Web.Data;

/// <summary>Before the server listens: migrate, create roles and the admin user, seed the demo into a new database.</summary>
public sealed class DatabaseStartup(IServiceProvider services, IConfiguration config, TimeProvider time, ILogger<DatabaseStartup> log) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PayeshDb>();
        await DatabaseSetup.MigrateAsync(db, cancellationToken);

        db.Actor.Is(null, "system");
        await AuditChain.EnsureKeyedAsync(db, cancellationToken);

        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        foreach (var role in Roles.All)
            if (!await roles.RoleExistsAsync(role)) await roles.CreateAsync(new IdentityRole(role));

        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        bool newDatabase = !await db.Plans.AnyAsync(cancellationToken) && !await db.Users.AnyAsync(cancellationToken);
        if (await users.FindByNameAsync("admin") is null)
        {
            var password = config["Payesh:AdminPassword"];
            bool generated = string.IsNullOrEmpty(password);
            if (generated) password = NewPassword();
            var admin = new AppUser { UserName = "admin", DisplayName = "مدیر سامانه", CreatedAt = time.GetUtcNow() };
            var result = await users.CreateAsync(admin, password!);
            if (!result.Succeeded)
                throw new InvalidOperationException("Cannot create the admin user: " + string.Join("; ", result.Errors.Select(e => e.Description)));
            await users.AddToRoleAsync(admin, Roles.Admin);
            if (generated)
                log.AdminCreatedWithGeneratedPassword(password);
            else
                log.AdminCreatedWithConfiguredPassword();
        }

        if (newDatabase && config.GetValue("Payesh:SeedDemo", true))
        {
            var seeder = ActivatorUtilities.CreateInstance<DemoSeeder>(scope.ServiceProvider);
            await seeder.SeedAsync(cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>16 characters from an alphabet without look-alikes, always with a digit and a lower-case
    /// letter (the password policy asks for both).</summary>
    public static string NewPassword()
    {
        const string lower = "abcdefghijkmnpqrstuvwxyz";
        const string letters = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ";
        const string digits = "23456789";
        var chars = new char[16];
        for (int i = 0; i < chars.Length; i++)
        {
            var set = i % 4 == 3 ? digits : i % 4 == 0 ? lower : letters;
            chars[i] = set[RandomNumberGenerator.GetInt32(set.Length)];
        }
        return new string(chars);
    }
}
