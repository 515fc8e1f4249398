using Microsoft.EntityFrameworkCore;
using Payesh.Domain;
using Payesh.Domain.Calendar;
using Payesh.Domain.Obstacles;
using Payesh.Domain.Plans;
using Payesh.Domain.Text;
using Payesh.Web.Data;
using Payesh.Web.Data.Model;
using Payesh.Web.Features.Account;
using Payesh.Web.Features.Obstacles;
using Payesh.Web.Infrastructure;

namespace Payesh.Web.Features.Resolutions;

/// <summary>A resolution as it arrives: text, responsible agency (code), deadline, linked obstacles (ids) and plan nodes (codes).</summary>
public sealed class ResolutionInput
{
    public string? Text { get; set; }
    public string? Agency { get; set; }
    public string? Deadline { get; set; }
    public List<long>? Obstacles { get; set; }
    public List<string?>? Nodes { get; set; }
}

public sealed class ResolutionStepInput
{
    public string? Action { get; set; }
    public string? Note { get; set; }
    public uint? Version { get; set; }
}

/// <summary>Records resolutions of a meeting and applies their steps (objection, decision, follow-up, done) through the domain rules.</summary>
public sealed class ResolutionCommands(PayeshDb db, PayeshClock clock, IConfiguration config, ObstacleNotices notices)
{
    public const string StepMeanwhile = "کار دیگری هم‌زمان روی این مصوبه ثبت شد؛ گام شما ثبت نشد. صفحه را دوباره باز کنید و وضعیت تازه را ببینید.";

    /// <summary>Days the responsible agency has to object (Payesh:ObjectionDays, default 15).</summary>
    public int ObjectionDays => Math.Max(0, config.GetValue("Payesh:ObjectionDays", 15));

