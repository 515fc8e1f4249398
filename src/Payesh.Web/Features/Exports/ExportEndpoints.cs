using Microsoft.AspNetCore.Http.HttpResults;
using Payesh.Web.Features.Account;
using Payesh.Web.Infrastructure;

namespace Payesh.Web.Features.Exports;

/// <summary>/Export/*: Excel exports for people (not part of /api/v1), adapters over <see cref="ExportQueries"/>. A plan
/// not found (or a draft for a non-staff user) is a plain 404, which the error pages show in Persian.</summary>
public static class ExportEndpoints
{
    public static void MapExports(this WebApplication app)
    {
        var group = app.MapGroup("/Export").RequireAuthorization(Access.ReadPolicy);
        group.MapGet("/Plan", PlanAsync).Produces<Stream>(StatusCodes.Status200OK, Xlsx.ContentType);
        group.MapGet("/League", LeagueAsync).Produces<Stream>(StatusCodes.Status200OK, Xlsx.ContentType);
        group.MapGet("/Accountability", AccountabilityAsync).Produces<Stream>(StatusCodes.Status200OK, Xlsx.ContentType);
        group.MapGet("/Reports", ReportsAsync).Produces<Stream>(StatusCodes.Status200OK, Xlsx.ContentType);
    }

    public static async Task<Results<FileContentHttpResult, NotFound>> PlanAsync(long plan, string? asOf, HttpContext http, ExportQueries exports, CancellationToken ct) =>
        File(await exports.PlanAsync(CurrentUser.From(http.User)!, plan, asOf, ct));

    public static async Task<Results<FileContentHttpResult, NotFound>> LeagueAsync(long plan, string? asOf, HttpContext http, ExportQueries exports, CancellationToken ct) =>
        File(await exports.LeagueAsync(CurrentUser.From(http.User)!, plan, asOf, ct));

    public static async Task<Results<FileContentHttpResult, NotFound>> AccountabilityAsync(long plan, string? asOf, HttpContext http, ExportQueries exports,
        CancellationToken ct) =>
        File(await exports.AccountabilityAsync(CurrentUser.From(http.User)!, plan, asOf, ct));

    public static async Task<Results<FileContentHttpResult, NotFound>> ReportsAsync(long plan, string? from, string? to, string? agency, HttpContext http,
        ExportQueries exports, CancellationToken ct) =>
        File(await exports.ReportsAsync(CurrentUser.From(http.User)!, plan, from, to, agency, ct));

    private static Results<FileContentHttpResult, NotFound> File(Outcome<ExcelFile> outcome) =>
        outcome.Ok ? TypedResults.File(outcome.Value!.Content, Xlsx.ContentType, outcome.Value.FileName) : TypedResults.NotFound();
}
