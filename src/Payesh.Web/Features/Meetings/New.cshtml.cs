using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Payesh.Web.Features.Account;
using Payesh.Web.Features.Progress;
using Payesh.Web.Infrastructure;

namespace Payesh.Web.Features.Meetings;

/// <summary>A new HQ meeting; its agenda is proposed from today's stocktake and edited on the meeting's page.</summary>
public sealed class NewModel(MeetingCommands writer, PayeshClock clock) : PageModel
{
    [BindProperty] public string? Title { get; set; }
    [BindProperty] public string? Date { get; set; }
    [BindProperty] public string? Place { get; set; }
    [BindProperty] public string? Attendees { get; set; }
    public Dictionary<string, string> Errors { get; } = [];

    public void OnGet()
    {
        Date = clock.Today.ToPersianString();
        Place = "سالن جلسات استانداری قم";
        Attendees = string.Join("\n",
            "معاون هماهنگی امور اقتصادی استاندار (رئیس جلسه)", "دبیر ستاد تسهیل و رفع موانع تولید", "رئیس سازمان صنعت، معدن و تجارت",
            "مدیرکل امور مالیاتی", "مدیرکل تأمین اجتماعی", "دبیر شورای هماهنگی بانک‌ها", "نماینده دادگستری کل استان", "رئیس اتاق بازرگانی");
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var outcome = await writer.CreateAsync(new MeetingInput { Title = Title, Date = Date, Place = Place, Attendees = [Attendees] },
            CurrentUser.From(User)!, ct);
        if (outcome.Ok) return Redirect($"/Meetings/{outcome.Value}?created=true");
        foreach (var e in outcome.Errors) Errors.TryAdd(e.Path, e.Message);
        if (outcome.Kind == OutcomeKind.Conflict) Errors[""] = outcome.Detail;
        return Page();
    }
}
