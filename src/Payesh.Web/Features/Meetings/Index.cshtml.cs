using Microsoft.AspNetCore.Mvc.RazorPages;
using Payesh.Web.Features.Account;

namespace Payesh.Web.Features.Meetings;

/// <summary>جلسات ستاد: every meeting, newest first; a thin adapter over <see cref="MeetingQueries.PageAsync"/>.</summary>
public sealed class IndexModel(MeetingQueries queries) : PageModel
{
    public List<MeetingRow> Rows { get; private set; } = [];
    public bool CanManage { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var list = await queries.PageAsync(CurrentUser.From(User)!, ct);
        (Rows, CanManage) = (list.Rows, list.CanManage);
    }
}
