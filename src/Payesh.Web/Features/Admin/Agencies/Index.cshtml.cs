using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Payesh.Web.Features.Account;

namespace Payesh.Web.Features.Admin.Agencies;

/// <summary>The agencies, with how many users and actions depend on each (<see cref="AdminQueries.AgenciesAsync"/>).</summary>
public sealed class IndexModel(AdminQueries admin) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true)] public string? Status { get; set; }
    [TempData] public string? Message { get; set; }

    public List<AgencyListRow> Rows { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var rows = await admin.AgenciesAsync(CurrentUser.From(User)!, Q, Status, ct);
        if (rows.Value is not { } r) return Forbid();
        Rows = r;
        return Page();
    }
}
