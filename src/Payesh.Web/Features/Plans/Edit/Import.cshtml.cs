using Htmx;
using Microsoft.AspNetCore.Mvc;
using Payesh.Web.Data.Model;

namespace Payesh.Web.Features.Plans.Edit;

/// <summary>Imports a plan from an Excel workbook: upload, then watch the job (htmx polls its row) until the new
/// draft plan or the list of problems, each at its sheet, row and column. The job from <see cref="AuthoringQueries.ImportJobAsync"/>,
/// started by <see cref="PlanImports.StartAsync"/>.</summary>
[RequestFormLimits(MultipartBodyLengthLimit = PlanImports.MaxUploadBytes + 64 * 1024)]
[RequestSizeLimit(PlanImports.MaxUploadBytes + 64 * 1024)]
public sealed class ImportModel(AuthoringQueries queries, PlanImports imports) : AuthoringPage
{
    [BindProperty] public IFormFile? Upload { get; set; }

    public PlanImportJob? Job { get; private set; }
    public IReadOnlyList<PlanImports.JobError> Errors { get; private set; } = [];
    public string? UploadError { get; private set; }
    public int MaxRows => imports.MaxRows;

    public async Task<IActionResult> OnGetAsync(long? job, CancellationToken ct)
    {
        if (job is { } id && !await LoadAsync(id, ct)) return NotFound();
        return Page();
    }

    /// <summary>The job's state only (htmx polling).</summary>
    public async Task<IActionResult> OnGetStatusAsync(long? job, CancellationToken ct)
    {
        if (job is not { } id || !await LoadAsync(id, ct)) return NotFound();
        return Request.IsHtmx() ? Partial("_ImportStatus", this) : Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (Upload is null || Upload.Length == 0) UploadError = "فایل اکسل برنامه را برگزینید.";
        else if (Upload.Length > PlanImports.MaxUploadBytes) UploadError = "فایل بزرگ‌تر از ۱۰ مگابایت است.";
        if (UploadError is not null) return Page();
        using var buffer = new MemoryStream();
        await Upload!.CopyToAsync(buffer, ct);
        var started = await imports.StartAsync(Author, Path.GetFileName(Upload.FileName), buffer.ToArray(), ct);
        if (!started.Ok) return Forbid();
        return Redirect($"/Plans/Import/{started.Value}");
    }

    private async Task<bool> LoadAsync(long id, CancellationToken ct)
    {
        Job = (await queries.ImportJobAsync(Author, id, ct)).Value;
        if (Job is null) return false;
        Errors = PlanImports.ErrorsOf(Job);
        return true;
    }

    public int Percent => Job is { Total: > 0 } j ? (int)Math.Round(100.0 * j.Done / j.Total) : 0;
}
