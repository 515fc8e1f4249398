using Microsoft.AspNetCore.Mvc;
using Payesh.Domain.Calendar;
using Payesh.Domain.Plans;
using Payesh.Web.Data.Model;
using Payesh.Web.Infrastructure;

namespace Payesh.Web.Features.Plans.Edit;

/// <summary>The plan's lifecycle: approve and communicate a draft (refused while the quality check has blocking
/// findings), and close an approved plan at the end of its year.</summary>
public sealed class ApproveModel(PlanLifecycle lifecycle, PlanQualityService quality, PayeshClock clock) : AuthoringPage
{
    [BindProperty] public string? Decision { get; set; }
    [BindProperty] public uint Version { get; set; }

    public Data.Model.PlanRow Plan { get; private set; } = null!;
    public QualityReport Report { get; private set; } = null!;
    public IReadOnlyDictionary<string, long> NodeIds { get; private set; } = new Dictionary<string, long>();
    public bool CanClose => Plan.State == PlanState.Approved && clock.Today >= JalaliDate.FromDateOnly(Plan.EndDate);

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        Version = Plan.Version;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long id, CancellationToken ct)
    {
        var outcome = await lifecycle.ApproveAsync(Author, id, Version, Decision, ct);
        Show(outcome, path => path == PlanLifecycle.DecisionPath ? nameof(Decision) : null);
        if (outcome.Ok)
        {
            TempData["Message"] = "برنامه تصویب و به دستگاه‌ها ابلاغ شد؛ خط مبنای ۱ ثبت شد و دستگاه‌ها اعلان گرفتند.";
            return Redirect($"/Plans/{id}/Edit");
        }
        return await AgainAsync(id, ct);
    }

    public async Task<IActionResult> OnPostCloseAsync(long id, CancellationToken ct)
    {
        var outcome = await lifecycle.CloseAsync(Author, id, Version, ct);
        Show(outcome, _ => null);
        if (outcome.Ok)
        {
            TempData["Message"] = "برنامه بسته شد.";
            return Redirect($"/Plans/{id}/Edit");
        }
        return await AgainAsync(id, ct);
    }

    private async Task<IActionResult> AgainAsync(long id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        ModelState.Remove(nameof(Version));
        Version = Plan.Version;
        return Page();
    }

    private async Task<bool> LoadAsync(long id, CancellationToken ct)
    {
        var result = await quality.CheckAsync(Author, id, ct);
        if (result is null) return false;
        Plan = result.Plan.Row;
        Report = result.Report;
        NodeIds = result.NodeIds;
        return true;
    }
}