    public async Task<Outcome<long>> RecordAsync(long meetingId, ResolutionInput input, CurrentUser user, CancellationToken ct)
    {
        if (!Access.CanManageMeetings(user)) return Outcome.Forbidden("مصوبه را دبیرخانه ستاد ثبت و ابلاغ می‌کند.", "action");
        var meeting = await db.Meetings.AsNoTracking().FirstOrDefaultAsync(m => m.Id == meetingId, ct);
        if (meeting is null) return Outcome.NotFound("جلسه‌ای با این شناسه نیست.");
        var today = clock.Today;
        var errors = new List<ValidationError>();
        if (today.ToDateOnly() < meeting.Date)
            errors.Add(new("meeting", $"جلسه هنوز برگزار نشده است ({Fa.Date(meeting.Date)})؛ مصوبه پس از جلسه ثبت می‌شود."));
        var text = PersianText.Normalize(input.Text);
        if (string.IsNullOrEmpty(text)) errors.Add(new("text", "متن مصوبه را بنویسید."));
        else if (text.Length > 4000) errors.Add(new("text", "متن مصوبه نباید از ۴۰۰۰ نویسه بیشتر باشد."));
        long agencyId = 0;
        if (string.IsNullOrWhiteSpace(input.Agency)) errors.Add(new("agency", "دستگاه مسئول اجرای مصوبه را تعیین کنید."));
        else
        {
            var code = input.Agency.Trim();
            agencyId = await db.Agencies.Where(a => a.Code == code).Select(a => a.Id).FirstOrDefaultAsync(ct);
            if (agencyId == 0) errors.Add(new("agency", $"دستگاهی با کد «{input.Agency}» نیست."));
        }
        JalaliDate deadline = default;
        if (string.IsNullOrWhiteSpace(input.Deadline)) errors.Add(new("deadline", "مهلت اجرای مصوبه را تعیین کنید."));
        else if (!JalaliDate.TryParse(input.Deadline, out deadline, out var message)) errors.Add(new("deadline", message));

        var obstacleIds = (input.Obstacles ?? []).Distinct().ToList();
        var known = await db.Obstacles.Where(o => obstacleIds.Contains(o.Id)).Select(o => o.Id).ToListAsync(ct);
        for (int i = 0; i < (input.Obstacles ?? []).Count; i++)
            if (!known.Contains(input.Obstacles![i])) errors.Add(new($"obstacles[{i}]", $"مانعی با شناسه {PersianText.FormatInteger(input.Obstacles[i])} نیست."));

        var nodeIds = new List<long>();
        var codes = (input.Nodes ?? []).Select(c => PersianText.ToLatinDigits(c ?? "").Trim()).ToList();
        if (codes.Any(c => c.Length > 0))
        {
            var planId = meeting.PlanId ?? await ObstacleCommands.RunningPlanAsync(db, today, ct);
            var nodes = await db.PlanNodes.AsNoTracking().Where(n => n.PlanId == planId && codes.Contains(n.Code))
                .ToDictionaryAsync(n => n.Code, n => n.Id, ct);
            for (int i = 0; i < codes.Count; i++)
            {
                if (codes[i].Length == 0) continue;
                if (nodes.TryGetValue(codes[i], out var id)) { if (!nodeIds.Contains(id)) nodeIds.Add(id); }
                else errors.Add(new($"nodes[{i}]", $"بخشی با کد «{PersianText.ToPersianDigits(codes[i])}» در برنامه نیست."));
            }
        }
        if (errors.Count > 0) return Outcome.Invalid(errors);

        ResolutionFile file;
        try
        {
            file = ResolutionFile.Issue(agencyId, today.DayNumber, deadline.DayNumber, ObjectionDays, Access.ObstacleActor(user));
        }
        catch (DomainException e)
        {
            return Outcome.From(e);
        }
        var name = await DisplayNameAsync(user, ct);
        int seq = (await db.Resolutions.Where(r => r.MeetingId == meetingId).MaxAsync(r => (int?)r.Seq, ct) ?? 0) + 1;
        var resolution = new Resolution
        {
            MeetingId = meetingId,
            Seq = seq,
            Text = text!,
            AgencyId = agencyId,
            IssuedOn = today.ToDateOnly(),
            Deadline = deadline.ToDateOnly(),
            ObjectionDays = file.ObjectionDays,
            ObjectionUntil = DateOnly.FromDayNumber(file.ObjectionUntil),
            Obstacles = [.. obstacleIds.Select(id => new ResolutionObstacle { ObstacleId = id })],
            Nodes = [.. nodeIds.Select(id => new ResolutionNode { NodeId = id })],
        };
        resolution.Events.Add(Row(new ResolutionEvent(ResolutionStep.Issue, today.DayNumber, Access.ObstacleActor(user)), user, name));
        Project(file, resolution);
        db.Resolutions.Add(resolution);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another resolution of this meeting took the same number at the same moment (unique MeetingId, Seq).
            return Outcome.Stale();
        }
        await notices.ToAgencyAsync(agencyId, $"مصوبه {Number(meeting.Number, seq)} ستاد به دستگاه شما ابلاغ شد",
            $"{ObstacleCommands.Short(resolution.Text)} — مهلت اجرا: {Fa.Date(resolution.Deadline)}؛ مهلت اعتراض تا {Fa.Date(resolution.ObjectionUntil)}",
            $"/Resolutions/{resolution.Id}", ct);
        await db.SaveChangesAsync(ct);
        return Outcome.Done(resolution.Id);
    }

    public Task<Outcome<long>> StepAsync(long id, ResolutionStepInput input, CurrentUser user, CancellationToken ct) =>
        StepAsync(id, input, user, null, ct);

    /// <summary>A step, with a file that proves it (checked by <see cref="Reports.EvidenceFiles.ReadAsync"/>) stored with it.</summary>
    public async Task<Outcome<long>> StepAsync(long id, ResolutionStepInput input, CurrentUser user, Evidence? attachment, CancellationToken ct)
    {
        var resolution = await db.Resolutions.Include(r => r.Meeting).FirstOrDefaultAsync(r => r.Id == id, ct);
        if (resolution is null) return Outcome.NotFound("مصوبه‌ای با این شناسه نیست.");
        if (input.Version is { } v && v != resolution.Version) return Outcome.Conflict(StepMeanwhile);
        if (!ObstacleTerms.TryParse<ResolutionStep>(input.Action, out var step) || step == ResolutionStep.Issue)
            return Outcome.Invalid("action", "کار خواسته‌شده شناخته نیست (object، accept-objection، reject-objection، follow-up، done، confirm-done یا return-done).");
        var note = PersianText.Normalize(input.Note);
        if (note is { Length: > 4000 }) return Outcome.Invalid("note", "یادداشت نباید از ۴۰۰۰ نویسه بیشتر باشد.");
        var today = clock.Today;
        var file = await FileAsync(resolution, ct);
        var e = new ResolutionEvent(step, today.DayNumber, Access.ObstacleActor(user), note);
        // The history is read after the resolution: a refusal from a step stored in between is a race, not a wrong step.
        if (file.Check(e) is { } refusal)
            return await db.Resolutions.AnyAsync(r => r.Id == id && r.Version != resolution.Version, ct) ? Outcome.Conflict(StepMeanwhile) : Outcome.From(refusal);
        var next = file.Apply(e);
        var row = Row(e, user, await DisplayNameAsync(user, ct));
        row.ResolutionId = id;
        db.ResolutionEvents.Add(row);
        if (attachment is not null) StepAttachments.AddToResolution(db, attachment, id, row, user, row.At);
        Project(next, resolution);
        uint seen = resolution.Version;
        db.Entry(resolution).Property(r => r.Version).IsModified = true;
        string number = Number(resolution.Meeting!.Number, resolution.Seq), link = $"/Resolutions/{id}";
        switch (step)
        {
            case ResolutionStep.Object:
                await notices.ToSecretariatAsync($"اعتراض به مصوبه {number}", note, link, ct);
                break;
            case ResolutionStep.Done when next.StateOn(today.DayNumber) == ResolutionState.AwaitingConfirmation:
                await notices.ToSecretariatAsync($"مصوبه {number}: انجام آن اعلام شد و در انتظار تأیید شماست", note, link, ct);
                break;
            case ResolutionStep.ConfirmDone or ResolutionStep.ReturnDone:
                await notices.ToAgencyAsync(resolution.AgencyId, $"مصوبه {number}: {step.PersianName()}", note, link, ct);
                break;
            case ResolutionStep.AcceptObjection or ResolutionStep.RejectObjection:
                await notices.ToAgencyAsync(resolution.AgencyId, $"تصمیم درباره اعتراض به مصوبه {number}: {step.PersianName()}", note, link, ct);
                break;
        }
        // The step claims the version it was decided on: of two racing steps the second records and notifies nothing.
        bool claimed = await db.SaveIfClaimedAsync(c => db.Resolutions.Where(r => r.Id == id && r.Version == seen)
            .ExecuteUpdateAsync(u => u.SetProperty(r => r.Version, seen), c), ct);
        return claimed ? Outcome.Done(id) : Outcome.Conflict(StepMeanwhile);
    }

    private async Task<ResolutionFile> FileAsync(Resolution r, CancellationToken ct) =>
        Replay(r, await db.ResolutionEvents.AsNoTracking().Where(x => x.ResolutionId == r.Id).OrderBy(x => x.Id).ToListAsync(ct));

    /// <summary>The resolution's file: its stored events (in order) replayed from its agency, deadline and objection days.</summary>
    public static ResolutionFile Replay(Resolution r, IEnumerable<ResolutionEventRow> events) =>
        ResolutionFile.Replay(r.AgencyId, r.Deadline.DayNumber, r.ObjectionDays, events.Select(ToDomain));

    public static ResolutionEvent ToDomain(ResolutionEventRow r) => new(r.Step, r.Day.DayNumber, new Actor(r.ActorRole, r.ActorAgencyId), r.Note);

    public static string Number(int meeting, int seq) => PersianText.ToPersianDigits($"{meeting}/{seq}");

    /// <summary>The stored stage of a replayed resolution (the day decides pending vs binding).</summary>
    public static ResolutionStage StageOf(ResolutionFile f) =>
        f.CarriedOut ? ResolutionStage.Done
        : !f.Counts ? ResolutionStage.Withdrawn
        : f.StateOn(int.MaxValue) == ResolutionState.AwaitingConfirmation ? ResolutionStage.AwaitingConfirmation
        : f.StateOn(int.MaxValue) == ResolutionState.Objected ? ResolutionStage.Objected
        : f.ObjectedOnce ? ResolutionStage.ObjectionRejected
        : ResolutionStage.Issued;

    /// <summary>The state on a day from the stored columns (the same answer as <see cref="ResolutionFile.StateOn"/>).</summary>
    public static ResolutionState StateOf(ResolutionStage stage, DateOnly objectionUntil, DateOnly today) => stage switch
    {
        ResolutionStage.Issued => today <= objectionUntil ? ResolutionState.Pending : ResolutionState.Binding,
        ResolutionStage.Objected => ResolutionState.Objected,
        ResolutionStage.ObjectionRejected => ResolutionState.Binding,
        ResolutionStage.AwaitingConfirmation => ResolutionState.AwaitingConfirmation,
        ResolutionStage.Done => ResolutionState.Done,
        _ => ResolutionState.Withdrawn,
    };

    private static void Project(ResolutionFile f, Resolution r)
    {
        r.Stage = StageOf(f);
        r.DoneOn = f.DoneDay is { } d ? DateOnly.FromDayNumber(d) : null;
    }

    private ResolutionEventRow Row(ResolutionEvent e, CurrentUser user, string name) => new()
    {
        Step = e.Step,
        Day = DateOnly.FromDayNumber(e.Day),
        At = clock.Now,
        ActorId = user.Id,
        ActorName = name,
        ActorRole = e.By.Role,
        ActorAgencyId = e.By.AgencyId,
        Note = string.IsNullOrWhiteSpace(e.Note) ? null : e.Note,
    };

    private async Task<string> DisplayNameAsync(CurrentUser user, CancellationToken ct) =>
        await db.Users.AsNoTracking().Where(u => u.Id == user.Id).Select(u => u.DisplayName).FirstOrDefaultAsync(ct) is { Length: > 0 } d ? d : user.Name;
}
