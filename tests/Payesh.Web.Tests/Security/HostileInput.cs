using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Microsoft.EntityFrameworkCore;
using Payesh.Domain.Plans;
using Payesh.Web.Data.Model;
using Payesh.Web.Infrastructure.Input;
using Payesh.Web.Tests.Infrastructure;
using Payesh.Web.Tests.Obstacles;
using Payesh.Web.Tests.Reporting;
using static Payesh.Web.Tests.Infrastructure.TestPlans;

namespace Payesh.Web.Tests.Security;

/// <summary>The hostile values of issue 13 at every door, on both providers: cleaned or refused with a Persian 4xx,
/// never a 500, and the exports keep working.</summary>
public abstract class HostileInput(Func<PayeshFactory> app)
{
    private PayeshFactory App => app();

    private static async Task<List<string>> CellsAsync(HttpResponseMessage answer)
    {
        Assert.True(answer.StatusCode == HttpStatusCode.OK, $"export answered {(int)answer.StatusCode}");
        using var stream = new MemoryStream(await answer.Content.ReadAsByteArrayAsync());
        using var doc = SpreadsheetDocument.Open(stream, false);
        return [.. doc.WorkbookPart!.WorksheetParts.SelectMany(p => p.Worksheet.Descendants<Cell>()).Select(c => c.InnerText)];
    }

    [SkippableFact]
    public async Task A_control_character_in_a_report_note_is_removed_and_the_reports_export_still_works()
    {
        var (plan, _) = await ReportingPlans.CreateAsync(App, Small("برنامه آزمون نویسه کنترلی"));
        var reporter = await App.ApiClientAsync("smt.reporter");

        long id = await reporter.PostReportAsync(plan, new { action = SmtAction, date = "1405/06/30", percent = 10, note = "a\u0001b" });

        Assert.Equal("ab", await App.InDbAsync(db => db.ProgressReports.Where(r => r.Id == id).Select(r => r.Note).SingleAsync()));
        var admin = await Browser.SignedInAsync(App);
        Assert.Contains("ab", await CellsAsync(await admin.GetAsync($"/Export/Reports?plan={plan}")));
    }

    [SkippableFact]
    public async Task A_control_character_already_stored_does_not_break_the_exports()
    {
        var (plan, _) = await ReportingPlans.CreateAsync(App, Small("برنامه آزمون ردیف قدیمی"));
        var reporter = await App.ApiClientAsync("smt.reporter");
        long id = await reporter.PostReportAsync(plan, new { action = SmtAction, date = "1405/06/30", percent = 10, note = "پاک" });
        // A row written before the rule (or by hand in the database).
        await App.InDbAsync(db => db.ProgressReports.Where(r => r.Id == id).ExecuteUpdateAsync(s => s.SetProperty(r => r.Note, "a\u0001b\u000Bc")));

        var cells = await CellsAsync(await (await Browser.SignedInAsync(App)).GetAsync($"/Export/Reports?plan={plan}"));

        Assert.Contains("abc", cells);
    }

    [SkippableFact]
    public async Task Formula_like_text_is_exported_as_text_that_no_spreadsheet_evaluates()
    {
        var (plan, _) = await ReportingPlans.CreateAsync(App, Small("برنامه آزمون فرمول"));
        var reporter = await App.ApiClientAsync("smt.reporter");
        await reporter.PostReportAsync(plan, new { action = SmtAction, date = "1405/06/29", percent = 10, note = "=HYPERLINK(\"http://evil.example\",\"x\")" });
        await reporter.PostReportAsync(plan, new { action = SmtAction, date = "1405/06/30", percent = 20, note = "@SUM(1+1)" });
        await reporter.PostReportAsync(plan, new { action = SmtSecondAction, date = "1405/06/30", percent = 20, note = "-2+3" });

        var cells = await CellsAsync(await (await Browser.SignedInAsync(App)).GetAsync($"/Export/Reports?plan={plan}"));

        Assert.Contains("'=HYPERLINK(\"http://evil.example\",\"x\")", cells);
        Assert.Contains("'@SUM(1+1)", cells);
        Assert.Contains("'-2+3", cells);
        Assert.DoesNotContain(cells, c => c.StartsWith('=') || c.StartsWith('@'));
    }

    [SkippableFact]
    public async Task A_NUL_in_a_title_is_removed_on_both_providers()
    {
        var admin = await App.ApiClientAsync("admin");

        long plan = await admin.CreatePlanAsync(Small("برنامه\u0000 آزمون NUL"));
        long obstacle = await admin.RegisterAsync(ObstacleApi.NewObstacle("مانع\u0000 با NUL\u202E"));

        Assert.Equal("برنامه آزمون NUL", await App.InDbAsync(db => db.Plans.Where(p => p.Id == plan).Select(p => p.Title).SingleAsync()));
        Assert.Equal("مانع با NUL", await App.InDbAsync(db => db.Obstacles.Where(o => o.Id == obstacle).Select(o => o.Title).SingleAsync()));
    }

