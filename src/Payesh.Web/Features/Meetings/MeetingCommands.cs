using Microsoft.EntityFrameworkCore;
using Payesh.Domain.Calendar;
using Payesh.Domain.Plans;
using Payesh.Domain.Text;
using Payesh.Web.Data;
using Payesh.Web.Data.Model;
using Payesh.Web.Features.Account;
using Payesh.Web.Features.Obstacles;
using Payesh.Web.Features.Progress;
using Payesh.Web.Infrastructure;

namespace Payesh.Web.Features.Meetings;

public sealed class MeetingInput
{
    public string? Title { get; set; }
    public string? Date { get; set; }
    public string? Place { get; set; }
    public List<string?>? Attendees { get; set; }
    /// <summary>The agenda as texts; left out, the stocktake is proposed.</summary>
    public List<string?>? Agenda { get; set; }
}

public sealed class AgendaInput
{
    public List<string?>? Items { get; set; }
}

public sealed class MinutesInput
{
    public string? Minutes { get; set; }
    /// <summary>True marks the meeting held: its agenda is then final.</summary>
    public bool Held { get; set; }
    public uint? Version { get; set; }
}

/// <summary>Creates meetings with the proposed agenda, edits the agenda before the meeting, and records minutes.</summary>
public sealed class MeetingCommands(PayeshDb db, PlanEngines engines, PayeshClock clock, IConfiguration config)
{
    public async Task<Outcome<long>> CreateAsync(MeetingInput input, CurrentUser user, CancellationToken ct)
    {
        if (!Access.CanManageMeetings(user)) return Outcome.Forbidden("جلسات ستاد را دبیرخانه ثبت می‌کند.", "action");
        var errors = new List<ValidationError>();
        JalaliDate date = default;
        if (string.IsNullOrWhiteSpace(input.Date)) errors.Add(new("date", "تاریخ جلسه را بنویسید."));
        else if (!JalaliDate.TryParse(input.Date, out date, out var message)) errors.Add(new("date", message));
        var place = PersianText.Normalize(input.Place);
        if (place is { Length: > 300 }) errors.Add(new("place", "محل جلسه نباید از ۳۰۰ نویسه بیشتر باشد."));
        var attendees = Lines(input.Attendees);
        if (attendees.Sum(a => a.Length + 1) > 4000) errors.Add(new("attendees", "فهرست حاضران بیش از اندازه بلند است."));
        var title = PersianText.Normalize(input.Title);
        if (title is { Length: > 300 }) errors.Add(new("title", "عنوان جلسه نباید از ۳۰۰ نویسه بیشتر باشد."));
        var agenda = input.Agenda is null ? null : Lines(input.Agenda);
        if (agenda?.Any(a => a.Length > 2000) == true) errors.Add(new("agenda", "هر بند دستور جلسه حداکثر ۲۰۰۰ نویسه است."));
        if (errors.Count > 0) return Outcome.Invalid(errors);

        // The stocktake is built only when the caller did not bring its own agenda.
        var proposal = agenda is null
            ? await AgendaProposal.ProposeAsync(db, engines, config, clock.Today, ct)
            : new AgendaProposal.Proposal(await ObstacleCommands.RunningPlanAsync(db, clock.Today, ct), []);
        // The number is the database's: the next free one, and the unique index on Number decides between two
        // creations at the same moment — the one that loses takes the next number (issue 10 § 3: creation never fails).
        for (int attempt = 0; ; attempt++)
        {
            int number = (await db.Meetings.MaxAsync(m => (int?)m.Number, ct) ?? 0) + 1;
            var meeting = New(number, title, date, place, attendees, agenda, proposal, user);
            db.Meetings.Add(meeting);
            try
            {
                await db.SaveChangesAsync(ct);
                return Outcome.Done(meeting.Id);
            }
            catch (DbUpdateException) when (attempt < 100)
            {
                db.ChangeTracker.Clear();
                if (!await db.Meetings.AnyAsync(m => m.Number == number, ct)) throw; // not a lost race: a real failure
            }
        }
    }

