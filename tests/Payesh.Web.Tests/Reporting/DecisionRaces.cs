using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Payesh.Web.Data.Model;
using Payesh.Web.Tests.Infrastructure;
using static Payesh.Web.Tests.Infrastructure.TestPlans;

namespace Payesh.Web.Tests.Reporting;

/// <summary>
/// Decisions against the state seen (issue 10 § 3): two reviewers deciding on the same report at the same moment —
/// one decision is recorded, the other is told (409, in Persian) and leaves no trace; concurrent meeting creation
/// always succeeds with distinct numbers.
/// </summary>
public abstract class DecisionRaces(Func<PayeshFactory> app)
{
    private PayeshFactory App => app();

    [SkippableFact]
    public async Task Of_twenty_verify_and_reject_pairs_exactly_one_decision_of_each_stands()
    {
        var (plan, _) = await ReportingPlans.CreateAsync(App, Small("برنامه آزمون هم‌زمانی بررسی"));
        var reporter = await App.ApiClientAsync("smt.reporter");
        var answer = await (await reporter.PostAsJsonAsync($"/api/v1/plans/{plan}/reports/batch", new
        {
            reports = Enumerable.Range(1, 20).Select(i => new { action = SmtAction, date = "1405/06/31", percent = i }).ToArray(),
        })).JsonAsync();
        var ids = answer["ids"]!.AsArray().Select(x => (long)x!).ToList();
        Assert.Equal(20, ids.Count);
        var (a, b) = (await App.ApiClientAsync("secretariat"), await App.ApiClientAsync("admin"));
        long notificationsBefore = await App.InDbAsync(db => db.Notifications.LongCountAsync());

        var pairs = await Task.WhenAll(ids.Select(async (id, i) =>
        {
            // Alternate who starts first so that both orders happen.
            var verify = (i % 2 == 0 ? a : b).PostAsJsonAsync($"/api/v1/reports/{id}/verify", new { seen = "submitted" });
            var reject = (i % 2 == 0 ? b : a).PostAsJsonAsync($"/api/v1/reports/{id}/reject", new { reason = "هم‌زمان رد شد", seen = "submitted" });
            return (Id: id, Verify: await verify, Reject: await reject);
        }));

        int rejectedWins = 0;
        foreach (var (id, verify, reject) in pairs)
        {
            var codes = new[] { verify.StatusCode, reject.StatusCode };
            Assert.True(codes.Count(c => c == HttpStatusCode.OK) == 1 && codes.Count(c => c == HttpStatusCode.Conflict) == 1,
                $"report {id}: verify {(int)verify.StatusCode}, reject {(int)reject.StatusCode}");
            var loser = verify.StatusCode == HttpStatusCode.Conflict ? verify : reject;
            var problem = await loser.ProblemAsync(HttpStatusCode.Conflict);
            Assert.Contains("هم‌زمان", problem.Detail);
            var expected = verify.StatusCode == HttpStatusCode.OK ? ReportStatus.Verified : ReportStatus.Rejected;
            if (expected == ReportStatus.Rejected) rejectedWins++;
            var (status, reviews) = await App.InDbAsync(async db => (
                await db.ProgressReports.Where(r => r.Id == id).Select(r => r.Status).SingleAsync(),
                await db.ReportReviews.Where(r => r.ReportId == id).Select(r => r.Decision).ToListAsync()));
            Assert.Equal(expected, status);
            Assert.Equal([expected], reviews);
        }
        // The agency is told of exactly the rejections that stand (one notice per agency user per rejection).
        long notices = await App.InDbAsync(db => db.Notifications.LongCountAsync()) - notificationsBefore;
        long perRejection = rejectedWins == 0 ? 0 : notices / rejectedWins;
        Assert.Equal(rejectedWins * perRejection, notices);
        Assert.True(rejectedWins == 0 || perRejection > 0, "a rejection that stands was not told to the agency");
    }

    [SkippableFact]
    public async Task A_decision_on_a_state_no_longer_there_is_a_conflict_on_the_page_too()
    {
        var (plan, _) = await ReportingPlans.CreateAsync(App, Small("برنامه آزمون تصمیم کهنه"));
        long report = await (await App.ApiClientAsync("smt.reporter")).PostReportAsync(plan, new { action = SmtAction, date = "1405/06/31", percent = 7 });
        var staff = await Browser.SignedInAsync(App, "secretariat");
        var token = await PageForms.TokenAsync(staff, $"/Reports/Review?plan={plan}");
        await (await (await App.ApiClientAsync("admin")).PostAsync($"/api/v1/reports/{report}/verify", null)).JsonAsync();

        var answer = await PageForms.PostAsync(staff, $"/Reports/Review?handler=Reject&id={report}&plan={plan}", token,
            [new("seen", "submitted"), new("reason", "دیر رسید")]);
        Assert.Equal(HttpStatusCode.Conflict, answer.StatusCode);
        var html = WebUtility.HtmlDecode(await answer.Content.ReadAsStringAsync());
        Assert.Contains("هم‌زمان بررسی شده است", html);
        Assert.Contains("alert-danger", html);
        Assert.Equal(ReportStatus.Verified, await App.InDbAsync(db => db.ProgressReports.Where(r => r.Id == report).Select(r => r.Status).SingleAsync()));
        // Rejecting the verified report knowingly (the state seen is "verified") is allowed.
        var api = await App.ApiClientAsync("secretariat");
        await (await api.PostAsJsonAsync($"/api/v1/reports/{report}/reject", new { reason = "پس از تأیید نادرست شد", seen = "verified" })).JsonAsync();
    }

    [SkippableFact]
    public async Task Forty_meetings_created_at_once_all_succeed_with_distinct_numbers()
    {
        var clients = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => App.ApiClientAsync(i % 2 == 0 ? "secretariat" : "admin")));
        var answers = await Task.WhenAll(Enumerable.Range(0, 40).Select(i =>
            clients[i % clients.Length].PostAsJsonAsync("/api/v1/meetings", new { date = "1405/07/10", agenda = new[] { $"بند آزمون {i}" } })));
        var numbers = new List<int>();
        foreach (var answer in answers)
        {
            var json = await answer.JsonAsync(HttpStatusCode.Created);
            numbers.Add((int)json["number"]!);
        }
        Assert.Equal(40, numbers.Distinct().Count());
    }
}

public sealed class DecisionRacesOnSqlite(SqliteDemoApp app) : DecisionRaces(() => app), IClassFixture<SqliteDemoApp>;

public sealed class DecisionRacesOnPostgres(PostgresDemoApp app) : DecisionRaces(() => app.Factory), IClassFixture<PostgresDemoApp>;
