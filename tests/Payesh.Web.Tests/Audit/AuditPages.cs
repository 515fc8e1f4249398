using System.Globalization;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Payesh.Domain.Calendar;
using Payesh.Domain.Plans;
using Payesh.Web.Data.Model;
using Payesh.Web.Tests.Admin;
using Payesh.Web.Tests.Infrastructure;
using static Payesh.Web.Tests.Infrastructure.TestPlans;

namespace Payesh.Web.Tests.Audit;

/// <summary>The audit trail as people read it: who, when (Jalali, Persian digits), what, and each field before and after;
/// filtered by entity, user and dates; and the history of one action or one user.</summary>
public abstract partial class AuditPages(Func<PayeshFactory> app)
{
    private PayeshFactory App => app();

    [GeneratedRegex("<td class=\"num\">([^<]*)</td>")]
    private static partial Regex MomentCell();

    [GeneratedRegex("^[۰-۹]{4}/[۰-۹]{2}/[۰-۹]{2} [۰-۹]{2}:[۰-۹]{2}:[۰-۹]{2}$")]
    private static partial Regex PersianMoment();

    [GeneratedRegex("<tr id=\"audit-(\\d+)\">")]
    private static partial Regex RowId();

    /// <summary>The Jalali day in Tehran of the audit trail's clock: the test clock, which stamps every entry.</summary>
    private JalaliDate TehranToday() => JalaliDate.FromDateTime(App.Clock.UtcNow.ToOffset(TimeSpan.FromHours(3.5)).DateTime);

    private async Task<long> NewAgencyAsync(HttpClient admin, string code, string name)
    {
        await admin.FollowAsync(await admin.SubmitAsync("/Admin/Agencies/Edit", new Dictionary<string, string?>
        {
            ["Input.Code"] = code,
            ["Input.Name"] = name,
            ["Input.Kind"] = nameof(AgencyKind.Bank),
        }), "/Admin/Agencies");
        return await App.InDbAsync(db => db.Agencies.Where(a => a.Code == code).Select(a => a.Id).SingleAsync());
    }

