using System.Globalization;
using Payesh.Domain.Plans;
using Payesh.Web.Infrastructure;

namespace Payesh.Web.Features.Plans.Edit;

/// <summary>The node form's side of a node edit's errors: each document path becomes the form field it came from
/// (<c>nodes[0].weight</c> → <c>Node.Weight</c>, <c>nodes[0].requirements[1].owner</c> → the owner of the form row it was
/// read from); what is not the node's own goes to the page as a whole.</summary>
public static class NodeFormErrors
{
    public static (string Field, string Message) Field(ValidationError e, NodeEditContext? node)
    {
        switch (e.Path)
        {
            case PlanEditor.ParentPath: return ("Node.ParentId", e.Message);
            case PlanEditor.PositionPath: return ("Node.Position", e.Message);
        }
        if (AuthoringPage.ChangeField(e.Path) is { } change) return (change, e.Message);
        if (node is null || e.Path == node.NodePath || !PlanDocumentPaths.IsOwn(e.Path, node.NodePath)) return ("", e.Message);
        var m = PlanDocumentPaths.Rest().Match(e.Path[node.NodePath.Length..]);
        int? k = m.Groups[2].Success ? int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture) : null;
        var sub = m.Groups[3].Success ? m.Groups[3].Value : "";
        switch (m.Groups[1].Value)
        {
            case "code": return ("Node.Code", e.Message);
            case "title": return ("Node.Title", e.Message);
            case "weight": return ("Node.Weight", e.Message);
            case "description": return ("Node.Description", e.Message);
            case PlanEditor.KindPath: return ("Node.IsAction", e.Message);
            case "agency": return ("Node.Agency", e.Message);
            case "collaborators": return ("Node.Collaborators", e.Message);
            case "start": return ("Node.Start", e.Message);
            case "end": return ("Node.End", e.Message);
            case "curve": return ("Node.Curve", e.Message);
            case "kpi": return (sub == "target" ? "Node.KpiTarget" : "Node.KpiName", e.Message);
            case "milestones":
                return ("Node.Milestones", k is { } mi
                    ? $"نقطه عطف ردیف {Fa.Int((mi < node.MilestoneRows.Count ? node.MilestoneRows[mi] : mi) + 1)}: {e.Message}"
                    : e.Message);
            case "requirements" when k is { } ri:
                int row = ri < node.RequirementRows.Count ? node.RequirementRows[ri] : ri;
                return ($"Node.Requirements[{row}].{(sub == "owner" ? "Owner" : sub == "deadline" ? "Deadline" : "Text")}", e.Message);
            default: return ("", e.Message);
        }
    }
}
