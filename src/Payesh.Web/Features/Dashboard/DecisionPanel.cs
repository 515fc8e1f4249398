using Microsoft.EntityFrameworkCore;
using Payesh.Domain.Calendar;
using Payesh.Domain.Obstacles;
using Payesh.Domain.Progress;
using Payesh.Web.Data;
using Payesh.Web.Data.Model;
using Payesh.Web.Features.Account;
using Payesh.Web.Features.Meetings;
using Payesh.Web.Features.Obstacles;
using Payesh.Web.Features.Progress;
using Payesh.Web.Features.Resolutions;
using Payesh.Web.Infrastructure;

namespace Payesh.Web.Features.Dashboard;

/// <summary>
/// «نیازمند تصمیم» (issue 12 § 6): what the governor must decide — open obstacles escalated to the HQ or higher, resolutions
/// past their deadline, the next meeting's agenda (or, with no meeting planned, the agenda <see cref="AgendaProposal"/>
/// proposes) and the actions slipping fastest. The registers are today's (as their lists are): each count is the count of
/// the list it links to, read with that list's own query and the same user; the slipping actions are as of the day shown.
/// </summary>
public sealed class DecisionPanel(PayeshDb db, PlanEngines engines, PayeshClock clock, IConfiguration config, ProposalCache proposals)
{
    /// <summary>How many entries of each part the panel names (the count says how many there are in all).</summary>
    public const int Shown = 5;

    public sealed record Entry(string Text, string Link, string? Note = null);

    /// <summary>One part of the panel: its count, the list it links to (none for the slipping actions, whose entries are
    /// the list) and the first entries; <paramref name="Figure"/> is the shared figure the count is, if any.</summary>
    public sealed record Part(string Key, string Title, int Count, string? Link, string Note, IReadOnlyList<Entry> Entries,
        Figures.SharedFigure? Figure = null);

    public sealed record Panel(JalaliDate Today, Part Escalated, Part LateResolutions, Part Agenda, Part Slipping)
    {
        public IEnumerable<Part> Parts => [Escalated, LateResolutions, Agenda, Slipping];
    }

    public const string EscalatedLink = "/Obstacles?Filter.State=open&Filter.Escalated=true";
    public const string LateResolutionsLink = "/Resolutions?Filter.Overdue=true";

    public async Task<Panel> ComputeAsync(CurrentUser user, long planId, TreeFigures tree, FigureTrends? trends, JalaliDate day, CancellationToken ct)
    {
        var today = clock.Today;
        // On the registers' own queries, so each count is the count of the list linked. Open escalated obstacles are few: read
        // them (a narrow projection) and order by level and severity in memory, where the enums order as declared (the
        // columns hold their names).
        var (obstacles, _) = ObstacleQueries.Filtered(db, user, new ObstacleFilter { State = "open", Escalated = true }, today);
        var open = await obstacles!.Select(o => new { o.Id, o.Title, o.Escalation, o.Severity }).ToListAsync(ct);
        var firstObstacles = open.OrderByDescending(o => o.Escalation).ThenByDescending(o => o.Severity).ThenBy(o => o.Id).Take(Shown).ToList();
        int escalatedCount = open.Count;
        var escalated = new Part("escalated", Figures.SharedFigures.ObstaclesEscalated.Label, escalatedCount, EscalatedLink,
            $"{Figures.SharedFigures.ObstaclesEscalated.Counts}؛ {TodayWindow(today)}",
            [.. firstObstacles.Select(o => new Entry(o.Title, $"/Obstacles/{o.Id}", o.Escalation.PersianName()))], Figures.SharedFigures.ObstaclesEscalated);

        var (resolutions, _) = ResolutionQueries.Filtered(db, new ResolutionFilter { Overdue = true }, today);
        var firstResolutions = await resolutions!.OrderBy(r => r.Deadline).ThenBy(r => r.Id).Take(Shown)
            .Select(r => new { r.Id, Meeting = r.Meeting!.Number, r.Seq, r.Text, Agency = r.Agency!.Name, r.Deadline }).ToListAsync(ct);
        int lateCount = await CountAsync(resolutions!, firstResolutions.Count, ct);
        var late = new Part("late-resolutions", Figures.SharedFigures.ResolutionsOverdue.Label, lateCount, LateResolutionsLink,
            $"{Figures.SharedFigures.ResolutionsOverdue.Counts}؛ {TodayWindow(today)}",
            [.. firstResolutions.Select(r => new Entry($"{ResolutionCommands.Number(r.Meeting, r.Seq)} — {ObstacleCommands.Short(r.Text)}", $"/Resolutions/{r.Id}",
                $"{r.Agency}، {Fa.Int(today.DayNumber - r.Deadline.DayNumber)} روز از مهلت گذشته"))], Figures.SharedFigures.ResolutionsOverdue);

        return new Panel(today, escalated, late, await AgendaAsync(today, ct), await SlippingAsync(planId, tree, trends, day, ct));
    }

    /// <summary>How many rows the query has: the first entries read tell, unless there were as many as shown.</summary>
    private static async Task<int> CountAsync<T>(IQueryable<T> query, int read, CancellationToken ct) =>
        read < Shown ? read : await query.CountAsync(ct);

    /// <summary>The window of the registers' counts, said beside them: today's state, whatever day the dashboard shows
    /// (the weekly brief replays the same count as of its week's last day).</summary>
    public static string TodayWindow(JalaliDate today) => $"وضعیت امروز، {Fa.Date(today)}";

