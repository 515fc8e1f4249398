using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Payesh.Domain.Calendar;
using Payesh.Web.Data;
using Payesh.Web.Data.Model;
using Payesh.Web.Features.Account;
using Payesh.Web.Features.Progress;
using Payesh.Web.Features.Plans;
using Payesh.Web.Infrastructure;

namespace Payesh.Web.Features.Reports;

/// <summary>گزارش‌های نرسیده: who has not reported on a working day, by agency and action.</summary>
public sealed class MissingModel(PayeshDb db, PlanQueries plans, PlanEngines engines, PayeshClock clock, Notifier notifier) : PageModel
{
    [BindProperty(SupportsGet = true)] public long? Plan { get; set; }
    [BindProperty(SupportsGet = true)] public string? Day { get; set; }

    public PlanShown Shown { get; private set; } = new(null, [], false);
    public MissingReports.Result? Result { get; private set; }
    public string? Message { get; private set; }
    public bool CanRemind { get; private set; }
    private CurrentUser? _user;

    /// <summary>Where a gap is filled (issue 11 § 4): the Today page of that agency with that day picked, for users who
    /// may report for the agency (Access.CanReport); null for those who may not (viewers).</summary>
    public string? FillLink(MissingReports.AgencyMissing a, MissingReports.MissingAction m) =>
        _user is { } u && Access.CanReport(u, a.AgencyId) && Result is { } r
            ? $"/Reports/Today?plan={Plan}&agency={Uri.EscapeDataString(a.AgencyCode)}&day={Uri.EscapeDataString(r.Day.ToString())}#r{m.NodeId}"
            : null;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var user = CurrentUser.From(User)!;
        if (!Access.CanSeeMissing(user, user.AgencyId)) return Forbid();
        await LoadAsync(user, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostRemindAsync(CancellationToken ct)
    {
        var user = CurrentUser.From(User)!;
        if (!Access.IsStaff(user)) return Forbid();
        await LoadAsync(user, ct);
        if (Result is { WorkingDay: true })
        {
            int n = await notifier.RemindMissingAsync(Result, ct);
            Message = $"یادآوری برای {Fa.Int(n)} کاربر فرستاده شد.";
        }
        return Page();
    }

    private async Task LoadAsync(CurrentUser user, CancellationToken ct)
    {
        CanRemind = Access.IsStaff(user);
        _user = user;
        var today = clock.Today;
        // Communicated plans only (a draft owes no reports); by default the plan in force (PlanQueries).
        var shown = await plans.ShowOnPageAsync(this, Plan, ct, only: p => p.State == PlanState.Approved);
        Shown = shown.Value ?? new(null, [], false);
        if (Shown.Plan is null)
        {
            Message = "برنامه ابلاغ‌شده‌ای در جریان نیست.";
            return;
        }
        Plan = Shown.Plan.Id;
        var day = today;
        if (!string.IsNullOrWhiteSpace(Day))
        {
            if (JalaliDate.TryParse(Day, out var d, out var error)) day = d;
            else Message = error;
        }
        Day = day.ToString();
        long? agency = Access.IsStaff(user) || user.Roles.Contains(Roles.Viewer) ? null : user.AgencyId;
        Result = await MissingReports.ComputeAsync(db, engines, Plan!.Value, day, agency, ct);
    }
}
