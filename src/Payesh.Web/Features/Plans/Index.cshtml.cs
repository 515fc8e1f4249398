using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Payesh.Domain.Calendar;
using Payesh.Domain.Progress;
using Payesh.Web.Data;
using Payesh.Web.Features.Account;
using Payesh.Web.Features.Progress;
using Payesh.Web.Infrastructure;

namespace Payesh.Web.Features.Plans;

public sealed class IndexModel(PayeshDb db, PlanQueries plans, PlanEngines engines, PayeshClock clock) : PageModel
{
    public sealed record PlanCard(long Id, string Title, int Year, JalaliDate Start, JalaliDate End, string State, JalaliDate AsOf, NodeFigures Figures, int Actions);

    public List<PlanCard> Plans { get; } = [];
    public bool CanManage { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var today = clock.Today;
        var user = CurrentUser.From(User)!;
        // Drafts are the secretariat's work in progress: PlanQueries lists them for staff only.
        var rows = await plans.Visible(user).OrderByDescending(p => p.Year).ThenByDescending(p => p.Id).ToListAsync(ct);
        CanManage = Access.CanManagePlans(user);
        foreach (var p in rows)
        {
            var e = await engines.GetAsync(db, p.Id, ct);
            if (e is null) continue;
            var start = JalaliDate.FromDateOnly(p.StartDate);
            var end = JalaliDate.FromDateOnly(p.EndDate);
            // A past plan is shown at its end, a running one today.
            var asOf = today > end ? end : today;
            Plans.Add(new PlanCard(p.Id, p.Title, p.Year, start, end, StateName(p.State), asOf, e.At(asOf.DayNumber).Figures(0, asOf.DayNumber), e.Engine.ActionCount));
        }
    }

    public static string StateName(Data.Model.PlanState s) => PlanQueries.StateName(s);
}
