using Htmx;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Payesh.Domain.Calendar;
using Payesh.Web.Data.Model;
using Payesh.Web.Features.Account;
using Payesh.Web.Features.Plans;
using Payesh.Web.Infrastructure;

namespace Payesh.Web.Features.Reports;

/// <summary>
/// گزارش روزانه: every active action of one agency in one table, each row its own small form
/// (percent, note, justification, evidence) saved with htmx; Enter saves a row and moves to the next.
/// A thin adapter over <see cref="TodayQueries"/> and <see cref="TodayCommands"/>.
/// </summary>
[RequestFormLimits(MultipartBodyLengthLimit = 64L * 1024 * 1024)]
[RequestSizeLimit(64L * 1024 * 1024)]
public sealed class TodayModel(PlanQueries plans, TodayQueries sheets, TodayCommands commands, PayeshClock clock, IConfiguration config) : PageModel
{
    [BindProperty(SupportsGet = true)] public long? Plan { get; set; }
    [BindProperty(SupportsGet = true)] public string? Agency { get; set; }
    /// <summary>The day to report (a missed day within the plan's window); empty: today.</summary>
    [BindProperty(SupportsGet = true)] public string? Day { get; set; }
    /// <summary>Only the rows not yet reported for the day.</summary>
    [BindProperty(SupportsGet = true)] public bool Pending { get; set; }

    public TodaySheet Sheet { get; private set; } = null!;
    public List<(long Id, string Title)> Plans => Sheet.Plans;
    public List<(string Code, string Name)> Agencies => Sheet.Agencies;
    public AgencyRow? CurrentAgency => Sheet.Agency;
    public JalaliDate Today => Sheet.Today;
    /// <summary>The day the sheet reports: today unless a missed day was chosen.</summary>
    public JalaliDate ReportDay => Sheet.ReportDay;
    /// <summary>The earliest day this user may choose (the plan's back-date window; the plan's start for the secretariat).</summary>
    public JalaliDate EarliestDay => Sheet.EarliestDay;
    public bool IsToday => ReportDay == Today;
    public List<TodaySheet.Row> Rows => Sheet.Rows;
    public int ActiveCount => Sheet.ActiveCount;
    public int ReportedCount => Sheet.ReportedCount;
    public int CompletedHidden => Sheet.CompletedHidden;
    public List<TodaySheet.Rejection> Rejections => Sheet.Rejections;
    public string? Message { get; private set; }
    public bool CanChooseAgency => Sheet.CanChooseAgency;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostRowAsync([FromForm] TodaySheet.RowInput input, CancellationToken ct)
    {
        // htmx draws one row again: only that row is read. Without JavaScript the whole page is drawn again.
        await LoadAsync(ct, Request.IsHtmx() ? input.NodeId : null);
        var index = Rows.FindIndex(r => r.NodeId == input.NodeId);
        if (index < 0 || Sheet.PlanId is null || Message is not null)
        {
            Message ??= TodayCommands.NotOnSheet;
            return Request.IsHtmx() ? Content($"<tr><td colspan=\"7\" class=\"text-danger\">{System.Net.WebUtility.HtmlEncode(Message)}</td></tr>", "text/html") : Page();
        }
        // The file is read here (binding the upload); the command stores it with the report.
        Evidence? file = null;
        string? fileError = null;
        if (input.Evidence is { Length: > 0 } upload) (file, fileError) = await EvidenceFiles.ReadAsync(upload, EvidenceFiles.MaxBytes(config), ct);
        Rows[index] = await commands.SaveRowAsync(CurrentUser.From(User)!, Rows[index], input, file, fileError, ct);
        // The answer replaces one row: the page's cursor is moved by site.js, not by autofocus.
        if (Request.IsHtmx()) return Partial("_TodayRow", Rows[index] with { Autofocus = false });
        Message = Rows[index].Saved ? "گزارش ذخیره شد." : "گزارش ذخیره نشد؛ خطای ردیف را ببینید.";
        return Page();
    }

    /// <param name="row">Only this action's row (<see cref="TodayQueries.RowAsync"/>); null: the whole sheet.</param>
    private async Task LoadAsync(CancellationToken ct, long? row = null)
    {
        // Reports go to a communicated plan running today (PlanQueries: a draft is not even found for an agency).
        var shown = await plans.ShowOnPageAsync(this, Plan, ct, only: TodayQueries.TakesReports(clock.Today.ToDateOnly()));
        var user = CurrentUser.From(User)!;
        Sheet = row is { } node
            ? await sheets.RowAsync(user, shown, Agency, Day, node, ct)
            : await sheets.SheetAsync(user, shown, Agency, Day, Pending, ct);
        (Plan, Message) = (Sheet.PlanId, Sheet.Message);
        if (Sheet.Agency is { } agency) Agency = agency.Code;
        if (!string.IsNullOrWhiteSpace(Day)) Day = Sheet.ReportDay.ToPersianString();
    }

    /// <summary>Where a rejected report is corrected: its own day while it is within the window, else today's sheet.</summary>
    public string CorrectLink(TodaySheet.Rejection r)
    {
        var day = JalaliDate.FromDateOnly(r.Date);
        var query = $"?plan={Plan}&agency={Uri.EscapeDataString(Agency ?? "")}";
        if (day >= EarliestDay && day != Today) query += "&day=" + day;
        return "/Reports/Today" + query + "#r" + r.NodeId;
    }
}
