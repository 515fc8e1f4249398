using Microsoft.EntityFrameworkCore;
using Payesh.Domain.Calendar;
using Payesh.Domain.Obstacles;
using Payesh.Domain.Text;
using Payesh.Web.Data;
using Payesh.Web.Data.Model;
using Payesh.Web.Features.Account;
using Payesh.Web.Infrastructure;

namespace Payesh.Web.Features.Obstacles;

/// <summary>Filters of the obstacle register (page, API and Excel alike). Codes and API names, all optional.</summary>
public sealed class ObstacleFilter
{
    public string? State { get; set; }
    public string? Category { get; set; }
    public string? Severity { get; set; }
    /// <summary>Lead agency code.</summary>
    public string? Agency { get; set; }
    public bool? Escalated { get; set; }
    public bool? Overdue { get; set; }
    /// <summary>Only those assigned to the user's own agency.</summary>
    public bool? Mine { get; set; }
    /// <summary>Only those the lead agency has not answered yet.</summary>
    public bool? AwaitingAnswer { get; set; }
    public string? Q { get; set; }
}

public sealed record ObstacleRow(
    long Id, string Title, ObstacleCategory Category, ObstacleSeverity Severity, ObstacleState State, EscalationLevel Escalation,
    string? ReporterAgency, string? ReporterCode, string ReportedBy, DateOnly ReportedOn, string? LeadAgency, string? LeadCode,
    DateOnly? Deadline, DateOnly? ClosedOn, int UnitsAffected, int JobsAtRisk, long AmountBlocked, List<string> Units, List<string> Others,
    List<string> NodeCodes, string? Description)
{
    public bool IsOpen => State is not (ObstacleState.Resolved or ObstacleState.NotResolvable);
    public bool IsOverdue(DateOnly today) => IsOpen && Deadline is { } d && d < today;
}

/// <summary>An obstacle in the list of <c>GET /api/v1/obstacles</c>.</summary>
public sealed record ObstacleListItem(long Id, string Title, string Category, string Severity, string State, string? Escalation,
    string? ReportingAgency, string? ReportedOn, string? LeadAgency, string? Deadline, bool Overdue, string? ClosedOn,
    int UnitsAffected, int JobsAtRisk, long AmountBlocked, List<string> Nodes);

/// <summary>A production unit an obstacle affects.</summary>
public sealed record ObstacleUnitEntry(string Name, string? Location, int? Employees);

/// <summary>One step of an obstacle's history.</summary>
public sealed record ObstacleEventEntry(string Action, string? Date, DateTimeOffset At, string By, string? Agency, string? Note,
    string? LeadAgency, List<string?> OtherAgencies, string? Deadline, string? Level);

/// <summary>One obstacle with its history and the steps this user may take (<c>GET /api/v1/obstacles/{id}</c>).</summary>
public sealed record ObstacleDetail(long Id, string Title, string? Description, string Category, string Severity, string State, string? Escalation,
    List<ObstacleUnitEntry> Units, int UnitsAffected, int JobsAtRisk, long AmountBlocked, long? PlanId, List<string> Nodes,
    string? ReportingAgency, string ReportedBy, string? ReportedOn, string? LeadAgency, List<string?> OtherAgencies, string? Deadline,
    bool Overdue, bool AwaitingAnswer, string? ClosedOn, int? DaysToResolve, IReadOnlyList<long> PossibleDuplicates, uint Version,
    List<string> Allowed, List<ObstacleEventEntry> Events);

/// <summary>The reads of the obstacle register for the acting user (agency scope: an agency sees the obstacles it
/// reported, leads or shares), on the clock's day.</summary>
/// <summary>The register page on the clock's day: the rows this user may see that pass the filter (a bad filter named), the agencies
/// to filter by, what the user may do, and the register's figures when the list is the whole register seen by staff.</summary>
public sealed record ObstacleRegister(JalaliDate Today, List<ObstacleRow> Rows, string? BadFilter, List<(string Code, string Name)> Agencies,
    bool CanRegister, bool IsAgency, AccountabilityFigures? Figures);

/// <summary>The register form: whether the user chooses the agencies (staff), the active agencies, the user's own agency's name.</summary>
public sealed record ObstacleForm(bool IsStaff, List<(string Code, string Name)> Agencies, string? AgencyName);

/// <summary>A resolution that names an obstacle, as its page links it.</summary>
public sealed record LinkedResolution(long Id, string Number, string Text, string Agency);

/// <summary>One obstacle's page on the clock's day: the obstacle, its replayed history and stored steps with their files, the steps
/// this user may take, the agencies' names (all) and choices (active), possible duplicates and the resolutions that name it.</summary>
public sealed record ObstaclePage(Obstacle Obstacle, ObstacleFile History, List<ObstacleEventRow> Events, ILookup<long, StepAttachment> Attachments,
    IReadOnlyList<ObstacleStep> Allowed, Dictionary<long, string> AgencyNames, List<(string Code, string Name)> Agencies,
    List<(long Id, string Title)> Duplicates, List<LinkedResolution> Resolutions, JalaliDate Today);

