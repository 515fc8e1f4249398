using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using OpenTelemetry.Metrics;
using Payesh.Web.Data;

namespace Payesh.Web.Infrastructure;

/// <summary>What an operator's tools read (docs/operations.md): liveness at <c>/healthz</c> (the process
/// answers), readiness at <c>/readyz</c> (the plans' engines are loaded, the database answers and every migration is
/// applied), and metrics for Prometheus at <c>/metrics</c> (<c>Payesh:Metrics:Enabled</c>, default true).</summary>
public static class Operations
{
    public static IServiceCollection AddPayeshMetrics(this IServiceCollection services, IConfiguration config)
    {
        if (!config.GetValue("Payesh:Metrics:Enabled", true)) return services;
        services.AddOpenTelemetry().WithMetrics(m => m
            .AddMeter(PayeshMetrics.MeterName, "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel")
            .AddPrometheusExporter());
        return services;
    }

    public static void MapOperations(this WebApplication app)
    {
        app.MapGet("/healthz", Healthz).AllowAnonymous().Produces<string>(StatusCodes.Status200OK, "text/plain");
        app.MapGet("/readyz", ReadyzAsync).AllowAnonymous().Produces<string>(StatusCodes.Status200OK, "text/plain")
            .Produces<string>(StatusCodes.Status503ServiceUnavailable, "text/plain");
        if (app.Configuration.GetValue("Payesh:Metrics:Enabled", true))
            app.MapPrometheusScrapingEndpoint("/metrics").AllowAnonymous();
    }

    /// <summary>The process answers.</summary>
    public static ContentHttpResult Healthz() => TypedResults.Text("ok");

    /// <summary>"ready", or 503 with what is wrong: the database does not answer or a migration is pending.</summary>
    public static async Task<ContentHttpResult> ReadyzAsync(PayeshDb db, Features.Progress.EngineWarmup warmup, CancellationToken ct)
    {
        string? problem;
        try
        {
            problem = !warmup.Loaded ? "loading the plans' figures"
                : !await db.Database.CanConnectAsync(ct) ? "database unreachable"
                : (await db.Database.GetPendingMigrationsAsync(ct)).ToList() is { Count: > 0 } pending ? $"migrations pending: {string.Join(", ", pending)}"
                : null;
        }
        catch (Exception error) when (error is System.Data.Common.DbException or InvalidOperationException)
        {
            problem = "database unreachable: " + error.Message;
        }
        return problem is null ? TypedResults.Text("ready") : TypedResults.Text(problem, statusCode: StatusCodes.Status503ServiceUnavailable);
    }
}
