using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Payesh.Web.Features.Account;

namespace Payesh.Web.Features.Admin.Users;

/// <summary>The users, filtered by role, agency, state and a search text (<see cref="AdminQueries.UsersAsync"/>).</summary>
public sealed class IndexModel(AdminQueries admin) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Role { get; set; }
    [BindProperty(SupportsGet = true)] public long? Agency { get; set; }
    [BindProperty(SupportsGet = true)] public string? Status { get; set; }
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [TempData] public string? Message { get; set; }

    public List<UserListRow> Rows { get; private set; } = [];
    public List<AgencyChoice> Agencies { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var me = CurrentUser.From(User)!;
        var agencies = await admin.AgencyChoicesAsync(me, ct);
        var rows = await admin.UsersAsync(me, new UserFilter(Role, Agency, Status, Q), ct);
        if (agencies.Value is not { } a || rows.Value is not { } r) return Forbid();
        (Agencies, Rows) = (a, r);
        return Page();
    }
}
