using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Payesh.Domain.Plans;
using Payesh.Web.Data;
using Payesh.Web.Data.Model;

namespace Payesh.Web.Features.Admin.Agencies;

/// <summary>Create or edit an agency; deactivate or reactivate it. Saves check the row's Version (optimistic concurrency).</summary>
public sealed class EditModel(PayeshDb db) : PageModel
{
    public sealed class AgencyInput
    {
        [Required(ErrorMessage = "کد دستگاه را وارد کنید.")]
        public string? Code { get; set; }

        [Required(ErrorMessage = "نام دستگاه را وارد کنید.")]
        public string? Name { get; set; }

        [Required(ErrorMessage = "نوع دستگاه را انتخاب کنید.")]
        public string? Kind { get; set; }

        /// <summary>The version the form was opened at.</summary>
        public uint Version { get; set; }
    }

    [BindProperty] public AgencyInput Input { get; set; } = new();
    [TempData] public string? Message { get; set; }

    /// <summary>The row as stored now (null when creating).</summary>
    public AgencyRow? Stored { get; private set; }
    public string? Conflict { get; private set; }
    public int Users { get; private set; }
    public int Actions { get; private set; }
    public bool IsNew => Stored is null;

    public async Task<IActionResult> OnGetAsync(long? id, CancellationToken ct)
    {
        if (id is null) return Page();
        if (!await LoadAsync(id.Value, ct)) return NotFound();
        Input = new AgencyInput { Code = Stored!.Code, Name = Stored.Name, Kind = Stored.Kind.ToString(), Version = Stored.Version };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long? id, CancellationToken ct)
    {
        if (id is not null && !await LoadAsync(id.Value, ct)) return NotFound();

        var code = AdminText.Code(Input.Code);
        var name = AdminText.Text(Input.Name);
        AgencyKind kind = default;
        if (code is not null && !AdminText.IsValidCode(code))
            ModelState.AddModelError("Input.Code", "کد دستگاه تا ۲۰ نویسه از حروف لاتین، رقم و . - _ است (مانند SMT).");
        if (name?.Length > 300) ModelState.AddModelError("Input.Name", "نام دستگاه نباید از ۳۰۰ نویسه بیشتر باشد.");
        if (Input.Kind is not null && (!Enum.TryParse(Input.Kind, out kind) || !Enum.IsDefined(kind)))
            ModelState.AddModelError("Input.Kind", "نوع دستگاه نامعتبر است.");
        if (code is not null && ModelState.IsValid
            && await db.Agencies.AsNoTracking().Where(a => a.Code == code && a.Id != (id ?? 0)).Select(a => a.Name).FirstOrDefaultAsync(ct) is { } other)
            ModelState.AddModelError("Input.Code", $"کد «{code}» پیش‌تر برای «{other}» ثبت شده است.");
        if (!ModelState.IsValid) return Page();

        AgencyRow row;
        if (id is null)
        {
            row = new AgencyRow { Code = code!, Name = name!, Kind = kind, IsActive = true };
            db.Agencies.Add(row);
        }
        else
        {
            row = await db.Agencies.FirstAsync(a => a.Id == id, ct);
            row.Code = code!;
            row.Name = name!;
            row.Kind = kind;
            // The save succeeds only if nobody saved since the form was opened.
            db.Entry(row).Property(a => a.Version).OriginalValue = Input.Version;
        }
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return await ConflictAsync(id!.Value, ct);
        }
        catch (DbUpdateException)
        {
            // The code was taken between the check and the save.
            ModelState.AddModelError("Input.Code", $"کد «{code}» هم‌زمان برای دستگاه دیگری ثبت شد؛ کد دیگری برگزینید.");
            return Page();
        }
        Message = id is null ? $"دستگاه «{row.Name}» افزوده شد." : $"تغییرات دستگاه «{row.Name}» ذخیره شد.";
        return Redirect("/Admin/Agencies");
    }

    /// <summary>Deactivates (<paramref name="active"/> false) or reactivates the agency.</summary>
    public async Task<IActionResult> OnPostActiveAsync(long id, bool active, uint version, CancellationToken ct)
    {
        var row = await db.Agencies.FirstOrDefaultAsync(a => a.Id == id, ct);
        if (row is null) return NotFound();
        if (row.IsActive != active)
        {
            row.IsActive = active;
            db.Entry(row).Property(a => a.Version).OriginalValue = version;
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateConcurrencyException)
            {
                db.ChangeTracker.Clear();
                await LoadAsync(id, ct);
                ModelState.Clear();
                Input = new AgencyInput { Code = Stored!.Code, Name = Stored.Name, Kind = Stored.Kind.ToString(), Version = Stored.Version };
                Conflict = AdminText.ConflictOnAction;
                return Page();
            }
        }
        Message = active ? $"دستگاه «{row.Name}» فعال شد." : $"دستگاه «{row.Name}» غیرفعال شد.";
        return Redirect($"/Admin/Agencies/Edit/{id}");
    }

    private async Task<IActionResult> ConflictAsync(long id, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        await LoadAsync(id, ct);
        Conflict = AdminText.Conflict;
        // Keep what the user typed; the next save is checked against the version they have now seen.
        ModelState.Remove("Input.Version");
        Input.Version = Stored!.Version;
        return Page();
    }

    private async Task<bool> LoadAsync(long id, CancellationToken ct)
    {
        Stored = await db.Agencies.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, ct);
        if (Stored is null) return false;
        Users = await db.Users.CountAsync(u => u.AgencyId == id, ct);
        Actions = await db.PlanNodes.CountAsync(n => n.LeadAgencyId == id, ct);
        return true;
    }
}
