using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Payesh.Domain;
using Payesh.Domain.Calendar;
using Payesh.Domain.Obstacles;
using Payesh.Domain.Plans;
using Payesh.Domain.Text;
using Payesh.Web.Data;
using Payesh.Web.Data.Model;
using Payesh.Web.Features.Account;
using Payesh.Web.Infrastructure;

namespace Payesh.Web.Features.Obstacles;

/// <summary>A production unit as it arrives.</summary>
public sealed class UnitInput
{
    public string? Name { get; set; }
    public string? Location { get; set; }
    public int? Employees { get; set; }
}

/// <summary>A new obstacle as it arrives (API or page). Codes name agencies and plan nodes.</summary>
public sealed class ObstacleInput
{
    public string? Title { get; set; }
    public string? Description { get; set; }
    public string? Category { get; set; }
    public string? Severity { get; set; }
    public List<UnitInput?>? Units { get; set; }
    public int? UnitsAffected { get; set; }
    public int? JobsAtRisk { get; set; }
    public long? AmountBlocked { get; set; }
    /// <summary>Plan node codes, in <see cref="Plan"/> (default: the running plan).</summary>
    public List<string?>? Nodes { get; set; }
    public long? Plan { get; set; }
    /// <summary>The reporting agency (staff only; an agency user always reports for their own).</summary>
    public string? Agency { get; set; }
    /// <summary>Staff may assign at once: lead agency, others and a deadline.</summary>
    public string? LeadAgency { get; set; }
    public List<string?>? OtherAgencies { get; set; }
    public string? Deadline { get; set; }
    public bool AllowDuplicate { get; set; }
}

/// <summary>One workflow step asked for (API or page).</summary>
public sealed class TransitionInput
{
    public string? Action { get; set; }
    public string? Note { get; set; }
    public string? LeadAgency { get; set; }
    public List<string?>? OtherAgencies { get; set; }
    public string? Deadline { get; set; }
    public string? Level { get; set; }
    /// <summary>The version the client saw; a newer one in the database is a 409.</summary>
    public uint? Version { get; set; }
}

/// <summary>Registers obstacles (with the duplicate check) and applies workflow steps through the domain rules.</summary>
public sealed class ObstacleCommands(PayeshDb db, PayeshClock clock, ObstacleNotices notices, Plans.PlanQueries plans)
{
    public const int MaxUnits = 200;

    public const string StepMeanwhile = "کار دیگری هم‌زمان روی این مانع ثبت شد؛ گام شما ثبت نشد. صفحه را دوباره باز کنید و وضعیت تازه را ببینید.";

