using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Payesh.Web.Data;

public sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresPayeshDb>
{
    public PostgresPayeshDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresPayeshDb>().UseNpgsql("Host=localhost;Database=payesh_design", n => n.MigrationsHistoryTable("__migrations")).Options);
}