public sealed class ObstacleQueries(PayeshDb db, PayeshClock clock, AccountabilityService accountability)
{
    public const string BadFilter = "مقدار این صافی شناخته نیست.";

    public const string NoSuchObstacle = "مانعی با این شناسه نیست.";
    public const string NotYourObstacle = "این مانع به دستگاه شما مربوط نیست.";

    /// <summary>The register form for this user: staff name the reporting, lead and other agencies; an agency user reports for their own.</summary>
    public async Task<ObstacleForm> FormAsync(CurrentUser user, CancellationToken ct)
    {
        var agencies = (await db.Agencies.AsNoTracking().Where(a => a.IsActive).OrderBy(a => a.Name)
            .Select(a => new { a.Code, a.Name }).ToListAsync(ct)).Select(a => (a.Code, a.Name)).ToList();
        string? own = user.AgencyId is { } id
            ? await db.Agencies.AsNoTracking().Where(a => a.Id == id).Select(a => a.Name).FirstOrDefaultAsync(ct)
            : null;
        return new ObstacleForm(Access.CanReportForAnyAgency(user), agencies, own);
    }

    /// <summary>One obstacle's page; not found, or forbidden to an agency it does not concern (<see cref="Access.CanSeeObstacle"/>).</summary>
    public async Task<Outcome<ObstaclePage>> PageAsync(CurrentUser user, long id, CancellationToken ct)
    {
        var seen = await SeenAsync(user, id, ct);
        if (!seen.Ok) return seen.As<ObstaclePage>();
        var (o, events, history) = seen.Value;
        var today = clock.Today;
        var attachments = await StepAttachments.OfObstacleAsync(db, id, ct);
        var all = await db.Agencies.AsNoTracking().OrderBy(a => a.Name).Select(a => new { a.Id, a.Code, a.Name, a.IsActive }).ToListAsync(ct);
        var dupIds = ObstacleCommands.ParseIds(o.PossibleDuplicates);
        var duplicates = dupIds.Count == 0 ? [] : (await db.Obstacles.AsNoTracking().Where(x => dupIds.Contains(x.Id))
            .Select(x => new { x.Id, x.Title }).ToListAsync(ct)).Select(x => (x.Id, x.Title)).ToList();
        var linked = await db.ResolutionObstacles.AsNoTracking().Where(x => x.ObstacleId == id).Select(x => x.ResolutionId).ToListAsync(ct);
        var resolutions = (await db.Resolutions.AsNoTracking().Where(r => linked.Contains(r.Id))
                .Select(r => new { r.Id, r.Seq, r.Text, Meeting = r.Meeting!.Number, Agency = r.Agency!.Name }).ToListAsync(ct))
            .Select(r => new LinkedResolution(r.Id, Resolutions.ResolutionCommands.Number(r.Meeting, r.Seq), r.Text, r.Agency)).ToList();
        return new ObstaclePage(o, history, events, attachments, history.AllowedSteps(Access.ObstacleActor(user), today.DayNumber),
            all.ToDictionary(a => a.Id, a => a.Name), [.. all.Where(a => a.IsActive).Select(a => (a.Code, a.Name))], duplicates, resolutions, today);
    }

    /// <summary>The obstacle with its units, agencies and nodes, its events and their replay, for a user it concerns; not found,
    /// or forbidden to an agency it does not concern (<see cref="Access.CanSeeObstacle"/>). The page's and the API's one read.</summary>
    private async Task<Outcome<(Obstacle Obstacle, List<ObstacleEventRow> Events, ObstacleFile File)>> SeenAsync(CurrentUser user, long id, CancellationToken ct)
    {
        var o = await db.Obstacles.AsNoTracking().Include(x => x.Units).Include(x => x.OtherAgencies)
            .Include(x => x.Nodes).ThenInclude(n => n.Node).FirstOrDefaultAsync(x => x.Id == id, ct);
        if (o is null) return Outcome.NotFound(NoSuchObstacle);
        if (!Access.CanSeeObstacle(user, o.ReporterAgencyId, o.LeadAgencyId, o.OtherAgencies.Select(a => a.AgencyId)))
            return Outcome.Forbidden(NotYourObstacle);
        var events = await db.ObstacleEvents.AsNoTracking().Where(e => e.ObstacleId == id).OrderBy(e => e.Id).ToListAsync(ct);
        return (o, events, ObstacleFile.Replay(events.Select(ObstacleCommands.ToDomain)));
    }