    public async Task<Outcome<long>> RegisterAsync(ObstacleInput input, CurrentUser user, CancellationToken ct)
    {
        if (!Access.CanRegisterObstacle(user)) return Outcome.Forbidden("فقط دستگاه‌های اجرایی و دبیرخانه ستاد مانع ثبت می‌کنند.", "action");
        var errors = new List<ValidationError>();
        var today = clock.Today;
        var actor = Access.ObstacleActor(user);

        var title = PersianText.Normalize(input.Title);
        if (string.IsNullOrEmpty(title)) errors.Add(new("title", "عنوان مانع را بنویسید."));
        else if (title.Length > 300) errors.Add(new("title", "عنوان مانع نباید از ۳۰۰ نویسه بیشتر باشد."));
        var description = PersianText.Normalize(input.Description);
        if (description is { Length: > 4000 }) errors.Add(new("description", "شرح مانع نباید از ۴۰۰۰ نویسه بیشتر باشد."));
        if (!ObstacleTerms.TryParse<ObstacleCategory>(input.Category, out var category))
            errors.Add(new("category", "موضوع مانع را از فهرست انتخاب کنید."));
        ObstacleSeverity severity = ObstacleSeverity.Medium;
        if (input.Severity is not null && !ObstacleTerms.TryParse(input.Severity, out severity))
            errors.Add(new("severity", "شدت مانع یکی از کم، متوسط، زیاد یا بحرانی است."));

        var units = new List<ObstacleUnit>();
        var unitInputs = input.Units ?? [];
        if (unitInputs.Count > MaxUnits) errors.Add(new("units", $"حداکثر {PersianText.FormatInteger(MaxUnits)} واحد تولیدی."));
        for (int i = 0; i < Math.Min(unitInputs.Count, MaxUnits); i++)
        {
            var u = unitInputs[i];
            var unitName = PersianText.Normalize(u?.Name);
            var location = PersianText.Normalize(u?.Location);
            if (string.IsNullOrEmpty(unitName))
            {
                if (!string.IsNullOrEmpty(location) || u?.Employees is not null) errors.Add(new($"units[{i}].name", "نام واحد تولیدی را بنویسید."));
                continue;
            }
            if (unitName.Length > 300) errors.Add(new($"units[{i}].name", "نام واحد نباید از ۳۰۰ نویسه بیشتر باشد."));
            if (location is { Length: > 300 }) errors.Add(new($"units[{i}].location", "محل نباید از ۳۰۰ نویسه بیشتر باشد."));
            if (u!.Employees is < 0 or > 1_000_000) errors.Add(new($"units[{i}].employees", "شمار کارکنان باید عددی از ۰ تا ۱٬۰۰۰٬۰۰۰ باشد."));
            units.Add(new ObstacleUnit { SortOrder = units.Count, Name = unitName, Location = string.IsNullOrEmpty(location) ? null : location, Employees = u.Employees });
        }
        if (input.UnitsAffected is < 0 or > 1_000_000) errors.Add(new("unitsAffected", "شمار واحدهای درگیر نمی‌تواند منفی باشد."));
        if (input.JobsAtRisk is < 0 or > 100_000_000) errors.Add(new("jobsAtRisk", "شمار شغل‌های در معرض خطر نمی‌تواند منفی باشد."));
        if (input.AmountBlocked is < 0) errors.Add(new("amountBlocked", "مبلغ معطل‌مانده نمی‌تواند منفی باشد."));

        // Who reports: an agency user for their own agency; staff for an agency they name, or for the secretariat itself.
        long? reporterAgency = actor.Role == ActorRole.Agency ? actor.AgencyId : null;
        var agencies = await db.Agencies.AsNoTracking().Select(a => new { a.Id, a.Code, a.Name }).ToListAsync(ct);
        var byCode = agencies.ToDictionary(a => a.Code, a => a.Id, StringComparer.OrdinalIgnoreCase);
        if (!string.IsNullOrWhiteSpace(input.Agency))
        {
            if (!Access.CanReportForAnyAgency(user))
            {
                if (!byCode.TryGetValue(input.Agency.Trim(), out var own) || own != user.AgencyId)
                    return Outcome.Forbidden("دستگاه‌ها فقط برای خودشان مانع ثبت می‌کنند.", "agency");
            }
            else if (byCode.TryGetValue(input.Agency.Trim(), out var a)) reporterAgency = a;
            else errors.Add(new("agency", $"دستگاهی با کد «{input.Agency}» نیست."));
        }

        // Linked plan nodes, by code, in the given or the running plan.
        var nodes = new List<(long Id, string Code)>();
        long? planId = input.Plan;
        var codes = (input.Nodes ?? []).Select(c => PersianText.ToLatinDigits(c ?? "").Trim()).ToList();
        if (codes.Count > 0 || planId is not null)
        {
            planId ??= await RunningPlanAsync(db, today, ct);
            if (planId is null || await plans.FindAsync(user, planId.Value, ct) is null) errors.Add(new("plan", "برنامه‌ای برای پیوند بخش‌ها پیدا نشد."));
            else
            {
                var known = await db.PlanNodes.AsNoTracking().Where(n => n.PlanId == planId && codes.Contains(n.Code))
                    .Select(n => new { n.Id, n.Code }).ToDictionaryAsync(n => n.Code, n => n.Id, ct);
                for (int i = 0; i < codes.Count; i++)
                {
                    if (codes[i].Length == 0) continue;
                    if (known.TryGetValue(codes[i], out var id)) { if (nodes.All(n => n.Id != id)) nodes.Add((id, codes[i])); }
                    else errors.Add(new($"nodes[{i}]", $"بخشی با کد «{PersianText.ToPersianDigits(codes[i])}» در برنامه نیست."));
                }
            }
        }

        // An immediate assignment (staff) goes through the same rule as a later one.
        ObstacleEvent? assign = null;
        bool wantsAssign = !string.IsNullOrWhiteSpace(input.LeadAgency) || !string.IsNullOrWhiteSpace(input.Deadline) || input.OtherAgencies is { Count: > 0 };
        if (wantsAssign)
        {
            var (e, assignErrors) = AssignEvent(input.LeadAgency, input.OtherAgencies, input.Deadline, null, actor, today, byCode);
            errors.AddRange(assignErrors);
            assign = e;
        }
        if (errors.Count > 0) return Outcome.Invalid(errors);

        // The secretariat reporting for an agency: a staff actor carrying the agency it reports for.
        var report = new ObstacleEvent(ObstacleStep.Report, today.DayNumber, actor with { AgencyId = reporterAgency });
        if (ObstacleFile.CheckReport(report) is { } refused) return Outcome.From(refused);
        var file = ObstacleFile.Start(report);
        if (assign is not null)
        {
            if (file.Check(assign) is { } r) return Outcome.From(r);
            file = file.Apply(assign);
        }

        // Possible duplicates among open obstacles: similar title or the same production unit.
        var open = await db.Obstacles.AsNoTracking()
            .Where(o => o.State != ObstacleState.Resolved && o.State != ObstacleState.NotResolvable)
            .Select(o => new { o.Id, o.Title, Units = o.Units.Select(u => u.Name).ToList() }).ToListAsync(ct);
        var duplicates = DuplicateCheck.Find(title!, units.Select(u => u.Name), open.Select(o => new KnownObstacle(o.Id, o.Title, o.Units)));
        if (duplicates.Count > 0 && !input.AllowDuplicate) return Outcome.Conflict("مانع مشابهی پیش‌تر ثبت شده است.", duplicates);

        var now = clock.Now;
        var name = await DisplayNameAsync(user, ct);
        var obstacle = new Obstacle
        {
            Title = title!,
            Description = string.IsNullOrEmpty(description) ? null : description,
            Category = category,
            Severity = severity,
            Units = units,
            UnitsAffected = input.UnitsAffected ?? units.Count,
            JobsAtRisk = input.JobsAtRisk ?? units.Sum(u => u.Employees ?? 0),
            AmountBlocked = input.AmountBlocked ?? 0,
            PlanId = planId,
            ReporterAgencyId = reporterAgency,
            ReportedById = user.Id,
            ReportedByName = name,
            ReportedOn = today.ToDateOnly(),
            ReportedAt = now,
            PossibleDuplicates = duplicates.Count > 0 ? string.Join(",", duplicates.Select(d => d.Id)) : null,
            Nodes = [.. nodes.Select(n => new ObstacleNode { NodeId = n.Id })],
        };
        obstacle.Events.Add(Row(report, user, name, now));
        if (assign is not null) obstacle.Events.Add(Row(assign, user, name, now));
        Project(file, obstacle);
        db.Obstacles.Add(obstacle);
        await db.SaveChangesAsync(ct);
        if (assign is not null)
        {
            await notices.ToAgencyAsync(file.LeadAgency, $"مانع «{Short(obstacle.Title)}» برای رفع به دستگاه شما ارجاع شد",
                $"مهلت: {Fa.Date(obstacle.Deadline!.Value)}", $"/Obstacles/{obstacle.Id}", ct);
            await db.SaveChangesAsync(ct);
        }
        return Outcome.Done(obstacle.Id);
    }

