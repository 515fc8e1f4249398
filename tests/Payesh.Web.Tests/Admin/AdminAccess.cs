using System.Net;
using Payesh.Web.Data.Model;
using Payesh.Web.Tests.Infrastructure;

namespace Payesh.Web.Tests.Admin;

/// <summary>Only admins reach the admin area; the audit trail is for admins and the secretariat; every signed-in
/// user may change their own password.</summary>
public abstract class AdminAccess(Func<PayeshFactory> app)
{
    private PayeshFactory App => app();

    public static readonly string[] AdminPages = ["/Admin", "/Admin/Users", "/Admin/Users/Create", "/Admin/Agencies", "/Admin/Agencies/Edit", "/Admin/Tokens"];

    private static void AssertDenied(HttpResponseMessage answer, string what)
    {
        Assert.True(answer.StatusCode == HttpStatusCode.Redirect, $"{what}: expected a redirect to /Account/Denied, got {(int)answer.StatusCode}");
        Assert.Equal("/Account/Denied", (answer.Headers.Location?.IsAbsoluteUri == true ? answer.Headers.Location.AbsolutePath : answer.Headers.Location?.OriginalString)?.Split('?')[0]);
    }

    [SkippableTheory]
    [InlineData("secretariat")]
    [InlineData("governor")]
    [InlineData("smt.manager")]
    [InlineData("smt.reporter")]
    public async Task Non_admins_are_sent_to_the_denied_page(string user)
    {
        var client = await Browser.SignedInAsync(App, user);
        var plans = await client.PageAsync("/Plans");
        var token = Forms.Field(plans, "__RequestVerificationToken")!;

        foreach (var page in AdminPages) AssertDenied(await client.GetAsync(page), $"{user} GET {page}");
        var post = await client.PostAsync("/Admin/Agencies/Edit", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Code"] = "HACK",
            ["Input.Name"] = "نفوذ",
            ["Input.Kind"] = "Other",
            ["__RequestVerificationToken"] = token,
        }));
        AssertDenied(post, $"{user} POST");
        Assert.DoesNotContain("href=\"/Admin/Users\"", plans);
        Assert.False(await App.InDbAsync(db => Task.FromResult(db.Agencies.Any(a => a.Code == "HACK"))));
    }

    [SkippableFact]
    public async Task Admin_sees_the_admin_area_and_its_link()
    {
        var admin = await Browser.SignedInAsync(App);

        var plans = await admin.PageAsync("/Plans");
        var users = await admin.PageAsync("/Admin/Users");

        Assert.Contains("href=\"/Admin/Users\">مدیریت</a>", plans);
        Assert.Contains("href=\"/Audit\">سابقه تغییرات</a>", plans);
        Assert.Contains("smt.reporter", users);
        Assert.Contains("کارشناس گزارش‌دهنده دستگاه", users);
        var redirect = await admin.GetAsync("/Admin");
        Assert.Equal("/Admin/Users", redirect.Headers.Location?.OriginalString);
    }

    [SkippableFact]
    public async Task Audit_trail_is_for_the_secretariat_and_admins_only()
    {
        var secretariat = await Browser.SignedInAsync(App, "secretariat");
        var reporter = await Browser.SignedInAsync(App, "smt.reporter");
        var governor = await Browser.SignedInAsync(App, "governor");

        Assert.Contains("سابقه تغییرات", await secretariat.PageAsync("/Audit"));
        Assert.Contains("زنجیره", await secretariat.PageAsync("/Audit/Verify"));
        Assert.DoesNotContain("href=\"/Admin/Users\"", await secretariat.PageAsync("/Audit"));
        foreach (var page in new[] { "/Audit", "/Audit/Verify", "/Audit/History?entity=Agency&id=1" })
        {
            AssertDenied(await reporter.GetAsync(page), $"reporter GET {page}");
            AssertDenied(await governor.GetAsync(page), $"governor GET {page}");
        }
        Assert.DoesNotContain("href=\"/Audit\"", await reporter.PageAsync("/Plans"));
    }

    [SkippableFact]
    public async Task Anonymous_visitors_are_sent_to_sign_in()
    {
        var client = Browser.Anonymous(App);

        foreach (var page in AdminPages.Concat(["/Audit", "/Audit/Verify", "/Account/ChangePassword"]))
        {
            var answer = await client.GetAsync(page);
            Assert.True(answer.StatusCode == HttpStatusCode.Redirect, $"GET {page}: {(int)answer.StatusCode}");
            Assert.StartsWith("/Account/Login", answer.Headers.Location?.PathAndQuery ?? answer.Headers.Location?.OriginalString);
        }
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/Account/Login")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/Account/Denied")).StatusCode);
    }

    [SkippableFact]
    public async Task Every_signed_in_user_changes_their_own_password()
    {
        const string old = "Before-Change-1";
        var (_, name) = await Forms.NewUserAsync(App, Roles.AgencyReporter, "TAX", old);
        var client = await Forms.SignedInAsync(App, name, old);
        Assert.Contains("href=\"/Account/ChangePassword\"", await client.PageAsync("/Plans"));

        var wrong = await (await client.SubmitAsync("/Account/ChangePassword", new Dictionary<string, string?>
        {
            ["CurrentPassword"] = "not-my-password-1",
            ["NewPassword"] = "After-Change-22",
            ["ConfirmPassword"] = "After-Change-22",
        })).HtmlAsync();
        var weak = await (await client.SubmitAsync("/Account/ChangePassword", new Dictionary<string, string?>
        {
            ["CurrentPassword"] = old,
            ["NewPassword"] = "nodigitshere",
            ["ConfirmPassword"] = "nodigitshere",
        })).HtmlAsync();
        var mismatch = await (await client.SubmitAsync("/Account/ChangePassword", new Dictionary<string, string?>
        {
            ["CurrentPassword"] = old,
            ["NewPassword"] = "After-Change-22",
            ["ConfirmPassword"] = "After-Change-23",
        })).HtmlAsync();
        var changed = await (await client.SubmitAsync("/Account/ChangePassword", new Dictionary<string, string?>
        {
            ["CurrentPassword"] = old,
            ["NewPassword"] = "After-Change-22",
            ["ConfirmPassword"] = "After-Change-22",
        })).HtmlAsync();

        Assert.Contains("گذرواژه کنونی نادرست است.", wrong);
        Assert.Contains("گذرواژه باید دست‌کم یک رقم داشته باشد.", weak);
        Assert.Contains("تکرار گذرواژه تازه با خود آن یکی نیست.", mismatch);
        Assert.Contains("گذرواژه شما تغییر کرد.", changed);
        // The session goes on with a fresh cookie; the new password works and the old one does not.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/Plans")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await Browser.Anonymous(App).LoginAsync(name, "After-Change-22")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Browser.Anonymous(App).LoginAsync(name, old)).StatusCode);
    }
}

public sealed class AdminAccessOnSqlite(SqliteDemoApp app) : AdminAccess(() => app), IClassFixture<SqliteDemoApp>;

public sealed class AdminAccessOnPostgres(PostgresDemoApp app) : AdminAccess(() => app.Factory), IClassFixture<PostgresDemoApp>;
