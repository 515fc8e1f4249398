using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Payesh.Web.Data.Model;
using Payesh.Web.Features.Account;
using Payesh.Web.Infrastructure;

namespace Payesh.Web.Features.Admin.Calendar;

/// <summary>Reporting calendar: the holidays on which no report is due, and each plan's working weekdays. A thin adapter over
/// <see cref="CalendarQueries"/> and <see cref="CalendarCommands"/>.</summary>
public sealed class IndexModel(CalendarQueries calendar, CalendarCommands commands) : PageModel
{
    public List<Holiday> Holidays { get; private set; } = [];
    public List<PlanDays> Plans { get; private set; } = [];
    public string? Message { get; private set; }
    public string? Error { get; private set; }

    [BindProperty] public string? Date { get; set; }
    [BindProperty] public string? Title { get; set; }

    private CurrentUser Me => CurrentUser.From(User)!;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAddAsync(CancellationToken ct) =>
        await AnswerAsync(await commands.AddHolidayAsync(Me, Date, Title, ct), "added", ct);

    public async Task<IActionResult> OnPostRemoveAsync(long id, CancellationToken ct) =>
        await AnswerAsync(await commands.RemoveHolidayAsync(Me, id, ct), "removed", ct);

    public async Task<IActionResult> OnPostDaysAsync(long plan, uint version, int[] days, CancellationToken ct) =>
        await AnswerAsync(await commands.SetWorkingDaysAsync(Me, plan, version, days, ct), "days", ct);

    /// <summary>Done: back to the calendar with a message; refused: the calendar with the reason.</summary>
    private async Task<IActionResult> AnswerAsync(Outcome<long> outcome, string done, CancellationToken ct)
    {
        if (outcome.Ok) return RedirectToPage(new { done });
        if (outcome.Kind == OutcomeKind.Forbidden) return Forbid();
        if (outcome.Kind == OutcomeKind.NotFound) return NotFound();
        Error = outcome.Detail;
        return await LoadAsync(ct);
    }

    private async Task<IActionResult> LoadAsync(CancellationToken ct)
    {
        var shown = await calendar.ShowAsync(Me, ct);
        if (shown.Value is not { } c) return Forbid();
        Message = Request.Query["done"].FirstOrDefault() switch
        {
            "added" => "تعطیلی ثبت شد.",
            "removed" => "تعطیلی حذف شد.",
            "days" => "روزهای کاری برنامه ذخیره شد.",
            _ => null,
        };
        (Holidays, Plans) = (c.Holidays, c.Plans);
        return Page();
    }
}
