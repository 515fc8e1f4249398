using Microsoft.EntityFrameworkCore;
using Payesh.Domain.Calendar;
using Payesh.Web.Data;
using Payesh.Web.Data.Model;
using Payesh.Web.Features.Account;
using Payesh.Web.Features.Progress;
using Payesh.Web.Infrastructure;

namespace Payesh.Web.Features.Plans;

/// <summary>A plan as a selector offers it: its title, period and state.</summary>
public sealed record PlanChoice(long Id, string Title, int Year, DateOnly Start, DateOnly End, PlanState State)
{
    /// <summary>The title with the period (start before end, always) and, unless communicated, the state.</summary>
    public string Label => $"{Title} ({Fa.Date(Start)} تا {Fa.Date(End)}{(State == PlanState.Approved ? "" : "، " + PlanQueries.StateName(State))})";
}

/// <summary>A plan in <c>GET /api/v1/plans</c>: dates Jalali, state in lower case.</summary>
public sealed record PlanSummary(long Id, string Title, int Year, string Start, string End, string State);

/// <summary>An agency in <c>GET /api/v1/agencies</c>.</summary>
public sealed record AgencyEntry(long Id, string Code, string Name, string Kind);

/// <summary>A whole plan in <c>GET /api/v1/plans/{id}</c>: the plan document (docs/api.md) with its id and state.</summary>
public sealed record PlanAnswer(long Id, string? Title, int? Year, string? Start, string? End, string State,
    Domain.Plans.PlanSettingsDocument? Settings, List<string>? Levels, List<Domain.Plans.AgencyDocument>? Agencies,
    List<Domain.Plans.NodeDocument>? Nodes);

/// <summary>A plan on the plans page: its period, state, number of actions and whole-plan figures as of a day.</summary>
public sealed record PlanCard(long Id, string Title, int Year, JalaliDate Start, JalaliDate End, string State, JalaliDate AsOf,
    Domain.Progress.NodeFigures Figures, int Actions);

/// <summary>The plans page: the cards, and whether the user may author plans (the new-plan and edit links).</summary>
public sealed record PlanCards(IReadOnlyList<PlanCard> Plans, bool CanManage);

/// <summary>The plan a page shows, the plans it may switch to, and whether the user asked for it by name.</summary>
public sealed record PlanShown(PlanRow? Plan, IReadOnlyList<PlanChoice> Choices, bool Asked);

/// <summary>
/// The one place that decides which plans a user may see (issue 10 § 2) and which plan a page shows when the user
/// has not said (issue 11 § 2). A draft is the secretariat's work in progress: to everyone else it does not exist —
/// not in lists, not by id, not through the engine (every read path asks here; a draft asked for by id is "not found").
/// </summary>
/// <param name="context">Resolved on first use: a report POST checked against the engine this instance holds reads nothing
/// here, and building a context it does not use was a twentieth of its CPU (issue 14).</param>
public sealed class PlanQueries(Lazy<PayeshDb> context, PlanEngines engines, PayeshClock clock)
{
    private PayeshDb Db => context.Value;

    public const string NotFoundMessage = "برنامه‌ای با این شناسه نیست.";

    private static bool Sees(CurrentUser user, PlanState state) => state != PlanState.Draft || Access.IsStaff(user);

    /// <summary>The plans the user may see, as a query to refine.</summary>
    public IQueryable<PlanRow> Visible(CurrentUser user) =>
        Access.IsStaff(user) ? Db.Plans.AsNoTracking() : Db.Plans.AsNoTracking().Where(p => p.State != PlanState.Draft);

    /// <summary>The plan if it exists and the user may see it; otherwise null (the same answer for both).</summary>
    public Task<PlanRow?> FindAsync(CurrentUser user, long planId, CancellationToken ct) =>
        Visible(user).FirstOrDefaultAsync(p => p.Id == planId, ct);

    /// <summary>The plan's engines if the user may see the plan (no query beyond the engine's own version check).</summary>
    public async Task<PlanEngine?> EngineAsync(CurrentUser user, long planId, CancellationToken ct)
    {
        var e = await engines.GetAsync(Db, planId, ct);
        return e is not null && Sees(user, e.Rules.State) ? e : null;
    }

    /// <summary>
    /// The plan's engines as this instance holds them, without reading the plan's stamp (<see cref="PlanEngines.Cached"/>;
    /// read fresh if none is held), with the catch-up count a write carries to the group commit's check. Its rules may be
    /// stale: the report write path answers nothing but a stored write from it, and refuses only after a fresh read.
    /// </summary>
    public async Task<(PlanEngine Engine, long CatchUps)?> HeldEngineAsync(CurrentUser user, long planId, CancellationToken ct)
    {
        var held = engines.Cached(planId);
        if (held is null && await engines.GetAsync(Db, planId, ct) is { } e) held = (e, e.CatchUps);
        return held is { } h && Sees(user, h.Engine.Rules.State) ? h : null;
    }

    /// <summary>A plan row with its engines, both or nothing.</summary>
    public async Task<(PlanRow Row, PlanEngine Engine)?> OpenAsync(CurrentUser user, long planId, CancellationToken ct)
    {
        var row = await FindAsync(user, planId, ct);
        if (row is null) return null;
        var e = await engines.GetAsync(Db, planId, ct);
        return e is null ? null : (row, e);
    }

    /// <summary>The plans the user may switch between, newest year first.</summary>
    public async Task<IReadOnlyList<PlanChoice>> ChoicesAsync(CurrentUser user, CancellationToken ct) =>
        await Visible(user).OrderByDescending(p => p.Year).ThenByDescending(p => p.Id)
            .Select(p => new PlanChoice(p.Id, p.Title, p.Year, p.StartDate, p.EndDate, p.State)).ToListAsync(ct);

