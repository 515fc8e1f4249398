using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Payesh.Web.Features.Account;

namespace Payesh.Web.Features.Audit;

/// <summary>The audit trail, newest first, filtered by entity, user and Jalali dates (<see cref="AuditQueries.TrailAsync"/>).</summary>
public sealed class IndexModel(AuditQueries audit) : PageModel
{
    public const int PageSize = AuditQueries.PageSize;

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

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var trail = await audit.TrailAsync(CurrentUser.From(User)!, new AuditFilter(Entity, EntityId, Who, UserId, From, To), PageNumber, ct);
        if (trail.Kind == Infrastructure.OutcomeKind.Forbidden) return Forbid();
        if (trail.Value is not { } t)
        {
            Errors.AddRange(trail.Errors.Select(e => e.Message));
            return Page();
        }
        (EntityTypes, Rows, Total, PageNumber, UserIdName) = (t.EntityTypes, t.Rows, t.Total, t.PageNumber, t.UserIdName);
        return Page();
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
