using Microsoft.EntityFrameworkCore;
using Payesh.Domain.Plans;
using Payesh.Web.Data;
using Payesh.Web.Data.Model;
using Payesh.Web.Features.Account;
using Payesh.Web.Infrastructure;

namespace Payesh.Web.Features.Plans.Edit;

/// <summary>A node of the authoring outline.</summary>
public sealed record OutlineNode(long Id, long? ParentId, string Code, string Title, bool IsAction, double Weight, string? Agency,
    DateOnly? Start, DateOnly? End, uint Version, int Requirements);

/// <summary>A line of the outline: the node, its depth, and whether it is the first or last of its siblings.</summary>
public sealed record OutlineLine(OutlineNode Node, int Depth, bool First, bool Last);

/// <summary>The authoring workspace of a plan: its tree in order, the quality check's score and blocking findings, and
/// how many baselines it has.</summary>
public sealed record PlanOutline(PlanRow Plan, IReadOnlyList<OutlineLine> Lines, int Score, int Blocking, int Baselines);

/// <summary>A group a node may be placed under, indented by its depth.</summary>
public sealed record ParentChoice(long Id, string Label);

/// <summary>What the node form reads: the plan, the node (null for a new one) with the number of its reports, the
/// agencies by name, the groups it may go under and every group's depth.</summary>
public sealed record NodeForm(PlanRow Plan, PlanNodeRow? Stored, int Reports, IReadOnlyList<AgencyRow> Agencies,
    IReadOnlyList<ParentChoice> Parents, IReadOnlyDictionary<long, int> Depths);

/// <summary>A node about to be removed from the outline: the plan's state and the node's code and title.</summary>
public sealed record NodeToRemove(PlanState PlanState, string? Label);

/// <summary>
/// The reads of the authoring pages (the plan's outline, its fields, a node's form, a copy's form, an import's job): the
/// plan through <see cref="PlanQueries"/> (a draft does not exist for anyone but staff), and authoring is the secretariat's
/// and administrators' (<see cref="Access.CanManagePlans"/>; forbidden to anyone else, as the folder's policy says first).
/// </summary>
public sealed class AuthoringQueries(PayeshDb db, PlanQueries plans, PlanQualityService quality)
{
    public const string PlanNotFound = "برنامه پیدا نشد.", NodeNotFound = "این بخش دیگر در برنامه نیست.",
        JobNotFound = "این ورود از اکسل پیدا نشد.", NotAuthor = "تدوین برنامه کار دبیرخانه است.";

    /// <summary>The plan, if the user may author it.</summary>
    public async Task<Outcome<PlanRow>> PlanAsync(CurrentUser user, long planId, CancellationToken ct)
    {
        var plan = await plans.FindAsync(user, planId, ct);
        if (plan is null) return Outcome.NotFound(PlanNotFound);
        return Access.CanManagePlans(user) ? plan : Outcome.Forbidden(NotAuthor);
    }

    /// <summary>The plan's outline: live nodes by parent and order, with the quality check's figures.</summary>
    public async Task<Outcome<PlanOutline>> OutlineAsync(CurrentUser user, long planId, CancellationToken ct)
    {
        var found = await PlanAsync(user, planId, ct);
        if (found.Value is not { } plan) return found.As<PlanOutline>();
        var nodes = await db.PlanNodes.AsNoTracking().Where(n => n.PlanId == planId && !n.IsRemoved)
            .Select(n => new
            {
                View = new OutlineNode(n.Id, n.ParentId, n.Code, n.Title, n.IsAction, n.Weight, n.LeadAgency == null ? null : n.LeadAgency.Code,
                    n.StartDate, n.EndDate, n.Version, n.RequirementItems.Count),
                n.SortOrder,
            }).ToListAsync(ct);
        var byParent = nodes.OrderBy(n => n.SortOrder).ThenBy(n => n.View.Id).ToLookup(n => n.View.ParentId, n => n.View);
        var lines = new List<OutlineLine>();
        void Add(long? parent, int depth)
        {
            var kids = byParent[parent].ToList();
            for (int i = 0; i < kids.Count; i++)
            {
                lines.Add(new OutlineLine(kids[i], depth, i == 0, i == kids.Count - 1));
                Add(kids[i].Id, depth + 1);
            }
        }
        Add(null, 1);
        var check = await quality.CheckStoredAsync(planId, ct);
        int baselines = await db.PlanBaselines.CountAsync(b => b.PlanId == planId, ct);
        return new PlanOutline(plan, lines, check?.Report.Score ?? 0, check?.Report.Blocking.Count() ?? 0, baselines);
    }

