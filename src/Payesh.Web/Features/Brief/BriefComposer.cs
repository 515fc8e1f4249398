using Microsoft.EntityFrameworkCore;
using Payesh.Domain.Calendar;
using Payesh.Domain.Obstacles;
using Payesh.Domain.Progress;
using Payesh.Web.Data;
using Payesh.Web.Data.Model;
using Payesh.Web.Features.Account;
using Payesh.Web.Features.Obstacles;
using Payesh.Web.Features.Plans;
using Payesh.Web.Features.Progress;
using Payesh.Web.Infrastructure;

namespace Payesh.Web.Features.Brief;

/// <summary>
/// Writes the weekly brief (issue 12 § 6) from the figures: the 7-day changes of the engine's <see cref="FigureTrends"/>
/// (the same the dashboard shows beside every axis and agency) as of the week's last day, the engine's statuses of that
/// day and of a week before, and the obstacle and resolution figures of <see cref="AccountabilityService"/>. It computes
/// no figure of its own; it only picks, orders and words them.
/// </summary>
public sealed class BriefComposer(PayeshDb db, PlanQueries plans, PayeshClock clock)
{
    /// <summary>How many axes, agencies or actions a sentence names at most.</summary>
    public const int Top = 3;

    /// <summary>The brief of a plan the user may see for the week named by <paramref name="week"/> (one of its days;
    /// empty: the week of the plan's default day). A week outside the plan or not yet begun is refused in Persian.</summary>
    public async Task<Outcome<Brief>> ComposeAsync(CurrentUser user, long planId, string? week, CancellationToken ct)
    {
        if (await plans.OpenAsync(user, planId, ct) is not var (plan, e)) return Outcome.NotFound(PlanQueries.NotFoundMessage);
        JalaliWeek w;
        if (string.IsNullOrWhiteSpace(week)) w = JalaliWeek.Of(plans.DefaultDay(plan));
        else if (!JalaliWeek.TryParse(week, out w, out var error)) return Outcome.Invalid("week", error);
        var start = JalaliDate.FromDateOnly(plan.StartDate);
        var end = JalaliDate.FromDateOnly(plan.EndDate);
        if (w.End < start || w.Start > end)
            return Outcome.Invalid("week", $"هفته {Fa.Date(w.Start)} تا {Fa.Date(w.End)} در دوره برنامه ({Fa.Date(start)} تا {Fa.Date(end)}) نیست.");
        if (w.Start > clock.Today && !string.IsNullOrWhiteSpace(week))
            return Outcome.Invalid("week", $"هفته {Fa.Date(w.Start)} تا {Fa.Date(w.End)} هنوز نیامده است؛ گزارش هفته‌ای را بخواهید که آغاز شده است.");
        var asOf = new JalaliDate(Math.Min(w.End.DayNumber, Math.Min(clock.Today.DayNumber, end.DayNumber)));
        return await ComposeAsync(plan, e, w, asOf, ct);
    }

