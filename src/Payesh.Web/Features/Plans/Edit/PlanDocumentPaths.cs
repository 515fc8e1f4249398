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
/// an error is in; the pages map paths back onto their form fields (<see cref="NodeFormErrors"/>, <see cref="AuthoringPage.PlanField"/>).</summary>
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

    /// <summary>Whether an error's path is the node's own (its path, or a field of it the node form shows).</summary>
    internal static bool IsOwn(string path, string nodePath) =>
        path == nodePath || path.StartsWith(nodePath + ".", StringComparison.Ordinal) && Rest().IsMatch(path[nodePath.Length..]);

    /// <summary>The reader's errors for an edit of the node at <paramref name="nodePath"/>: the node's own with the bare
    /// message (the form shows them at their field), any other named by the node it is in.</summary>
    internal static IEnumerable<ValidationError> NodeErrors(IReadOnlyList<ValidationError> errors, PlanDocument doc, string nodePath) =>
        errors.Select(e => IsOwn(e.Path, nodePath) ? e : e with { Message = Where(doc, e.Path) + e.Message });

    /// <summary>The reader's errors, each named by the node it is in ("" for the plan's own fields).</summary>
    internal static IEnumerable<ValidationError> Named(IReadOnlyList<ValidationError> errors, PlanDocument doc) =>
        errors.Select(e => e with { Message = Where(doc, e.Path) + e.Message });
}
