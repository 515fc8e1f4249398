namespace Payesh.Domain.Obstacles;

/// <summary>Where an HQ resolution (مصوبه) stands on a day.</summary>
public enum ResolutionState
{
    /// <summary>Issued; the responsible agency may still object.</summary>
    Pending,
    /// <summary>The agency objected; the secretariat has not decided yet.</summary>
    Objected,
    /// <summary>Must be carried out: the objection period passed or the objection was rejected.</summary>
    Binding,
    /// <summary>The agency reported it done; it counts as carried out only once the secretariat confirms.</summary>
    AwaitingConfirmation,
    /// <summary>Carried out: confirmed by the secretariat (or declared done by the secretariat itself).</summary>
    Done,
    /// <summary>The objection was accepted: the resolution no longer binds anyone.</summary>
    Withdrawn,
}

[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1720", Justification = "Object is the verb: the agency objects to the resolution (API name \"object\").")]
public enum ResolutionStep { Issue, Object, AcceptObjection, RejectObjection, FollowUp, Done, ConfirmDone, ReturnDone }

public sealed record ResolutionEvent(ResolutionStep Step, int Day, Actor By, string? Note = null);

/// <summary>
/// A resolution's state, derived from its events and the day: the responsible agency may object within
/// <see cref="ObjectionDays"/> of the issue day (default 15, Payesh:ObjectionDays), otherwise it must carry the
/// resolution out, with follow-up reports until it reports it done. An agency's report of done awaits the
/// secretariat, which confirms it (carried out on the day the agency reported it) or returns it with a reason;
/// only a confirmed resolution is carried out (<see cref="CarriedOut"/>), in every figure.
/// </summary>
public sealed record ResolutionFile
{
    public long Agency { get; private init; }
    public int IssuedDay { get; private init; }
    public int ObjectionDays { get; private init; }
    public int Deadline { get; private init; }
    public bool ObjectedOnce { get; private init; }
    /// <summary>The day it was reported done, once confirmed: the day that counts for "on time".</summary>
    public int? DoneDay { get; private init; }
    /// <summary>The day the agency reported it done, while that awaits confirmation or after it was confirmed.</summary>
    public int? ClaimedDay { get; private init; }
    public int Returns { get; private init; }
    public int FollowUps { get; private init; }
    public int LastDay { get; private init; }
    private Stage Current { get; init; }
    private Stage BeforeClaim { get; init; }

    private enum Stage { Issued, Objected, ObjectionRejected, Claimed, Done, Withdrawn }

    /// <summary>The last day on which the agency may object.</summary>
    public int ObjectionUntil => IssuedDay + ObjectionDays;

    private ResolutionFile() { }

    public ResolutionState StateOn(int day) => Current switch
    {
        Stage.Issued => day <= ObjectionUntil ? ResolutionState.Pending : ResolutionState.Binding,
        Stage.Objected => ResolutionState.Objected,
        Stage.ObjectionRejected => ResolutionState.Binding,
        Stage.Claimed => ResolutionState.AwaitingConfirmation,
        Stage.Done => ResolutionState.Done,
        _ => ResolutionState.Withdrawn,
    };

    public bool IsOpen => Current is not (Stage.Done or Stage.Withdrawn);
    public bool IsOverdue(int today) => IsOpen && today > Deadline;
    public bool DoneOnTime => DoneDay is { } d && d <= Deadline;
    /// <summary>The one definition of "carried out" (اجراشده) for every figure: confirmed done.</summary>
    public bool CarriedOut => DoneDay is not null;
    public bool Counts => Current != Stage.Withdrawn;

    public static ResolutionFile Issue(long agency, int day, int deadline, int objectionDays, Actor by)
    {
        if (!by.IsStaff) throw new DomainException("مصوبه را دبیرخانه ستاد ثبت و ابلاغ می‌کند.", "action");
        if (deadline < day) throw new DomainException("مهلت اجرای مصوبه نمی‌تواند پیش از تاریخ ابلاغ باشد.", "deadline");
        if (objectionDays < 0) throw new DomainException("مهلت اعتراض نمی‌تواند منفی باشد.", "objectionDays");
        return new ResolutionFile
        {
            Agency = agency,
            IssuedDay = day,
            Deadline = deadline,
            ObjectionDays = objectionDays,
            LastDay = day,
            Current = Stage.Issued,
        };
    }

    public static ResolutionFile Replay(long agency, int deadline, int objectionDays, IEnumerable<ResolutionEvent> events)
    {
        ResolutionFile? file = null;
        foreach (var e in events)
        {
            if (file is null)
            {
                if (e.Step != ResolutionStep.Issue) throw new DomainException("نخستین رویداد مصوبه ابلاغ آن است.");
                file = Issue(agency, e.Day, deadline, objectionDays, e.By);
            }
            else file = file.Apply(e);
        }
        return file ?? throw new DomainException("مصوبه هیچ رویدادی ندارد.");
    }

