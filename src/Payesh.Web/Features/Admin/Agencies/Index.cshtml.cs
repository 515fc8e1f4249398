using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Payesh.Domain.Plans;
using Payesh.Web.Data;

namespace Payesh.Web.Features.Admin.Agencies;

/// <summary>The agencies, with how many users and actions depend on each.</summary>
public sealed class IndexModel(PayeshDb db) : PageModel
{
    public sealed record Row(long Id, string Code, string Name, AgencyKind Kind, bool IsActive, int Users, int Actions);

    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true)] public string? Status { get; set; }
    [TempData] public string? Message { get; set; }

    public List<Row> Rows { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var q = db.Agencies.AsNoTracking();
        if (AdminText.Text(Q) is { } text)
        {
            var code = text.ToUpperInvariant();
            q = q.Where(a => a.Name.Contains(text) || a.Code.Contains(code));
        }
        if (Status == "active") q = q.Where(a => a.IsActive);
        else if (Status == "inactive") q = q.Where(a => !a.IsActive);
        var agencies = await q.OrderBy(a => a.Code).ToListAsync(ct);
        var users = await db.Users.AsNoTracking().Where(u => u.AgencyId != null).GroupBy(u => u.AgencyId!.Value)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        var actions = await db.PlanNodes.AsNoTracking().Where(n => n.LeadAgencyId != null).GroupBy(n => n.LeadAgencyId!.Value)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        Rows = [.. agencies.Select(a => new Row(a.Id, a.Code, a.Name, a.Kind, a.IsActive, users.GetValueOrDefault(a.Id), actions.GetValueOrDefault(a.Id)))];
    }
}