    [SkippableFact]
    public async Task An_edit_shows_who_when_and_each_changed_field_before_and_after()
    {
        var admin = await Browser.SignedInAsync(App);
        var code = Forms.Unique("AUD").ToUpperInvariant();
        long id = await NewAgencyAsync(admin, code, "بانک پیش از ویرایش");
        var version = Forms.Field(await admin.PageAsync($"/Admin/Agencies/Edit/{id}"), "Input.Version");
        await admin.FollowAsync(await admin.SubmitAsync($"/Admin/Agencies/Edit/{id}", new Dictionary<string, string?>
        {
            ["Input.Code"] = code,
            ["Input.Name"] = "بانک پس از ویرایش",
            ["Input.Kind"] = nameof(AgencyKind.Insurance),
            ["Input.Version"] = version,
        }));

        var page = await admin.PageAsync($"/Audit?entity=Agency&id={id}");

        var rows = RowId().Matches(page).Select(m => long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(2, rows.Count);
        Assert.True(rows[0] > rows[1], "newest first");
        Assert.Contains("ویرایش", page);
        Assert.Contains("ایجاد", page);
        Assert.Contains("<span class=\"field\">نام:</span>", page);
        Assert.Contains("<del><bdi>بانک پیش از ویرایش</bdi></del>", page);
        Assert.Contains("<ins><bdi>بانک پس از ویرایش</bdi></ins>", page);
        Assert.Contains("<del><bdi>بانک</bdi></del>", page);
        Assert.Contains("<ins><bdi>بیمه</bdi></ins>", page);
        Assert.DoesNotContain("<span class=\"field\">Version", page);
        Assert.Contains(">admin</bdi>", page);
        var moments = MomentCell().Matches(page).Select(m => m.Groups[1].Value).ToList();
        Assert.NotEmpty(moments);
        Assert.All(moments, m => Assert.Matches(PersianMoment(), m));
        Assert.Contains("۲ مورد", page);
    }

    [SkippableFact]
    public async Task The_list_filters_by_user_and_jalali_dates()
    {
        var admin = await Browser.SignedInAsync(App);
        var code = Forms.Unique("FLT").ToUpperInvariant();
        long id = await NewAgencyAsync(admin, code, "بانک صافی");
        var today = TehranToday();
        string Persian(JalaliDate d) => d.ToPersianString();

        var byAdminToday = await admin.PageAsync($"/Audit?entity=Agency&user=admin&from={Uri.EscapeDataString(Persian(today.AddDays(-1)))}&to={Uri.EscapeDataString(Persian(today.AddDays(1)))}");
        var byOther = await admin.PageAsync($"/Audit?entity=Agency&id={id}&user=secretariat");
        var tomorrow = await admin.PageAsync($"/Audit?entity=Agency&id={id}&from={today.AddDays(1)}");
        var untilYesterday = await admin.PageAsync($"/Audit?entity=Agency&id={id}&to={today.AddDays(-1)}");
        var badDate = await admin.PageAsync("/Audit?from=1404/13/01");

        Assert.Contains("بانک صافی", byAdminToday);
        Assert.Contains("موردی ثبت نشده است.", byOther);
        Assert.Contains("موردی ثبت نشده است.", tomorrow);
        Assert.Contains("موردی ثبت نشده است.", untilYesterday);
        Assert.Contains("تاریخ «از»", badDate);
        var adminId = await App.InDbAsync(db => db.Users.Where(u => u.UserName == "admin").Select(u => u.Id).SingleAsync());
        var byId = await admin.PageAsync($"/Audit?userId={adminId}&entity=Agency&id={id}");
        Assert.Contains("بانک صافی", byId);
        Assert.Contains("کارهای کاربر:", byId);
    }

    [SkippableFact]
    public async Task The_action_page_links_to_a_history_with_its_reports()
    {
        var api = await App.ApiClientAsync("admin");
        long plan = await App.CreateApprovedPlanAsync(Small("برنامه سابقه تغییرات"));
        var reporter = await App.ApiClientAsync("smt.reporter");
        long report = await reporter.PostReportAsync(plan, new { action = SmtAction, date = "1405/06/31", percent = 12.5, note = "گزارش برای سابقه" });
        await (await App.ApiClientAsync("secretariat")).RejectAsync(report, "مستندات نیامده است");
        long node = await App.InDbAsync(db => db.PlanNodes.Where(n => n.PlanId == plan && n.Code == SmtAction).Select(n => n.Id).SingleAsync());
        long otherNode = await App.InDbAsync(db => db.PlanNodes.Where(n => n.PlanId == plan && n.Code == SmtSecondAction).Select(n => n.Id).SingleAsync());
        await reporter.PostReportAsync(plan, new { action = SmtSecondAction, date = "1405/06/31", percent = 77, note = "گزارش اقدام دیگر" });
        await (await reporter.PostAsJsonAsync($"/api/v1/plans/{plan}/reports/batch", new
        {
            reports = new[]
            {
                new { action = SmtAction, date = "1405/06/28", percent = 3, note = "دسته یکم" },
                new { action = SmtAction, date = "1405/06/29", percent = 4, note = "دسته دوم" },
            },
        })).JsonAsync();
        var secretariat = await Browser.SignedInAsync(App, "secretariat");
        var reporterPages = await Browser.SignedInAsync(App, "smt.reporter");

        var action = await secretariat.PageAsync($"/Plans/{plan}/Action/{node}");
        var history = await secretariat.PageAsync($"/Audit/History?entity=PlanNode&id={node}");

        Assert.Contains($"href=\"/Audit/History?entity=PlanNode&id={node}\"", action);
        Assert.DoesNotContain("/Audit/History", await reporterPages.PageAsync($"/Plans/{plan}/Action/{node}"));
        Assert.Contains("سابقه تغییرات: اقدام S۱: اقدام یکم صنعت", history);
        Assert.Contains("گزارش پیشرفت", history);
        Assert.Contains("بررسی گزارش", history);
        Assert.Contains("گزارش برای سابقه", history);
        Assert.Contains("۱۲٫۵٪", history);
        Assert.Contains("<ins><bdi>ردشده</bdi></ins>", history);
        Assert.Contains("مستندات نیامده است", history);
        Assert.Contains("smt.reporter", history);
        Assert.Contains("secretariat", history);
        Assert.DoesNotContain("گزارش اقدام دیگر", history);
        // A batch is one entry with a numbered row per report.
        Assert.Matches("<span class=\"field\">\\(۱\\) شرح:</span>\\s*<ins><bdi>دسته یکم</bdi></ins>", history);
        Assert.Matches("<span class=\"field\">\\(۲\\) شرح:</span>\\s*<ins><bdi>دسته دوم</bdi></ins>", history);
        Assert.Contains($"href=\"/Plans/{plan}/Action/{node}\"", history);
        Assert.NotEqual(node, otherNode);
    }

    [SkippableFact]
    public async Task The_user_page_shows_the_history_of_the_account_and_what_the_user_did()
    {
        var (id, name) = await Forms.NewUserAsync(App, Roles.AgencyReporter, "SMT", "Reporter-Pass-9");
        var api = await App.ApiClientAsync("admin");
        long plan = await App.CreateApprovedPlanAsync(Small("برنامه کارهای کاربر"));
        var client = App.CreateClient();
        var token = (string)(await (await client.PostAsync("/api/v1/auth/token", new StringContent(
            $"{{\"username\":\"{name}\",\"password\":\"Reporter-Pass-9\"}}", System.Text.Encoding.UTF8, "application/json"))).JsonAsync())["token"]!;
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        await client.PostReportAsync(plan, new { action = SmtAction, date = "1405/06/30", percent = 5, note = "کار این کاربر" });
        var admin = await Browser.SignedInAsync(App);

        var page = await admin.PageAsync($"/Admin/Users/Edit/{id}");
        var history = await admin.PageAsync($"/Audit/History?entity=AppUser&id={id}");

        Assert.Contains("سابقه تغییرات این حساب", page);
        Assert.Contains("کارهای ثبت‌شده به‌دست این کاربر", page);
        Assert.Contains("کار این کاربر", page);
        Assert.Contains("نقش کاربر", page);
        Assert.Contains("کارشناس گزارش‌دهنده دستگاه", page);
        Assert.Contains("توکن API", history);
        Assert.Contains("کاربر آزمون", history);
        Assert.Contains($"href=\"/Audit?userId={id}\"", page);
    }
}

public sealed class AuditPagesOnSqlite(SqliteDemoApp app) : AuditPages(() => app), IClassFixture<SqliteDemoApp>;

public sealed class AuditPagesOnPostgres(PostgresDemoApp app) : AuditPages(() => app.Factory), IClassFixture<PostgresDemoApp>;
