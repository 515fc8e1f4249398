using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Payesh.Domain.Calendar;
using Payesh.Web.Data.Model;
using Payesh.Web.Tests.Infrastructure;
using static Payesh.Web.Tests.Infrastructure.TestPlans;

namespace Payesh.Web.Tests.Reporting;

/// <summary>The review queue for thousands (issue 11, item 3): keyset pages that stay put while reports arrive and are
/// decided, filters with their totals, and "verify all N matching" that verifies no more than the N confirmed.</summary>
public abstract partial class ReviewQueuePages(Func<PayeshFactory> app)
{
    private PayeshFactory App => app();

    private static readonly JalaliDate FirstDay = new(1405, 1, 1);

    [GeneratedRegex("data-report-id=\"(\\d+)\"")]
    private static partial Regex RowId();

    [GeneratedRegex("href=\"([^\"]+)\" rel=\"next\"")]
    private static partial Regex NextLink();

    private static List<long> Rows(string html) => [.. RowId().Matches(html).Select(m => long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).Distinct()];

    private static string? Next(string html) => NextLink().Match(html) is { Success: true } m ? WebUtility.HtmlDecode(m.Groups[1].Value) : null;

    private static string Field(string html, string name) =>
        Regex.Match(html, $"name=\"{name}\" value=\"([^\"]*)\"").Groups[1].Value;

    /// <summary>Posts a batch of daily reports for one action, day after day from 1405/01/01 (+ <paramref name="skip"/>),
    /// each 0.25 points above the last unless a value is given; returns their ids in arrival order.</summary>
    private async Task<List<long>> ReportDaysAsync(long plan, string user, string action, int count, int skip = 0, Func<int, double>? percent = null)
    {
        long before = await App.InDbAsync(db => db.ProgressReports.Where(r => r.PlanId == plan).MaxAsync(r => (long?)r.Id)) ?? 0;
        var reports = Enumerable.Range(0, count).Select(i => new
        {
            action,
            date = FirstDay.AddDays(skip + i).ToString(),
            percent = percent?.Invoke(i) ?? (skip + i + 1) * 0.25,
            justification = percent is null ? null : "اصلاح پس از بازدید",
        }).ToList();
        var client = await App.ApiClientAsync(user);
        (await client.PostAsJsonAsync($"/api/v1/plans/{plan}/reports/batch", new { reports })).EnsureSuccessStatusCode();
        return await App.InDbAsync(db => db.ProgressReports.Where(r => r.PlanId == plan && r.Id > before && r.NodeId ==
                db.PlanNodes.Where(n => n.PlanId == plan && n.Code == action).Select(n => n.Id).First())
            .OrderBy(r => r.Id).Select(r => r.Id).ToListAsync());
    }

    private async Task<long> PlanAsync() => (await ReportingPlans.CreateAsync(App, Small("برنامه صف بزرگ", backdateDays: 365))).Id;

    private Task<int> VerifiedAsync(IEnumerable<long> ids)
    {
        var list = ids.ToList();
        return App.InDbAsync(db => db.ProgressReports.CountAsync(r => list.Contains(r.Id) && r.Status == ReportStatus.Verified));
    }