    [SkippableFact]
    public async Task A_512_KB_title_is_a_Persian_422_naming_the_field_and_nothing_is_stored()
    {
        var admin = await App.ApiClientAsync("admin");
        int plansBefore = await App.InDbAsync(db => db.Plans.CountAsync());

        var problem = await (await admin.PostJsonAsync("/api/v1/plans", Small(new string('ب', 512 * 1024))))
            .ProblemAsync(HttpStatusCode.UnprocessableEntity);
        var obstacle = await (await admin.PostAsJsonAsync("/api/v1/obstacles", ObstacleApi.NewObstacle(new string('م', 512 * 1024))))
            .ProblemAsync(HttpStatusCode.UnprocessableEntity);

        Api.AssertPersian(problem.At("title")[0]);
        Api.AssertPersian(obstacle.At("title")[0]);
        Assert.Equal(plansBefore, await App.InDbAsync(db => db.Plans.CountAsync()));
    }

    [SkippableFact]
    public async Task A_title_over_its_field_limit_is_the_same_422_on_both_providers()
    {
        var admin = await App.ApiClientAsync("admin");

        var plan = await (await admin.PostJsonAsync("/api/v1/plans", Small(new string('ب', 301)))).ProblemAsync(HttpStatusCode.UnprocessableEntity);
        var obstacle = await (await admin.PostAsJsonAsync("/api/v1/obstacles", ObstacleApi.NewObstacle(new string('م', 301))))
            .ProblemAsync(HttpStatusCode.UnprocessableEntity);

        Assert.Contains("۳۰۰", plan.At("title")[0]);
        Assert.Contains("۳۰۰", string.Join(" ", obstacle.Errors.Values.SelectMany(v => v)) + obstacle.Detail);
        Assert.Equal(0, await App.InDbAsync(db => db.Obstacles.CountAsync(o => o.Title.Length > 300)));
    }

    [SkippableTheory]
    [InlineData("\"-Infinity\"")]
    [InlineData("\"NaN\"")]
    [InlineData("\"Infinity\"")]
    [InlineData("-1e999")]
    public async Task A_number_that_is_not_finite_in_plan_settings_is_a_422(string value)
    {
        var admin = await App.ApiClientAsync("admin");
        var doc = Small("برنامه آزمون بی‌نهایت");
        var body = doc.ToJsonString().Replace("\"settings\":null", $"\"settings\":{{\"behindBelow\":{value}}}");
        Assert.Contains("behindBelow", body);

        var problem = await (await admin.PostRawAsync("/api/v1/plans", body)).ProblemAsync(HttpStatusCode.UnprocessableEntity);

        Assert.Contains("settings.behindBelow", problem.Errors.Keys);
    }

