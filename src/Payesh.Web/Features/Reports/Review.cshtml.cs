using Htmx;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Payesh.Domain.Text;
using Payesh.Web.Data;
using Payesh.Web.Data.Model;
using Payesh.Web.Features.Account;
using Payesh.Web.Features.Plans;
using Payesh.Web.Infrastructure;

namespace Payesh.Web.Features.Reports;

/// <summary>تأیید دبیرخانه: the queue of new reports, filtered by agency, axis, big jumps and downward
/// corrections, each verified or rejected with a reason the agency then sees.</summary>
public sealed class ReviewModel(PayeshDb db, PlanQueries plans, ReportReviews reviews) : PageModel
{
    public sealed record Item(long Id, long PlanId, long NodeId, string Code, string Title, string Agency, DateOnly Date,
        int Hundredths, int? Previous, string? Note, string? Justification, DateTimeOffset SubmittedAt, int Evidence)
    {
        public double Jump => (Hundredths - (Previous ?? 0)) / 100.0;
    }

    [BindProperty(SupportsGet = true)] public long? Plan { get; set; }
    [BindProperty(SupportsGet = true)] public string? Agency { get; set; }
    [BindProperty(SupportsGet = true)] public string? Axis { get; set; }
    [BindProperty(SupportsGet = true)] public double? JumpAtLeast { get; set; }
    [BindProperty(SupportsGet = true)] public bool Downward { get; set; }

    public List<Item> Items { get; } = [];

