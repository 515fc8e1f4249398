using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Payesh.Web.Data.Model;
using Payesh.Web.Features.Account;
using Payesh.Web.Features.Plans;
using Payesh.Web.Infrastructure;

namespace Payesh.Web.Features.Reports;

/// <summary>گزارش‌های نرسیده: who has not reported on a working day, by agency and action. A thin adapter over
/// <see cref="MissingQueries"/> and <see cref="MissingCommands"/>.</summary>
public sealed class MissingModel(PlanQueries plans, MissingQueries missing, MissingCommands commands) : PageModel
{
    [BindProperty(SupportsGet = true)] public long? Plan { get; set; }
    [BindProperty(SupportsGet = true)] public string? Day { get; set; }

    public PlanShown Shown { get; private set; } = new(null, [], false);
    public MissingReports.Result? Result { get; private set; }
    public string? Message { get; private set; }
    public bool CanRemind { get; private set; }
    private CurrentUser _user = null!;

    public string? FillLink(MissingReports.AgencyMissing a, MissingReports.MissingAction m) =>
        Result is { } r && Plan is { } plan ? MissingQueries.FillLink(_user, plan, r.Day, a, m) : null;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ?? Page();

    public async Task<IActionResult> OnPostRemindAsync(CancellationToken ct)
    {
        _user = CurrentUser.From(User)!;
        if (!Access.IsStaff(_user)) return Forbid();
        if (await LoadAsync(ct) is { } failed) return failed;
        if (Plan is { } plan && Result is { WorkingDay: true })
        {
            var sent = await commands.RemindAsync(_user, plan, Day, ct);
            Message = sent.Ok ? $"یادآوری برای {Fa.Int(sent.Value)} کاربر فرستاده شد." : sent.Detail;
        }
        return Page();
    }

    /// <summary>The plan shown and its missing reports; a failure to answer with instead of the page, if any.</summary>
    private async Task<IActionResult?> LoadAsync(CancellationToken ct)
    {
        _user = CurrentUser.From(User)!;
        if (!Access.CanSeeMissing(_user, _user.AgencyId)) return Forbid();
        CanRemind = Access.IsStaff(_user);
        // Communicated plans only (a draft owes no reports); by default the plan in force (PlanQueries).
        var shown = await plans.ShowOnPageAsync(this, Plan, ct, only: p => p.State == PlanState.Approved);
        Shown = shown.Value ?? new(null, [], false);
        if (Shown.Plan is null)
        {
            Message = "برنامه ابلاغ‌شده‌ای در جریان نیست.";
            return null;
        }
        Plan = Shown.Plan.Id;
        var view = await missing.ShowAsync(_user, Shown.Plan.Id, Day, ct);
        if (view.Kind == OutcomeKind.Forbidden) return Forbid();
        if (view.Value is not { } v) return NotFound();
        (Result, Message) = (v.Result, v.DayError);
        Day = v.Result.Day.ToString();
        return null;
    }
}
