using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Payesh.Web.Features.Account;

namespace Payesh.Web.Features.Audit;

/// <summary>«سابقه تغییرات» of one thing: an action with its reports and reviews, a user with roles and tokens, an agency…
/// (<see cref="AuditQueries.HistoryAsync"/>).</summary>
public sealed class HistoryModel(AuditQueries audit) : PageModel
{
    public const int Limit = AuditQueries.HistoryLimit;

    [BindProperty(SupportsGet = true)] public string? Entity { get; set; }
    [BindProperty(SupportsGet = true)] public string? Id { get; set; }

    public string Heading { get; private set; } = "";
    public string? BackLink { get; private set; }
    public string? BackText { get; private set; }
    public List<AuditRow> Rows { get; private set; } = [];
    public int Total { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(Entity) || string.IsNullOrWhiteSpace(Id)) return Redirect("/Audit");
        var history = await audit.HistoryAsync(CurrentUser.From(User)!, Entity, Id, ct);
        if (history.Value is not { } h) return Forbid();
        (Heading, BackLink, BackText, Rows, Total) = (h.Heading, h.BackLink, h.BackText, h.Rows, h.Total);
        return Page();
    }
}