    private Meeting New(int number, string? title, JalaliDate date, string? place, List<string> attendees, List<string>? agenda,
        AgendaProposal.Proposal proposal, CurrentUser user) =>
        new()
        {
            Number = number,
            Title = string.IsNullOrEmpty(title) ? $"جلسه {PersianText.ToPersianDigits(number.ToString(System.Globalization.CultureInfo.InvariantCulture))} ستاد تسهیل و رفع موانع تولید استان" : title,
            Date = date.ToDateOnly(),
            Place = string.IsNullOrEmpty(place) ? null : place,
            Attendees = attendees.Count > 0 ? string.Join("\n", attendees) : null,
            State = MeetingState.Planned,
            PlanId = proposal.PlanId,
            CreatedById = user.Id,
            CreatedAt = clock.Now,
            Agenda = agenda is null ? [.. proposal.Items.Select(Copy)]
                : [.. agenda.Select((t, i) => new AgendaItem { Kind = AgendaKind.Other, Text = t, SortOrder = i + 1 })],
        };

    /// <summary>A fresh agenda item for each attempt (an item once added to a failed save is not reused).</summary>
    private static AgendaItem Copy(AgendaItem a) => new()
    {
        Kind = a.Kind,
        Text = a.Text,
        SortOrder = a.SortOrder,
        NodeId = a.NodeId,
        ObstacleId = a.ObstacleId,
        ResolutionId = a.ResolutionId,
        AgencyId = a.AgencyId,
    };

    /// <summary>Replaces the agenda's texts (kept items keep their links) while the meeting is not yet held.</summary>
    public async Task<Outcome<long>> SetAgendaAsync(long id, IReadOnlyList<string?> texts, CurrentUser user, CancellationToken ct)
    {
        var (meeting, refusal) = await EditableAsync(id, user, ct);
        if (meeting is null) return refusal!;
        var lines = Lines(texts);
        if (lines.Any(a => a.Length > 2000)) return Outcome.Invalid("items", "هر بند دستور جلسه حداکثر ۲۰۰۰ نویسه است.");
        var old = meeting.Agenda.OrderBy(a => a.SortOrder).ToList();
        var keep = new List<AgendaItem>();
        foreach (var (text, i) in lines.Select((t, i) => (t, i)))
        {
            var same = old.FirstOrDefault(o => o.Text == text && !keep.Contains(o));
            if (same is not null) { same.SortOrder = i + 1; keep.Add(same); }
            else keep.Add(new AgendaItem { MeetingId = id, Kind = AgendaKind.Other, Text = text, SortOrder = i + 1 });
        }
        db.AgendaItems.RemoveRange(old.Where(o => !keep.Contains(o)));
        foreach (var k in keep.Where(k => k.Id == 0)) db.AgendaItems.Add(k);
        return await SaveAsync(meeting, ct);
    }

    /// <summary>Edits one item, removes it, moves it, or adds one; the page's row forms.</summary>
    public async Task<Outcome<long>> EditItemAsync(long id, long? itemId, string? text, string op, CurrentUser user, CancellationToken ct)
    {
        var (meeting, refusal) = await EditableAsync(id, user, ct);
        if (meeting is null) return refusal!;
        var items = meeting.Agenda.OrderBy(a => a.SortOrder).ToList();
        var item = items.FirstOrDefault(a => a.Id == itemId);
        var clean = PersianText.Normalize(text);
        switch (op)
        {
            case "add":
                if (string.IsNullOrEmpty(clean)) return Outcome.Invalid("text", "متن بند را بنویسید.");
                if (clean.Length > 2000) return Outcome.Invalid("text", "هر بند دستور جلسه حداکثر ۲۰۰۰ نویسه است.");
                db.AgendaItems.Add(new AgendaItem { MeetingId = id, Kind = AgendaKind.Other, Text = clean, SortOrder = items.Count + 1 });
                break;
            case "save" when item is not null:
                if (string.IsNullOrEmpty(clean)) return Outcome.Invalid("text", "متن بند را بنویسید (یا بند را حذف کنید).");
                if (clean.Length > 2000) return Outcome.Invalid("text", "هر بند دستور جلسه حداکثر ۲۰۰۰ نویسه است.");
                item.Text = clean;
                break;
            case "remove" when item is not null:
                db.AgendaItems.Remove(item);
                items.Remove(item);
                for (int i = 0; i < items.Count; i++) items[i].SortOrder = i + 1;
                break;
            case "up" or "down" when item is not null:
                int at = items.IndexOf(item), to = op == "up" ? at - 1 : at + 1;
                if (to >= 0 && to < items.Count)
                {
                    (items[at], items[to]) = (items[to], items[at]);
                    for (int i = 0; i < items.Count; i++) items[i].SortOrder = i + 1;
                }
                break;
            case "propose":
                // The stocktake again: proposed items are replaced, hand-written ones kept after them.
                var proposal = await AgendaProposal.ProposeAsync(db, engines, config, clock.Today, ct);
                var own = items.Where(a => a.Kind == AgendaKind.Other).ToList();
                db.AgendaItems.RemoveRange(items.Where(a => a.Kind != AgendaKind.Other));
                int n = 0;
                foreach (var p in proposal.Items) { p.MeetingId = id; p.SortOrder = ++n; db.AgendaItems.Add(p); }
                foreach (var o in own) o.SortOrder = ++n;
                break;
            default:
                return Outcome.NotFound("این بند در دستور جلسه نیست.");
        }
        return await SaveAsync(meeting, ct);
    }

