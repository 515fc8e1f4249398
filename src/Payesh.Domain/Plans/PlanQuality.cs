using Payesh.Domain.Text;

namespace Payesh.Domain.Plans;

/// <summary>A blocking finding stops approval; a warning only lowers the score.</summary>
public enum QualitySeverity { Blocking, Warning }

/// <summary>One thing to fix, on a node (by code) or an agency (by code) or the plan as a whole.</summary>
public sealed record QualityFinding(string Rule, QualitySeverity Severity, string Message, string? NodeCode = null, string? AgencyCode = null);

/// <summary>How one rule fared: how many subjects it checked and how many failed.</summary>
public sealed record QualityRuleResult(string Rule, string Title, QualitySeverity Severity, int Checked, int Failed)
{
    public bool Passed => Failed == 0;
}

/// <summary>The plan-quality check: a score out of 100, every rule's result and the fix-list.</summary>
public sealed record QualityReport(int Score, IReadOnlyList<QualityRuleResult> Rules, IReadOnlyList<QualityFinding> Findings)
{
    public IEnumerable<QualityFinding> Blocking => Findings.Where(f => f.Severity == QualitySeverity.Blocking);
    public bool CanApprove => !Blocking.Any();
}

/// <summary>What the check needs beyond the plan itself.</summary>
/// <param name="InactiveAgencies">Codes of deactivated agencies (they cannot lead an action).</param>
/// <param name="NodesWithObstacles">Codes of nodes that an obstacle of the register is linked to.</param>
/// <param name="MaxSoloActions">How many actions an agency may lead without any collaborating agency.</param>
public sealed record QualityContext(IReadOnlySet<string> InactiveAgencies, IReadOnlySet<string> NodesWithObstacles, int MaxSoloActions = 5);

/// <summary>
/// The rules that make "is this plan well made?" measurable: each action has an active lead agency, dates inside
/// the plan, a deliverable or a KPI and consistent milestones; each group has actions; each axis has requirements
/// and identified obstacles; requirements have owners and deadlines; weights are set deliberately; no agency leads
/// too many actions alone. The score is the mean of the rules' pass rates, blocking rules counting double.
/// </summary>
public static class PlanQuality
{
    public const string LeadAgency = "lead-agency";
    public const string DatesInPlan = "dates-in-plan";
    public const string DeliverableOrKpi = "deliverable-or-kpi";
    public const string Milestones = "milestones";
    public const string GroupsHaveActions = "groups-have-actions";
    public const string AxisRequirements = "axis-requirements";
    public const string RequirementOwners = "requirement-owners";
    public const string AxisObstacles = "axis-obstacles";
    public const string Weights = "weights";
    public const string AgencyLoad = "agency-load";

