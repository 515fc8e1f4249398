using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Payesh.Domain.Calendar;
using Payesh.Domain.Plans;
using Payesh.Domain.Text;
using Payesh.Web.Data;
using Payesh.Web.Data.Model;
using Payesh.Web.Features.Account;
using Payesh.Web.Features.Progress;
using Payesh.Web.Infrastructure;

namespace Payesh.Web.Features.Plans.Edit;

/// <summary>The stored rows of a plan's tree as the editor writes them: a validated domain node copied onto its row,
/// and whether a row lies below another.</summary>
public static class PlanNodeRows
{
    /// <summary>Writes a validated domain node onto its row (not its parent or place).</summary>
    internal static void Copy(PlanNode n, PlanNodeRow row, Dictionary<string, long> agencies)
    {
        row.Code = n.Code;
        row.Title = n.Title;
        row.Weight = n.Weight;
        row.Description = n.Description;
        row.Requirements = null;
        row.RequirementItems.Clear();
        row.RequirementItems.AddRange(n.Requirements.Select((r, i) => new NodeRequirement
        {
            SortOrder = i,
            Text = r.Text,
            OwnerAgencyId = r.Owner is null ? null : agencies[r.Owner],
            Deadline = r.Deadline?.ToDateOnly(),
        }));
        row.IsAction = n.IsAction;
        var a = n.Action;
        row.LeadAgencyId = a is null ? null : agencies[a.LeadAgency];
        row.StartDate = a?.Start.ToDateOnly();
        row.EndDate = a?.End.ToDateOnly();
        row.Curve = a?.Curve ?? CurveKind.Linear;
        row.Deliverable = a?.Deliverable;
        row.KpiName = a?.Kpi?.Name;
        row.KpiUnit = a?.Kpi?.Unit;
        row.KpiTarget = a?.Kpi?.Target;
        var collaborators = (a?.Collaborators ?? []).Select(c => agencies[c]).ToHashSet();
        row.Collaborators.RemoveAll(c => !collaborators.Contains(c.AgencyId));
        foreach (var id in collaborators.Where(id => row.Collaborators.All(c => c.AgencyId != id)))
            row.Collaborators.Add(new NodeCollaborator { AgencyId = id });
        var milestones = (a?.Milestones ?? []).Select(m => (m.Day.ToDateOnly(), m.Percent)).ToList();
        if (!row.Milestones.OrderBy(m => m.Date).Select(m => (m.Date, m.Percent)).SequenceEqual(milestones))
        {
            row.Milestones.Clear();
            row.Milestones.AddRange(milestones.Select(m => new NodeMilestone { Date = m.Item1, Percent = m.Percent }));
        }
    }

    internal static bool IsBelow(IReadOnlyList<PlanNodeRow> nodes, long candidate, long ancestor)
    {
        var parents = nodes.ToDictionary(n => n.Id, n => n.ParentId);
        for (long? p = candidate; p is { } id; p = parents.GetValueOrDefault(id))
            if (id == ancestor) return true;
        return false;
    }
}
