using Microsoft.EntityFrameworkCore;
using Payesh.Domain.Calendar;
using Payesh.Domain.Plans;
using Payesh.Domain.Progress;
using Payesh.Web.Data;
using Payesh.Web.Data.Model;

namespace Payesh.Web.Features.Plans;

/// <summary>Maps plans between the domain and the database.</summary>
public static class PlanStore
{
    /// <summary>Stores a validated plan and its new agencies; returns the plan's id. One transaction.</summary>
    public static async Task<long> CreateAsync(PayeshDb db, Plan plan, DateTimeOffset now, CancellationToken ct = default)
    {
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async () =>
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var agencies = await db.Agencies.ToDictionaryAsync(a => a.Code, ct);
            foreach (var a in plan.Agencies)
            {
                if (agencies.ContainsKey(a.Code)) continue;
                var row = new Data.Model.AgencyRow { Code = a.Code, Name = a.Name, Kind = a.Kind };
                db.Agencies.Add(row);
                agencies[a.Code] = row;
            }
            await db.SaveChangesAsync(ct);

            var entity = new PlanRow
            {
                Title = plan.Title,
                Year = plan.Year,
                StartDate = plan.Start.ToDateOnly(),
                EndDate = plan.End.ToDateOnly(),
                StoppageDays = plan.Settings.StoppageDays,
                AtRiskBelow = plan.Settings.AtRiskBelow,
                BehindBelow = plan.Settings.BehindBelow,
                VerifiedOnly = plan.Settings.VerifiedOnly,
                ManagerSignOff = plan.Settings.ManagerSignOff,
                BackdateDays = plan.Settings.BackdateDays,
                Levels = string.Join('|', plan.Levels),
                CreatedAt = now,
            };
            db.Plans.Add(entity);
            await db.SaveChangesAsync(ct);

            // Level by level so that parents have ids before their children.
            var level = plan.Nodes.Select((n, i) => (Node: n, Parent: (PlanNodeRow?)null, Order: i)).ToList();
            while (level.Count > 0)
            {
                var rows = new List<(PlanNodeRow Row, PlanNode Node)>();
                foreach (var (n, parent, order) in level)
                {
                    var row = new PlanNodeRow
                    {
                        PlanId = entity.Id,
                        ParentId = parent?.Id,
                        SortOrder = order,
                        Code = n.Code,
                        Title = n.Title,
                        Weight = n.Weight,
                        Description = n.Description,
                        IsAction = n.IsAction,
                        RequirementItems = [.. n.Requirements.Select((r, i) => new Data.Model.NodeRequirement
                        {
                            SortOrder = i,
                            Text = r.Text,
                            OwnerAgencyId = r.Owner is null ? null : agencies[r.Owner].Id,
                            Deadline = r.Deadline?.ToDateOnly(),
                        })],
                    };
                    if (n.Action is { } a)
                    {
                        row.LeadAgencyId = agencies[a.LeadAgency].Id;
                        row.StartDate = a.Start.ToDateOnly();
                        row.EndDate = a.End.ToDateOnly();
                        row.Curve = a.Curve;
                        row.Deliverable = a.Deliverable;
                        row.KpiName = a.Kpi?.Name;
                        row.KpiUnit = a.Kpi?.Unit;
                        row.KpiTarget = a.Kpi?.Target;
                        row.Collaborators = [.. a.Collaborators.Select(c => new Data.Model.NodeCollaborator { AgencyId = agencies[c].Id })];
                        row.Milestones = [.. a.Milestones.Select(m => new Data.Model.NodeMilestone { Date = m.Day.ToDateOnly(), Percent = m.Percent })];
                    }
                    db.PlanNodes.Add(row);
                    rows.Add((row, n));
                }
                await db.SaveChangesAsync(ct);
                level = [.. rows.SelectMany(r => r.Node.Children.Select((c, i) => (c, (PlanNodeRow?)r.Row, i)))];
            }
            await tx.CommitAsync(ct);
            return entity.Id;
        });
    }

    /// <summary>A plan as stored: the domain plan plus the database id of every node code.</summary>
    public sealed record Loaded(PlanRow Row, Plan Plan, IReadOnlyDictionary<string, long> NodeIds, IReadOnlyList<PlanNodeRow> Nodes);

    public static async Task<Loaded?> LoadAsync(PayeshDb db, long planId, CancellationToken ct = default)
    {
        var row = await db.Plans.AsNoTracking().FirstOrDefaultAsync(p => p.Id == planId, ct);
        if (row is null) return null;
        var nodes = await db.PlanNodes.AsNoTracking().Where(n => n.PlanId == planId && !n.IsRemoved)
            .Include(n => n.Collaborators).Include(n => n.Milestones).Include(n => n.RequirementItems)
            .AsSplitQuery()
            .OrderBy(n => n.SortOrder).ThenBy(n => n.Id).ToListAsync(ct);
        var agencyIds = nodes.Where(n => n.LeadAgencyId != null).Select(n => n.LeadAgencyId!.Value)
            .Concat(nodes.SelectMany(n => n.Collaborators.Select(c => c.AgencyId)))
            .Concat(nodes.SelectMany(n => n.RequirementItems.Where(r => r.OwnerAgencyId != null).Select(r => r.OwnerAgencyId!.Value)))
            .Distinct().ToList();
        var agencies = await db.Agencies.AsNoTracking().Where(a => agencyIds.Contains(a.Id)).ToDictionaryAsync(a => a.Id, ct);
        var byParent = nodes.ToLookup(n => n.ParentId);

        PlanNode Build(PlanNodeRow n)
        {
            ActionSchedule? action = null;
            if (n.IsAction)
            {
                Kpi? kpi = n.KpiName is not null && n.KpiUnit is not null && n.KpiTarget is not null ? new Kpi(n.KpiName, n.KpiUnit, n.KpiTarget.Value) : null;
                action = new ActionSchedule(
                    agencies[n.LeadAgencyId!.Value].Code,
                    [.. n.Collaborators.Select(c => agencies[c.AgencyId].Code)],
                    JalaliDate.FromDateOnly(n.StartDate!.Value),
                    JalaliDate.FromDateOnly(n.EndDate!.Value),
                    n.Curve,
                    [.. n.Milestones.OrderBy(m => m.Date).Select(m => new Milestone(JalaliDate.FromDateOnly(m.Date), m.Percent))],
                    n.Deliverable,
                    kpi);
            }
            return new PlanNode(n.Code, n.Title, n.Weight, n.Description, Requirements(n, agencies), [.. byParent[n.Id].Select(Build)], action);
        }

        var plan = new Plan(
            row.Title, row.Year, JalaliDate.FromDateOnly(row.StartDate), JalaliDate.FromDateOnly(row.EndDate),
            Settings(row), row.Levels.Split('|'),
            [.. agencies.Values.OrderBy(a => a.Code, StringComparer.Ordinal).Select(a => new Agency(a.Code, a.Name, a.Kind))],
            [.. byParent[null].Select(Build)]);
        return new Loaded(row, plan, nodes.ToDictionary(n => n.Code, n => n.Id), nodes);
    }

    public static PlanSettings Settings(PlanRow row) => new()
    {
        StoppageDays = row.StoppageDays,
        AtRiskBelow = row.AtRiskBelow,
        BehindBelow = row.BehindBelow,
        VerifiedOnly = row.VerifiedOnly,
        ManagerSignOff = row.ManagerSignOff,
        BackdateDays = row.BackdateDays,
    };

    /// <summary>A node's requirements: its items, or — for a node stored before items existed — its legacy lines.</summary>
    public static IReadOnlyList<Requirement> Requirements(PlanNodeRow n, IReadOnlyDictionary<long, Data.Model.AgencyRow> agencies) =>
        n.RequirementItems.Count > 0
            ? [.. n.RequirementItems.OrderBy(r => r.SortOrder).ThenBy(r => r.Id).Select(r => new Requirement(
                r.Text, r.OwnerAgencyId is { } o && agencies.TryGetValue(o, out var a) ? a.Code : null,
                r.Deadline is { } d ? JalaliDate.FromDateOnly(d) : null))]
            : [.. (n.Requirements?.Split('\n', StringSplitOptions.RemoveEmptyEntries) ?? []).Select(t => new Requirement(t))];
}
