using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Payesh.Domain.Calendar;
using Payesh.Domain.Text;
using Payesh.Web.Data;

namespace Payesh.Web.Features.Audit;

/// <summary>The audit trail, newest first, filtered by entity, user and Jalali dates.</summary>
public sealed class IndexModel(PayeshDb db) : PageModel
{
    public const int PageSize = 50;

    [BindProperty(SupportsGet = true)] public string? Entity { get; set; }
    [BindProperty(SupportsGet = true, Name = "id")] public string? EntityId { get; set; }
    /// <summary>A user name as recorded in the trail.</summary>
    [BindProperty(SupportsGet = true, Name = "user")] public string? Who { get; set; }
    [BindProperty(SupportsGet = true)] public string? UserId { get; set; }
    [BindProperty(SupportsGet = true)] public string? From { get; set; }
    [BindProperty(SupportsGet = true)] public string? To { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int PageNumber { get; set; } = 1;

    public List<string> EntityTypes { get; private set; } = [];
    public List<AuditRow> Rows { get; private set; } = [];
    public int Total { get; private set; }
    public int Pages => Math.Max(1, (Total + PageSize - 1) / PageSize);
    public string? UserIdName { get; private set; }
    public List<string> Errors { get; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        EntityTypes = await db.AuditEntries.AsNoTracking().Select(a => a.EntityType).Distinct().OrderBy(t => t).ToListAsync(ct);

        DateTimeOffset? from = null, to = null;
        if (!string.IsNullOrWhiteSpace(From))
        {
            if (JalaliDate.TryParse(From, out var d, out var error)) from = AuditQueries.StartOf(d);
            else Errors.Add($"تاریخ «از»: {error}");
        }
        if (!string.IsNullOrWhiteSpace(To))
        {
            if (JalaliDate.TryParse(To, out var d, out var error)) to = AuditQueries.StartOf(d.AddDays(1));
            else Errors.Add($"تاریخ «تا»: {error}");
        }
        if (from is not null && to is not null && from >= to) Errors.Add("تاریخ «از» پس از تاریخ «تا» است.");
        if (Errors.Count > 0) return;

        var q = AuditQueries.Between(db, from, to).AsNoTracking();
        if (!string.IsNullOrWhiteSpace(Entity)) q = q.Where(a => a.EntityType == Entity);
        var entityId = PersianText.Normalize(EntityId) is { Length: > 0 } id ? PersianText.ToLatinDigits(id) : null;
        if (entityId is not null) q = q.Where(a => a.EntityId == entityId);
        var who = PersianText.Normalize(Who);
        if (!string.IsNullOrEmpty(who)) q = q.Where(a => a.UserName == who);
        if (!string.IsNullOrWhiteSpace(UserId))
        {
            q = q.Where(a => a.UserId == UserId);
            UserIdName = await db.Users.AsNoTracking().Where(u => u.Id == UserId).Select(u => u.DisplayName + " (" + u.UserName + ")").FirstOrDefaultAsync(ct) ?? UserId;
        }

        Total = await q.CountAsync(ct);
        PageNumber = Math.Clamp(PageNumber, 1, Pages);
        var entries = await q.OrderByDescending(a => a.Id).Skip((PageNumber - 1) * PageSize).Take(PageSize).ToListAsync(ct);
        Rows = await AuditView.RowsAsync(db, entries, ct);
    }

    public string PageLink(int page)
    {
        var query = new List<string>();
        void Add(string name, string? value)
        {
            if (!string.IsNullOrWhiteSpace(value)) query.Add(name + "=" + Uri.EscapeDataString(value));
        }
        Add("entity", Entity);
        Add("id", EntityId);
        Add("user", Who);
        Add("userId", UserId);
        Add("from", From);
        Add("to", To);
        if (page > 1) query.Add("p=" + page.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return "/Audit" + (query.Count > 0 ? "?" + string.Join('&', query) : "");
    }
}