    public ResolutionFile Apply(ResolutionEvent e)
    {
        if (Check(e) is { } refusal) throw new DomainException(refusal.Message, refusal.Path);
        var next = this with { LastDay = e.Day };
        return e.Step switch
        {
            ResolutionStep.Object => next with { Current = Stage.Objected, ObjectedOnce = true },
            ResolutionStep.AcceptObjection => next with { Current = Stage.Withdrawn },
            ResolutionStep.RejectObjection => next with { Current = Stage.ObjectionRejected },
            ResolutionStep.FollowUp => next with { FollowUps = FollowUps + 1 },
            // The secretariat's own report of done needs no one else's confirmation.
            ResolutionStep.Done when e.By.IsStaff => next with { Current = Stage.Done, DoneDay = e.Day, ClaimedDay = e.Day },
            ResolutionStep.Done => next with { Current = Stage.Claimed, BeforeClaim = Current, ClaimedDay = e.Day },
            ResolutionStep.ConfirmDone => next with { Current = Stage.Done, DoneDay = ClaimedDay },
            _ => next with { Current = BeforeClaim, ClaimedDay = null, Returns = Returns + 1 },
        };
    }

    public StepRefusal? Check(ResolutionEvent e)
    {
        bool staff = e.By.IsStaff;
        bool responsible = e.By.IsAgency(Agency);
        if (e.Day < LastDay) return new(false, "date", "رویداد نمی‌تواند پیش از آخرین رویداد این مصوبه باشد.");
        var state = StateOn(e.Day);
        bool noteMissing = string.IsNullOrWhiteSpace(e.Note);
        switch (e.Step)
        {
            case ResolutionStep.Issue:
                return new(false, "action", "این مصوبه پیش‌تر ابلاغ شده است.");
            case ResolutionStep.Object:
                if (!responsible) return new(true, "action", "فقط دستگاه مسئول اجرای مصوبه می‌تواند اعتراض کند.");
                if (ObjectedOnce) return new(false, "action", "به این مصوبه یک بار اعتراض شده است.");
                if (state == ResolutionState.Binding && Current == Stage.Issued)
                    return new(false, "action", $"مهلت {Text.PersianText.FormatInteger(ObjectionDays)} روزه اعتراض گذشته است؛ مصوبه لازم‌الاجراست.");
                if (state != ResolutionState.Pending) return NotNow(e.Step, state);
                if (noteMissing) return new(false, "note", "دلیل اعتراض را بنویسید.");
                return null;
            case ResolutionStep.AcceptObjection:
            case ResolutionStep.RejectObjection:
                if (!staff) return new(true, "action", "تصمیم درباره اعتراض با دبیرخانه ستاد است.");
                if (state != ResolutionState.Objected) return NotNow(e.Step, state);
                if (noteMissing) return new(false, "note", "دلیل تصمیم را بنویسید.");
                return null;
            case ResolutionStep.FollowUp:
                if (!staff && !responsible) return new(true, "action", "گزارش پیگیری را دستگاه مسئول یا دبیرخانه می‌نویسد.");
                if (state is not (ResolutionState.Pending or ResolutionState.Binding)) return NotNow(e.Step, state);
                if (noteMissing) return new(false, "note", "شرح پیگیری را بنویسید.");
                return null;
            case ResolutionStep.ConfirmDone:
            case ResolutionStep.ReturnDone:
                if (!staff) return new(true, "action", "تأیید یا بازگرداندن انجام مصوبه با دبیرخانه ستاد است.");
                if (state != ResolutionState.AwaitingConfirmation) return NotNow(e.Step, state);
                if (e.Step == ResolutionStep.ReturnDone && noteMissing) return new(false, "note", "دلیل بازگرداندن را بنویسید؛ دستگاه آن را می‌بیند.");
                return null;
            default:
                if (!staff && !responsible) return new(true, "action", "انجام مصوبه را دستگاه مسئول یا دبیرخانه اعلام می‌کند.");
                if (state is not (ResolutionState.Pending or ResolutionState.Binding)) return NotNow(e.Step, state);
                if (noteMissing) return new(false, "note", "بنویسید مصوبه چگونه اجرا شد.");
                return null;
        }
    }

    public IReadOnlyList<ResolutionStep> AllowedSteps(Actor by, int today)
    {
        var result = new List<ResolutionStep>();
        foreach (var step in Enum.GetValues<ResolutionStep>())
        {
            if (step != ResolutionStep.Issue && Check(new ResolutionEvent(step, Math.Max(today, LastDay), by, "—")) is null) result.Add(step);
        }
        return result;
    }

    private static StepRefusal NotNow(ResolutionStep step, ResolutionState state) =>
        new(false, "action", $"«{step.PersianName()}» در وضعیت «{state.PersianName()}» ممکن نیست.");
}