    public Task<Outcome<long>> TransitionAsync(long id, TransitionInput input, CurrentUser user, CancellationToken ct) =>
        TransitionAsync(id, input, user, null, ct);

    /// <summary>A step, with a file that proves it (checked by <see cref="Reports.EvidenceFiles.ReadAsync"/>) stored with it.</summary>
    public async Task<Outcome<long>> TransitionAsync(long id, TransitionInput input, CurrentUser user, Evidence? attachment, CancellationToken ct)
    {
        var obstacle = await db.Obstacles.Include(o => o.OtherAgencies).FirstOrDefaultAsync(o => o.Id == id, ct);
        if (obstacle is null) return Outcome.NotFound("مانعی با این شناسه نیست.");
        if (!Access.CanSeeObstacle(user, obstacle.ReporterAgencyId, obstacle.LeadAgencyId, obstacle.OtherAgencies.Select(a => a.AgencyId)))
            return Outcome.Forbidden("این مانع به دستگاه شما مربوط نیست.", "action");
        if (input.Version is { } v && v != obstacle.Version) return Outcome.Conflict(StepMeanwhile);
        if (!ObstacleTerms.TryParse<ObstacleStep>(input.Action, out var step) || step == ObstacleStep.Report)
            return Outcome.Invalid("action", "کار خواسته‌شده شناخته نیست (review، assign، start، resolve، not-resolvable، escalate، reopen یا comment).");

        var today = clock.Today;
        var actor = Access.ObstacleActor(user);
        var note = PersianText.Normalize(input.Note);
        if (note is { Length: > 4000 }) return Outcome.Invalid("note", "یادداشت نباید از ۴۰۰۰ نویسه بیشتر باشد.");
        var file = await FileAsync(id, ct);

        ObstacleEvent e;
        if (step == ObstacleStep.Assign)
        {
            var byCode = await db.Agencies.AsNoTracking().ToDictionaryAsync(a => a.Code, a => a.Id, StringComparer.OrdinalIgnoreCase, ct);
            var (assign, errors) = AssignEvent(input.LeadAgency, input.OtherAgencies, input.Deadline, note, actor, today, byCode);
            if (!actor.IsStaff) return Outcome.Forbidden("ارجاع مانع به دستگاه مسئول با دبیرخانه ستاد است.", "action");
            if (errors.Count > 0) return Outcome.Invalid(errors);
            e = assign!;
        }
        else if (step == ObstacleStep.Escalate)
        {
            var level = EscalationLevel.None;
            if (!string.IsNullOrWhiteSpace(input.Level) && !ObstacleTerms.TryParse(input.Level, out level))
                return Outcome.Invalid("level", "سطح ارجاع یکی از hq-meeting، deputy-governor، governor یا national-hq است.");
            e = new ObstacleEvent(step, today.DayNumber, actor, note, Level: level);
        }
        else e = new ObstacleEvent(step, today.DayNumber, actor, note);

        // The history is read after the obstacle: a refusal from a step stored in between is a race, not a wrong step.
        if (file.Check(e) is { } refusal)
            return await db.Obstacles.AnyAsync(o => o.Id == id && o.Version != obstacle.Version, ct) ? Outcome.Conflict(StepMeanwhile) : Outcome.From(refusal);
        var next = file.Apply(e);
        var name = await DisplayNameAsync(user, ct);
        var row = Row(e, user, name, clock.Now);
        row.ObstacleId = obstacle.Id;
        db.ObstacleEvents.Add(row);
        if (attachment is not null) StepAttachments.AddToObstacle(db, attachment, obstacle.Id, row, user, row.At);
        Project(next, obstacle);
        if (step == ObstacleStep.Assign)
        {
            obstacle.OtherAgencies.RemoveAll(a => !next.OtherAgencies.Contains(a.AgencyId));
            foreach (var a in next.OtherAgencies.Where(a => obstacle.OtherAgencies.All(x => x.AgencyId != a)))
                obstacle.OtherAgencies.Add(new ObstacleAgency { ObstacleId = obstacle.Id, AgencyId = a });
        }
        // Every step moves the version, so two steps decided on the same history cannot both be stored: the step claims
        // the version it was decided on, and the one that finds it moved records and notifies nothing.
        uint seen = obstacle.Version;
        db.Entry(obstacle).Property(o => o.Version).IsModified = true;
        await NotifyAsync(obstacle, step, next, note, ct);
        bool claimed = await db.SaveIfClaimedAsync(c => db.Obstacles.Where(o => o.Id == id && o.Version == seen)
            .ExecuteUpdateAsync(u => u.SetProperty(o => o.Version, seen), c), ct);
        return claimed ? Outcome.Done(obstacle.Id) : Outcome.Conflict(StepMeanwhile);
    }

