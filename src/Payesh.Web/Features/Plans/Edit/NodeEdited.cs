using Payesh.Web.Data.Model;

namespace Payesh.Web.Features.Plans.Edit;

/// <summary>What a node's save or removal produced: the node's id and the baseline it recorded (approved plans), if any.
/// Not <see cref="Payesh.Domain.Plans.NodeChange"/>, which is one node's entry in the difference of two baselines.</summary>
public sealed record NodeEdited(long NodeId, PlanBaseline? Baseline);
