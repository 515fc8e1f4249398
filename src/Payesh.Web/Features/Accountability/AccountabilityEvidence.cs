using Payesh.Domain.Progress;

namespace Payesh.Web.Features.Accountability;

/// <summary>
/// Each agency's evidence on a day: its stopped actions (longest without progress first), overdue ones (longest past
/// their end first) and behind-schedule ones (behind or at risk, worst deviation first), ties by action. Kept by the
/// engine for the day (<see cref="ProgressEngine.KeptFor"/>) and, after a report, brought up to date for the actions it
/// changed only: the same lists as a full pass gives.
/// </summary>
public static class AccountabilityEvidence
{
    public sealed record Lists(List<(int Node, ActionFigures F)> Stopped, List<(int Node, ActionFigures F)> Overdue,
        List<(int Node, ActionFigures F)> Behind);

    private static readonly Lists None = new([], [], []);

    /// <summary>The lists by agency (the engine's agency index, which is the agency's id).</summary>
    public static IReadOnlyDictionary<int, Lists> Of(ProgressEngine engine, int day) =>
        engine.KeptFor(day, "accountability-evidence",
            () => Collect(engine, day, null, Enumerable.Range(0, engine.ActionCount).ToHashSet()),
            (kept, changes) => Collect(engine, day, kept, changes.Select(c => c.Action).ToHashSet()));

    public static Lists For(IReadOnlyDictionary<int, Lists> all, long agency) =>
        agency is >= 0 and <= int.MaxValue && all.TryGetValue((int)agency, out var lists) ? lists : None;

    private static Dictionary<int, Lists> Collect(ProgressEngine engine, int day, Dictionary<int, Lists>? kept, HashSet<int> actions)
    {
        // The day's tree read inside: what is kept must come from the engine as it was when keeping started.
        var tree = engine.EvaluateKept(day);
        var result = kept is null ? [] : new Dictionary<int, Lists>(kept);
        var touched = new Dictionary<int, Lists>();
        Lists Touch(int agency)
        {
            if (touched.TryGetValue(agency, out var lists)) return lists;
            var old = result.GetValueOrDefault(agency) ?? None;
            lists = new Lists(Without(old.Stopped), Without(old.Overdue), Without(old.Behind));
            return touched[agency] = lists;
        }
        List<(int Node, ActionFigures F)> Without(List<(int Node, ActionFigures F)> list) =>
            [.. list.Where(x => !actions.Contains(engine.ActionIndex(x.Node)))];

        foreach (int a in actions) Touch(engine.AgencyOfAction(a));
        foreach (int a in actions.Order())
        {
            int node = engine.NodeOfAction(a);
            var status = tree.Status(node);
            if (status is not (ProgressStatus.Stopped or ProgressStatus.Overdue or ProgressStatus.Behind or ProgressStatus.AtRisk)) continue;
            var lists = Touch(engine.AgencyOfAction(a));
            // Behind and at risk are both "behind schedule" (deviation below the at-risk threshold): one list.
            var list = status switch { ProgressStatus.Stopped => lists.Stopped, ProgressStatus.Overdue => lists.Overdue, _ => lists.Behind };
            list.Add((node, engine.Action(a, day)));
        }
        int End(int node) => engine.Curve(engine.ActionIndex(node)).End;
        foreach (var (agency, lists) in touched)
        {
            lists.Stopped.Sort((x, y) => x.F.LastProgressDay != y.F.LastProgressDay ? x.F.LastProgressDay.CompareTo(y.F.LastProgressDay) : x.Node.CompareTo(y.Node));
            lists.Overdue.Sort((x, y) => End(x.Node) != End(y.Node) ? End(x.Node).CompareTo(End(y.Node)) : x.Node.CompareTo(y.Node));
            lists.Behind.Sort((x, y) => x.F.Deviation != y.F.Deviation ? x.F.Deviation.CompareTo(y.F.Deviation) : x.Node.CompareTo(y.Node));
            if (lists.Stopped.Count + lists.Overdue.Count + lists.Behind.Count == 0) result.Remove(agency);
            else result[agency] = lists;
        }
        return result;
    }
}
