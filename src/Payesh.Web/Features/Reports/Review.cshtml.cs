using Htmx;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Payesh.Domain.Calendar;
using Payesh.Domain.Text;
using Payesh.Web.Features.Account;
using Payesh.Web.Features.Plans;
using Payesh.Web.Infrastructure;

namespace Payesh.Web.Features.Reports;

/// <summary>تأیید دبیرخانه: the queue of new reports in keyset pages, filtered by day range, agency, axis, big jumps,
/// downward corrections and evidence; each verified or rejected with a reason the agency then sees, or all matching
/// a filter verified at once up to the count the reviewer confirmed.</summary>
public sealed class ReviewModel(ReviewQueries queries, PlanQueries plans, ReportReviews reviews) : PageModel
{
    private CurrentUser Me => CurrentUser.From(User)!;

    [BindProperty(SupportsGet = true)] public long? Plan { get; set; }
    [BindProperty(SupportsGet = true)] public string? From { get; set; }
    [BindProperty(SupportsGet = true)] public string? To { get; set; }
    [BindProperty(SupportsGet = true)] public string? Agency { get; set; }
    [BindProperty(SupportsGet = true)] public string? Axis { get; set; }
    [BindProperty(SupportsGet = true)] public string? JumpAtLeast { get; set; }
    [BindProperty(SupportsGet = true)] public bool Downward { get; set; }
    [BindProperty(SupportsGet = true)] public bool Evidence { get; set; }
    [BindProperty(SupportsGet = true)] public string? Order { get; set; }
    /// <summary>The keyset cursor: the last report of the previous page.</summary>
    [BindProperty(SupportsGet = true)] public long? After { get; set; }

    public ReviewPage Queue { get; private set; } = new([], 0, null, null, null, 0);
    public PlanShown Shown { get; private set; } = new(null, [], false);
    public List<(string Code, string Name)> Agencies { get; private set; } = [];
    public List<(string Code, string Title)> Axes { get; private set; } = [];
    public string? Message { get; private set; }
    public List<string> FilterErrors { get; } = [];
    /// <summary>A refusal shown under its row (a reject without a reason), by report id.</summary>
    public Dictionary<long, string> RowErrors { get; } = [];

    public bool Newest => Order == "newest";

    /// <summary>The current filters (without the cursor), so that forms and links come back to the same queue.</summary>
    public Dictionary<string, string> Filters => new Dictionary<string, string?>
    {
        ["plan"] = Plan?.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["from"] = From,
        ["to"] = To,
        ["agency"] = Agency,
        ["axis"] = Axis,
        ["jumpAtLeast"] = JumpAtLeast,
        ["downward"] = Downward ? "true" : null,
        ["evidence"] = Evidence ? "true" : null,
        ["order"] = Newest ? "newest" : null,
    }.Where(kv => !string.IsNullOrEmpty(kv.Value)).ToDictionary(kv => kv.Key, kv => kv.Value!);