    [SkippableFact]
    public async Task A_number_that_is_not_finite_in_a_form_is_a_422_before_the_page_runs()
    {
        var client = await Browser.SignedInAsync(App, "secretariat");

        var answer = await client.GetAsync("/Reports/Review?JumpAtLeast=-Infinity");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, answer.StatusCode);
        Api.AssertPersian(WebUtility.HtmlDecode(await answer.Content.ReadAsStringAsync()));
    }

    [SkippableFact]
    public async Task A_form_value_over_the_longest_field_is_a_422_naming_the_field()
    {
        var client = Browser.Anonymous(App);

        var answer = await PostLoginFormAsync(client, new string('x', 30_000), "whatever-password");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, answer.StatusCode);
        Assert.Contains("UserName", await answer.Content.ReadAsStringAsync());
    }

    [SkippableTheory]
    // Not the names other tests sign in with: these wrong passwords slow their name down from this address.
    [InlineData("gh\u0000ost")]
    [InlineData("\uD800ghost")]
    [InlineData("ghost\u202E")]
    [InlineData("\uFFFF\uFDD0")]
    [InlineData("𝒜𝒹𝓂𝒾𝓃")]
    [InlineData("x\u0301\u0301\u0301\u0301\u0301\u0301\u0301\u0301")]
    public async Task An_odd_login_name_is_an_ordinary_wrong_login(string name)
    {
        var client = Browser.Anonymous(App);

        var api = await client.PostAsJsonAsync("/api/v1/auth/token", new { username = name, password = "not-the-password" });
        var form = await PostLoginFormAsync(client, name, "not-the-password");

        await api.ProblemAsync(HttpStatusCode.Unauthorized);
        if (name.Contains('\0'))
        {
            // ASP.NET Core's form reader refuses a NUL itself: a Persian 422, not a 500.
            Assert.Equal(HttpStatusCode.UnprocessableEntity, form.StatusCode);
            Api.AssertPersian(WebUtility.HtmlDecode(await form.Content.ReadAsStringAsync()));
            return;
        }
        Assert.Equal(HttpStatusCode.OK, form.StatusCode);
        // A name that is nothing once cleaned is a missing name.
        Assert.Matches("نام کاربری یا گذرواژه نادرست است|نام کاربری را وارد کنید", WebUtility.HtmlDecode(await form.Content.ReadAsStringAsync()));
    }

    [SkippableFact]
    public async Task A_30_MB_body_is_a_413_on_the_API_and_on_a_page()
    {
        var admin = await App.ApiClientAsync("admin");
        var big = new string('x', 30 * 1024 * 1024);

        var api = await admin.PostAsync("/api/v1/plans", new StringContent(big, Encoding.UTF8, "application/json"));
        var page = await Browser.Anonymous(App).PostAsync("/Account/Login",
            new ByteArrayContent(Encoding.UTF8.GetBytes("UserName=" + big)) { Headers = { { "Content-Type", "application/x-www-form-urlencoded" } } });
        var token = await Browser.Anonymous(App).PostAsync("/api/v1/auth/token", new StringContent(big, Encoding.UTF8, "application/json"));

        var problem = await api.ProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        Api.AssertPersian(problem.Detail);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, page.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, token.StatusCode);
    }

    [SkippableFact]
    public async Task Evidence_file_names_lose_bidi_and_zero_width_characters()
    {
        var (plan, nodes) = await ReportingPlans.CreateAsync(App, Small("برنامه آزمون نام پیوست"));
        var reporter = await Browser.SignedInAsync(App, "smt.reporter");

        var (_, html) = await TodayRows.PostAsync(reporter, TodayRows.Url(plan), nodes[SmtAction],
            new RowEntry("10", "پیوست", File: new Upload("gozaresh\u202Efdp.exe\u200B\u200F.pdf", SampleFiles.Pdf, "application/pdf")));

        Assert.Contains("row-saved", TodayRows.ClassesOf(html, nodes[SmtAction]));
        Assert.Equal("gozareshfdp.exe.pdf", await App.InDbAsync(db => db.Evidence.Where(e => e.NodeId == nodes[SmtAction]).Select(e => e.FileName).SingleAsync()));
    }

    [SkippableTheory]
    [InlineData(301, "")]
    [InlineData(5, "\u0000")]
    [InlineData(5, "\u202E")]
    public async Task The_save_guard_refuses_a_text_over_its_column_or_against_the_rule_from_any_path(int length, string odd)
    {
        var code = "G" + length + (odd.Length > 0 ? (int)odd[0] : 0);

        var refused = await Assert.ThrowsAsync<InputRejectedException>(() => App.InDbAsync(db =>
        {
            db.Agencies.Add(new AgencyRow { Code = code, Name = new string('ن', length) + odd, Kind = AgencyKind.Government });
            return db.SaveChangesAsync();
        }));

        Assert.Equal("نام دستگاه", refused.Field);
        Api.AssertPersian(refused.Message);
        Assert.False(await App.InDbAsync(db => db.Agencies.AnyAsync(a => a.Code == code)));
    }

    internal static async Task<HttpResponseMessage> PostLoginFormAsync(HttpClient client, string user, string password, string? forwardedFor = null)
    {
        var form = await client.GetStringAsync("/Account/Login");
        var token = System.Text.RegularExpressions.Regex.Match(form, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        var request = new HttpRequestMessage(HttpMethod.Post, "/Account/Login")
        {
            // Encoded by hand: FormUrlEncodedContent refuses a lone surrogate, a browser sends U+FFFD for it.
            Content = new StringContent(
                $"UserName={WebUtility.UrlEncode(user)}&Password={WebUtility.UrlEncode(password)}&__RequestVerificationToken={WebUtility.UrlEncode(token)}",
                Encoding.UTF8, "application/x-www-form-urlencoded"),
        };
        if (forwardedFor is not null) request.Headers.Add("X-Forwarded-For", forwardedFor);
        return await client.SendAsync(request);
    }
}

public sealed class HostileInputOnSqlite(SqliteDemoApp app) : HostileInput(() => app), IClassFixture<SqliteDemoApp>;

public sealed class HostileInputOnPostgres(PostgresDemoApp app) : HostileInput(() => app.Factory), IClassFixture<PostgresDemoApp>;