    [SkippableFact]
    public async Task Pages_stay_put_while_reports_arrive_and_are_decided_from_a_stale_page()
    {
        long plan = await PlanAsync();
        var smt = await ReportDaysAsync(plan, "smt.reporter", SmtAction, 120);
        var staff = await Browser.SignedInAsync(App, "secretariat");
        var api = await App.ApiClientAsync("secretariat");

        var first = await staff.PageAsync($"/Reports/Review?plan={plan}");
        Assert.Equal(smt[..50], Rows(first));
        Assert.Contains("۱۲۰ گزارش در انتظار بررسی", first);
        var next = Next(first);
        Assert.NotNull(next);

        // Meanwhile: ten reports of page one and one of page two are decided elsewhere, and new reports arrive.
        foreach (var id in smt[..10].Append(smt[60])) await (await api.PostAsync($"/api/v1/reports/{id}/verify", null)).JsonAsync();
        var tax = await ReportDaysAsync(plan, "tax.reporter", TaxAction, 5);

        // The stale page's next link still starts right after the last row the reviewer saw: none skipped, none twice.
        var second = await staff.PageAsync(next!);
        Assert.Equal(smt[50..101].Where(id => id != smt[60]).ToList(), Rows(second));
        var third = await staff.PageAsync(Next(second)!);
        Assert.Equal([.. smt[101..], .. tax], Rows(third));
        Assert.Null(Next(third));
        Assert.Contains("۱۱۴ گزارش در انتظار بررسی", third); // 120 − 11 + 5

        // Newest first: a page that was read keeps its place when newer reports arrive.
        var newest = await staff.PageAsync($"/Reports/Review?plan={plan}&order=newest");
        Assert.Equal(tax.AsEnumerable().Reverse().Concat(smt[71..].AsEnumerable().Reverse()).Take(50).ToList(), Rows(newest));
        var late = await ReportDaysAsync(plan, "tax.reporter", TaxAction, 2, skip: 5);
        var older = Rows(await staff.PageAsync(Next(newest)!));
        Assert.DoesNotContain(late[0], older);
        Assert.Equal(smt[10..75].Where(id => id != smt[60]).Reverse().Take(50).ToList(), older);

        // A cursor past every report (a page whose rows were all decided) is an empty page, not an error.
        var empty = await staff.PageAsync($"/Reports/Review?plan={plan}&after={late[^1]}");
        Assert.Empty(Rows(empty));
        Assert.Contains("گزارش دیگری در این صف نیست.", empty);
    }