    /// <summary>An obstacle's history replayed through the rules.</summary>
    public async Task<ObstacleFile> FileAsync(long id, CancellationToken ct)
    {
        var rows = await db.ObstacleEvents.AsNoTracking().Where(x => x.ObstacleId == id).OrderBy(x => x.Id).ToListAsync(ct);
        return ObstacleFile.Replay(rows.Select(ToDomain));
    }

    public static ObstacleEvent ToDomain(ObstacleEventRow r) => new(
        r.Step, r.Day.DayNumber, new Actor(r.ActorRole, r.ActorAgencyId), r.Note, r.LeadAgencyId, ParseIds(r.OtherAgencyIds),
        r.Deadline?.DayNumber, r.Level);

    public static IReadOnlyList<long> ParseIds(string? text) =>
        string.IsNullOrEmpty(text) ? [] : [.. text.Split(',').Select(x => long.Parse(x, CultureInfo.InvariantCulture))];

    /// <summary>The approved plan running today (the newest, if several).</summary>
    public static async Task<long?> RunningPlanAsync(PayeshDb db, JalaliDate today, CancellationToken ct)
    {
        var date = today.ToDateOnly();
        return await db.Plans.AsNoTracking().Where(p => p.State == PlanState.Approved && p.StartDate <= date && p.EndDate >= date)
            .OrderByDescending(p => p.Year).ThenByDescending(p => p.Id).Select(p => (long?)p.Id).FirstOrDefaultAsync(ct);
    }

