using Microsoft.EntityFrameworkCore;
using Payesh.Domain.Calendar;
using Payesh.Web.Data;
using Payesh.Web.Data.Model;
using Payesh.Web.Features.Account;
using Payesh.Web.Infrastructure;

namespace Payesh.Web.Features.Admin.Calendar;

/// <summary>Changing the reporting calendar (administrators only): holidays, and a plan's working weekdays decided against
/// the version they were read at. Every save is audited by <see cref="PayeshDb"/>.</summary>
public sealed class CalendarCommands(PayeshDb db)
{
    /// <summary>Adds a holiday on <paramref name="date"/> (Jalali, any digits) named <paramref name="title"/>.</summary>
    public async Task<Outcome<long>> AddHolidayAsync(CurrentUser user, string? date, string? title, CancellationToken ct)
    {
        if (!Access.CanAdminister(user)) return Outcome.Forbidden(CalendarQueries.NotAllowed);
        var text = AdminText.Text(title);
        if (!JalaliDate.TryParse(date, out var day, out var error)) return Outcome.Invalid("Date", error);
        if (text is null) return Outcome.Invalid("Title", "عنوان تعطیلی را بنویسید.");
        if (text.Length > 200) return Outcome.Invalid("Title", "عنوان نباید از ۲۰۰ نویسه بیشتر باشد.");
        if (await db.Holidays.AnyAsync(h => h.Date == day.ToDateOnly(), ct))
            return Outcome.Invalid("Date", $"{day.ToPersianString()} پیش‌تر تعطیل ثبت شده است.");
        var holiday = new Holiday { Date = day.ToDateOnly(), Title = text };
        db.Holidays.Add(holiday);
        await db.SaveChangesAsync(ct);
        return holiday.Id;
    }

    /// <summary>Removes a holiday; removing one that is gone already is done too.</summary>
    public async Task<Outcome<long>> RemoveHolidayAsync(CurrentUser user, long id, CancellationToken ct)
    {
        if (!Access.CanAdminister(user)) return Outcome.Forbidden(CalendarQueries.NotAllowed);
        var h = await db.Holidays.FirstOrDefaultAsync(x => x.Id == id, ct);
        if (h is not null)
        {
            db.Holidays.Remove(h);
            await db.SaveChangesAsync(ct);
        }
        return id;
    }

    /// <summary>Sets a plan's working weekdays (0 = Saturday … 6 = Friday), at least one, against the plan's version.</summary>
    public async Task<Outcome<long>> SetWorkingDaysAsync(CurrentUser user, long planId, uint version, int[] days, CancellationToken ct)
    {
        if (!Access.CanAdminister(user)) return Outcome.Forbidden(CalendarQueries.NotAllowed);
        var row = await db.Plans.FirstOrDefaultAsync(p => p.Id == planId, ct);
        if (row is null) return Outcome.NotFound(Plans.PlanQueries.NotFoundMessage);
        var chosen = days.Where(d => d is >= 0 and <= 6).Distinct().Order().ToList();
        if (chosen.Count == 0) return Outcome.Invalid("Days", "دست‌کم یک روز کاری لازم است.");
        if (row.Version != version) return Outcome.Conflict(AdminText.Conflict);
        row.WorkingDays = string.Join(',', chosen);
        db.Entry(row).Property(p => p.Version).OriginalValue = version;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return Outcome.Conflict(AdminText.Conflict);
        }
        return row.Id;
    }
}
