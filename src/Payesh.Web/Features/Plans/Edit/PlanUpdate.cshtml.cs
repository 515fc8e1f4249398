using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Payesh.Domain.Plans;
using Payesh.Web.Data.Model;
using Payesh.Web.Infrastructure;

namespace Payesh.Web.Features.Plans.Edit;

/// <summary>Updates a plan from an edited Excel export of it (issue 11 § 8): upload, a preview of the nodes added,
/// changed and removed, then apply — for an approved plan with the new baseline's reason, decision and day. The
/// file travels with the preview form (no server state), and applying checks the plan is still as previewed.</summary>
[RequestFormLimits(MultipartBodyLengthLimit = PlanImports.MaxUploadBytes + 64 * 1024, ValueLengthLimit = (int)(PlanImports.MaxUploadBytes * 2))]
[RequestSizeLimit(PlanImports.MaxUploadBytes * 2 + 64 * 1024)]
public sealed class PlanUpdateModel(PlanUpdates updates, PlanEditor editor) : AuthoringPage
{
    [BindProperty] public IFormFile? Upload { get; set; }
    /// <summary>The previewed file, base64, sent back with «اعمال».</summary>
    [BindProperty] public string? Workbook { get; set; }
    [BindProperty] public string? FileName { get; set; }
    [BindProperty] public long Version { get; set; }
    [BindProperty] public ChangeInput Change { get; set; } = new();

    public PlanRow Plan { get; private set; } = null!;
    public PlanUpdates.Preview? Preview { get; private set; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        if (await updates.FindAsync(Author, id, ct) is not { } plan) return NotFound();
        if (plan.State == PlanState.Closed) return Redirect($"/Plans/{id}/Edit");
        Plan = plan;
        return Page();
    }

    public async Task<IActionResult> OnPostPreviewAsync(long id, CancellationToken ct)
    {
        if (await updates.FindAsync(Author, id, ct) is not { } plan) return NotFound();
        Plan = plan;
        if (Upload is null || Upload.Length == 0) return Refuse("فایل اکسل ویرایش‌شده این برنامه را برگزینید.");
        if (Upload.Length > PlanImports.MaxUploadBytes) return Refuse("فایل بزرگ‌تر از ۱۰ مگابایت است.");
        using var buffer = new MemoryStream();
        await Upload.CopyToAsync(buffer, ct);
        var content = buffer.ToArray();
        var outcome = await updates.PreviewAsync(Author, id, content, ct);
        Show(outcome);
        Preview = outcome.Value ?? outcome.Data as PlanUpdates.Preview;
        if (outcome.Value is { } fresh)
        {
            Workbook = Convert.ToBase64String(content);
            FileName = Path.GetFileName(Upload.FileName);
            Version = fresh.StructureVersion;
            Change = new ChangeInput { EffectiveFrom = (await editor.DefaultEffectiveDayAsync(plan, ct)).ToPersianString() };
        }
        ModelState.Clear();
        return Page();
    }

    public async Task<IActionResult> OnPostApplyAsync(long id, CancellationToken ct)
    {
        if (await updates.FindAsync(Author, id, ct) is not { } plan) return NotFound();
        Plan = plan;
        byte[] content;
        try
        {
            content = Convert.FromBase64String(Workbook ?? "");
        }
        catch (FormatException)
        {
            content = [];
        }
        if (content.Length == 0) return Refuse("فایل پیش‌نمایش همراه فرم نیامد؛ فایل را دوباره بفرستید.");
        var outcome = await updates.ApplyAsync(Author, id, content, Version, Change, ct);
        Show(outcome);
        Preview = outcome.Value?.Preview ?? outcome.Data as PlanUpdates.Preview;
        if (outcome.Value is not { } applied)
        {
            // A stale preview shows the fresh one, to be confirmed again.
            if (Preview is not null) Version = Preview.StructureVersion;
            ModelState.Clear();
            return Page();
        }
        var d = applied.Preview.Diff;
        TempData["Message"] = d.IsEmpty
            ? "فایل با برنامه یکی بود؛ تغییری ثبت نشد."
            : $"برنامه از فایل به‌روز شد: {Fa.Int(d.Added.Count())} بخش افزوده، {Fa.Int(d.Changed.Count())} بخش تغییر کرد، {Fa.Int(d.Removed.Count())} بخش حذف شد"
              + (applied.Baseline is { } b ? $"؛ {PlanBaselines.Describe(b)} ثبت شد." : ".");
        return Redirect($"/Plans/{id}/Edit");
    }

    /// <summary>The form adapter of this page: the file's errors under the upload, the change's at its fields; a stale
    /// preview is a message over the fresh preview, not the edit forms' conflict notice.</summary>
    private void Show<T>(Outcome<T> outcome)
    {
        Show(outcome, path => path == PlanUpdates.FilePath ? nameof(Upload) : ChangeField(path));
        Outcome!.Conflict = false;
    }

    private PageResult Refuse(string uploadError)
    {
        Outcome = new FormErrors().Add(nameof(Upload), uploadError);
        return Page();
    }

    public static string FieldName(NodeField f) => f switch
    {
        NodeField.Title => "عنوان",
        NodeField.Parent => "والد",
        NodeField.Position => "جایگاه",
        NodeField.Weight => "وزن",
        NodeField.Description => "شرح",
        NodeField.Requirements => "الزامات",
        NodeField.Kind => "نوع (گروه یا اقدام)",
        NodeField.Agency => "دستگاه مسئول",
        NodeField.Collaborators => "دستگاه‌های همکار",
        NodeField.Schedule => "زمان‌بندی",
        NodeField.Curve => "منحنی",
        NodeField.Milestones => "نقاط عطف",
        NodeField.Deliverable => "خروجی",
        NodeField.Kpi => "شاخص",
        _ => f.ToString(),
    };

    public static string Summary(PlanNode n) => n.Action is { } a
        ? $"اقدام · {a.LeadAgency} · {a.Start.ToPersianString()} تا {a.End.ToPersianString()} · وزن {Fa.Num(n.Weight, 2)}"
        : $"گروه · وزن {Fa.Num(n.Weight, 2)}";
}