    public string PageLink(long? after) =>
        "/Reports/Review" + QueryString.Create(Filters.Select(kv => new KeyValuePair<string, string?>(kv.Key, kv.Value))
            .Concat(after is { } a ? [new("after", a.ToString(System.Globalization.CultureInfo.InvariantCulture))] : []));

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        // A filter that is not a number or a day (e.g. "-Infinity") is bad input: the form with its message, as a 422.
        if (FilterErrors.Count > 0) Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return Page();
    }

    /// <param name="seen">The review state the row showed (hidden field): the decision is made against it.</param>
    public async Task<IActionResult> OnPostVerifyAsync(long id, string? seen, CancellationToken ct)
    {
        var result = await reviews.VerifyAsync(id, seen, Me, ct);
        return await AfterAsync(id, result, "تأیید شد", ct);
    }

    public async Task<IActionResult> OnPostRejectAsync(long id, string? seen, string? reason, CancellationToken ct)
    {
        var result = await reviews.RejectAsync(id, seen, reason, Me, ct);
        return await AfterAsync(id, result, "رد شد", ct);
    }

    /// <summary>Verifies the reports ticked on the page.</summary>
    public async Task<IActionResult> OnPostVerifyAllAsync(long[] ids, CancellationToken ct)
    {
        int done = await VerifyEachAsync(ids.Distinct().Take(ReviewQueries.BulkLimit), ct);
        Message = $"{Fa.Int(done)} گزارش تأیید شد.";
        await LoadAsync(ct);
        return Page();
    }

    /// <summary>"Verify all N matching this filter": the reports matching now with ids up to the bound counted when the
    /// reviewer confirmed, never more than the N confirmed; those decided meanwhile are left as they are.</summary>
    public async Task<IActionResult> OnPostVerifyMatchingAsync(long upTo, int count, bool confirmed, CancellationToken ct)
    {
        var filter = ReadFilter();
        if (!confirmed)
            Message = "برای تأیید همه، شمار گزارش‌ها را با زدن گزینه تأیید بپذیرید.";
        else if (filter is null || FilterErrors.Count > 0 || count <= 0 || count > ReviewQueries.BulkLimit)
            Message = "تعداد تأییدشده معتبر نیست؛ صفحه را دوباره باز کنید و تعداد را تأیید کنید.";
        else
        {
            var ids = await queries.MatchingUpToAsync(Me, filter, upTo, count, ct);
            if (ids.Count > count)
                Message = $"اکنون بیش از {Fa.Int(count)} گزارش با این صافی جور است؛ چیزی تأیید نشد. تعداد تازه را ببینید و دوباره تأیید کنید.";
            else
            {
                int done = await VerifyEachAsync(ids, ct);
                Message = $"{Fa.Int(done)} گزارش تأیید شد." + (done < count ? $" ({Fa.Int(count - done)} گزارش از {Fa.Int(count)} در این میان بررسی شده بود.)" : "");
            }
        }
        await LoadAsync(ct);
        return Page();
    }

    private async Task<int> VerifyEachAsync(IEnumerable<long> ids, CancellationToken ct)
    {
        var user = Me;
        int done = 0;
        foreach (var id in ids)
            if ((await reviews.VerifyAsync(id, "submitted", user, ct)).Ok) done++;
        return done;
    }

    /// <summary>The row (htmx) or the page with the outcome; a refusal keeps the row with its message under it.</summary>
    private async Task<IActionResult> AfterAsync(long id, Outcome<ReviewAnswer> result, string done, CancellationToken ct)
    {
        bool ok = result.Ok;
        string text = ok ? done : result.Detail;
        if (Request.IsHtmx())
        {
            if (ok)
                return Content($"<tr id=\"q{id}\" class=\"table-success\" data-report-id=\"{id}\" data-decided=\"true\" tabindex=\"-1\"><td colspan=\"9\" class=\"small\">گزارش {Fa.Int(id)}: {System.Net.WebUtility.HtmlEncode(text)}</td></tr>", "text/html");
            // The row stays usable, with the reason it was refused under it.
            var row = await queries.RowAsync(Me, id, ct);
            if (row is not null) return Partial("_ReviewRow", new ReviewRowView(row, text, Filters));
            return Content($"<tr id=\"q{id}\" class=\"table-danger\" data-report-id=\"{id}\" tabindex=\"-1\"><td colspan=\"9\" class=\"small\">گزارش {Fa.Int(id)}: {System.Net.WebUtility.HtmlEncode(text)}</td></tr>", "text/html");
        }
        Message = $"گزارش {Fa.Int(id)}: {text}";
        if (!ok)
        {
            RowErrors[id] = text;
            // A refusal is a form error; a decision on a state no longer there answers 409 (issue 10 § 3).
            result.ToFormErrors(ModelState);
            if (result.Kind == OutcomeKind.Conflict) Response.StatusCode = StatusCodes.Status409Conflict;
        }
        await LoadAsync(ct);
        return Page();
    }

    private ReviewFilter? ReadFilter()
    {
        if (Plan is not { } plan) return null;
        DateOnly? Day(string? text, string label)
        {
            if (string.IsNullOrWhiteSpace(text)) return null;
            if (JalaliDate.TryParse(text, out var d, out var error)) return d.ToDateOnly();
            FilterErrors.Add($"{label}: {error}");
            return null;
        }
        var from = Day(From, "از تاریخ");
        var to = Day(To, "تا تاریخ");
        int? jump = null;
        if (!string.IsNullOrWhiteSpace(JumpAtLeast))
        {
            if (PersianText.ParseNumber(JumpAtLeast) is { } j && j >= 0 && j <= 100) jump = (int)Math.Round(j * 100);
            else FilterErrors.Add("جهش باید عددی بین ۰ و ۱۰۰ (واحد درصد) باشد.");
        }
        return new ReviewFilter(plan, from, to, Agency, Axis, jump, Downward, Evidence, Newest ? ReviewOrder.Newest : ReviewOrder.Oldest);
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Agencies = await queries.AgenciesAsync(Me, ct);
        // The plan asked for, else the remembered choice, else the plan in force (PlanQueries), never next year's.
        var shown = await plans.ShowOnPageAsync(this, Plan, ct);
        Shown = shown.Value ?? new(null, [], false);
        Plan = Shown.Plan?.Id;
        if (Plan is not { } plan) return;
        Axes = await queries.AxesAsync(Me, plan, ct);
        if (ReadFilter() is { } filter && FilterErrors.Count == 0)
            Queue = await queries.PageAsync(filter, After, Me, ct) ?? Queue;
    }
}

/// <summary>One row of the queue as the row partial draws it, with the refusal to show under it, if any.</summary>
public sealed record ReviewRowView(ReviewRow Row, string? Error, IDictionary<string, string> Filters);
