using Payesh.Web.Data.Model;

namespace Payesh.Web.Features.Plans.Edit;

/// <summary>What a change of a plan's life (approve, close, copy) produced: the plan's id (the new one for a copy)
/// and the baseline it recorded, if any.</summary>
public sealed record PlanChange(long PlanId, PlanBaseline? Baseline);
