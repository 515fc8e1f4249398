using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Payesh.Domain.Calendar;
using Payesh.Web.Data;
using Payesh.Web.Data.Model;
using Payesh.Web.Features.Reports;

namespace Payesh.Web.Features.Admin.Calendar;

/// <summary>Reporting calendar: the holidays on which no report is due, and each plan's working weekdays.</summary>
public sealed class IndexModel(PayeshDb db) : PageModel
{
    public sealed record PlanDays(long Id, string Title, IReadOnlySet<int> Days, uint Version);

    public List<Holiday> Holidays { get; private set; } = [];
    public List<PlanDays> Plans { get; private set; } = [];
    public string? Message { get; private set; }
    public string? Error { get; private set; }

    [BindProperty] public string? Date { get; set; }
    [BindProperty] public string? Title { get; set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAddAsync(CancellationToken ct)
    {
        var title = AdminText.Text(Title);
        if (!JalaliDate.TryParse(Date, out var day, out var error)) Error = error;
        else if (title is null) Error = "عنوان تعطیلی را بنویسید.";
        else if (title.Length > 200) Error = "عنوان نباید از ۲۰۰ نویسه بیشتر باشد.";
        else if (await db.Holidays.AnyAsync(h => h.Date == day.ToDateOnly(), ct)) Error = $"{day.ToPersianString()} پیش‌تر تعطیل ثبت شده است.";
        if (Error is not null)
        {
            await LoadAsync(ct);
            return Page();
        }
        db.Holidays.Add(new Holiday { Date = day.ToDateOnly(), Title = title! });
        await db.SaveChangesAsync(ct);
        return RedirectToPage(new { done = "added" });
    }

    public async Task<IActionResult> OnPostRemoveAsync(long id, CancellationToken ct)
    {
        var h = await db.Holidays.FirstOrDefaultAsync(x => x.Id == id, ct);
        if (h is not null)
        {
            db.Holidays.Remove(h);
            await db.SaveChangesAsync(ct);
        }
        return RedirectToPage(new { done = "removed" });
    }

    public async Task<IActionResult> OnPostDaysAsync(long plan, uint version, int[] days, CancellationToken ct)
    {
        var row = await db.Plans.FirstOrDefaultAsync(p => p.Id == plan, ct);
        if (row is null) return NotFound();
        var chosen = days.Where(d => d is >= 0 and <= 6).Distinct().Order().ToList();
        if (chosen.Count == 0) Error = "دست‌کم یک روز کاری لازم است.";
        else if (row.Version != version) Error = AdminText.Conflict;
        if (Error is not null)
        {
            await LoadAsync(ct);
            return Page();
        }
        row.WorkingDays = string.Join(',', chosen);
        db.Entry(row).Property(p => p.Version).OriginalValue = version;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            Error = AdminText.Conflict;
            db.ChangeTracker.Clear();
            await LoadAsync(ct);
            return Page();
        }
        return RedirectToPage(new { done = "days" });
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Message = Request.Query["done"].FirstOrDefault() switch
        {
            "added" => "تعطیلی ثبت شد.",
            "removed" => "تعطیلی حذف شد.",
            "days" => "روزهای کاری برنامه ذخیره شد.",
            _ => null,
        };
        Holidays = await db.Holidays.AsNoTracking().OrderByDescending(h => h.Date).ToListAsync(ct);
        Plans = (await db.Plans.AsNoTracking().OrderByDescending(p => p.Year).ThenByDescending(p => p.Id)
                .Select(p => new { p.Id, p.Title, p.WorkingDays, p.Version }).ToListAsync(ct))
            .Select(p => new PlanDays(p.Id, p.Title, MissingReports.WorkingDays(p.WorkingDays), p.Version)).ToList();
    }
}