    /// <summary>The current filters, so that a form posted without JavaScript comes back to the same queue.</summary>
    public Dictionary<string, string> Filters => new Dictionary<string, string?>
    {
        ["plan"] = Plan?.ToString(),
        ["agency"] = Agency,
        ["axis"] = Axis,
        ["jumpAtLeast"] = JumpAtLeast?.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["downward"] = Downward ? "true" : null,
    }.Where(kv => !string.IsNullOrEmpty(kv.Value)).ToDictionary(kv => kv.Key, kv => kv.Value!);
    public int Total { get; private set; }
    public List<(string Code, string Name)> Agencies { get; } = [];
    public PlanShown Shown { get; private set; } = new(null, [], false);
    public string? Message { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    /// <param name="seen">The review state the row showed (hidden field): the decision is made against it.</param>
    public async Task<IActionResult> OnPostVerifyAsync(long id, string? seen, CancellationToken ct)
    {
        var result = await reviews.VerifyAsync(id, seen, CurrentUser.From(User)!, ct);
        return await AfterAsync(id, result, "تأیید شد", ct);
    }

    public async Task<IActionResult> OnPostRejectAsync(long id, string? seen, string? reason, CancellationToken ct)
    {
        var result = await reviews.RejectAsync(id, seen, reason, CurrentUser.From(User)!, ct);
        return await AfterAsync(id, result, "رد شد", ct);
    }

    public async Task<IActionResult> OnPostVerifyAllAsync(long[] ids, CancellationToken ct)
    {
        int done = 0, meanwhile = 0;
        foreach (var id in ids.Distinct().Take(500))
        {
            var result = await reviews.VerifyAsync(id, "submitted", CurrentUser.From(User)!, ct);
            if (result.Ok) done++;
            else if (result.Kind == OutcomeKind.Conflict) meanwhile++;
        }
        Message = $"{Fa.Int(done)} گزارش تأیید شد." + (meanwhile > 0 ? $" {Fa.Int(meanwhile)} گزارش هم‌زمان بررسی شده بود و دست نخورد." : "");
        await LoadAsync(ct);
        return Page();
    }

    /// <summary>The row (htmx) or the page with the outcome: a refusal is a form error, shown under the form.</summary>
    private async Task<IActionResult> AfterAsync(long id, Outcome<ReviewAnswer> result, string done, CancellationToken ct)
    {
        string text = result.Ok ? done : result.Detail;
        if (!result.Ok) Response.StatusCode = result.Kind == OutcomeKind.Conflict ? StatusCodes.Status409Conflict : StatusCodes.Status200OK;
        if (Request.IsHtmx())
        {
            // htmx swaps only 2xx answers: a conflict's row is still shown, so answer it as 200 with the message.
            Response.StatusCode = StatusCodes.Status200OK;
            return Content($"<tr id=\"q{id}\" class=\"{(result.Ok ? "table-success" : "table-danger")}\"><td colspan=\"9\" class=\"small\">گزارش {Fa.Int(id)}: {System.Net.WebUtility.HtmlEncode(text)}</td></tr>", "text/html");
        }
        if (!result.Ok) result.ToFormErrors(ModelState);
        Message = $"گزارش {Fa.Int(id)}: {text}";
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        // The plan asked for, else the remembered choice, else the plan in force (PlanQueries), never next year's.
        var shown = await plans.ShowOnPageAsync(this, Plan, ct);
        Shown = shown.Value ?? new(null, [], false);
        Plan = Shown.Plan?.Id;
        Agencies.AddRange((await db.Agencies.AsNoTracking().OrderBy(a => a.Name).Select(a => new { a.Code, a.Name }).ToListAsync(ct))
            .Select(a => (a.Code, a.Name)));
        var q = from r in db.ProgressReports.AsNoTracking()
                join n in db.PlanNodes on r.NodeId equals n.Id
                join a in db.Agencies on n.LeadAgencyId equals a.Id
                where r.Status == ReportStatus.Submitted && r.PlanId == Plan
                select new { r, n.Code, n.Title, Agency = a.Name, AgencyCode = a.Code };
        if (!string.IsNullOrWhiteSpace(Agency)) q = q.Where(x => x.AgencyCode == Agency);
        var axis = PersianText.ToLatinDigits(Axis ?? "").Trim();
        if (axis.Length > 0) q = q.Where(x => x.Code == axis || x.Code.StartsWith(axis + "."));
        if (Downward) q = q.Where(x => x.r.Justification != null);
        Total = await q.CountAsync(ct);
        var rows = await q.OrderBy(x => x.r.Id).Take(JumpAtLeast is null ? 200 : 2000).ToListAsync(ct);

        // The previous counting value of each action before the report, for the jump.
        var nodeIds = rows.Select(x => x.r.NodeId).Distinct().ToList();
        var history = await db.ProgressReports.AsNoTracking()
            .Where(r => nodeIds.Contains(r.NodeId) && r.Status != ReportStatus.Rejected)
            .Select(r => new { r.Id, r.NodeId, r.ReportDate, r.PercentHundredths }).ToListAsync(ct);
        var byNode = history.GroupBy(h => h.NodeId).ToDictionary(g => g.Key, g => g.OrderBy(h => h.ReportDate).ThenBy(h => h.Id).ToList());
        var evidence = await db.Evidence.AsNoTracking().Where(e => e.ReportId != null && rows.Select(x => x.r.Id).Contains(e.ReportId.Value))
            .GroupBy(e => e.ReportId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key!.Value, g => g.Count, ct);
        foreach (var x in rows)
        {
            var before = byNode[x.r.NodeId].LastOrDefault(h => h.ReportDate < x.r.ReportDate || (h.ReportDate == x.r.ReportDate && h.Id < x.r.Id));
            var item = new Item(x.r.Id, x.r.PlanId, x.r.NodeId, x.Code, x.Title, x.Agency, x.r.ReportDate, x.r.PercentHundredths,
                before?.PercentHundredths, x.r.Note, x.r.Justification, x.r.SubmittedAt, evidence.GetValueOrDefault(x.r.Id));
            if (JumpAtLeast is { } j && Math.Abs(item.Jump) < j) continue;
            Items.Add(item);
            if (Items.Count >= 200) break;
        }
    }
}
