using Payesh.Domain.Calendar;
using Payesh.Web.Data;
using Payesh.Web.Data.Model;
using Payesh.Web.Features.Account;
using Payesh.Web.Features.Plans;
using Payesh.Web.Infrastructure;

namespace Payesh.Web.Features.Reports;

/// <summary>
/// The Excel day sheet's form (برگه روزانه اکسل) on the clock's day: the plan (one the user may see that takes reports today), the
/// plans to switch between, the agency (<see cref="ReportingAgency"/>: staff choose, anyone else gets their own) and the day.
/// <paramref name="Message"/> says why there is no sheet at all; <paramref name="DayError"/> why the day asked for was not taken.
/// </summary>
public sealed record DaySheetForm(PlanRow? Plan, List<(long Id, string Title)> Plans, List<(string Code, string Name)> Agencies, AgencyRow? Agency,
    JalaliDate Day, string? Message, string? DayError)
{
    /// <summary>A sheet can be downloaded or uploaded for <see cref="Plan"/> and <see cref="Agency"/>.</summary>
    public bool Ready => Message is null;
}

public sealed class SheetQueries(PayeshDb db, PlanQueries plans, PayeshClock clock)
{
    public const string NoPlanRunning = "امروز هیچ برنامه ابلاغ‌شده‌ای در جریان نیست که گزارش بپذیرد.";

    /// <summary>The form for <paramref name="agencyCode"/> on <paramref name="day"/> (empty: today) of the plan shown
    /// (<see cref="PlanQueries.ShowAsync"/> narrowed by <see cref="TodayQueries.TakesReports"/>); the plan is checked again here.</summary>
    public async Task<DaySheetForm> FormAsync(CurrentUser user, Outcome<PlanShown> shown, string? agencyCode, string? day, CancellationToken ct)
    {
        var today = clock.Today;
        var todayDate = today.ToDateOnly();
        if (!shown.Ok || shown.Value!.Plan is not { } asked || await plans.FindAsync(user, asked.Id, ct) is not { } plan
            || !TodayQueries.TakesReports(todayDate)(new PlanChoice(plan.Id, plan.Title, plan.Year, plan.StartDate, plan.EndDate, plan.State)))
            return new DaySheetForm(null, [], [], null, today, NoPlanRunning, null);
        var choices = shown.Value.Choices.Select(p => (p.Id, p.Title)).ToList();
        var (_, agencies, agency) = await ReportingAgency.ChooseAsync(db, user, agencyCode, ct);
        if (agency is null) return new DaySheetForm(plan, choices, agencies, null, today, TodayQueries.NoAgency, null);
        var (sheetDay, dayError) = TodayQueries.ReportDay(day, today, JalaliDate.FromDateOnly(plan.StartDate));
        return new DaySheetForm(plan, choices, agencies, agency, sheetDay, null, dayError);
    }
}
