using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Payesh.Domain.Text;

namespace Payesh.Web.Features.Plans.Edit;

/// <summary>Copies a plan to a new year as a draft: the tree as it stands, dates moved by year; no progress. The plan from
/// <see cref="AuthoringQueries.PlanAsync"/>, the copy by <see cref="PlanLifecycle.CopyAsync"/>.</summary>
public sealed class CopyModel(AuthoringQueries queries, PlanLifecycle lifecycle) : AuthoringPage
{
    [BindProperty] public string? Year { get; set; }
    [BindProperty] public string? Title { get; set; }

    public Data.Model.PlanRow Plan { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        if ((await queries.PlanAsync(Author, id, ct)).Value is not { } plan) return NotFound();
        Plan = plan;
        Year = PersianText.ToPersianDigits(plan.Year + 1);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long id, CancellationToken ct)
    {
        if ((await queries.PlanAsync(Author, id, ct)).Value is not { } plan) return NotFound();
        Plan = plan;
        var outcome = await lifecycle.CopyAsync(Author, id, Year, Title, ct);
        Show(outcome, path => path switch { PlanLifecycle.YearPath => nameof(Year), "title" => nameof(Title), _ => null });
        if (!outcome.Ok) return Page();
        TempData["Message"] = "رونوشت پیش‌نویس برنامه ساخته شد؛ تاریخ‌ها به سال تازه رفته‌اند و پیشرفتی از برنامه پیشین برده نشده است.";
        return Redirect($"/Plans/{outcome.Value!.PlanId}/Edit");
    }
}
