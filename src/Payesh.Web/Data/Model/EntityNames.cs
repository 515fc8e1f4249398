using System.Collections.Concurrent;
using System.Reflection;

namespace Payesh.Web.Data.Model;

/// <summary>
/// The name an entity goes by in the audit trail and in <see cref="Payesh.Domain.Text.FieldLimits"/>. An EF entity
/// whose concept a domain type also names carries the suffix <c>Row</c> (<see cref="PlanRow"/>, <see cref="PlanNodeRow"/>,
/// <see cref="AgencyRow"/>), so no file needs a <c>using</c> alias; <see cref="EntityNameAttribute"/> keeps its stored
/// name ("Plan") as it always was, so the trail written before and after the rename reads the same.
/// </summary>
public static class EntityNames
{
    public const string Plan = "Plan";
    public const string PlanNode = "PlanNode";
    public const string Agency = "Agency";

    private static readonly ConcurrentDictionary<Type, string> Names = new();

    public static string Of(Type type) =>
        Names.GetOrAdd(type, static t => t.GetCustomAttribute<EntityNameAttribute>()?.Name ?? t.Name);
}

/// <summary>The entity's name in the audit trail and field limits when it differs from the class name.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class EntityNameAttribute(string name) : Attribute
{
    public string Name { get; } = name;
}