    public async Task<Outcome<long>> MinutesAsync(long id, MinutesInput input, CurrentUser user, CancellationToken ct)
    {
        if (!Access.CanManageMeetings(user)) return Outcome.Forbidden("صورتجلسه را دبیرخانه ستاد می‌نویسد.", "action");
        var meeting = await db.Meetings.FirstOrDefaultAsync(m => m.Id == id, ct);
        if (meeting is null) return Outcome.NotFound("جلسه‌ای با این شناسه نیست.");
        if (input.Version is { } v && v != meeting.Version) return Outcome.Stale();
        var minutes = NormalizeLines(input.Minutes);
        if (minutes is { Length: > 20000 }) return Outcome.Invalid("minutes", "صورتجلسه نباید از ۲۰٬۰۰۰ نویسه بیشتر باشد.");
        if (input.Held && clock.Today.ToDateOnly() < meeting.Date)
            return Outcome.Invalid("held", $"جلسه برای {Fa.Date(meeting.Date)} است و هنوز برگزار نشده.");
        meeting.Minutes = string.IsNullOrEmpty(minutes) ? null : minutes;
        if (input.Held) meeting.State = MeetingState.Held;
        return await SaveAsync(meeting, ct);
    }

    private async Task<(Meeting? Meeting, Outcome.Failure? Refusal)> EditableAsync(long id, CurrentUser user, CancellationToken ct)
    {
        if (!Access.CanManageMeetings(user)) return (null, Outcome.Forbidden("دستور جلسه را دبیرخانه ستاد تنظیم می‌کند.", "action"));
        var meeting = await db.Meetings.Include(m => m.Agenda).FirstOrDefaultAsync(m => m.Id == id, ct);
        if (meeting is null) return (null, Outcome.NotFound("جلسه‌ای با این شناسه نیست."));
        if (meeting.State == MeetingState.Held) return (null, Outcome.Invalid("agenda", "جلسه برگزار شده است؛ دستور آن دیگر تغییر نمی‌کند."));
        return (meeting, null);
    }

    private async Task<Outcome<long>> SaveAsync(Meeting meeting, CancellationToken ct)
    {
        // Any agenda change is a change of the meeting: its version moves, so two editors cannot both win.
        uint seen = meeting.Version;
        db.Entry(meeting).Property(m => m.Version).IsModified = true;
        bool claimed = await db.SaveIfClaimedAsync(c => db.Meetings.Where(m => m.Id == meeting.Id && m.Version == seen)
            .ExecuteUpdateAsync(u => u.SetProperty(m => m.Version, seen), c), ct);
        return claimed ? Outcome.Done(meeting.Id) : Outcome.Stale();
    }

    public static List<string> Lines(IEnumerable<string?>? texts) =>
        [.. (texts ?? []).SelectMany(t => (t ?? "").Split('\n')).Select(t => PersianText.Normalize(t)!).Where(t => t.Length > 0)];

    /// <summary>Normalizes each line of a long text, keeping its line breaks.</summary>
    public static string? NormalizeLines(string? text) =>
        text is null ? null : string.Join("\n", text.Replace("\r", "", StringComparison.Ordinal).Split('\n').Select(l => PersianText.Normalize(l))).Trim();
}
