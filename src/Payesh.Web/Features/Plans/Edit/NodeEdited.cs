using Payesh.Web.Data.Model;

namespace Payesh.Web.Features.Plans.Edit;

/// <summary>What a node's save or removal produced: the node's id and the baseline it recorded (approved plans), if any.</summary>
public sealed record NodeChange(long NodeId, PlanBaseline? Baseline);
