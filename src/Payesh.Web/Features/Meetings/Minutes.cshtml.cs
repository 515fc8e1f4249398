using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Payesh.Web.Data;
using Payesh.Web.Data.Model;
using Payesh.Web.Features.Resolutions;
using Payesh.Web.Infrastructure;

namespace Payesh.Web.Features.Meetings;

/// <summary>صورتجلسه: the meeting's minutes as an A4, right-to-left page for printing and signing.</summary>
public sealed class MinutesModel(PayeshDb db, PayeshClock clock) : PageModel
{
    public Meeting Meeting { get; private set; } = null!;
    public List<ResolutionRow> Resolutions { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        var meeting = await db.Meetings.AsNoTracking().Include(m => m.Agenda).FirstOrDefaultAsync(m => m.Id == id, ct);
        if (meeting is null) return NotFound();
        Meeting = meeting;
        (Resolutions, _) = await ResolutionQueries.ListAsync(db, new ResolutionFilter { Meeting = id }, clock.Today, 1000, ct);
        Resolutions = [.. Resolutions.OrderBy(r => r.Seq)];
        return Page();
    }
}
