using Microsoft.AspNetCore.Mvc;
using Payesh.Domain.Calendar;
using Payesh.Domain.Plans;
using Payesh.Domain.Text;
using Payesh.Web.Infrastructure;

namespace Payesh.Web.Features.Plans.Edit;

/// <summary>A new draft plan: its title, year, dates, settings and level names; the tree is built next.</summary>
public sealed class NewModel(PlanEditor editor, PayeshClock clock) : AuthoringPage
{
    [BindProperty] public PlanInput Input { get; set; } = new();

    public void OnGet()
    {
        int year = clock.Today.Year;
        var settings = PlanSettings.Default;
        Input = new PlanInput
        {
            Year = PersianText.ToPersianDigits(year.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            Start = new JalaliDate(year, 1, 1).ToPersianString(),
            End = new JalaliDate(year, 12, JalaliDate.DaysInMonth(year, 12)).ToPersianString(),
            Levels = string.Join("، ", Plan.DefaultLevels),
            StoppageDays = Fa.Int(settings.StoppageDays),
            AtRiskBelow = PersianText.ToPersianDigits(settings.AtRiskBelow.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            BehindBelow = PersianText.ToPersianDigits(settings.BehindBelow.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            BackdateDays = Fa.Int(settings.BackdateDays),
        };
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        Outcome = await editor.CreatePlanAsync(Author, Input, ct);
        if (!Outcome.Ok) return Page();
        TempData["Message"] = "برنامه پیش‌نویس ساخته شد؛ اکنون محورها، برنامه‌ها و اقدام‌ها را بیفزایید.";
        return Redirect($"/Plans/{Outcome.Id}/Edit");
    }
}