    public static QualityReport Check(Plan plan, QualityContext context)
    {
        var findings = new List<QualityFinding>();
        var rules = new List<QualityRuleResult>();
        var all = plan.AllNodes().ToList();
        var actions = all.Where(n => n.IsAction).ToList();
        var groups = all.Where(n => !n.IsAction).ToList();
        static string Fa(long n) => PersianText.FormatInteger(n);
        string Name(PlanNode n) => $"«{PersianText.ToPersianDigits(n.Code)} {n.Title}»";

        void Rule(string id, string title, QualitySeverity severity, int checkedCount, IEnumerable<QualityFinding> found)
        {
            var list = found.ToList();
            findings.AddRange(list);
            rules.Add(new QualityRuleResult(id, title, severity, checkedCount, list.Count));
        }

        const QualitySeverity B = QualitySeverity.Blocking, W = QualitySeverity.Warning;

        Rule(LeadAgency, "هر اقدام دستگاه مسئول فعال دارد", B, actions.Count, actions
            .Where(n => string.IsNullOrEmpty(n.Action!.LeadAgency) || context.InactiveAgencies.Contains(n.Action.LeadAgency))
            .Select(n => new QualityFinding(LeadAgency, B, string.IsNullOrEmpty(n.Action!.LeadAgency)
                ? $"اقدام {Name(n)} دستگاه مسئول ندارد."
                : $"دستگاه مسئول اقدام {Name(n)} ({n.Action.LeadAgency}) غیرفعال است.", n.Code, n.Action.LeadAgency)));

        Rule(DatesInPlan, "تاریخ‌های هر اقدام درون بازه برنامه است", B, actions.Count, actions
            .Where(n => n.Action!.Start < plan.Start || n.Action.End > plan.End || n.Action.End < n.Action.Start)
            .Select(n => new QualityFinding(DatesInPlan, B,
                $"بازه اقدام {Name(n)} ({n.Action!.Start.ToPersianString()} تا {n.Action.End.ToPersianString()}) درون بازه برنامه ({plan.Start.ToPersianString()} تا {plan.End.ToPersianString()}) نیست.",
                n.Code)));

        Rule(DeliverableOrKpi, "هر اقدام خروجی یا شاخص دارد", B, actions.Count, actions
            .Where(n => string.IsNullOrWhiteSpace(n.Action!.Deliverable) && n.Action.Kpi is null)
            .Select(n => new QualityFinding(DeliverableOrKpi, B, $"اقدام {Name(n)} نه خروجی دارد نه شاخص؛ روشن کنید پایان آن با چه سنجیده می‌شود.", n.Code)));

        var withMilestones = actions.Where(n => n.Action!.Curve == CurveKind.Milestones || n.Action.Milestones.Count > 0).ToList();
        Rule(Milestones, "نقاط عطف با زمان‌بندی اقدام سازگار است", B, withMilestones.Count, withMilestones
            .Select(n => (Node: n, Problem: MilestoneProblem(n.Action!)))
            .Where(x => x.Problem is not null)
            .Select(x => new QualityFinding(Milestones, B, $"اقدام {Name(x.Node)}: {x.Problem}", x.Node.Code)));

        var groupFindings = groups.Where(g => !g.DescendantsAndSelf().Any(d => d.IsAction))
            .Select(g => new QualityFinding(GroupsHaveActions, B, $"{Name(g)} هیچ اقدامی ندارد.", g.Code)).ToList();
        if (plan.Nodes.Count == 0) groupFindings.Add(new QualityFinding(GroupsHaveActions, B, "برنامه هنوز هیچ محوری ندارد."));
        Rule(GroupsHaveActions, "هر محور و برنامه دست‌کم یک اقدام دارد", B, Math.Max(1, groups.Count), groupFindings);

        Rule(AxisRequirements, "هر محور الزامات و نقشه راه دارد", W, plan.Nodes.Count, plan.Nodes
            .Where(a => a.Requirements.Count == 0)
            .Select(a => new QualityFinding(AxisRequirements, W, $"برای محور {Name(a)} الزامات و نقشه راه ثبت نشده است.", a.Code)));

        var requirements = all.SelectMany(n => n.Requirements.Select(r => (Node: n, Item: r))).ToList();
        Rule(RequirementOwners, "هر الزام دستگاه مسئول و مهلت دارد", W, requirements.Count, requirements
            .Where(x => x.Item.Owner is null || x.Item.Deadline is null)
            .Select(x => new QualityFinding(RequirementOwners, W,
                $"الزام «{x.Item.Text}» در {Name(x.Node)} {(x.Item.Owner is null && x.Item.Deadline is null ? "دستگاه مسئول و مهلت" : x.Item.Owner is null ? "دستگاه مسئول" : "مهلت")} ندارد.",
                x.Node.Code)));

        Rule(AxisObstacles, "موانع هر محور شناسایی شده است", W, plan.Nodes.Count, plan.Nodes
            .Where(a => !a.DescendantsAndSelf().Any(d => context.NodesWithObstacles.Contains(d.Code)))
            .Select(a => new QualityFinding(AxisObstacles, W, $"هیچ مانعی از ثبت موانع به محور {Name(a)} یا بخش‌های آن پیوند نشده است.", a.Code)));

        // Weights: a group of two or more siblings whose weights all stayed at the default (1) was probably not weighed.
        var siblingGroups = new List<(PlanNode? Parent, IReadOnlyList<PlanNode> Children)>();
        if (plan.Nodes.Count >= 2) siblingGroups.Add((null, plan.Nodes));
        siblingGroups.AddRange(groups.Where(g => g.Children.Count >= 2).Select(g => ((PlanNode?)g, g.Children)));
        Rule(Weights, "وزن‌ها آگاهانه تعیین شده است (نه همه پیش‌فرض)", W, siblingGroups.Count, siblingGroups
            .Where(x => x.Children.All(c => c.Weight == 1))
            .Select(x => new QualityFinding(Weights, W, x.Parent is null
                ? $"وزن همه {Fa(x.Children.Count)} محور برنامه پیش‌فرض (۱) مانده است."
                : $"وزن همه {Fa(x.Children.Count)} زیرشاخه {Name(x.Parent)} پیش‌فرض (۱) مانده است.", x.Parent?.Code)));

        var byAgency = actions.GroupBy(n => n.Action!.LeadAgency).Where(g => !string.IsNullOrEmpty(g.Key)).ToList();
        Rule(AgencyLoad, $"هیچ دستگاهی بیش از {Fa(context.MaxSoloActions)} اقدام را بی‌همکار پیش نمی‌برد", W, byAgency.Count, byAgency
            .Select(g => (Agency: g.Key, Solo: g.Where(n => n.Action!.Collaborators.Count == 0).ToList()))
            .Where(x => x.Solo.Count > context.MaxSoloActions)
            .Select(x => new QualityFinding(AgencyLoad, W,
                $"دستگاه {x.Agency} مسئول {Fa(x.Solo.Count)} اقدام بدون دستگاه همکار است (بیش از {Fa(context.MaxSoloActions)})؛ برای برخی همکار تعیین کنید.",
                x.Solo[0].Code, x.Agency)));

        double weighted = 0, total = 0;
        foreach (var r in rules.Where(r => r.Checked > 0))
        {
            double w = r.Severity == QualitySeverity.Blocking ? 2 : 1;
            weighted += w * (1 - (double)Math.Min(r.Failed, r.Checked) / r.Checked);
            total += w;
        }
        int score = total == 0 ? 0 : (int)Math.Round(100 * weighted / total, MidpointRounding.AwayFromZero);
        return new QualityReport(score, rules, findings);
    }

    private static string? MilestoneProblem(ActionSchedule a)
    {
        if (a.Curve != CurveKind.Milestones) return "نقاط عطف دارد ولی منحنی آن «نقاط عطف» نیست.";
        if (a.Milestones.Count == 0) return "منحنی نقاط عطف بدون هیچ نقطه عطفی است.";
        for (int i = 0; i < a.Milestones.Count; i++)
        {
            var m = a.Milestones[i];
            if (m.Day < a.Start || m.Day > a.End) return $"نقطه عطف {m.Day.ToPersianString()} بیرون از بازه اقدام است.";
            if (m.Percent < 0 || m.Percent > 100) return "درصد نقطه عطف باید بین ۰ و ۱۰۰ باشد.";
            if (i > 0 && m.Day <= a.Milestones[i - 1].Day) return "تاریخ نقاط عطف به‌ترتیب نیست.";
            if (i > 0 && m.Percent < a.Milestones[i - 1].Percent) return "درصد نقاط عطف کاهش یافته است.";
        }
        return null;
    }
}
