using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Payesh.Web.Data;
using Payesh.Web.Features.Account;

namespace Payesh.Web.Features.Audit;

/// <summary>Recomputes the whole chain (the same check as <c>verify-audit</c>) and shows where it first breaks
/// (<see cref="AuditQueries.VerifyAsync"/>).</summary>
public sealed class VerifyModel(AuditQueries audit) : PageModel
{
    public AuditChainResult Result { get; private set; } = null!;
    public AuditRow? BrokenRow { get; private set; }
    public string? ComputedHash { get; private set; }
    public TimeSpan Took { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var check = await audit.VerifyAsync(CurrentUser.From(User)!, ct);
        if (check.Value is not { } c) return Forbid();
        (Result, Took, BrokenRow, ComputedHash) = (c.Result, c.Took, c.BrokenRow, c.ComputedHash);
        return Page();
    }
}
