namespace Payesh.Domain.Obstacles;

/// <summary>
/// One event of an obstacle's history (append-only). Days are day numbers (<see cref="Calendar.JalaliDate.DayNumber"/>).
/// <paramref name="LeadAgency"/>, <paramref name="OtherAgencies"/> and <paramref name="Deadline"/> belong to
/// <see cref="ObstacleStep.Assign"/>, <paramref name="Level"/> to <see cref="ObstacleStep.Escalate"/>;
/// the <see cref="Actor.AgencyId"/> of <see cref="ObstacleStep.Report"/>'s <paramref name="By"/> is the reporting agency
/// (also when the secretariat reports for an agency).
/// </summary>
public sealed record ObstacleEvent(
    ObstacleStep Step,
    int Day,
    Actor By,
    string? Note = null,
    long? LeadAgency = null,
    IReadOnlyList<long>? OtherAgencies = null,
    int? Deadline = null,
    EscalationLevel Level = EscalationLevel.None);

/// <summary>Why a step was refused: <see cref="Forbidden"/> when this actor may never take it here,
/// otherwise the input or the state is wrong (<see cref="Path"/> names the field).</summary>
public sealed record StepRefusal(bool Forbidden, string Path, string Message);

/// <summary>
/// An obstacle's current state, derived by replaying its events through the workflow rules:
/// reported → under review → assigned → in progress → resolved / not resolvable, with escalation at
/// any open point and reopening by the secretariat.
/// </summary>
public sealed record ObstacleFile
{
    public ObstacleState State { get; private init; }
    public EscalationLevel Escalation { get; private init; }
    public long? ReporterAgency { get; private init; }
    public long? LeadAgency { get; private init; }
    public IReadOnlyList<long> OtherAgencies { get; private init; } = [];
    public int? Deadline { get; private init; }
    public int ReportedDay { get; private init; }
    /// <summary>When the current lead agency was first given the obstacle (a new deadline keeps it).</summary>
    public int? AssignedDay { get; private init; }
    public int? ClosedDay { get; private init; }
    public int LastDay { get; private init; }
    public int EventCount { get; private init; }

    public bool IsOpen => State is not (ObstacleState.Resolved or ObstacleState.NotResolvable);
    public bool IsOverdue(int today) => IsOpen && Deadline is { } d && today > d;
    /// <summary>Assigned and not yet answered by the lead agency (it owes a reply).</summary>
    public bool AwaitingAnswer => State == ObstacleState.Assigned;
    public bool ResolvedByDeadline => State == ObstacleState.Resolved && Deadline is { } d && ClosedDay <= d;
    public int? DaysToResolve => State == ObstacleState.Resolved ? ClosedDay - (AssignedDay ?? ReportedDay) : null;
    public int? DaysOverdue(int today) => IsOverdue(today) ? today - Deadline!.Value : null;

    private ObstacleFile() { }

    /// <summary>The state after a list of events; throws <see cref="DomainException"/> at the first event the rules refuse.</summary>
    public static ObstacleFile Replay(IEnumerable<ObstacleEvent> events)
    {
        ObstacleFile? file = null;
        foreach (var e in events) file = file is null ? Start(e) : file.Apply(e);
        return file ?? throw new DomainException("مانع هیچ رویدادی ندارد.");
    }

    /// <summary>A new obstacle from its <see cref="ObstacleStep.Report"/> event.</summary>
    public static ObstacleFile Start(ObstacleEvent report)
    {
        if (CheckReport(report) is { } refusal) throw new DomainException(refusal.Message, refusal.Path);
        return new ObstacleFile
        {
            State = ObstacleState.Reported,
            ReporterAgency = report.By.AgencyId,
            ReportedDay = report.Day,
            LastDay = report.Day,
            EventCount = 1,
        };
    }

    public static StepRefusal? CheckReport(ObstacleEvent report)
    {
        if (report.Step != ObstacleStep.Report) return new(false, "action", "نخستین رویداد هر مانع ثبت آن است.");
        if (report.By.Role == ActorRole.Viewer || (report.By.Role == ActorRole.Agency && report.By.AgencyId is null))
            return new(true, "action", "فقط دستگاه‌های اجرایی و دبیرخانه ستاد مانع ثبت می‌کنند.");
        return null;
    }

    /// <summary>The state after one more event; throws <see cref="DomainException"/> when the rules refuse it.</summary>
    public ObstacleFile Apply(ObstacleEvent e)
    {
        if (Check(e) is { } refusal) throw new DomainException(refusal.Message, refusal.Path);
        var next = this with { LastDay = e.Day, EventCount = EventCount + 1 };
        return e.Step switch
        {
            ObstacleStep.Review => next with { State = ObstacleState.UnderReview },
            ObstacleStep.Assign => next with
            {
                State = ObstacleState.Assigned,
                LeadAgency = e.LeadAgency,
                OtherAgencies = [.. (e.OtherAgencies ?? []).Where(a => a != e.LeadAgency).Distinct()],
                Deadline = e.Deadline,
                AssignedDay = e.LeadAgency == LeadAgency && AssignedDay is not null ? AssignedDay : e.Day,
            },
            ObstacleStep.Start => next with { State = ObstacleState.InProgress },
            ObstacleStep.Resolve => next with { State = ObstacleState.Resolved, ClosedDay = e.Day },
            ObstacleStep.DeclareNotResolvable => next with { State = ObstacleState.NotResolvable, ClosedDay = e.Day },
            ObstacleStep.Escalate => next with { Escalation = e.Level },
            ObstacleStep.Reopen => next with
            {
                State = LeadAgency is null ? ObstacleState.UnderReview : ObstacleState.Assigned,
                ClosedDay = null,
            },
            _ => next,
        };
    }

