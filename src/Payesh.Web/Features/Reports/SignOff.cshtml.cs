using Htmx;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Payesh.Web.Features.Account;
using Payesh.Web.Features.Obstacles;
using Payesh.Web.Infrastructure;

namespace Payesh.Web.Features.Reports;

/// <summary>تأیید مدیر دستگاه: in a plan with two-level sign-off, the agency manager confirms the reporters' reports
/// (on to the secretariat) or returns them with a reason, and sees who has reported today. A thin adapter over <see cref="SignOffService"/>.</summary>
public sealed class SignOffModel(SignOffService signOff) : PageModel
{
    [BindProperty(SupportsGet = true)] public long? Plan { get; set; }

    public List<(long Id, string Title)> Plans { get; private set; } = [];
    public List<SignOffRow> Rows { get; private set; } = [];
    public int Total { get; private set; }
    public List<ReporterDay> Reporters { get; private set; } = [];
    public string? Message { get; private set; }
    public Dictionary<long, string> RowErrors { get; } = [];

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostConfirmAsync(long id, CancellationToken ct) =>
        await AfterAsync(id, await signOff.ConfirmAsync(id, CurrentUser.From(User)!, ct), "تأیید شد و به دبیرخانه رفت", ct);

    public async Task<IActionResult> OnPostReturnAsync(long id, string? reason, CancellationToken ct) =>
        await AfterAsync(id, await signOff.ReturnAsync(id, reason, CurrentUser.From(User)!, ct), "به کارشناس بازگردانده شد", ct);

    private async Task<IActionResult> AfterAsync(long id, Outcome<long> outcome, string done, CancellationToken ct)
    {
        if (outcome.Kind == OutcomeKind.NotFound) return NotFound();
        if (outcome.Kind == OutcomeKind.Forbidden) return Forbid();
        if (Request.IsHtmx())
        {
            if (outcome.Ok)
                return Content($"<tr id=\"s{id}\" class=\"table-success\" data-report-id=\"{id}\" data-decided=\"true\"><td colspan=\"7\" class=\"small\">گزارش {Fa.Int(id)}: {done}</td></tr>", "text/html");
            await LoadAsync(ct);
            var row = Rows.FirstOrDefault(r => r.Id == id);
            if (row is not null) return Partial("_SignOffRow", new SignOffRowView(row, outcome.Detail));
            return Content($"<tr id=\"s{id}\" class=\"table-danger\" data-report-id=\"{id}\"><td colspan=\"7\" class=\"small\">گزارش {Fa.Int(id)}: {System.Net.WebUtility.HtmlEncode(outcome.Detail)}</td></tr>", "text/html");
        }
        Message = $"گزارش {Fa.Int(id)}: {(outcome.Ok ? done : outcome.Detail)}";
        if (!outcome.Ok) RowErrors[id] = outcome.Detail;
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var page = await signOff.PageAsync(CurrentUser.From(User)!, Plan, ct);
        (Plans, Plan, Rows, Total, Reporters) = (page.Plans, page.Plan, page.Rows, page.Total, page.Reporters);
    }
}

public sealed record SignOffRowView(SignOffRow Row, string? Error);
