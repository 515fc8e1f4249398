using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Payesh.Web.Data.Model;
using Payesh.Web.Features.Resolutions;

namespace Payesh.Web.Features.Meetings;

/// <summary>صورتجلسه: the meeting's minutes as an A4, right-to-left page for printing and signing; a thin adapter over
/// <see cref="MeetingQueries.MinutesAsync"/>.</summary>
public sealed class MinutesModel(MeetingQueries queries) : PageModel
{
    public Meeting Meeting { get; private set; } = null!;
    public List<ResolutionRow> Resolutions { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        var minutes = await queries.MinutesAsync(id, ct);
        if (!minutes.Ok) return NotFound();
        (Meeting, Resolutions) = (minutes.Value!.Meeting, minutes.Value.Resolutions);
        return Page();
    }
}