    private static (ObstacleEvent? Event, List<ValidationError> Errors) AssignEvent(
        string? leadCode, List<string?>? otherCodes, string? deadlineText, string? note, Actor actor, JalaliDate today, Dictionary<string, long> byCode)
    {
        var errors = new List<ValidationError>();
        long? lead = null;
        if (!string.IsNullOrWhiteSpace(leadCode))
        {
            if (byCode.TryGetValue(leadCode.Trim(), out var l)) lead = l;
            else errors.Add(new("leadAgency", $"دستگاهی با کد «{leadCode}» نیست."));
        }
        var others = new List<long>();
        var list = otherCodes ?? [];
        for (int i = 0; i < list.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(list[i])) continue;
            if (byCode.TryGetValue(list[i]!.Trim(), out var o)) others.Add(o);
            else errors.Add(new($"otherAgencies[{i}]", $"دستگاهی با کد «{list[i]}» نیست."));
        }
        int? deadline = null;
        if (!string.IsNullOrWhiteSpace(deadlineText))
        {
            if (JalaliDate.TryParse(deadlineText, out var d, out var message)) deadline = d.DayNumber;
            else errors.Add(new("deadline", message));
        }
        return (new ObstacleEvent(ObstacleStep.Assign, today.DayNumber, actor, note, lead, others, deadline), errors);
    }

    private static ObstacleEventRow Row(ObstacleEvent e, CurrentUser user, string name, DateTimeOffset now) => new()
    {
        Step = e.Step,
        Day = DateOnly.FromDayNumber(e.Day),
        At = now,
        ActorId = user.Id,
        ActorName = name,
        ActorRole = e.By.Role,
        ActorAgencyId = e.By.AgencyId,
        Note = string.IsNullOrWhiteSpace(e.Note) ? null : e.Note,
        LeadAgencyId = e.Step == ObstacleStep.Assign ? e.LeadAgency : null,
        OtherAgencyIds = e.Step == ObstacleStep.Assign && e.OtherAgencies is { Count: > 0 } o
            ? string.Join(",", o.Where(a => a != e.LeadAgency).Distinct().Select(a => a.ToString(CultureInfo.InvariantCulture)))
            : null,
        Deadline = e.Deadline is { } d && e.Step == ObstacleStep.Assign ? DateOnly.FromDayNumber(d) : null,
        Level = e.Step == ObstacleStep.Escalate ? e.Level : EscalationLevel.None,
    };

    /// <summary>Keeps the derived columns equal to what the events say.</summary>
    public static void Project(ObstacleFile file, Obstacle o)
    {
        o.State = file.State;
        o.Escalation = file.Escalation;
        o.LeadAgencyId = file.LeadAgency;
        o.Deadline = file.Deadline is { } d ? DateOnly.FromDayNumber(d) : null;
        o.AssignedOn = file.AssignedDay is { } a ? DateOnly.FromDayNumber(a) : null;
        o.ClosedOn = file.ClosedDay is { } c ? DateOnly.FromDayNumber(c) : null;
    }

    private async Task NotifyAsync(Obstacle o, ObstacleStep step, ObstacleFile file, string? note, CancellationToken ct)
    {
        string link = $"/Obstacles/{o.Id}";
        switch (step)
        {
            case ObstacleStep.Assign:
                await notices.ToAgencyAsync(file.LeadAgency, $"مانع «{Short(o.Title)}» برای رفع به دستگاه شما ارجاع شد",
                    $"مهلت: {Fa.Date(o.Deadline!.Value)}" + (note is null ? "" : $" — {note}"), link, ct);
                break;
            case ObstacleStep.Start or ObstacleStep.Resolve:
                await notices.ToSecretariatAsync($"پاسخ دستگاه به مانع «{Short(o.Title)}»: {file.State.PersianName()}", note, link, ct);
                await notices.ToAgencyAsync(o.ReporterAgencyId, $"مانع «{Short(o.Title)}»: {file.State.PersianName()}", note, link, ct);
                break;
            case ObstacleStep.Escalate:
                await notices.ToAgencyAsync(file.LeadAgency, $"مانع «{Short(o.Title)}» به {file.Escalation.PersianName()} ارجاع شد", note, link, ct);
                break;
            case ObstacleStep.DeclareNotResolvable:
                await notices.ToAgencyAsync(o.ReporterAgencyId, $"مانع «{Short(o.Title)}» غیرقابل رفع اعلام شد", note, link, ct);
                break;
        }
    }

    private async Task<string> DisplayNameAsync(CurrentUser user, CancellationToken ct) =>
        await db.Users.AsNoTracking().Where(u => u.Id == user.Id).Select(u => u.DisplayName).FirstOrDefaultAsync(ct) is { Length: > 0 } d ? d : user.Name;

    internal static string Short(string s) => s.Length <= 60 ? s : s[..59] + "…";
}
