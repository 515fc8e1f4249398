using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Payesh.Web.Data;
using Payesh.Web.Features.Account;
using Payesh.Web.Infrastructure;

namespace Payesh.Web.Features.Audit;

/// <summary>«سابقه تغییرات» of one thing: an action with its reports and reviews, a user with roles and tokens, an agency…</summary>
public sealed class HistoryModel(PayeshDb db) : PageModel
{
    public const int Limit = 300;

    [BindProperty(SupportsGet = true)] public string? Entity { get; set; }
    [BindProperty(SupportsGet = true)] public string? Id { get; set; }

    public string Heading { get; private set; } = "";
    public string? BackLink { get; private set; }
    public string? BackText { get; private set; }
    public List<AuditRow> Rows { get; private set; } = [];
    public int Total { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(Entity) || string.IsNullOrWhiteSpace(Id)) return Redirect("/Audit");
        var me = CurrentUser.From(User);
        Heading = AuditView.EntityName(Entity) + " " + AuditView.Display(Id);
        switch (Entity)
        {
            case "PlanNode" when long.TryParse(Id, out var nodeId):
                if (await db.PlanNodes.AsNoTracking().Where(n => n.Id == nodeId)
                        .Select(n => new { n.PlanId, n.Code, n.Title, n.IsAction }).FirstOrDefaultAsync(ct) is { } node)
                {
                    Heading = $"{(node.IsAction ? "اقدام" : "بخش")} {Fa.Digits(node.Code)}: {node.Title}";
                    BackLink = node.IsAction ? $"/Plans/{node.PlanId}/Action/{nodeId}" : $"/Plans/{node.PlanId}?node={Uri.EscapeDataString(node.Code)}";
                    BackText = node.IsAction ? "صفحه اقدام" : "صفحه برنامه";
                }
                break;
            case "AppUser":
                if (await db.Users.AsNoTracking().Where(u => u.Id == Id).Select(u => new { u.UserName, u.DisplayName }).FirstOrDefaultAsync(ct) is { } user)
                {
                    Heading = $"کاربر {user.DisplayName} ({user.UserName})";
                    if (Access.CanAdminister(me)) (BackLink, BackText) = ($"/Admin/Users/Edit/{Uri.EscapeDataString(Id)}", "صفحه کاربر");
                }
                break;
            case "Agency" when long.TryParse(Id, out var agencyId):
                if (await db.Agencies.AsNoTracking().Where(a => a.Id == agencyId).Select(a => new { a.Code, a.Name }).FirstOrDefaultAsync(ct) is { } agency)
                {
                    Heading = $"دستگاه {agency.Name} ({agency.Code})";
                    if (Access.CanAdminister(me)) (BackLink, BackText) = ($"/Admin/Agencies/Edit/{agencyId}", "صفحه دستگاه");
                }
                break;
        }
        var q = await AuditQueries.AboutAsync(db, Entity, Id, ct);
        Total = await q.CountAsync(ct);
        Rows = await AuditView.RowsAsync(db, await q.Take(Limit).ToListAsync(ct), ct);
        return Page();
    }
}
