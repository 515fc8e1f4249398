using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Payesh.Domain.Plans;
using Payesh.Web.Data;
using Payesh.Web.Data.Model;
using Payesh.Web.Infrastructure;

namespace Payesh.Web.Features.Plans.Edit;

/// <summary>Adds or edits one node (any level): place in the tree, weight, and — for an action — agencies, schedule,
/// curve and milestones, deliverable and KPI; requirements and roadmap items with owner and deadline. An approved
/// plan asks why, by which decision and from when (a new baseline). Also removes the node.</summary>
public sealed class NodeModel(PayeshDb db, PlanEditor editor) : AuthoringPage
{
    public sealed record ParentChoice(long Id, string Label);

    [BindProperty] public NodeInput Node { get; set; } = new();
    [BindProperty] public ChangeInput Change { get; set; } = new();
    [BindProperty(SupportsGet = true)] public long? Parent { get; set; }

    public Data.Model.PlanRow Plan { get; private set; } = null!;
    public long? NodeId { get; private set; }
    public PlanNodeRow? Stored { get; private set; }
    public List<ParentChoice> Parents { get; } = [];
    public List<AgencyRow> Agencies { get; private set; } = [];
    public string[] Levels { get; private set; } = [];
    public int Reports { get; private set; }
    public bool Approved => Plan.State == PlanState.Approved;
    public bool IsNew => NodeId is null;

    public async Task<IActionResult> OnGetAsync(long id, long? nodeId, CancellationToken ct)
    {
        if (!await LoadAsync(id, nodeId, ct)) return NotFound();
        if (Plan.State == PlanState.Closed) return Redirect($"/Plans/{id}/Edit");
        if (Stored is { } n) Node = InputOf(n, Agencies);
        else
        {
            int depth = Depth(Parent) + 1;
            Node = new NodeInput { ParentId = Parent, IsAction = depth >= Levels.Length, Weight = "۱", Curve = "linear", Code = await ProposedCodeAsync(id, Parent, ct) };
        }
        await DefaultsAsync(ct);
        Pad();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long id, long? nodeId, CancellationToken ct)
    {
        // A new node sent without a code gets the next free one under the parent chosen.
        if (nodeId is null && string.IsNullOrWhiteSpace(Node.Code)) Node.Code = await ProposedCodeAsync(id, Node.ParentId, ct);
        Outcome = await editor.SaveNodeAsync(Author, id, nodeId, Node, Change, ct);
        if (Outcome.Ok)
        {
            TempData["Message"] = (IsNewNode(nodeId) ? "بخش افزوده شد" : "تغییرات ذخیره شد")
                + (Outcome.Baseline is { } b ? $"؛ {PlanBaselines.Describe(b)} ثبت شد." : ".");
            return Redirect($"/Plans/{id}/Edit#n{Outcome.Id}");
        }
        if (!await LoadAsync(id, nodeId, ct)) return NotFound();
        if (Outcome.Conflict && Stored is not null)
        {
            // Keep what was typed; the next save is checked against the version now shown.
            ModelState.Remove("Node.Version");
            Node.Version = Stored.Version;
        }
        await DefaultsAsync(ct);
        Pad();
        return Page();
    }

    public async Task<IActionResult> OnPostRemoveAsync(long id, long nodeId, CancellationToken ct)
    {
        Outcome = await editor.RemoveNodeAsync(Author, id, nodeId, Node.Version, Change, ct);
        if (Outcome.Ok)
        {
            TempData["Message"] = "بخش و زیرشاخه‌هایش از برنامه برداشته شد" + (Outcome.Baseline is { } b ? $"؛ {PlanBaselines.Describe(b)} ثبت شد." : ".");
            return Redirect($"/Plans/{id}/Edit");
        }
        if (!await LoadAsync(id, nodeId, ct)) return NotFound();
        if (Stored is not null)
        {
            var typed = Change;
            Node = InputOf(Stored, Agencies);
            Change = typed;
        }
        await DefaultsAsync(ct);
        Pad();
        return Page();
    }

    private static bool IsNewNode(long? nodeId) => nodeId is null;

    /// <summary>The next free code under <paramref name="parent"/> (removed nodes' codes stay taken).</summary>
    private async Task<string> ProposedCodeAsync(long planId, long? parent, CancellationToken ct)
    {
        var nodes = await db.PlanNodes.AsNoTracking().Where(n => n.PlanId == planId)
            .Select(n => new { n.Id, n.ParentId, n.Code, n.IsRemoved }).ToListAsync(ct);
        var parentCode = parent is { } p ? nodes.FirstOrDefault(n => n.Id == p)?.Code : null;
        return PlanCodes.Next(parentCode, nodes.Where(n => n.ParentId == parent && !n.IsRemoved).Select(n => n.Code), nodes.Select(n => n.Code));
    }