    /// <summary>The node form of <paramref name="nodeId"/> (none: a new node); a removed or unknown node is not found.</summary>
    public async Task<Outcome<NodeForm>> NodeFormAsync(CurrentUser user, long planId, long? nodeId, CancellationToken ct)
    {
        var found = await PlanAsync(user, planId, ct);
        if (found.Value is not { } plan) return found.As<NodeForm>();
        PlanNodeRow? stored = null;
        int reports = 0;
        if (nodeId is { } nid)
        {
            stored = await db.PlanNodes.AsNoTracking().Include(n => n.LeadAgency).Include(n => n.Collaborators).Include(n => n.Milestones)
                .Include(n => n.RequirementItems).AsSplitQuery().FirstOrDefaultAsync(n => n.Id == nid && n.PlanId == planId && !n.IsRemoved, ct);
            if (stored is null) return Outcome.NotFound(NodeNotFound);
            reports = await db.ProgressReports.CountAsync(r => r.NodeId == nid, ct);
        }
        // Agencies by name: people pick names, not codes.
        var agencies = await db.Agencies.AsNoTracking().OrderBy(a => a.Name).ToListAsync(ct);
        var groups = await db.PlanNodes.AsNoTracking().Where(n => n.PlanId == planId && !n.IsRemoved && !n.IsAction)
            .Select(n => new { n.Id, n.ParentId, n.Code, n.Title, n.SortOrder }).ToListAsync(ct);
        var byParent = groups.OrderBy(g => g.SortOrder).ThenBy(g => g.Id).ToLookup(g => g.ParentId);
        var depths = new Dictionary<long, int>();
        var parents = new List<ParentChoice>();
        void Add(long? parent, int depth)
        {
            foreach (var g in byParent[parent])
            {
                depths[g.Id] = depth;
                // A node cannot go under itself or its own subtree.
                if (g.Id == nodeId) continue;
                parents.Add(new ParentChoice(g.Id, new string('\u00a0', (depth - 1) * 3) + Fa.Digits(g.Code) + " " + g.Title));
                Add(g.Id, depth + 1);
            }
        }
        Add(null, 1);
        return new NodeForm(plan, stored, reports, agencies, parents, depths);
    }

    /// <summary>The next free code under <paramref name="parent"/> (removed nodes' codes stay taken).</summary>
    public async Task<Outcome<string>> ProposedCodeAsync(CurrentUser user, long planId, long? parent, CancellationToken ct)
    {
        var found = await PlanAsync(user, planId, ct);
        if (!found.Ok) return found.As<string>();
        var nodes = await db.PlanNodes.AsNoTracking().Where(n => n.PlanId == planId)
            .Select(n => new { n.Id, n.ParentId, n.Code, n.IsRemoved }).ToListAsync(ct);
        var parentCode = parent is { } p ? nodes.FirstOrDefault(n => n.Id == p)?.Code : null;
        return PlanCodes.Next(parentCode, nodes.Where(n => n.ParentId == parent && !n.IsRemoved).Select(n => n.Code), nodes.Select(n => n.Code));
    }

    /// <summary>What the outline's remove button needs before removing: the plan's state and the node's code and title.</summary>
    public async Task<Outcome<NodeToRemove>> NodeToRemoveAsync(CurrentUser user, long planId, long nodeId, CancellationToken ct)
    {
        var found = await PlanAsync(user, planId, ct);
        if (found.Value is not { } plan) return found.As<NodeToRemove>();
        var label = await db.PlanNodes.AsNoTracking().Where(n => n.Id == nodeId).Select(n => n.Code + " " + n.Title).FirstOrDefaultAsync(ct);
        return new NodeToRemove(plan.State, label);
    }

    /// <summary>An Excel import's job (its state, progress, errors or new plan).</summary>
    public async Task<Outcome<PlanImportJob>> ImportJobAsync(CurrentUser user, long jobId, CancellationToken ct)
    {
        if (!Access.CanManagePlans(user)) return Outcome.Forbidden(NotAuthor);
        var job = await db.PlanImportJobs.AsNoTracking().FirstOrDefaultAsync(j => j.Id == jobId, ct);
        return job is null ? Outcome.NotFound(JobNotFound) : job;
    }
}
