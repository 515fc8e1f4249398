using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Payesh.Web.Data;

// For `dotnet ef migrations add … --context SqlitePayeshDb|PostgresPayeshDb` only; the app configures contexts in DatabaseSetup.

public sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqlitePayeshDb>
{
    public SqlitePayeshDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqlitePayeshDb>().UseSqlite("Data Source=design.db", s => s.MigrationsHistoryTable("__migrations")).Options);
}
