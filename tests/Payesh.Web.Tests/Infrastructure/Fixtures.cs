namespace Payesh.Web.Tests.Infrastructure;

/// <summary>One app with the demo seeded, shared by a test class (tests create their own plans when they write).</summary>
public sealed class SqliteDemoApp() : PayeshFactory(TestProvider.Sqlite);

/// <summary>The same on PostgreSQL; created lazily so that a machine without PostgreSQL can skip.</summary>
public sealed class PostgresDemoApp : IDisposable
{
    private PayeshFactory? _factory;

    public PayeshFactory Factory
    {
        get
        {
            TestDatabases.RequirePostgres();
            return _factory ??= new PayeshFactory(TestProvider.Postgres);
        }
    }

    public void Dispose() => _factory?.Dispose();
}
