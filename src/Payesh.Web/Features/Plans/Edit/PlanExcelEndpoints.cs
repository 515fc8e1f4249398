using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Payesh.Web.Data;
using Payesh.Web.Infrastructure;

namespace Payesh.Web.Features.Plans.Edit;

/// <summary>The Excel template and the export of a plan in the same format (docs/excel-format.md); staff only (the policy),
/// so drafts included.</summary>
public static class PlanExcelEndpoints
{
    public static void MapPlanExcel(this WebApplication app)
    {
        var group = app.MapGroup("/Plans").RequireAuthorization(Access.ManagePlansPolicy);
        group.MapGet("/Template.xlsx", TemplateAsync).Produces<Stream>(StatusCodes.Status200OK, Xlsx.ContentType);
        group.MapGet("/{id:long}/Export.xlsx", ExportAsync).Produces<Stream>(StatusCodes.Status200OK, Xlsx.ContentType);
    }

    public static async Task<FileContentHttpResult> TemplateAsync(PayeshDb db, CancellationToken ct) =>
        TypedResults.File(PlanExcel.Write(null, await AgenciesAsync(db, ct)), Xlsx.ContentType, "payesh-plan-template.xlsx");

    public static async Task<Results<FileContentHttpResult, NotFound>> ExportAsync(long id, PayeshDb db, CancellationToken ct)
    {
        var loaded = await PlanStore.LoadAsync(db, id, ct);
        if (loaded is null) return TypedResults.NotFound();
        return TypedResults.File(PlanExcel.Write(loaded.Plan, await AgenciesAsync(db, ct), id), Xlsx.ContentType, $"payesh-plan-{id}.xlsx");
    }

    private static async Task<List<PlanExcel.KnownAgency>> AgenciesAsync(PayeshDb db, CancellationToken ct) =>
        await db.Agencies.AsNoTracking().Where(a => a.IsActive)
            .Select(a => new PlanExcel.KnownAgency(a.Code, a.Name, a.Kind, a.IsActive)).ToListAsync(ct);
}