    /// <summary>The next planned meeting's agenda (its page lists it); with none planned, the proposed stocktake.</summary>
    private async Task<Part> AgendaAsync(JalaliDate today, CancellationToken ct)
    {
        var date = today.ToDateOnly();
        var next = await db.Meetings.AsNoTracking().Where(m => m.State == MeetingState.Planned && m.Date >= date)
            .OrderBy(m => m.Date).ThenBy(m => m.Id).Select(m => new { m.Id, m.Number, m.Date }).FirstOrDefaultAsync(ct);
        List<AgendaItem> items;
        int count;
        string title, link, note;
        if (next is not null)
        {
            var agenda = db.AgendaItems.AsNoTracking().Where(a => a.MeetingId == next.Id);
            items = await agenda.OrderBy(a => a.SortOrder).ThenBy(a => a.Id).Take(Shown).ToListAsync(ct);
            count = await CountAsync(agenda, items.Count, ct);
            title = $"دستور جلسه {Fa.Int(next.Number)} ستاد ({Fa.Date(next.Date)})";
            link = $"/Meetings/{next.Id}";
            note = "بندهای دستور نزدیک‌ترین جلسه برنامه‌ریزی‌شده ستاد";
        }
        else
        {
            // The proposal reads every register and the running plan's reports; kept until the next audited write.
            items = (await proposals.ProposeAsync(db, engines, config, today, ct)).Items;
            count = items.Count;
            title = "دستور پیشنهادی جلسه بعد";
            link = "/Meetings";
            note = "جلسه‌ای برنامه‌ریزی نشده است؛ بندهایی که از وضعیت امروز برای جلسه بعد پیشنهاد می‌شود";
        }
        return new Part("agenda", title, count, link, note,
            [.. items.Take(Shown).Select(a => new Entry(a.Text, ItemLink(a) ?? link, AgendaProposal.KindName(a.Kind)))]);
    }

    private static string? ItemLink(AgendaItem a) =>
        a.ObstacleId is { } o ? $"/Obstacles/{o}"
        : a.ResolutionId is { } r ? $"/Resolutions/{r}"
        : null;

    /// <summary>Every slipping action of a day (by action), largest fall first.</summary>
    private sealed record Slipping(List<(int Action, double Fall, double Deviation)> All);

    /// <summary>Unfinished actions whose deviation fell most over the last 7 days (same baseline), largest fall first. The
    /// pass over every action is kept by the engine for the day (it reads the day and 7 days before) and, after a report,
    /// brought up to date for the actions it changed; titles are read fresh.</summary>
    private async Task<Part> SlippingAsync(long planId, TreeFigures tree, FigureTrends? trends, JalaliDate day, CancellationToken ct)
    {
        var engine = tree.Engine;
        int top = tree.Top, d = day.DayNumber;
        var all = trends is null ? new Slipping([]) : engine.KeptFor(d, ("dashboard-slipping", top),
            () => Slipped(engine, d, top, null, Enumerable.Range(0, engine.ActionCount).ToHashSet()),
            (kept, changes) => Slipped(engine, d, top, kept, changes.Select(c => c.Action).ToHashSet()));
        var slipping = (Worst: all.All.Take(Shown).Select(x => (Node: engine.NodeOfAction(x.Action), x.Fall, x.Deviation)).ToList(), Count: all.All.Count);
        var worst = slipping.Worst;
        var ids = worst.Select(x => engine.Key(x.Node)).ToList();
        var titles = ids.Count == 0 ? new Dictionary<long, string>()
            : await db.PlanNodes.AsNoTracking().Where(n => ids.Contains(n.Id)).ToDictionaryAsync(n => n.Id, n => n.Title, ct);
        return new Part("slipping", "اقدام‌هایی که سریع‌تر عقب می‌افتند", slipping.Count, null,
            $"اقدام‌های ناتمامی که انحرافشان در ۷ روز منتهی به {Fa.Date(day)} کاهش یافته است؛ {Fa.Int(Shown)} اقدام با بیشترین کاهش",
            [.. worst.Select(x => new Entry($"{Fa.Digits(engine.Code(x.Node))} {titles.GetValueOrDefault(engine.Key(x.Node))}",
                $"/Plans/{planId}/Action/{engine.Key(x.Node)}?asOf={day}",
                $"انحراف {Fa.SignedPct(x.Deviation)}، در ۷ روز {Fa.SignedPct(x.Fall)}"))]);
    }

    /// <summary>The slipping actions among <paramref name="actions"/>, merged into <paramref name="kept"/> (less those
    /// actions), largest fall first, then by code, as a full pass orders them.</summary>
    private static Slipping Slipped(ProgressEngine engine, int day, int top, Slipping? kept, HashSet<int> actions)
    {
        // Read inside: what is kept must come from the engine as it was when keeping started.
        var t = FigureTrends.Of(engine.EvaluateKept(day, top));
        var list = kept is null ? [] : kept.All.Where(x => !actions.Contains(x.Action)).ToList();
        foreach (int a in actions)
        {
            int node = engine.NodeOfAction(a);
            if (!t.Now.Contains(node) || t.Now.Status(node) == ProgressStatus.Completed) continue;
            var change = t.Deviation(node);
            if (change.Week is { } w && w <= -FigureChange.Tolerance) list.Add((a, w, change.Now ?? 0));
        }
        list.Sort((x, y) => x.Fall != y.Fall ? x.Fall.CompareTo(y.Fall)
            : string.CompareOrdinal(engine.Code(engine.NodeOfAction(x.Action)), engine.Code(engine.NodeOfAction(y.Action))));
        return new Slipping(list);
    }
}
