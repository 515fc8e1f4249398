using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Payesh.Domain.Calendar;
using Payesh.Domain.Progress;
using Payesh.Web.Features.Account;
using Payesh.Web.Features.Agencies;
using Payesh.Web.Features.Plans;

namespace Payesh.Web.Features.Accountability;

/// <summary>
/// گزارش پاسخگویی: every agency's figures for a period with the evidence — stopped and overdue actions,
/// missed report-days — ranked, the under-performing agencies named first. Printable on A4.
/// A thin adapter over <see cref="AccountabilityReports"/>.
/// </summary>
public sealed class IndexModel(PlanQueries plans, AccountabilityReports reports, IConfiguration config) : PageModel
{
    [BindProperty(SupportsGet = true)] public long? Plan { get; set; }
    [BindProperty(SupportsGet = true)] public string? AsOf { get; set; }
    /// <summary>Every action of each evidence list, not only the first <see cref="EvidencePerList"/>.</summary>
    [BindProperty(SupportsGet = true)] public bool All { get; set; }

    /// <summary>How many actions each evidence list (stopped, overdue, behind) shows by default, worst first: at national
    /// scale an agency has hundreds behind schedule, which no one reads on screen or paper; the rest are counted, one link
    /// away (<c>?all=true</c>) and in the Excel export. Setting <c>Payesh:Accountability:EvidencePerList</c>.</summary>
    public int EvidencePerList { get; } = Math.Max(1, config.GetValue(EvidencePerListKey, 20));

    public const string EvidencePerListKey = "Payesh:Accountability:EvidencePerList";

    /// <summary>The part of an evidence list the page lists.</summary>
    public IEnumerable<AccountabilityReports.Evidence> Listed(List<AccountabilityReports.Evidence> list) => All ? list : list.Take(EvidencePerList);

    /// <summary>How many actions of the list the page leaves out.</summary>
    public int Hidden(List<AccountabilityReports.Evidence> list) => All ? 0 : Math.Max(0, list.Count - EvidencePerList);

    public Data.Model.PlanRow? PlanRow { get; private set; }
    public PlanShown Shown { get; private set; } = new(null, [], false);
    public JalaliDate Day { get; private set; }
    public ScoreRules Rules { get; private set; } = null!;
    public List<AccountabilityReports.Entry> Entries { get; } = [];
    public NodeFigures? Root { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var shown = await plans.ShowOnPageAsync(this, Plan, ct);
        if (!shown.Ok) return NotFound();
        Shown = shown.Value!;
        if (Shown.Plan is null) return Page();
        var report = await reports.ReportAsync(CurrentUser.From(User)!, Shown.Plan, AsOf, ct);
        if (report.Value is not { } result) return NotFound();
        (PlanRow, Day, Rules, Root) = (result.Plan, result.Day, result.Rules, result.Root);
        Plan = PlanRow.Id;
        Entries.AddRange(result.Entries);
        return Page();
    }
}
