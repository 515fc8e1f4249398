using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Payesh.Domain.Calendar;
using Payesh.Web.Data.Model;
using Payesh.Web.Features.Account;
using Payesh.Web.Features.Resolutions;
using Payesh.Web.Infrastructure;

namespace Payesh.Web.Features.Meetings;

/// <summary>One HQ meeting: its agenda (editable until held), minutes and resolutions. A thin adapter over
/// <see cref="MeetingQueries.ShowAsync"/>, <see cref="MeetingCommands"/> and <see cref="ResolutionCommands.RecordAsync"/>.</summary>
public sealed class DetailsModel(MeetingQueries queries, MeetingCommands meetings, ResolutionCommands resolutions) : PageModel
{
    public Meeting Meeting { get; private set; } = null!;
    public List<ResolutionRow> Resolutions { get; private set; } = [];
    public List<(string Code, string Name)> Agencies { get; private set; } = [];
    public List<(long Id, string Title, bool OnAgenda)> Obstacles { get; private set; } = [];
    public bool CanManage { get; private set; }
    public bool Editable => CanManage && Meeting.State == MeetingState.Planned;
    public JalaliDate Today { get; private set; }
    public string? Message { get; private set; }
    public string? Error { get; private set; }
    public Dictionary<string, string> ResolutionErrors { get; } = [];

    [BindProperty] public ResolutionForm NewResolution { get; set; } = new();
    [BindProperty] public string? Minutes { get; set; }

    public sealed class ResolutionForm
    {
        public string? Text { get; set; }
        public string? Agency { get; set; }
        public string? Deadline { get; set; }
        public List<long> Obstacles { get; set; } = [];
        public string? Nodes { get; set; }
    }

    public async Task<IActionResult> OnGetAsync(long id, bool created, string? done, CancellationToken ct)
    {
        Message = created ? "جلسه ساخته شد و دستور آن از وضعیت امروز پیشنهاد شد؛ پیش از جلسه ویرایشش کنید." : done switch
        {
            "resolution" => "مصوبه ثبت و به دستگاه مسئول ابلاغ شد.",
            "minutes" => "صورتجلسه ذخیره شد.",
            "held" => "برگزاری جلسه ثبت شد؛ دستور جلسه نهایی است.",
            _ => null,
        };
        return await LoadAsync(id, ct) ?? Page();
    }

    public async Task<IActionResult> OnPostItemAsync(long id, long? itemId, string? text, string? op, CancellationToken ct)
    {
        var outcome = await meetings.EditItemAsync(id, itemId, text, op ?? "", CurrentUser.From(User)!, ct);
        if (outcome.Kind == OutcomeKind.Forbidden) return Forbid();
        if (outcome.Ok) return Redirect($"/Meetings/{id}#agenda");
        Error = outcome.Detail;
        return await LoadAsync(id, ct) ?? Page();
    }

    public async Task<IActionResult> OnPostMinutesAsync(long id, bool held, uint version, CancellationToken ct)
    {
        var outcome = await meetings.MinutesAsync(id, new MinutesInput { Minutes = Minutes, Held = held, Version = version }, CurrentUser.From(User)!, ct);
        if (outcome.Kind == OutcomeKind.Forbidden) return Forbid();
        if (outcome.Ok) return Redirect($"/Meetings/{id}?done={(held ? "held" : "minutes")}#minutes");
        Error = outcome.Detail;
        return await LoadAsync(id, ct) ?? Page();
    }

    public async Task<IActionResult> OnPostResolutionAsync(long id, CancellationToken ct)
    {
        var input = new ResolutionInput
        {
            Text = NewResolution.Text,
            Agency = NewResolution.Agency,
            Deadline = NewResolution.Deadline,
            Obstacles = NewResolution.Obstacles,
            Nodes = [.. (NewResolution.Nodes ?? "").Split([',', '،', ' ', '؛'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)],
        };
        var outcome = await resolutions.RecordAsync(id, input, CurrentUser.From(User)!, ct);
        if (outcome.Kind == OutcomeKind.Forbidden) return Forbid();
        if (outcome.Ok) return Redirect($"/Meetings/{id}?done=resolution#resolutions");
        foreach (var e in outcome.Errors) ResolutionErrors.TryAdd(e.Path.StartsWith("obstacles", StringComparison.Ordinal) ? "obstacles" : e.Path.StartsWith("nodes", StringComparison.Ordinal) ? "nodes" : e.Path, e.Message);
        return await LoadAsync(id, ct) ?? Page();
    }

    private async Task<IActionResult?> LoadAsync(long id, CancellationToken ct)
    {
        var page = await queries.ShowAsync(CurrentUser.From(User)!, id, ct);
        if (!page.Ok) return NotFound();
        var p = page.Value!;
        (Meeting, Resolutions, CanManage, Agencies, Obstacles, Today) = (p.Meeting, p.Resolutions, p.CanManage, p.Agencies, p.Obstacles, p.Today);
        Minutes ??= p.Meeting.Minutes;
        return null;
    }
}
