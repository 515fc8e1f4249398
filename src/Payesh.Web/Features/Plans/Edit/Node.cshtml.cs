using Microsoft.AspNetCore.Mvc;
using Payesh.Domain.Plans;
using Payesh.Web.Data.Model;
using Payesh.Web.Infrastructure;

namespace Payesh.Web.Features.Plans.Edit;

/// <summary>Adds or edits one node (any level): place in the tree, weight, and — for an action — agencies, schedule,
/// curve and milestones, deliverable and KPI; requirements and roadmap items with owner and deadline. An approved
/// plan asks why, by which decision and from when (a new baseline). Also removes the node. Reads from
/// <see cref="AuthoringQueries"/>, writes through <see cref="PlanEditor"/>.</summary>
public sealed class NodeModel(AuthoringQueries queries, PlanEditor editor) : AuthoringPage
{
    [BindProperty] public NodeInput Node { get; set; } = new();
    [BindProperty] public ChangeInput Change { get; set; } = new();
    [BindProperty(SupportsGet = true)] public long? Parent { get; set; }

    public Data.Model.PlanRow Plan { get; private set; } = null!;
    public long? NodeId { get; private set; }
    public PlanNodeRow? Stored { get; private set; }
    public IReadOnlyList<ParentChoice> Parents { get; private set; } = [];
    public IReadOnlyList<AgencyRow> Agencies { get; private set; } = [];
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
            Node = new NodeInput { ParentId = Parent, IsAction = depth >= Levels.Length, Weight = "۱", Curve = "linear", Code = (await queries.ProposedCodeAsync(Author, id, Parent, ct)).Value };
        }
        await DefaultsAsync(ct);
        Pad();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long id, long? nodeId, CancellationToken ct)
    {
        // A new node sent without a code gets the next free one under the parent chosen.
        if (nodeId is null && string.IsNullOrWhiteSpace(Node.Code)) Node.Code = (await queries.ProposedCodeAsync(Author, id, Node.ParentId, ct)).Value;
        var outcome = await editor.SaveNodeAsync(Author, id, nodeId, Node, Change, ct);
        Show(outcome, e => NodeFormErrors.Field(e, outcome.Data as NodeEditContext));
        if (outcome.Value is { } saved)
        {
            TempData["Message"] = (IsNewNode(nodeId) ? "بخش افزوده شد" : "تغییرات ذخیره شد")
                + (saved.Baseline is { } b ? $"؛ {PlanBaselines.Describe(b)} ثبت شد." : ".");
            return Redirect($"/Plans/{id}/Edit#n{saved.NodeId}");
        }
        if (!await LoadAsync(id, nodeId, ct)) return NotFound();
        if (Outcome!.Conflict && Stored is not null)
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
        var outcome = await editor.RemoveNodeAsync(Author, id, nodeId, Node.Version, Change, ct);
        Show(outcome, e => (ChangeField(e.Path) ?? "", e.Message));
        if (outcome.Value is { } removed)
        {
            TempData["Message"] = "بخش و زیرشاخه‌هایش از برنامه برداشته شد" + (removed.Baseline is { } b ? $"؛ {PlanBaselines.Describe(b)} ثبت شد." : ".");
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

    private async Task<bool> LoadAsync(long id, long? nodeId, CancellationToken ct)
    {
        if ((await queries.NodeFormAsync(Author, id, nodeId, ct)).Value is not { } form) return false;
        (Plan, Stored, Reports, Agencies, Parents) = (form.Plan, form.Stored, form.Reports, form.Agencies, form.Parents);
        _depth = form.Depths;
        NodeId = nodeId;
        Levels = Plan.Levels.Split('|');
        return true;
    }

    private IReadOnlyDictionary<long, int> _depth = new Dictionary<long, int>();

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