    /// <summary>Null when the rules allow the event now; otherwise why not.</summary>
    public StepRefusal? Check(ObstacleEvent e)
    {
        var by = e.By;
        bool staff = by.IsStaff;
        bool lead = by.IsAgency(LeadAgency);
        if (e.Day < LastDay) return new(false, "date", "رویداد نمی‌تواند پیش از آخرین رویداد این مانع باشد.");
        bool noteMissing = string.IsNullOrWhiteSpace(e.Note);

        switch (e.Step)
        {
            case ObstacleStep.Report:
                return new(false, "action", "این مانع پیش‌تر ثبت شده است.");
            case ObstacleStep.Review:
                if (!staff) return new(true, "action", "آغاز بررسی با دبیرخانه ستاد است.");
                if (State != ObstacleState.Reported) return NotNow(e.Step);
                return null;
            case ObstacleStep.Assign:
                if (!staff) return new(true, "action", "ارجاع مانع به دستگاه مسئول با دبیرخانه ستاد است.");
                if (!IsOpen) return NotNow(e.Step);
                if (e.LeadAgency is null) return new(false, "leadAgency", "دستگاه مسئول رفع مانع را تعیین کنید.");
                if (e.Deadline is not { } deadline) return new(false, "deadline", "مهلت رفع مانع را تعیین کنید.");
                if (deadline < e.Day) return new(false, "deadline", "مهلت رفع مانع نمی‌تواند پیش از امروز باشد.");
                return null;
            case ObstacleStep.Start:
                if (!staff && !lead) return new(true, "action", "فقط دستگاه مسئول رفع مانع (یا دبیرخانه) پاسخ می‌دهد.");
                if (State != ObstacleState.Assigned) return NotNow(e.Step);
                if (noteMissing) return NoteNeeded("شرح اقدام‌های در دست انجام را بنویسید.");
                return null;
            case ObstacleStep.Resolve:
                if (!staff && !lead) return new(true, "action", "فقط دستگاه مسئول رفع مانع (یا دبیرخانه) رفع آن را اعلام می‌کند.");
                if (State is not (ObstacleState.Assigned or ObstacleState.InProgress)) return NotNow(e.Step);
                if (noteMissing) return NoteNeeded("بنویسید مانع چگونه رفع شد.");
                return null;
            case ObstacleStep.DeclareNotResolvable:
                if (!staff) return new(true, "action", "اعلام غیرقابل رفع بودن مانع با دبیرخانه ستاد است.");
                if (!IsOpen) return NotNow(e.Step);
                if (noteMissing) return NoteNeeded("دلیل غیرقابل رفع بودن را بنویسید.");
                return null;
            case ObstacleStep.Escalate:
                if (!staff) return new(true, "action", "ارجاع به سطح بالاتر با دبیرخانه ستاد است.");
                if (!IsOpen) return NotNow(e.Step);
                if (e.Level == EscalationLevel.None) return new(false, "level", "سطح ارجاع را تعیین کنید.");
                if (e.Level <= Escalation)
                    return new(false, "level", $"مانع پیش‌تر به «{Escalation.PersianName()}» ارجاع شده است؛ فقط سطح بالاتر پذیرفته است.");
                return null;
            case ObstacleStep.Reopen:
                if (!staff) return new(true, "action", "بازگشایی مانع با دبیرخانه ستاد است.");
                if (IsOpen) return NotNow(e.Step);
                if (noteMissing) return NoteNeeded("دلیل بازگشایی را بنویسید.");
                return null;
            default:
                bool involved = staff || lead
                    || (by.Role == ActorRole.Agency && by.AgencyId is { } a && (a == ReporterAgency || OtherAgencies.Contains(a)));
                if (!involved) return new(true, "action", "فقط دستگاه‌های درگیر این مانع و دبیرخانه یادداشت می‌گذارند.");
                if (noteMissing) return NoteNeeded("متن یادداشت را بنویسید.");
                return null;
        }
    }

    /// <summary>The steps <paramref name="by"/> may take now (ignoring the note and fields they need).</summary>
    public IReadOnlyList<ObstacleStep> AllowedSteps(Actor by, int today)
    {
        var result = new List<ObstacleStep>();
        foreach (var step in Enum.GetValues<ObstacleStep>())
        {
            if (step == ObstacleStep.Report) continue;
            var probe = new ObstacleEvent(step, Math.Max(today, LastDay), by, "—", LeadAgency ?? 0, null, Math.Max(today, LastDay),
                Escalation == EscalationLevel.NationalHq ? EscalationLevel.NationalHq : Escalation + 1);
            if (Check(probe) is null) result.Add(step);
        }
        return result;
    }

    private StepRefusal NotNow(ObstacleStep step) =>
        new(false, "action", $"«{step.PersianName()}» در وضعیت «{State.PersianName()}» ممکن نیست.");

    private static StepRefusal NoteNeeded(string message) => new(false, "note", message);
}