    /// <summary>A Jalali date as the API writes it (Latin digits), or null.</summary>
    public static string? Jalali(DateOnly? d) => d is { } x ? JalaliDate.FromDateOnly(x).ToString() : null;

    /// <summary>The API's list (at most <paramref name="limit"/> rows); a bad filter is invalid at its name.</summary>
    public async Task<Outcome<List<ObstacleListItem>>> ListAsync(CurrentUser user, ObstacleFilter filter, int limit, CancellationToken ct)
    {
        var (rows, bad) = await ListAsync(db, user, filter, clock.Today, limit, ct);
        if (bad is not null) return Outcome.Invalid(bad, BadFilter);
        var today = clock.Today.ToDateOnly();
        return rows.Select(r => new ObstacleListItem(r.Id, r.Title, r.Category.ApiName(), r.Severity.ApiName(), r.State.ApiName(),
            r.Escalation == EscalationLevel.None ? null : r.Escalation.ApiName(), r.ReporterCode, Jalali(r.ReportedOn), r.LeadCode,
            Jalali(r.Deadline), r.IsOverdue(today), Jalali(r.ClosedOn), r.UnitsAffected, r.JobsAtRisk, r.AmountBlocked, r.NodeCodes)).ToList();
    }

    /// <summary>One obstacle as its history has it; not found, or forbidden to an agency it does not concern.</summary>
    public async Task<Outcome<ObstacleDetail>> DetailAsync(CurrentUser user, long id, CancellationToken ct)
    {
        var seen = await SeenAsync(user, id, ct);
        if (!seen.Ok) return seen.As<ObstacleDetail>();
        var (o, events, file) = seen.Value;
        var codes = await db.Agencies.AsNoTracking().ToDictionaryAsync(a => a.Id, a => a.Code, ct);
        var today = clock.Today;
        string? Code(long? a) => a is { } x && codes.TryGetValue(x, out var c) ? c : null;
        return new ObstacleDetail(o.Id, o.Title, o.Description, o.Category.ApiName(), o.Severity.ApiName(), file.State.ApiName(),
            file.Escalation == EscalationLevel.None ? null : file.Escalation.ApiName(),
            [.. o.Units.OrderBy(u => u.SortOrder).Select(u => new ObstacleUnitEntry(u.Name, u.Location, u.Employees))],
            o.UnitsAffected, o.JobsAtRisk, o.AmountBlocked, o.PlanId, [.. o.Nodes.Select(n => n.Node!.Code).Order(StringComparer.Ordinal)],
            Code(o.ReporterAgencyId), o.ReportedByName, Jalali(o.ReportedOn), Code(file.LeadAgency), [.. file.OtherAgencies.Select(a => Code(a))],
            file.Deadline is { } d ? new JalaliDate(d).ToString() : null, file.IsOverdue(today.DayNumber), file.AwaitingAnswer,
            file.ClosedDay is { } c ? new JalaliDate(c).ToString() : null, file.DaysToResolve, ObstacleCommands.ParseIds(o.PossibleDuplicates),
            o.Version, [.. file.AllowedSteps(Access.ObstacleActor(user), today.DayNumber).Select(s => s.ApiName())],
            [.. events.Select(e => new ObstacleEventEntry(e.Step.ApiName(), Jalali(e.Day), e.At, e.ActorName, Code(e.ActorAgencyId), e.Note,
                Code(e.LeadAgencyId), [.. ObstacleCommands.ParseIds(e.OtherAgencyIds).Select(a => Code(a))], Jalali(e.Deadline),
                e.Step == ObstacleStep.Escalate ? e.Level.ApiName() : null))]);
    }

    /// <summary>The register page (and its Excel export, <paramref name="figures"/> false): at most <paramref name="limit"/> rows.</summary>
    public async Task<ObstacleRegister> RegisterAsync(CurrentUser user, ObstacleFilter filter, int limit, bool figures, CancellationToken ct)
    {
        var today = clock.Today;
        var (rows, bad) = await ListAsync(db, user, filter, today, limit, ct);
        var agencies = await Agencies.AgencyOptions.ForFiltersAsync(db, ct);
        bool isAgency = Access.IsAgencyUser(user);
        var total = figures && !isAgency && bad is null && IsWholeRegister(filter) ? (await accountability.ComputeAsync(today, ct)).Total : null;
        return new ObstacleRegister(today, rows, bad, Agencies.AgencyOptions.CodesAndNames(agencies), Access.CanRegisterObstacle(user), isAgency, total);
    }

    private static bool IsWholeRegister(ObstacleFilter f) =>
        f.State is null or "" or "open" && string.IsNullOrWhiteSpace(f.Category) && string.IsNullOrWhiteSpace(f.Severity)
        && string.IsNullOrWhiteSpace(f.Agency) && f.Escalated is null && f.Overdue is null && f.Mine is null && f.AwaitingAnswer is null
        && string.IsNullOrWhiteSpace(f.Q);