    private async Task<Brief> ComposeAsync(PlanRow plan, PlanEngine e, JalaliWeek week, JalaliDate asOf, CancellationToken ct)
    {
        // progress-spec § Baselines: the day's figures, and those a week before, on the baseline in force on the day.
        var tree = e.At(asOf.DayNumber).Evaluate(asOf.DayNumber);
        var trends = FigureTrends.Of(tree);
        var engine = tree.Engine;
        var axes = engine.Children(engine.Root);
        var (newlyStopped, newlyOverdue) = NewlyTroubled(trends);
        var names = await NodeTitlesAsync(engine, [.. axes, .. newlyStopped.Take(Top), .. newlyOverdue.Take(Top)], ct);
        string Link(string code) => $"/Plans/{plan.Id}?asOf={asOf}&node={Uri.EscapeDataString(code)}";
        string Axis(int n) => $"محور {Fa.Digits(engine.Code(n))} «{names[engine.Key(n)]}»";

        var root = trends.Actual(engine.Root);
        var headline = new BriefSentence(
            $"پیشرفت واقعی برنامه در پایان {Fa.LongDate(asOf)} {Fa.Pct(tree.Actual(engine.Root))} است در برابر "
            + $"{Fa.Pct(tree.Planned(engine.Root))} برنامه‌ای (انحراف {Fa.SignedPct(tree.Actual(engine.Root) - tree.Planned(engine.Root))} واحد درصد)؛ "
            + $"در ۷ روز منتهی به این روز {Points(root.Week)}.");

        var moved = new List<BriefSentence>();
        foreach (var n in axes.Where(n => trends.Actual(n).WeekTrend == Trend.Better).OrderByDescending(n => trends.Actual(n).Week).Take(Top))
            moved.Add(new($"{Axis(n)} {Fa.Num(trends.Actual(n).Week!.Value)} واحد درصد پیش رفت و به {Fa.Pct(tree.Actual(n))} رسید.", Link(engine.Code(n))));
        if (moved.Count == 0) moved.Add(new("در این هفته هیچ محوری پیشرفت درخور ذکری نداشت."));
        moved.AddRange(await AgencyGainsAsync(trends, ct));

        var slipped = new List<BriefSentence>();
        foreach (var n in axes.Where(n => trends.Deviation(n).WeekTrend == Trend.Worse).OrderBy(n => trends.Deviation(n).Week).Take(Top))
            slipped.Add(new($"انحراف {Axis(n)} در این هفته {Fa.Num(-trends.Deviation(n).Week!.Value)} واحد درصد بدتر شد و به "
                + $"{Fa.SignedPct(trends.Deviation(n).Now!.Value)} رسید.", Link(engine.Code(n))));
        if (slipped.Count == 0) slipped.Add(new("انحراف هیچ محوری در این هفته بدتر نشد."));
        slipped.Add(Newly(newlyStopped, "متوقف شد", "متوقف شدند", engine, names, trends.Count(engine.Root, ProgressStatus.Stopped), "متوقف"));
        slipped.Add(Newly(newlyOverdue, "از پایان برنامه‌ای‌اش گذشت و ناتمام ماند", "از پایان برنامه‌ای‌شان گذشتند و ناتمام ماندند", engine, names,
            trends.Count(engine.Root, ProgressStatus.Overdue), "سررسیدگذشته"));

        var decide = await DecisionsAsync(asOf, week, ct);
        return new Brief(plan.Id, plan.Title, week, asOf, headline,
        [
            new(Brief.Moved, "چه پیش رفت", moved),
            new(Brief.Slipped, "چه عقب ماند", slipped),
            new(Brief.Decide, "نیازمند تصمیم", decide),
        ]);
    }

    private static string Points(double? change) => change switch
    {
        null => "تغییری سنجیده نشد",
        { } c when Math.Abs(c) < FigureChange.Tolerance => "تغییری نکرد",
        { } c when c > 0 => $"{Fa.Num(c)} واحد درصد پیش رفت",
        { } c => $"{Fa.Num(-c)} واحد درصد پس رفت",
    };

    /// <summary>Actions whose status is stopped (overdue) on the day but was not a week before, worst first.</summary>
    private static (List<int> Stopped, List<int> Overdue) NewlyTroubled(FigureTrends t)
    {
        var engine = t.Now.Engine;
        var stopped = new List<int>();
        var overdue = new List<int>();
        for (int a = 0; a < engine.ActionCount; a++)
        {
            int n = engine.NodeOfAction(a);
            var now = t.Now.Status(n);
            if (now == t.WeekAgo.Status(n)) continue;
            if (now == ProgressStatus.Stopped) stopped.Add(n);
            else if (now == ProgressStatus.Overdue) overdue.Add(n);
        }
        stopped.Sort((x, y) => (t.Now.Actual(x) - t.Now.Planned(x)).CompareTo(t.Now.Actual(y) - t.Now.Planned(y)));
        overdue.Sort((x, y) => (t.Now.Actual(x) - t.Now.Planned(x)).CompareTo(t.Now.Actual(y) - t.Now.Planned(y)));
        return (stopped, overdue);
    }

    private static BriefSentence Newly(List<int> nodes, string one, string many, ProgressEngine engine, Dictionary<long, string> names, FigureChange total, string word)
    {
        var count = $"اکنون {Fa.Int((long)total.Now!.Value)} اقدام {word} است (هفته پیش {Fa.Int((long)(total.WeekAgo ?? 0))}).";
        if (nodes.Count == 0) return new($"در این هفته هیچ اقدامی تازه {word} نشد؛ {count}");
        var named = string.Join("، ", nodes.Take(Top).Select(n => $"{Fa.Digits(engine.Code(n))} «{names[engine.Key(n)]}»"));
        var more = nodes.Count > Top ? $" و {Fa.Int(nodes.Count - Top)} اقدام دیگر" : "";
        return nodes.Count == 1 ? new($"اقدام {named} در این هفته {one}؛ {count}") : new($"{Fa.Int(nodes.Count)} اقدام در این هفته {many}: {named}{more}؛ {count}");
    }

