using Payesh.Domain.Calendar;

namespace Payesh.Domain.Plans;

public enum CurveKind { Linear, SCurve, Milestones }

/// <summary>A point of a milestones curve: <see cref="Percent"/> planned by the end of <see cref="Day"/> (progress-spec § planned).</summary>
public sealed record Milestone(JalaliDate Day, double Percent);

public sealed record Kpi(string Name, string Unit, double Target);

/// <summary>The plan's thresholds (progress-spec § status) and reporting rules.</summary>
public sealed record PlanSettings
{
    public int StoppageDays { get; init; } = 14;
    public double AtRiskBelow { get; init; } = -5;
    public double BehindBelow { get; init; } = -15;
    public bool VerifiedOnly { get; init; }
    /// <summary>Two-level sign-off: an agency manager confirms the agency reporters' reports before the secretariat sees them.</summary>
    public bool ManagerSignOff { get; init; }
    /// <summary>How many days back an agency user may date a report.</summary>
    public int BackdateDays { get; init; } = 3;

    public static PlanSettings Default { get; } = new();
}

public enum AgencyKind { Governorate, Government, Bank, Insurance, Utility, Judicial, PrivateSector, Other }

public sealed record Agency(string Code, string Name, AgencyKind Kind = AgencyKind.Other);

/// <summary>The schedule of an action (a leaf).</summary>
public sealed record ActionSchedule(
    string LeadAgency,
    IReadOnlyList<string> Collaborators,
    JalaliDate Start,
    JalaliDate End,
    CurveKind Curve,
    IReadOnlyList<Milestone> Milestones,
    string? Deliverable,
    Kpi? Kpi);

/// <summary>A requirement or roadmap item of a node (الزامات و نقشه راه): what must be in place, which agency
/// owns it and by when. Owner and deadline are optional.</summary>
public sealed record Requirement(string Text, string? Owner = null, JalaliDate? Deadline = null)
{
    public static implicit operator Requirement(string text) => new(text);
}

/// <summary>A node of the plan tree; a node with an <see cref="Action"/> is a leaf (اقدام). A node with neither
/// children nor an action is an empty group, allowed only while a plan is being drafted.</summary>
public sealed record PlanNode(
    string Code,
    string Title,
    double Weight,
    string? Description,
    IReadOnlyList<Requirement> Requirements,
    IReadOnlyList<PlanNode> Children,
    ActionSchedule? Action)
{
    public bool IsAction => Action is not null;

    public IEnumerable<PlanNode> DescendantsAndSelf()
    {
        yield return this;
        foreach (var child in Children)
            foreach (var n in child.DescendantsAndSelf())
                yield return n;
    }
}

public sealed record Plan(
    string Title,
    int Year,
    JalaliDate Start,
    JalaliDate End,
    PlanSettings Settings,
    IReadOnlyList<string> Levels,
    IReadOnlyList<Agency> Agencies,
    IReadOnlyList<PlanNode> Nodes)
{
    public static readonly IReadOnlyList<string> DefaultLevels = ["محور", "برنامه", "اقدام"];

    public IEnumerable<PlanNode> AllNodes() => Nodes.SelectMany(n => n.DescendantsAndSelf());
}
