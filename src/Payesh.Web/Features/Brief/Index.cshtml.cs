using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Payesh.Web.Features.Account;
using Payesh.Web.Features.Plans;
using Payesh.Web.Infrastructure;

namespace Payesh.Web.Features.Brief;

/// <summary>The weekly governor's brief of a plan (issue 12 § 6): one printable A4 page per Saturday–Friday week.</summary>
public sealed class IndexModel(PlanQueries plans, BriefComposer composer) : PageModel
{
    [BindProperty(SupportsGet = true)] public long? Plan { get; set; }
    [BindProperty(SupportsGet = true)] public string? Week { get; set; }

    public PlanShown Shown { get; private set; } = new(null, [], false);
    public Brief? Brief { get; private set; }
    /// <summary>Why the week asked for was not shown (Persian); the plan's default week is shown instead.</summary>
    public string? WeekError { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var shown = await plans.ShowOnPageAsync(this, Plan, ct);
        if (!shown.Ok) return NotFound();
        Shown = shown.Value!;
        if (Shown.Plan is not { } plan) return Page();
        var user = CurrentUser.From(User)!;
        var brief = await composer.ComposeAsync(user, plan.Id, Week, ct);
        if (brief.Kind == OutcomeKind.Invalid)
        {
            WeekError = brief.Detail;
            brief = await composer.ComposeAsync(user, plan.Id, null, ct);
        }
        if (!brief.Ok) return NotFound();
        Brief = brief.Value;
        return Page();
    }
}
