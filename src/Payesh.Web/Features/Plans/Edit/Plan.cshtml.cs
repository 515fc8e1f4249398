using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Payesh.Domain.Text;
using Payesh.Web.Data.Model;
using Payesh.Web.Infrastructure;

namespace Payesh.Web.Features.Plans.Edit;

/// <summary>The plan's own fields: title, year and dates (drafts only), level names and the monitoring settings; the plan
/// from <see cref="AuthoringQueries.PlanAsync"/>, saved through <see cref="PlanEditor"/>.</summary>
public sealed class PlanModel(AuthoringQueries queries, PlanEditor editor) : AuthoringPage
{
    [BindProperty] public PlanInput Input { get; set; } = new();

    public Data.Model.PlanRow Stored { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        Input = InputOf(Stored);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long id, CancellationToken ct)
    {
        var outcome = await editor.UpdatePlanAsync(Author, id, Input, ct);
        Show(outcome, PlanField);
        if (outcome.Ok)
        {
            TempData["Message"] = "ویژگی‌های برنامه ذخیره شد.";
            return Redirect($"/Plans/{id}/Edit");
        }
        if (!await LoadAsync(id, ct)) return NotFound();
        if (Outcome!.Conflict)
        {
            ModelState.Remove("Input.Version");
            Input.Version = Stored.Version;
        }
        return Page();
    }

    private async Task<bool> LoadAsync(long id, CancellationToken ct)
    {
        if ((await queries.PlanAsync(Author, id, ct)).Value is not { } row) return false;
        Stored = row;
        return true;
    }

    public static PlanInput InputOf(Data.Model.PlanRow p) => new()
    {
        Title = p.Title,
        Year = PersianText.ToPersianDigits(p.Year),
        Start = Fa.Date(p.StartDate),
        End = Fa.Date(p.EndDate),
        Levels = string.Join("، ", p.Levels.Split('|')),
        StoppageDays = Fa.Int(p.StoppageDays),
        AtRiskBelow = PersianText.ToPersianDigits(p.AtRiskBelow.ToString(CultureInfo.InvariantCulture)),
        BehindBelow = PersianText.ToPersianDigits(p.BehindBelow.ToString(CultureInfo.InvariantCulture)),
        BackdateDays = Fa.Int(p.BackdateDays),
        VerifiedOnly = p.VerifiedOnly,
        ManagerSignOff = p.ManagerSignOff,
        Version = p.Version,
    };

    public bool DatesLocked => Stored.State != PlanState.Draft;
}
