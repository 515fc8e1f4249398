using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Payesh.Web.Data;
using Payesh.Web.Data.Model;

namespace Payesh.Web.Features.Plans.Edit;

/// <summary>The authoring workspace of one plan: its tree as an outline with the edit actions, its state and what to do next.</summary>
public sealed class IndexModel(PayeshDb db, PlanEditor editor, PlanQualityService quality) : AuthoringPage
{
    public sealed record Line(DbNodeView Node, int Depth, bool First, bool Last);

    public sealed record DbNodeView(long Id, long? ParentId, string Code, string Title, bool IsAction, double Weight, string? Agency,
        DateOnly? Start, DateOnly? End, uint Version, int Requirements);

    public PlanRow Plan { get; private set; } = null!;
    public string[] Levels { get; private set; } = [];
    public List<Line> Lines { get; } = [];
    public int Score { get; private set; }
    public int Blocking { get; private set; }
    public int Baselines { get; private set; }
    [TempData] public string? Message { get; set; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        return Page();
    }

    public async Task<IActionResult> OnPostMoveAsync(long id, long nodeId, int delta, CancellationToken ct)
    {
        Outcome = await editor.ReorderAsync(Author, id, nodeId, delta, ct);
        if (!Outcome.Ok)
        {
            if (!await LoadAsync(id, ct)) return NotFound();
            return Page();
        }
        return Redirect($"/Plans/{id}/Edit#n{nodeId}");
    }

    public async Task<IActionResult> OnPostRemoveAsync(long id, long nodeId, uint version, CancellationToken ct)
    {
        var plan = await db.Plans.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, ct);
        if (plan is null) return NotFound();
        // An approved plan changes only with a reason: the node's page asks for it.
        if (plan.State == PlanState.Approved) return Redirect($"/Plans/{id}/Edit/Node/{nodeId}#remove");
        var title = await db.PlanNodes.AsNoTracking().Where(n => n.Id == nodeId).Select(n => n.Code + " " + n.Title).FirstOrDefaultAsync(ct);
        Outcome = await editor.RemoveNodeAsync(Author, id, nodeId, version, null, ct);
        if (!Outcome.Ok)
        {
            if (!await LoadAsync(id, ct)) return NotFound();
            return Page();
        }
        Message = $"«{Infrastructure.Fa.Digits(title)}» و زیرشاخه‌هایش از برنامه حذف شد.";
        return Redirect($"/Plans/{id}/Edit");
    }

    private async Task<bool> LoadAsync(long id, CancellationToken ct)
    {
        var plan = await db.Plans.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, ct);
        if (plan is null) return false;
        Plan = plan;
        Levels = plan.Levels.Split('|');
        var nodes = await db.PlanNodes.AsNoTracking().Where(n => n.PlanId == id && !n.IsRemoved)
            .Select(n => new
            {
                View = new DbNodeView(n.Id, n.ParentId, n.Code, n.Title, n.IsAction, n.Weight, n.LeadAgency == null ? null : n.LeadAgency.Code,
                    n.StartDate, n.EndDate, n.Version, n.RequirementItems.Count),
                n.SortOrder,
            }).ToListAsync(ct);
        var byParent = nodes.OrderBy(n => n.SortOrder).ThenBy(n => n.View.Id).ToLookup(n => n.View.ParentId, n => n.View);
        void Add(long? parent, int depth)
        {
            var kids = byParent[parent].ToList();
            for (int i = 0; i < kids.Count; i++)
            {
                Lines.Add(new Line(kids[i], depth, i == 0, i == kids.Count - 1));
                Add(kids[i].Id, depth + 1);
            }
        }
        Add(null, 1);
        var check = await quality.CheckAsync(id, ct);
        Score = check?.Report.Score ?? 0;
        Blocking = check?.Report.Blocking.Count() ?? 0;
        Baselines = await db.PlanBaselines.CountAsync(b => b.PlanId == id, ct);
        return true;
    }

    /// <summary>What the plan calls its leaves (the last level name).</summary>
    public string ActionName => Levels.Length > 0 ? Levels[^1] : "اقدام";

    public string LevelName(int depth) => depth >= 1 && depth <= Levels.Length ? Levels[depth - 1] : "بخش";
    public bool CanEdit => Plan.State != PlanState.Closed;
}