    /// <summary>The obstacles this user may see that pass the filter, newest first; errors name a bad filter. On a day given
    /// (the dashboard's as-of day); pages and the API ask the instance methods, which use the clock's day.</summary>
    public static async Task<(List<ObstacleRow> Rows, string? Error)> ListAsync(
        PayeshDb db, CurrentUser user, ObstacleFilter f, JalaliDate today, int limit, CancellationToken ct)
    {
        var (q, error) = Filtered(db, user, f, today);
        if (q is null) return ([], error);
        var rows = await q.OrderByDescending(o => o.Id).Take(limit).Select(o => new ObstacleRow(
            o.Id, o.Title, o.Category, o.Severity, o.State, o.Escalation,
            o.ReporterAgency == null ? null : o.ReporterAgency.Name, o.ReporterAgency == null ? null : o.ReporterAgency.Code,
            o.ReportedByName, o.ReportedOn,
            o.LeadAgency == null ? null : o.LeadAgency.Name, o.LeadAgency == null ? null : o.LeadAgency.Code,
            o.Deadline, o.ClosedOn, o.UnitsAffected, o.JobsAtRisk, o.AmountBlocked,
            o.Units.OrderBy(u => u.SortOrder).Select(u => u.Name).ToList(),
            o.OtherAgencies.Select(x => x.Agency!.Name).ToList(),
            o.Nodes.Select(n => n.Node!.Code).ToList(),
            o.Description)).ToListAsync(ct);
        return (rows, null);
    }

    /// <summary>The register's query: the obstacles this user may see that pass the filter (unordered), or the name of a
    /// bad filter. A count shown elsewhere (the dashboard's «نیازمند تصمیم») counts this query, so it is the list's count.</summary>
    public static (IQueryable<Obstacle>? Query, string? Error) Filtered(PayeshDb db, CurrentUser user, ObstacleFilter f, JalaliDate today)
    {
        var q = db.Obstacles.AsNoTracking();
        if (Access.IsAgencyUser(user))
        {
            var a = user.AgencyId ?? -1;
            q = q.Where(o => o.ReporterAgencyId == a || o.LeadAgencyId == a || o.OtherAgencies.Any(x => x.AgencyId == a));
        }
        if (f.Mine == true) q = q.Where(o => o.LeadAgencyId == (user.AgencyId ?? -1));
        if (!string.IsNullOrWhiteSpace(f.State))
        {
            if (f.State == "open") q = q.Where(o => o.State != ObstacleState.Resolved && o.State != ObstacleState.NotResolvable);
            else if (f.State == "closed") q = q.Where(o => o.State == ObstacleState.Resolved || o.State == ObstacleState.NotResolvable);
            else if (ObstacleTerms.TryParse<ObstacleState>(f.State, out var s)) q = q.Where(o => o.State == s);
            else return (null, "state");
        }
        if (!string.IsNullOrWhiteSpace(f.Category))
        {
            if (!ObstacleTerms.TryParse<ObstacleCategory>(f.Category, out var c)) return (null, "category");
            q = q.Where(o => o.Category == c);
        }
        if (!string.IsNullOrWhiteSpace(f.Severity))
        {
            if (!ObstacleTerms.TryParse<ObstacleSeverity>(f.Severity, out var s)) return (null, "severity");
            q = q.Where(o => o.Severity == s);
        }
        if (!string.IsNullOrWhiteSpace(f.Agency))
        {
            var code = f.Agency.Trim();
            q = q.Where(o => o.LeadAgency != null && o.LeadAgency.Code == code);
        }
        if (f.Escalated is { } esc) q = esc ? q.Where(o => o.Escalation != EscalationLevel.None) : q.Where(o => o.Escalation == EscalationLevel.None);
        var date = today.ToDateOnly();
        if (f.Overdue is { } od)
        {
            q = od
                ? q.Where(o => o.State != ObstacleState.Resolved && o.State != ObstacleState.NotResolvable && o.Deadline != null && o.Deadline < date)
                : q.Where(o => !(o.State != ObstacleState.Resolved && o.State != ObstacleState.NotResolvable && o.Deadline != null && o.Deadline < date));
        }
        if (f.AwaitingAnswer is { } aw) q = aw ? q.Where(o => o.State == ObstacleState.Assigned) : q.Where(o => o.State != ObstacleState.Assigned);
        var text = PersianText.Normalize(f.Q);
        if (!string.IsNullOrEmpty(text))
            q = q.Where(o => o.Title.Contains(text) || (o.Description != null && o.Description.Contains(text)) || o.Units.Any(u => u.Name.Contains(text)));
        return (q, null);
    }
}
