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

/// <summary>Paths inside a plan document (<c>nodes[0].children[2].milestones[1]</c>): walking them, naming the node
/// an error is in, and mapping the reader's errors back onto the form fields they came from.</summary>
public static partial class PlanDocumentPaths
{
    public readonly record struct Walked(NodeDocument Node, string Path, List<NodeDocument> Owner, int Index);

    public static IEnumerable<Walked> Walk(List<NodeDocument>? list, string prefix)
    {
        for (int i = 0; i < (list?.Count ?? 0); i++)
        {
            var path = prefix.Length == 0 ? $"nodes[{i}]" : $"{prefix}.children[{i}]";
            yield return new Walked(list![i], path, list, i);
            foreach (var w in Walk(list[i].Children, path)) yield return w;
        }
    }

    internal static Walked? Find(PlanDocument doc, long id)
    {
        foreach (var w in Walk(doc.Nodes, "")) if (w.Node.Id == id) return w;
        return null;
    }

    /// <summary>"بخش ۰۱.۰۲: " for an error inside a node, "" for the plan's own fields.</summary>
    public static string Where(PlanDocument doc, string path)
    {
        Walked? best = null;
        foreach (var w in Walk(doc.Nodes, ""))
            if ((path == w.Path || path.StartsWith(w.Path + ".", StringComparison.Ordinal)) && (best is null || w.Path.Length > best.Value.Path.Length))
                best = w;
        return best is { } b ? $"بخش {Fa.Digits(PersianText.Normalize(b.Node.Code) ?? "")}: " : "";
    }

    [GeneratedRegex(@"\[(\d+)\]")]
    internal static partial Regex Index();

    internal static PlanNode NodeAt(Plan plan, string path)
    {
        var indices = Index().Matches(path).Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToList();
        var node = plan.Nodes[indices[0]];
        foreach (var i in indices.Skip(1)) node = node.Children[i];
        return node;
    }

    [GeneratedRegex(@"^\.(\w+)(?:\[(\d+)\])?(?:\.(\w+))?$")]
    internal static partial Regex Rest();

    internal static void MapNodeErrors(IReadOnlyList<ValidationError> errors, PlanDocument doc, string nodePath,
        List<int> milestoneRows, List<int> requirementRows, EditOutcome outcome)
    {
        foreach (var e in errors)
        {
            if (e.Path != nodePath && !e.Path.StartsWith(nodePath + ".", StringComparison.Ordinal))
            {
                outcome.Add("", Where(doc, e.Path) + e.Message);
                continue;
            }
            var m = Rest().Match(e.Path[nodePath.Length..]);
            if (!m.Success)
            {
                outcome.Add("", (e.Path == nodePath ? "" : Where(doc, e.Path)) + e.Message);
                continue;
            }
            int? k = m.Groups[2].Success ? int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture) : null;
            switch (m.Groups[1].Value)
            {
                case "code": outcome.Add("Node.Code", e.Message); break;
                case "title": outcome.Add("Node.Title", e.Message); break;
                case "weight": outcome.Add("Node.Weight", e.Message); break;
                case "description": outcome.Add("Node.Description", e.Message); break;
                case "agency": outcome.Add("Node.Agency", e.Message); break;
                case "collaborators": outcome.Add("Node.Collaborators", e.Message); break;
                case "start": outcome.Add("Node.Start", e.Message); break;
                case "end": outcome.Add("Node.End", e.Message); break;
                case "curve": outcome.Add("Node.Curve", e.Message); break;
                case "kpi": outcome.Add("Node.KpiName", e.Message); break;
                case "milestones":
                    outcome.Add("Node.Milestones", k is { } mi
                        ? $"نقطه عطف ردیف {Fa.Int((mi < milestoneRows.Count ? milestoneRows[mi] : mi) + 1)}: {e.Message}"
                        : e.Message);
                    break;
                case "requirements" when k is { } ri:
                    int row = ri < requirementRows.Count ? requirementRows[ri] : ri;
                    var sub = m.Groups[3].Success ? m.Groups[3].Value : "";
                    outcome.Add($"Node.Requirements[{row}].{(sub == "owner" ? "Owner" : sub == "deadline" ? "Deadline" : "Text")}", e.Message);
                    break;
                default: outcome.Add("", e.Message); break;
            }
        }
    }

    internal static readonly Dictionary<string, string> PlanFields = new()
    {
        ["title"] = "Input.Title",
        ["year"] = "Input.Year",
        ["start"] = "Input.Start",
        ["end"] = "Input.End",
        ["levels"] = "Input.Levels",
        ["settings"] = "Input.AtRiskBelow",
        ["settings.stoppageDays"] = "Input.StoppageDays",
        ["settings.backdateDays"] = "Input.BackdateDays",
    };

    internal static void MapPlanErrors(IReadOnlyList<ValidationError> errors, PlanDocument doc, EditOutcome outcome)
    {
        foreach (var e in errors)
        {
            if (PlanFields.TryGetValue(e.Path, out var field)) outcome.Add(field, e.Message);
            else outcome.Add("", Where(doc, e.Path) + e.Message);
        }
    }
}
