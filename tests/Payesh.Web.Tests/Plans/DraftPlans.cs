using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Payesh.Web.Tests.Infrastructure;
using Payesh.Web.Tests.Reporting;
using static Payesh.Web.Tests.Infrastructure.TestPlans;

namespace Payesh.Web.Tests.Plans;

/// <summary>
/// A draft plan is the secretariat's work in progress (issue 10 § 2): for everyone else it does not exist — every page,
/// export, list, selector and endpoint answers 404 or leaves it out, and nobody's report to it is stored.
/// </summary>
public abstract class DraftPlans(Func<PayeshFactory> app)
{
    private PayeshFactory App => app();

    private const string DraftTitle = "پیش‌نویس محرمانه برنامه سال آینده";

    /// <summary>Every read path that names a plan; {plan} the draft, {S1} its SMT action.</summary>
    public static readonly string[] ReadPaths =
    [
        "/Plans/{plan}", "/Plans/{plan}?node=S", "/Plans/{plan}/Action/{S1}", "/Plans/{plan}/Quality", "/Plans/{plan}/Baselines",
        "/?plan={plan}", "/?plan={plan}&handler=Curve&node=S", "/Accountability?plan={plan}", "/Agencies/SMT?plan={plan}",
        "/Export/Plan?plan={plan}", "/Export/League?plan={plan}", "/Export/Accountability?plan={plan}", "/Export/Reports?plan={plan}",
        "/api/v1/plans/{plan}", "/api/v1/plans/{plan}/progress", "/api/v1/plans/{plan}/series", "/api/v1/plans/{plan}/agencies",
    ];

    private async Task<(long Plan, Dictionary<string, long> Nodes)> DraftAsync() =>
        await ReportingPlans.CreateAsync(App, Small(DraftTitle), approve: false);

    private static string Url(string path, long plan, Dictionary<string, long> nodes) =>
        path.Replace("{plan}", plan.ToString(CultureInfo.InvariantCulture)).Replace("{S1}", nodes[SmtAction].ToString(CultureInfo.InvariantCulture));

    private async Task<HttpClient> ClientAsync(string who, string path) =>
        path.StartsWith("/api/", StringComparison.Ordinal) ? await App.ApiClientAsync(who) : await Browser.SignedInAsync(App, who);

    [SkippableTheory]
    [InlineData("governor")]
    [InlineData("smt.manager")]
    [InlineData("smt.reporter")]
    [InlineData("tax.reporter")]
    public async Task A_draft_is_not_found_by_anyone_but_staff(string who)
    {
        var (plan, nodes) = await DraftAsync();
        foreach (var path in ReadPaths)
        {
            var url = Url(path, plan, nodes);
            var answer = await (await ClientAsync(who, path)).GetAsync(url);
            Assert.True(answer.StatusCode == HttpStatusCode.NotFound, $"{who} GET {url}: {(int)answer.StatusCode}, expected 404");
            Assert.DoesNotContain(DraftTitle, WebUtility.HtmlDecode(await answer.Content.ReadAsStringAsync()));
        }
    }

    [SkippableTheory]
    [InlineData("admin")]
    [InlineData("secretariat")]
    public async Task Staff_read_a_draft_everywhere(string who)
    {
        var (plan, nodes) = await DraftAsync();
        foreach (var path in ReadPaths)
        {
            var url = Url(path, plan, nodes);
            var answer = await (await ClientAsync(who, path)).GetAsync(url);
            Assert.True(answer.StatusCode == HttpStatusCode.OK, $"{who} GET {url}: {(int)answer.StatusCode}, expected 200");
        }
    }

    [SkippableTheory]
    [InlineData("governor")]
    [InlineData("smt.reporter")]
    public async Task Lists_and_selectors_leave_a_draft_out(string who)
    {
        var (plan, _) = await DraftAsync();
        var pages = await Browser.SignedInAsync(App, who);
        foreach (var url in new[] { "/Plans", "/", "/Accountability", "/Agencies/SMT" })
        {
            var html = await pages.PageAsync(url);
            Assert.DoesNotContain(DraftTitle, html);
            Assert.DoesNotContain($"value=\"{plan}\"", PlanPicker.Of(html));
        }
        var list = (await (await App.ApiClientAsync(who)).GetJsonAsync("/api/v1/plans")).AsArray();
        Assert.DoesNotContain(list, p => (long)p!["id"]! == plan);

        var staff = await Browser.SignedInAsync(App, "secretariat");
        Assert.Contains(DraftTitle, await staff.PageAsync("/Plans"));
        Assert.Contains(DraftTitle, await staff.PageAsync("/"));
        Assert.Contains((await (await App.ApiClientAsync("secretariat")).GetJsonAsync("/api/v1/plans")).AsArray(), p => (long)p!["id"]! == plan);
    }

    [SkippableFact]
    public async Task Reports_to_a_draft_are_refused_and_nothing_is_stored()
    {
        var (plan, nodes) = await DraftAsync();
        var report = new { action = SmtAction, date = "1405/06/31", percent = 10 };

        var agency = await App.ApiClientAsync("smt.reporter");
        await (await agency.PostAsJsonAsync($"/api/v1/plans/{plan}/reports", report)).ProblemAsync(HttpStatusCode.NotFound);
        await (await agency.PostAsJsonAsync($"/api/v1/plans/{plan}/reports/batch", new { reports = new[] { report } })).ProblemAsync(HttpStatusCode.NotFound);
        var staff = await App.ApiClientAsync("secretariat");
        var refused = await (await staff.PostAsJsonAsync($"/api/v1/plans/{plan}/reports", report)).ProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Contains("ابلاغ", refused.Detail);

        // The Today page: a row posted to the draft (a forged plan id) stores nothing.
        var page = await Browser.SignedInAsync(App, "smt.reporter");
        var token = await PageForms.TokenAsync(page, "/Reports/Today");
        var answer = await PageForms.PostMultipartAsync(page, $"/Reports/Today?handler=Row&plan={plan}", token,
            [new("NodeId", nodes[SmtAction].ToString(CultureInfo.InvariantCulture)), new("Percent", "10")]);
        Assert.True(answer.StatusCode is HttpStatusCode.OK, $"Today row answered {(int)answer.StatusCode}");
        Assert.Equal(0, await App.InDbAsync(db => db.ProgressReports.CountAsync(r => r.PlanId == plan)));
    }
}

public sealed class DraftPlansOnSqlite(SqliteDemoApp app) : DraftPlans(() => app), IClassFixture<SqliteDemoApp>;

public sealed class DraftPlansOnPostgres(PostgresDemoApp app) : DraftPlans(() => app.Factory), IClassFixture<PostgresDemoApp>;