    private async Task<bool> LoadAsync(long id, long? nodeId, CancellationToken ct)
    {
        var plan = await db.Plans.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, ct);
        if (plan is null) return false;
        Plan = plan;
        NodeId = nodeId;
        Levels = plan.Levels.Split('|');
        if (nodeId is { } nid)
        {
            Stored = await db.PlanNodes.AsNoTracking().Include(n => n.LeadAgency).Include(n => n.Collaborators).Include(n => n.Milestones)
                .Include(n => n.RequirementItems).AsSplitQuery().FirstOrDefaultAsync(n => n.Id == nid && n.PlanId == id && !n.IsRemoved, ct);
            if (Stored is null) return false;
            Reports = await db.ProgressReports.CountAsync(r => r.NodeId == nid, ct);
        }
        // Agencies by name: people pick names, not codes.
        Agencies = await db.Agencies.AsNoTracking().OrderBy(a => a.Name).ToListAsync(ct);
        var groups = await db.PlanNodes.AsNoTracking().Where(n => n.PlanId == id && !n.IsRemoved && !n.IsAction)
            .Select(n => new { n.Id, n.ParentId, n.Code, n.Title, n.SortOrder }).ToListAsync(ct);
        var byParent = groups.OrderBy(g => g.SortOrder).ThenBy(g => g.Id).ToLookup(g => g.ParentId);
        _depth.Clear();
        void Add(long? parent, int depth)
        {
            foreach (var g in byParent[parent])
            {
                _depth[g.Id] = depth;
                // A node cannot go under itself or its own subtree.
                if (g.Id == nodeId) continue;
                Parents.Add(new ParentChoice(g.Id, new string('\u00a0', (depth - 1) * 3) + Fa.Digits(g.Code) + " " + g.Title));
                Add(g.Id, depth + 1);
            }
        }
        Add(null, 1);
        return true;
    }

    private readonly Dictionary<long, int> _depth = [];

    public int Depth(long? node) => node is { } n && _depth.TryGetValue(n, out var d) ? d : 0;

    public string LevelName(int depth) => depth >= 1 && depth <= Levels.Length ? Levels[depth - 1] : "بخش";

    private async Task DefaultsAsync(CancellationToken ct)
    {
        if (Approved && string.IsNullOrEmpty(Change.EffectiveFrom))
            Change.EffectiveFrom = (await editor.DefaultEffectiveDayAsync(Plan, ct)).ToPersianString();
    }

    /// <summary>Blank rows to type new milestones and requirements into (no script needed).</summary>
    private void Pad()
    {
        int blankMilestones = Node.Milestones.Count(m => m.IsBlank);
        for (int i = blankMilestones; i < 2; i++) Node.Milestones.Add(new MilestoneInput());
        int blankRequirements = Node.Requirements.Count(r => r.IsBlank);
        for (int i = blankRequirements; i < 2; i++) Node.Requirements.Add(new RequirementInput());
    }

    public static NodeInput InputOf(PlanNodeRow n, IReadOnlyList<AgencyRow> agencies)
    {
        var codes = agencies.ToDictionary(a => a.Id, a => a.Code);
        var requirements = PlanStore.Requirements(n, agencies.ToDictionary(a => a.Id));
        return new NodeInput
        {
            ParentId = n.ParentId,
            IsAction = n.IsAction,
            Code = n.Code,
            Title = n.Title,
            Weight = Fa.Num(n.Weight, 4),
            Description = n.Description,
            Agency = n.LeadAgencyId is { } l ? codes.GetValueOrDefault(l) : null,
            Collaborators = [.. n.Collaborators.Select(c => codes.GetValueOrDefault(c.AgencyId) ?? "")],
            Start = n.StartDate is { } s ? Fa.Date(s) : null,
            End = n.EndDate is { } e ? Fa.Date(e) : null,
            Curve = PlanDocumentReader.CurveName(n.Curve),
            Milestones = [.. n.Milestones.OrderBy(m => m.Date).Select(m => new MilestoneInput { Date = Fa.Date(m.Date), Percent = Fa.Num(m.Percent, 2) })],
            Deliverable = n.Deliverable,
            KpiName = n.KpiName,
            KpiUnit = n.KpiUnit,
            KpiTarget = n.KpiTarget is { } t ? Fa.Num(t, 4) : null,
            Requirements = [.. requirements.Select(r => new RequirementInput { Text = r.Text, Owner = r.Owner, Deadline = r.Deadline?.ToPersianString() })],
            Version = n.Version,
        };
    }

    public static readonly (string Value, string Name)[] Curves =
        [.. CurveKindNames.All.Select(k => (PlanDocumentReader.CurveName(k), k.PersianName()))];
}