    /// <summary>
    /// The plan a page shows: the one asked for (404 if the user may not see it), else the user's last explicit choice
    /// (<paramref name="remembered"/>, if still visible), else the plan in force (<see cref="InForce"/>).
    /// <paramref name="only"/> narrows the choices (e.g. the plans that take reports today).
    /// </summary>
    public async Task<Outcome<PlanShown>> ShowAsync(CurrentUser user, long? asked, long? remembered, CancellationToken ct,
        Func<PlanChoice, bool>? only = null)
    {
        var choices = (await ChoicesAsync(user, ct)).Where(only ?? (_ => true)).ToList();
        PlanChoice? pick;
        if (asked is { } a)
        {
            pick = choices.FirstOrDefault(c => c.Id == a);
            if (pick is null) return Outcome.NotFound(NotFoundMessage);
        }
        else pick = choices.FirstOrDefault(c => c.Id == remembered) ?? InForce(choices, clock.Today.ToDateOnly());
        var row = pick is null ? null : await Db.Plans.AsNoTracking().FirstAsync(p => p.Id == pick.Id, ct);
        return new PlanShown(row, choices, asked is not null);
    }

    /// <summary>
    /// The plan in force (issue 11 § 2): the communicated plan whose period contains today, else the latest one that has
    /// ended. A draft, or a plan that has not started, is never the default: approving next year's plan early does not
    /// move the pages off the running one.
    /// </summary>
    public static PlanChoice? InForce(IEnumerable<PlanChoice> plans, DateOnly today)
    {
        var communicated = plans.Where(p => p.State != PlanState.Draft).ToList();
        return communicated.Where(p => p.Start <= today && today <= p.End)
                   .OrderByDescending(p => p.Start).ThenByDescending(p => p.Id).FirstOrDefault()
               ?? communicated.Where(p => p.End < today).OrderByDescending(p => p.End).ThenByDescending(p => p.Id).FirstOrDefault();
    }

    /// <summary>The day a plan is shown at when none is asked: today, kept within the plan's period (so a period is never
    /// shown ending before it starts).</summary>
    public JalaliDate DefaultDay(PlanRow plan)
    {
        var today = clock.Today;
        var start = JalaliDate.FromDateOnly(plan.StartDate);
        var end = JalaliDate.FromDateOnly(plan.EndDate);
        return today > end ? end : today < start ? start : today;
    }

    /// <summary>The plans page: every plan the user may see, newest year first, with its figures — a past plan at its
    /// end, a running one today.</summary>
    public async Task<PlanCards> CardsAsync(CurrentUser user, CancellationToken ct)
    {
        var today = clock.Today;
        var rows = await Visible(user).OrderByDescending(p => p.Year).ThenByDescending(p => p.Id).ToListAsync(ct);
        var cards = new List<PlanCard>();
        foreach (var p in rows)
        {
            var e = await engines.GetAsync(Db, p.Id, ct);
            if (e is null) continue;
            var start = JalaliDate.FromDateOnly(p.StartDate);
            var end = JalaliDate.FromDateOnly(p.EndDate);
            var asOf = today > end ? end : today;
            cards.Add(new PlanCard(p.Id, p.Title, p.Year, start, end, StateName(p.State), asOf,
                e.At(asOf.DayNumber).Figures(0, asOf.DayNumber), e.Engine.ActionCount));
        }
        return new PlanCards(cards, Access.CanManagePlans(user));
    }

    /// <summary>The plans the user may see, newest year first (the API's list).</summary>
    public async Task<List<PlanSummary>> ListAsync(CurrentUser user, CancellationToken ct)
    {
        var rows = await Visible(user).OrderByDescending(p => p.Year).ThenBy(p => p.Id)
            .Select(p => new { p.Id, p.Title, p.Year, p.StartDate, p.EndDate, p.State }).ToListAsync(ct);
        return [.. rows.Select(p => new PlanSummary(p.Id, p.Title, p.Year, JalaliDate.FromDateOnly(p.StartDate).ToString(),
            JalaliDate.FromDateOnly(p.EndDate).ToString(), p.State.ToString().ToLowerInvariant()))];
    }

    /// <summary>Every agency by code (no plan in it, so readable by everyone signed in).</summary>
    public async Task<List<AgencyEntry>> AgenciesAsync(CancellationToken ct)
    {
        var rows = await Db.Agencies.AsNoTracking().OrderBy(a => a.Code).ToListAsync(ct);
        return [.. rows.Select(a => new AgencyEntry(a.Id, a.Code, a.Name, Domain.Plans.PlanDocumentReader.KindName(a.Kind)))];
    }

    /// <summary>The plan as a plan document, if the user may see it.</summary>
    public async Task<Outcome<PlanAnswer>> DocumentAsync(CurrentUser user, long planId, CancellationToken ct)
    {
        if (await FindAsync(user, planId, ct) is null) return Outcome.NotFound(NotFoundMessage);
        var loaded = await PlanStore.LoadAsync(Db, planId, ct);
        if (loaded is null) return Outcome.NotFound(NotFoundMessage);
        var doc = Domain.Plans.PlanDocumentReader.ToDocument(loaded.Plan, code => loaded.NodeIds.TryGetValue(code, out var id) ? id : null);
        return new PlanAnswer(loaded.Row.Id, doc.Title, doc.Year, doc.Start, doc.End, loaded.Row.State.ToString().ToLowerInvariant(),
            doc.Settings, doc.Levels, doc.Agencies, doc.Nodes);
    }

    public static string StateName(PlanState s) => s switch
    {
        PlanState.Approved => "ابلاغ‌شده",
        PlanState.Closed => "بسته‌شده",
        _ => "پیش‌نویس",
    };
}