    [SkippableFact]
    public async Task Filters_narrow_the_queue_and_the_total_counts_each()
    {
        long plan = await PlanAsync();
        var s1 = await ReportDaysAsync(plan, "smt.reporter", SmtAction, 10);             // 1405/01/01..10, +0.25 each
        var jump = await ReportDaysAsync(plan, "smt.reporter", SmtAction, 1, skip: 10, percent: _ => 30); // +27.25
        var down = await ReportDaysAsync(plan, "smt.reporter", SmtAction, 1, skip: 11, percent: _ => 25); // −5
        var s2 = await ReportDaysAsync(plan, "smt.reporter", SmtSecondAction, 4, skip: 40);  // 1405/02/10..
        var t1 = await ReportDaysAsync(plan, "tax.reporter", TaxAction, 6, skip: 100);     // 1405/04/11..
        await App.InDbAsync(async db =>
        {
            var r = await db.ProgressReports.SingleAsync(x => x.Id == s2[1]);
            db.Evidence.Add(new Evidence
            {
                PlanId = plan, NodeId = r.NodeId, ReportId = r.Id, FileName = "صورتجلسه.pdf", ContentType = "application/pdf",
                Size = SampleFiles.Pdf.Length, Sha256 = "", Content = SampleFiles.Pdf, UploadedAt = App.Clock.UtcNow,
            });
            return await db.SaveChangesAsync();
        });
        var staff = await Browser.SignedInAsync(App, "secretariat");
        async Task<(List<long> Rows, string Html)> Q(string filter)
        {
            var html = await staff.PageAsync($"/Reports/Review?plan={plan}&{filter}");
            return (Rows(html), html);
        }

        var all = await Q("");
        Assert.Equal([.. s1, .. jump, .. down, .. s2, .. t1], all.Rows);
        Assert.Contains("۲۲ گزارش در انتظار بررسی", all.Html);

        var agency = await Q("agency=TAX");
        Assert.Equal(t1, agency.Rows);
        Assert.Contains("۶ گزارش در انتظار بررسی", agency.Html);

        var axis = await Q("axis=S");
        Assert.Equal([.. s1, .. jump, .. down, .. s2], axis.Rows);
        Assert.Equal(t1, (await Q("axis=T")).Rows);

        var days = await Q("from=۱۴۰۵/۰۱/۰۵&to=1405/02/11");
        Assert.Equal([.. s1[4..], .. jump, .. down, .. s2[..2]], days.Rows);
        Assert.Contains("۱۰ گزارش در انتظار بررسی", days.Html);

        // Big jumps either way: +27.5 and −5, and the first reports of S2 (10.25) and T1 (25.25).
        Assert.Equal([.. jump, .. down, s2[0], t1[0]], (await Q("jumpAtLeast=۵")).Rows); // first reports jump from nothing
        Assert.Equal([.. down], (await Q("downward=true")).Rows);
        var withEvidence = await Q("evidence=true");
        Assert.Equal([s2[1]], withEvidence.Rows);
        Assert.Contains("صورتجلسه.pdf", withEvidence.Html);
        Assert.Contains("<details class=\"evidence-inline\">", withEvidence.Html);
        Assert.Equal([jump[0]], (await Q("agency=SMT&axis=S&jumpAtLeast=10&from=1405/01/11&to=1405/01/11&order=newest")).Rows);
        Assert.Contains("۰ گزارش در انتظار بررسی", (await Q("agency=TAX&axis=S")).Html);

        // Bad filter values: the form with a Persian message as a 422, no rows.
        var badAnswer = await staff.GetAsync($"/Reports/Review?plan={plan}&from=1405/13/40&jumpAtLeast=abc");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, badAnswer.StatusCode);
        var bad = WebUtility.HtmlDecode(await badAnswer.Content.ReadAsStringAsync());
        Assert.Empty(Rows(bad));
        Assert.Contains("از تاریخ:", bad);
        Assert.Contains("جهش باید عددی بین ۰ و ۱۰۰ (واحد درصد) باشد.", bad);
    }

    [SkippableFact]
    public async Task Verify_all_matching_verifies_exactly_the_counted_reports_and_no_more()
    {
        long plan = await PlanAsync();
        var smt = await ReportDaysAsync(plan, "smt.reporter", SmtAction, 30);
        var tax = await ReportDaysAsync(plan, "tax.reporter", TaxAction, 10);
        var staff = await Browser.SignedInAsync(App, "secretariat");
        string queue = $"/Reports/Review?plan={plan}&agency=SMT";
        var page = await staff.PageAsync(queue);
        Assert.Contains("تأیید همه ۳۰ گزارش", page);
        string upTo = Field(page, "upTo"), count = Field(page, "count");
        Assert.Equal(smt[^1].ToString(CultureInfo.InvariantCulture), upTo);
        Assert.Equal("30", count);
        var token = await PageForms.TokenAsync(staff, queue);
        Task<HttpResponseMessage> PostAsync(string n, bool confirmed = true) => PageForms.PostAsync(staff, queue + "&handler=VerifyMatching", token,
            [new("upTo", upTo), new("count", n), .. confirmed ? new KeyValuePair<string, string>[] { new("confirmed", "true") } : []]);

        // Not confirmed, or a count lower than what matches now up to the bound: nothing is verified.
        var unconfirmed = WebUtility.HtmlDecode(await (await PostAsync(count, confirmed: false)).Content.ReadAsStringAsync());
        Assert.Contains("شمار گزارش‌ها را با زدن گزینه تأیید بپذیرید", unconfirmed);
        var tooFew = WebUtility.HtmlDecode(await (await PostAsync("20")).Content.ReadAsStringAsync());
        Assert.Contains("اکنون بیش از ۲۰ گزارش با این صافی جور است؛ چیزی تأیید نشد.", tooFew);
        Assert.Equal(0, await VerifiedAsync(smt));

        // Since the count: five were verified by someone else and a new SMT report arrived.
        var api = await App.ApiClientAsync("secretariat");
        foreach (var id in smt[..5]) await (await api.PostAsync($"/api/v1/reports/{id}/verify", null)).JsonAsync();
        var arrived = await ReportDaysAsync(plan, "smt.reporter", SmtSecondAction, 1);

        var response = await PostAsync(count);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("۲۵ گزارش تأیید شد.", html);
        Assert.Equal(30, await VerifiedAsync(smt));
        Assert.Equal(0, await VerifiedAsync(arrived));
        Assert.Equal(0, await VerifiedAsync(tax));
        Assert.Equal([arrived[0]], Rows(html));
        Assert.Equal(25, await App.InDbAsync(db => db.ReportReviews.CountAsync(r => r.PlanId == plan && r.Decision == ReportStatus.Verified)) - 5);
    }

    [SkippableFact]
    public async Task A_blank_reason_keeps_the_row_usable_with_the_message_under_it()
    {
        long plan = await PlanAsync();
        var ids = await ReportDaysAsync(plan, "smt.reporter", SmtAction, 2);
        var staff = await Browser.SignedInAsync(App, "secretariat");
        string queue = $"/Reports/Review?plan={plan}";
        var token = await PageForms.TokenAsync(staff, queue);

        var fragment = WebUtility.HtmlDecode(await (await PageForms.PostAsync(staff, $"/Reports/Review?handler=Reject&id={ids[0]}", token,
            [new("reason", "   ")], htmx: true)).Content.ReadAsStringAsync());
        var page = WebUtility.HtmlDecode(await (await PageForms.PostAsync(staff, $"{queue}&handler=Reject&id={ids[1]}", token,
            [new("reason", "")])).Content.ReadAsStringAsync());

        Assert.StartsWith($"<tr id=\"q{ids[0]}\" data-report-id=\"{ids[0]}\"", fragment.TrimStart());
        Assert.Contains("name=\"reason\"", fragment);
        Assert.Contains("button class=\"btn btn-sm btn-outline-success verify\"", fragment);
        Assert.Matches("row-error[^>]*>دلیل رد گزارش را بنویسید؛ دستگاه آن را می‌بیند.</div>", fragment);
        var row = page[page.IndexOf($"id=\"q{ids[1]}\"", StringComparison.Ordinal)..];
        Assert.Matches("^[^§]*?row-error[^>]*>دلیل رد گزارش را بنویسید؛ دستگاه آن را می‌بیند.</div>", row[..row.IndexOf("</tr>", StringComparison.Ordinal)]);
        Assert.Equal(0, await App.InDbAsync(db => db.ProgressReports.CountAsync(r => ids.Contains(r.Id) && r.Status != ReportStatus.Submitted)));
    }

    [SkippableFact]
    public async Task Reports_store_the_value_they_change_from()
    {
        long plan = await PlanAsync();
        var ids = await ReportDaysAsync(plan, "smt.reporter", SmtAction, 3);
        var corrected = await ReportDaysAsync(plan, "smt.reporter", SmtAction, 1, skip: 1, percent: _ => 0.25);

        var previous = await App.InDbAsync(db => db.ProgressReports.Where(r => r.PlanId == plan).OrderBy(r => r.Id)
            .Select(r => r.PreviousHundredths).ToListAsync());

        // 0.25, 0.50, 0.75 on days 1–3, then day 2 corrected to 0.25 (the value in force on day 2 was 0.50).
        Assert.Equal([null, 25, 50, 50], previous);
        Assert.Equal(4, ids.Count + corrected.Count);
    }
}

public sealed class ReviewQueuePagesOnSqlite(SqliteDemoApp app) : ReviewQueuePages(() => app), IClassFixture<SqliteDemoApp>;

public sealed class ReviewQueuePagesOnPostgres(PostgresDemoApp app) : ReviewQueuePages(() => app.Factory), IClassFixture<PostgresDemoApp>;
