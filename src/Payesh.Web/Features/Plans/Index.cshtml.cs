using Microsoft.AspNetCore.Mvc.RazorPages;
using Payesh.Web.Features.Account;

namespace Payesh.Web.Features.Plans;

/// <summary>The plans and their progress; a thin adapter over <see cref="PlanQueries.CardsAsync"/> (drafts are listed for
/// staff only).</summary>
public sealed class IndexModel(PlanQueries plans) : PageModel
{
    public IReadOnlyList<PlanCard> Plans { get; private set; } = [];
    public bool CanManage { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) =>
        (Plans, CanManage) = await plans.CardsAsync(CurrentUser.From(User)!, ct);

    public static string StateName(Data.Model.PlanState s) => PlanQueries.StateName(s);
}
