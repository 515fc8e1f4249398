namespace Payesh.Web.Features.Plans.Edit;

/// <summary>What an invalid node edit carries for the form that sent it: the node's path in the document
/// (<c>nodes[0].children[2]</c>) and the form row each of its milestones and requirements came from (blank rows skipped).</summary>
public sealed record NodeEditContext(string NodePath, IReadOnlyList<int> MilestoneRows, IReadOnlyList<int> RequirementRows);