    private async Task<List<BriefSentence>> AgencyGainsAsync(FigureTrends trends, CancellationToken ct)
    {
        var engine = trends.Now.Engine;
        var led = engine.Agencies(trends.Now.Day).Where(a => a.ActionCount > 0).Select(a => a.Agency).ToList();
        var best = led.Where(a => trends.AgencyActual(a).WeekTrend == Trend.Better).OrderByDescending(a => trends.AgencyActual(a).Week).ThenBy(a => a).Take(Top).ToList();
        if (best.Count == 0) return [new("هیچ دستگاهی در این هفته پیشرفت درخور ذکری نداشت.")];
        var ids = best.Select(a => (long)a).ToList();
        var agencies = await db.Agencies.AsNoTracking().Where(a => ids.Contains(a.Id)).ToDictionaryAsync(a => a.Id, ct);
        var parts = best.Select(a => $"{agencies[a].Name} ({Fa.Num(trends.AgencyActual(a).Week!.Value)} واحد درصد، به {Fa.Pct(trends.AgencyActual(a).Now!.Value)})");
        return [new($"بیشترین پیشرفت دستگاه‌ها در اقدام‌هایی که مسئول آن‌اند: {string.Join("، ", parts)}.", $"/Agencies/{agencies[best[0]].Code}")];
    }

    /// <summary>Open obstacles escalated as of the day (replayed from their events up to it), and the obstacle and
    /// resolution deadlines passed, as <see cref="AccountabilityService"/> counts them for every page.</summary>
    private async Task<List<BriefSentence>> DecisionsAsync(JalaliDate asOf, JalaliWeek week, CancellationToken ct)
    {
        var date = asOf.ToDateOnly();
        var escalated = db.ObstacleEvents.Where(x => x.Step == ObstacleStep.Escalate && x.Day <= date).Select(x => x.ObstacleId);
        var events = await db.ObstacleEvents.AsNoTracking().Where(x => escalated.Contains(x.ObstacleId) && x.Day <= date)
            .OrderBy(x => x.ObstacleId).ThenBy(x => x.Id).ToListAsync(ct);
        var open = events.GroupBy(x => x.ObstacleId)
            .Select(g => (Id: g.Key, File: ObstacleFile.Replay(g.Select(ObstacleCommands.ToDomain)),
                New: g.Any(x => x.Step == ObstacleStep.Escalate && week.Contains(JalaliDate.FromDateOnly(x.Day)))))
            .Where(o => o.File.IsOpen && o.File.Escalation != EscalationLevel.None)
            .OrderByDescending(o => o.File.Escalation).ThenBy(o => o.Id).ToList();
        var list = new List<BriefSentence>();
        // The window said in the sentence: the brief replays the registers as of its day; the dashboard's «نیازمند تصمیم»
        // counts today's (the same figure, obstacles-escalated, equal for the same day).
        var at = $"در پایان روز {Fa.Date(asOf)}";
        var figure = Figures.SharedFigures.ObstaclesEscalated;
        if (open.Count == 0) list.Add(new($"{at} هیچ مانع ارجاع‌شده‌ای باز نیست.", null, figure));
        else
        {
            var ids = open.Take(Top).Select(o => o.Id).ToList();
            var titles = await db.Obstacles.AsNoTracking().Where(o => ids.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Title, ct);
            var named = string.Join("، ", open.Take(Top).Select(o => $"«{titles[o.Id]}» (ارجاع به {o.File.Escalation.PersianName()}{(o.New ? "، این هفته" : "")})"));
            var more = open.Count > Top ? $" و {Fa.Int(open.Count - Top)} مانع دیگر" : "";
            list.Add(BriefSentence.WithFigure($"{at}، ", Fa.Int(open.Count), $" مانع ارجاع‌شده باز است و تصمیم می‌خواهد: {named}{more}.",
                Dashboard.DecisionPanel.EscalatedLink, figure));
        }
        var total = (await AccountabilityService.ComputeAsync(db, asOf, ct)).Total;
        list.Add(new(total.ResolutionsOverdue == 0 ? "هیچ مصوبه‌ای از مهلتش نگذشته است."
            : $"{Fa.Int(total.ResolutionsOverdue)} مصوبه از مهلتش گذشته و انجام نشده است.", "/Resolutions"));
        list.Add(new(total.ObstaclesOverdue == 0 ? $"هیچ مانعی از مهلت رفعش نگذشته است؛ {Fa.Int(total.ObstaclesOpen)} مانع باز است."
            : $"{Fa.Int(total.ObstaclesOverdue)} مانع از {Fa.Int(total.ObstaclesOpen)} مانع باز از مهلت رفعش گذشته است.", "/Obstacles"));
        return list;
    }

    private async Task<Dictionary<long, string>> NodeTitlesAsync(ProgressEngine engine, IEnumerable<int> nodes, CancellationToken ct)
    {
        var ids = nodes.Select(engine.Key).Distinct().ToList();
        return await db.PlanNodes.AsNoTracking().Where(n => ids.Contains(n.Id)).ToDictionaryAsync(n => n.Id, n => n.Title, ct);
    }
}
