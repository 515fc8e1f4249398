using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Payesh.Web.Data;
using Payesh.Web.Data.Model;
using Payesh.Web.Features.Account;
using Payesh.Web.Infrastructure;

namespace Payesh.Web.Features.Meetings;

/// <summary>جلسات ستاد: every meeting, newest first.</summary>
public sealed class IndexModel(PayeshDb db) : PageModel
{
    public sealed record Row(long Id, int Number, string Title, DateOnly Date, string? Place, MeetingState State, int Agenda, int Resolutions);

    public List<Row> Rows { get; private set; } = [];
    public bool CanManage { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        CanManage = Access.CanManageMeetings(CurrentUser.From(User)!);
        Rows = await db.Meetings.AsNoTracking().OrderByDescending(m => m.Number)
            .Select(m => new Row(m.Id, m.Number, m.Title, m.Date, m.Place, m.State, m.Agenda.Count, db.Resolutions.Count(r => r.MeetingId == m.Id)))
            .ToListAsync(ct);
    }
}
