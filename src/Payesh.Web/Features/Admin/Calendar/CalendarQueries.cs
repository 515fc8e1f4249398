using Microsoft.EntityFrameworkCore;
using Payesh.Web.Data;
using Payesh.Web.Data.Model;
using Payesh.Web.Features.Account;
using Payesh.Web.Features.Reports;
using Payesh.Web.Infrastructure;

namespace Payesh.Web.Features.Admin.Calendar;

/// <summary>A plan's working weekdays (0 = Saturday) and the version they were read at.</summary>
public sealed record PlanDays(long Id, string Title, IReadOnlySet<int> Days, uint Version);

/// <summary>The reporting calendar: holidays (newest first) and every plan's working weekdays.</summary>
public sealed record ReportingCalendar(List<Holiday> Holidays, List<PlanDays> Plans);

/// <summary>The reporting calendar's reads: administrators' only (<see cref="Access.CanAdminister"/>).</summary>
public sealed class CalendarQueries(PayeshDb db)
{
    public const string NotAllowed = "تقویم گزارش‌دهی را مدیر سامانه تنظیم می‌کند.";

    public async Task<Outcome<ReportingCalendar>> ShowAsync(CurrentUser user, CancellationToken ct)
    {
        if (!Access.CanAdminister(user)) return Outcome.Forbidden(NotAllowed);
        var holidays = await db.Holidays.AsNoTracking().OrderByDescending(h => h.Date).ToListAsync(ct);
        var plans = (await db.Plans.AsNoTracking().OrderByDescending(p => p.Year).ThenByDescending(p => p.Id)
                .Select(p => new { p.Id, p.Title, p.WorkingDays, p.Version }).ToListAsync(ct))
            .Select(p => new PlanDays(p.Id, p.Title, MissingReports.WorkingDays(p.WorkingDays), p.Version)).ToList();
        return new ReportingCalendar(holidays, plans);
    }
}
