using Microsoft.AspNetCore.Mvc.RazorPages;
using Payesh.Web.Data;

namespace Payesh.Web.Features.Audit;

/// <summary>Recomputes the whole chain (the same check as <c>verify-audit</c>) and shows where it first breaks.</summary>
public sealed class VerifyModel(PayeshDb db) : PageModel
{
    public AuditChainResult Result { get; private set; } = null!;
    public AuditRow? BrokenRow { get; private set; }
    public string? ComputedHash { get; private set; }
    public TimeSpan Took { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        Result = await AuditChain.VerifyAsync(db, ct);
        Took = watch.Elapsed;
        if (Result.FirstBreak?.Entry is { } e)
        {
            BrokenRow = (await AuditView.RowsAsync(db, [e], ct))[0];
            ComputedHash = Result.KeyedFromId is { } keyed && e.Id >= keyed ? AuditHash.Compute(e, db.AuditKey!) : AuditHash.ComputeUnkeyed(e);
        }
    }
}
