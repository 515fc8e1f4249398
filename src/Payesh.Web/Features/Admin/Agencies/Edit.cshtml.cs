using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Payesh.Web.Features.Account;
using Payesh.Web.Infrastructure;

namespace Payesh.Web.Features.Admin.Agencies;

/// <summary>Create or edit an agency; deactivate or reactivate it. Saves check the row's Version (optimistic concurrency).
/// A thin adapter over <see cref="AdminQueries.AgencyAsync"/> and <see cref="AdminCommands"/>.</summary>
public sealed class EditModel(AdminQueries admin, AdminCommands commands) : PageModel
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

    /// <summary>The agency as stored now (null when creating).</summary>
    public AgencyDetail? Stored { get; private set; }
    public string? Conflict { get; private set; }
    public int Users => Stored?.Users ?? 0;
    public int Actions => Stored?.Actions ?? 0;
    public bool IsNew => Stored is null;

    private CurrentUser Me => CurrentUser.From(User)!;

    public async Task<IActionResult> OnGetAsync(long? id, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } failed) return failed;
        if (Stored is not null) FillInput();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long? id, CancellationToken ct)
    {
        var saved = ModelState.IsValid ? await commands.SaveAgencyAsync(Me, id, new AgencyFields(Input.Code, Input.Name, Input.Kind, Input.Version), ct) : null;
        if (saved is { Ok: true })
        {
            Message = id is null ? $"دستگاه «{saved.Value}» افزوده شد." : $"تغییرات دستگاه «{saved.Value}» ذخیره شد.";
            return Redirect("/Admin/Agencies");
        }
        if (await LoadAsync(id, ct) is { } failed) return failed;
        if (saved?.Kind == OutcomeKind.Conflict && Stored is not null)
        {
            Conflict = saved.Detail;
            // Keep what the user typed; the next save is checked against the version they have now seen.
            ModelState.Remove("Input.Version");
            Input.Version = Stored.Version;
        }
        else saved?.ToFormErrors(ModelState, "Input.");
        return Page();
    }

    /// <summary>Deactivates (<paramref name="active"/> false) or reactivates the agency.</summary>
    public async Task<IActionResult> OnPostActiveAsync(long id, bool active, uint version, CancellationToken ct)
    {
        var done = await commands.SetAgencyActiveAsync(Me, id, active, version, ct);
        if (done.Ok)
        {
            Message = active ? $"دستگاه «{done.Value}» فعال شد." : $"دستگاه «{done.Value}» غیرفعال شد.";
            return Redirect($"/Admin/Agencies/Edit/{id}");
        }
        if (await LoadAsync(id, ct) is { } failed) return failed;
        if (done.Kind == OutcomeKind.Forbidden) return Forbid();
        ModelState.Clear();
        FillInput();
        Conflict = done.Detail;
        return Page();
    }

    private void FillInput() => Input = new AgencyInput { Code = Stored!.Code, Name = Stored.Name, Kind = Stored.Kind.ToString(), Version = Stored.Version };

    /// <summary>The agency (none when creating); null when shown, else the answer (not found, forbidden).</summary>
    private async Task<IActionResult?> LoadAsync(long? id, CancellationToken ct)
    {
        if (id is null) return null;
        var agency = await admin.AgencyAsync(Me, id.Value, ct);
        if (agency.Kind == OutcomeKind.NotFound) return NotFound();
        if (agency.Value is null) return Forbid();
        Stored = agency.Value;
        return null;
    }
}
