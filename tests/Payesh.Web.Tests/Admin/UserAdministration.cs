using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Payesh.Web.Data.Model;
using Payesh.Web.Tests.Infrastructure;

namespace Payesh.Web.Tests.Admin;

/// <summary>The admin creates users, changes their role and agency, resets passwords and deactivates them;
/// a deactivated user can neither sign in nor use an API token.</summary>
public abstract partial class UserAdministration(Func<PayeshFactory> app)
{
    private PayeshFactory App => app();

    [GeneratedRegex("<code class=\"secret\" dir=\"ltr\" id=\"(?:initial-password|new-password)\">([^<]+)</code>")]
    private static partial Regex ShownPassword();

    private Task<AppUser?> UserAsync(string userName) =>
        App.InDbAsync(db => db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.UserName == userName));

    private Task<long> AgencyIdAsync(string code) => App.InDbAsync(db => db.Agencies.Where(a => a.Code == code).Select(a => a.Id).SingleAsync());

    private Task<List<string>> RolesAsync(string userId) => App.InDbAsync(db =>
        (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id where ur.UserId == userId select r.Name!).ToListAsync());

    private async Task<HttpResponseMessage> TokenAnswerAsync(string user, string password) =>
        await App.CreateClient().PostAsJsonAsync("/api/v1/auth/token", new { username = user, password });

    private async Task<string> ApiTokenAsync(string user, string password)
    {
        var answer = await TokenAnswerAsync(user, password);
        return (string)(await answer.JsonAsync())["token"]!;
    }

    private async Task<HttpStatusCode> ApiStatusAsync(string token)
    {
        var client = App.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return (await client.GetAsync("/api/v1/plans")).StatusCode;
    }

    [SkippableFact]
    public async Task Admin_creates_an_agency_reporter_with_a_typed_password_who_then_signs_in()
    {
        var admin = await Browser.SignedInAsync(App);
        var name = Forms.Unique("bmi.reporter");
        long bmi = await AgencyIdAsync("BMI");

        var answer = await (await admin.SubmitAsync("/Admin/Users/Create", new Dictionary<string, string?>
        {
            ["Input.UserName"] = " " + name.ToUpperInvariant() + " ",
            ["Input.DisplayName"] = "كارشناس  بانك ملي",
            ["Input.Role"] = Roles.AgencyReporter,
            ["Input.AgencyId"] = bmi.ToString(CultureInfo.InvariantCulture),
            ["Input.PasswordMode"] = "type",
            ["Input.Password"] = "typed-pass-42",
            ["Input.ConfirmPassword"] = "typed-pass-42",
        })).HtmlAsync();

        Assert.Contains("ساخته شد", answer);
        Assert.DoesNotContain("typed-pass-42", answer);
        var user = await UserAsync(name);
        Assert.NotNull(user);
        Assert.Equal("کارشناس بانک ملی", user.DisplayName);
        Assert.Equal(bmi, user.AgencyId);
        Assert.True(user.IsActive);
        Assert.Equal([Roles.AgencyReporter], await RolesAsync(user.Id));
        var login = await Browser.Anonymous(App).LoginAsync(name, "typed-pass-42");
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
    }

    [SkippableFact]
    public async Task A_generated_password_is_shown_once_and_works()
    {
        var admin = await Browser.SignedInAsync(App);
        var name = Forms.Unique("viewer");

        var answer = await (await admin.SubmitAsync("/Admin/Users/Create", new Dictionary<string, string?>
        {
            ["Input.UserName"] = name,
            ["Input.DisplayName"] = "عضو ستاد",
            ["Input.Role"] = Roles.Viewer,
            ["Input.PasswordMode"] = "generate",
        })).HtmlAsync();

        var shown = ShownPassword().Match(answer);
        Assert.True(shown.Success, "the generated password is not on the page");
        var password = shown.Groups[1].Value;
        Assert.True(password.Length >= 10 && password.Any(char.IsAsciiDigit) && password.Any(char.IsAsciiLetterLower));
        Assert.Equal(HttpStatusCode.Redirect, (await Browser.Anonymous(App).LoginAsync(name, password)).StatusCode);
        var user = await UserAsync(name);
        Assert.DoesNotContain(password, await admin.PageAsync($"/Admin/Users/Edit/{user!.Id}"));
        Assert.False(await App.InDbAsync(db => db.AuditEntries.AnyAsync(e => e.After!.Contains(password))));
    }

    [SkippableFact]
    public async Task Agency_roles_need_an_agency_and_other_roles_refuse_one()
    {
        var admin = await Browser.SignedInAsync(App);
        var name = Forms.Unique("nobody");
        long smt = await AgencyIdAsync("SMT");
        int before = await App.InDbAsync(db => db.Users.CountAsync());

        var withoutAgency = await (await admin.SubmitAsync("/Admin/Users/Create", new Dictionary<string, string?>
        {
            ["Input.UserName"] = name,
            ["Input.DisplayName"] = "بدون دستگاه",
            ["Input.Role"] = Roles.AgencyManager,
            ["Input.PasswordMode"] = "generate",
        })).HtmlAsync();
        var withAgency = await (await admin.SubmitAsync("/Admin/Users/Create", new Dictionary<string, string?>
        {
            ["Input.UserName"] = name,
            ["Input.DisplayName"] = "دبیرخانه با دستگاه",
            ["Input.Role"] = Roles.Secretariat,
            ["Input.AgencyId"] = smt.ToString(CultureInfo.InvariantCulture),
            ["Input.PasswordMode"] = "generate",
        })).HtmlAsync();
        var badName = await (await admin.SubmitAsync("/Admin/Users/Create", new Dictionary<string, string?>
        {
            ["Input.UserName"] = "کاربر",
            ["Input.DisplayName"] = "نام فارسی",
            ["Input.Role"] = Roles.Viewer,
            ["Input.PasswordMode"] = "generate",
        })).HtmlAsync();
        var weak = await (await admin.SubmitAsync("/Admin/Users/Create", new Dictionary<string, string?>
        {
            ["Input.UserName"] = name,
            ["Input.DisplayName"] = "گذرواژه سست",
            ["Input.Role"] = Roles.Viewer,
            ["Input.PasswordMode"] = "type",
            ["Input.Password"] = "short",
            ["Input.ConfirmPassword"] = "short",
        })).HtmlAsync();
        var taken = await (await admin.SubmitAsync("/Admin/Users/Create", new Dictionary<string, string?>
        {
            ["Input.UserName"] = "governor",
            ["Input.DisplayName"] = "تکراری",
            ["Input.Role"] = Roles.Viewer,
            ["Input.PasswordMode"] = "generate",
        })).HtmlAsync();

        Assert.Contains("برای نقش «مدیر دستگاه» دستگاه را برگزینید.", withoutAgency);
        Assert.Equal(name, Forms.Field(withoutAgency, "Input.UserName"));
        Assert.Equal("بدون دستگاه", Forms.Field(withoutAgency, "Input.DisplayName"));
        Assert.Contains("به دستگاه وابسته نیست", withAgency);
        Assert.Contains("نام کاربری ۳ تا ۵۰ نویسه از حروف لاتین", badName);
        Assert.Contains("گذرواژه باید دست‌کم ۱۰ نویسه باشد.", weak);
        Assert.Contains("نام کاربری «governor» پیش‌تر ثبت شده است.", taken);
        Assert.Equal(before, await App.InDbAsync(db => db.Users.CountAsync()));
    }

    [SkippableFact]
    public async Task A_deactivated_user_can_neither_sign_in_nor_use_an_api_token()
    {
        const string password = "Reporter-Pass-77";
        var (id, name) = await Forms.NewUserAsync(App, Roles.AgencyReporter, "TAX", password);
        var loginToken = await ApiTokenAsync(name, password);
        var admin = await Browser.SignedInAsync(App);
        var created = await (await admin.SubmitAsync("/Admin/Tokens", new Dictionary<string, string?>
        {
            ["Input.UserId"] = id,
            ["Input.Name"] = "سامانه آزمون",
            ["Input.Days"] = "۳۶۵",
        })).HtmlAsync();
        var longLived = Regex.Match(created, "id=\"token\">([^<]+)<").Groups[1].Value;
        Assert.Equal(HttpStatusCode.OK, await ApiStatusAsync(loginToken));
        Assert.Equal(HttpStatusCode.OK, await ApiStatusAsync(longLived));
        var stampBefore = (await UserAsync(name))!.SecurityStamp;
        var page = await admin.PageAsync($"/Admin/Users/Edit/{id}");

        var answer = await admin.SubmitAsync($"/Admin/Users/Edit/{id}", $"/Admin/Users/Edit/{id}?handler=Active",
            new Dictionary<string, string?> { ["active"] = "false", ["stamp"] = Forms.Field(page, "Input.Stamp") });
        var after = await admin.FollowAsync(answer, $"/Admin/Users/Edit/{id}");

        Assert.Contains("غیرفعال شد", after);
        var user = await UserAsync(name);
        Assert.False(user!.IsActive);
        Assert.NotEqual(stampBefore, user.SecurityStamp);
        Assert.Equal(0, await App.InDbAsync(db => db.ApiTokens.CountAsync(t => t.UserId == id && t.RevokedAt == null)));
        var login = await (await Browser.Anonymous(App).LoginAsync(name, password)).HtmlAsync();
        Assert.Contains("نام کاربری یا گذرواژه نادرست است.", login);
        Assert.Equal(HttpStatusCode.Unauthorized, (await TokenAnswerAsync(name, password)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, await ApiStatusAsync(loginToken));
        Assert.Equal(HttpStatusCode.Unauthorized, await ApiStatusAsync(longLived));

        // Reactivated, the user signs in again; the revoked tokens stay revoked.
        var reactivate = await admin.SubmitAsync($"/Admin/Users/Edit/{id}", $"/Admin/Users/Edit/{id}?handler=Active",
            new Dictionary<string, string?> { ["active"] = "true", ["stamp"] = user.ConcurrencyStamp });
        await admin.FollowAsync(reactivate, $"/Admin/Users/Edit/{id}");
        Assert.Equal(HttpStatusCode.Redirect, (await Browser.Anonymous(App).LoginAsync(name, password)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, await ApiStatusAsync(longLived));
    }

    [SkippableFact]
    public async Task An_open_session_of_a_deactivated_user_ends()
    {
        const string password = "Session-Pass-77";
        var (id, name) = await Forms.NewUserAsync(App, Roles.Viewer, null, password);
        var (_, other) = await Forms.NewUserAsync(App, Roles.Viewer, null, password);
        var session = await Forms.SignedInAsync(App, name, password);
        var control = await Forms.SignedInAsync(App, other, password);
        Assert.Equal(HttpStatusCode.OK, (await session.GetAsync("/Plans")).StatusCode);
        var admin = await Browser.SignedInAsync(App);
        var page = await admin.PageAsync($"/Admin/Users/Edit/{id}");
        await admin.FollowAsync(await admin.SubmitAsync($"/Admin/Users/Edit/{id}", $"/Admin/Users/Edit/{id}?handler=Active",
            new Dictionary<string, string?> { ["active"] = "false", ["stamp"] = Forms.Field(page, "Input.Stamp") }));

        // The very next request (no clock moved): the cookie is checked against the security stamp on every request.
        var answer = await session.GetAsync("/Plans");
        Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
        Assert.StartsWith("/Account/Login", answer.Headers.Location?.PathAndQuery ?? answer.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await control.GetAsync("/Plans")).StatusCode);
    }

    [SkippableFact]
    public async Task A_role_change_takes_effect_on_the_users_next_request_by_cookie_and_by_token()
    {
        const string password = "Session-Pass-78";
        var (id, name) = await Forms.NewUserAsync(App, Roles.Secretariat, null, password);
        var session = await Forms.SignedInAsync(App, name, password);
        var token = App.CreateClient();
        token.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer",
            (string)(await (await token.PostAsJsonAsync("/api/v1/auth/token", new { username = name, password })).JsonAsync())["token"]!);
        Assert.Equal(HttpStatusCode.OK, (await session.GetAsync("/Reports/Review")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await token.PostAsJsonAsync("/api/v1/plans", TestPlans.Small("برنامه پیش از تغییر نقش"))).StatusCode);

        var admin = await Browser.SignedInAsync(App);
        var url = $"/Admin/Users/Edit/{id}";
        var page = await admin.PageAsync(url);
        await admin.FollowAsync(await admin.SubmitAsync(url, new Dictionary<string, string?>
        {
            ["Input.DisplayName"] = Forms.Field(page, "Input.DisplayName"),
            ["Input.Role"] = Roles.Viewer,
            ["Input.Stamp"] = Forms.Field(page, "Input.Stamp"),
        }));

        // Next request: the old session is over (sign in again to act as a viewer); the token acts as a viewer.
        var answer = await session.GetAsync("/Reports/Review");
        Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
        Assert.StartsWith("/Account/Login", answer.Headers.Location?.PathAndQuery ?? answer.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.Forbidden, (await token.PostAsJsonAsync("/api/v1/plans", TestPlans.Small("برنامه پس از تغییر نقش"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await token.GetAsync("/api/v1/plans")).StatusCode);
    }

    [SkippableFact]
    public async Task Reset_password_shows_a_new_password_once_and_the_old_one_stops_working()
    {
        const string old = "Old-Password-11";
        var (id, name) = await Forms.NewUserAsync(App, Roles.Secretariat, null, old);
        var admin = await Browser.SignedInAsync(App);
        var page = await admin.PageAsync($"/Admin/Users/Edit/{id}");

        var answer = await (await admin.SubmitAsync($"/Admin/Users/Edit/{id}", $"/Admin/Users/Edit/{id}?handler=ResetPassword",
            new Dictionary<string, string?> { ["stamp"] = Forms.Field(page, "Input.Stamp") })).HtmlAsync();

        var shown = ShownPassword().Match(answer);
        Assert.True(shown.Success, "the new password is not shown");
        Assert.Equal(HttpStatusCode.Redirect, (await Browser.Anonymous(App).LoginAsync(name, shown.Groups[1].Value)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Browser.Anonymous(App).LoginAsync(name, old)).StatusCode);
        Assert.DoesNotContain(shown.Groups[1].Value, await admin.PageAsync($"/Admin/Users/Edit/{id}"));
    }

    [SkippableFact]
    public async Task Admin_changes_role_and_agency_and_a_stale_form_gets_the_conflict_message()
    {
        var (id, name) = await Forms.NewUserAsync(App, Roles.AgencyReporter, "SMT");
        long tax = await AgencyIdAsync("TAX");
        var first = await Browser.SignedInAsync(App);
        var second = await Browser.SignedInAsync(App);
        string url = $"/Admin/Users/Edit/{id}";
        var stamp = Forms.Field(await first.PageAsync(url), "Input.Stamp");
        Assert.Equal(stamp, Forms.Field(await second.PageAsync(url), "Input.Stamp"));
        var securityStamp = (await UserAsync(name))!.SecurityStamp;

        var saved = await first.SubmitAsync(url, new Dictionary<string, string?>
        {
            ["Input.DisplayName"] = "مدیر اداره مالیات",
            ["Input.Role"] = Roles.AgencyManager,
            ["Input.AgencyId"] = tax.ToString(CultureInfo.InvariantCulture),
            ["Input.Stamp"] = stamp,
        });
        await first.FollowAsync(saved, url);
        var stale = await (await second.SubmitAsync(url, new Dictionary<string, string?>
        {
            ["Input.DisplayName"] = "نام از فرم کهنه",
            ["Input.Role"] = Roles.Viewer,
            ["Input.Stamp"] = stamp,
        })).HtmlAsync();

        var user = await UserAsync(name);
        Assert.Equal("مدیر اداره مالیات", user!.DisplayName);
        Assert.Equal(tax, user.AgencyId);
        Assert.Equal([Roles.AgencyManager], await RolesAsync(id));
        Assert.NotEqual(securityStamp, user.SecurityStamp);
        Assert.Contains(Forms.Conflict, stale);
        Assert.Equal("نام از فرم کهنه", Forms.Field(stale, "Input.DisplayName"));
        Assert.Equal(user.ConcurrencyStamp, Forms.Field(stale, "Input.Stamp"));
    }

    [SkippableFact]
    public async Task Admin_can_neither_deactivate_nor_demote_themselves()
    {
        var admin = await Browser.SignedInAsync(App);
        var me = (await UserAsync("admin"))!;
        string url = $"/Admin/Users/Edit/{me.Id}";
        var page = await admin.PageAsync(url);

        var deactivate = await (await admin.SubmitAsync(url, $"{url}?handler=Active",
            new Dictionary<string, string?> { ["active"] = "false", ["stamp"] = Forms.Field(page, "Input.Stamp") })).HtmlAsync();
        var demote = await (await admin.SubmitAsync(url, new Dictionary<string, string?>
        {
            ["Input.DisplayName"] = "مدیر",
            ["Input.Role"] = Roles.Viewer,
            ["Input.Stamp"] = Forms.Field(page, "Input.Stamp"),
        })).HtmlAsync();

        Assert.Contains("حساب خودتان را نمی‌توانید غیرفعال کنید.", deactivate);
        Assert.Contains("نقش مدیر سامانه را نمی‌توانید از حساب خودتان بردارید.", demote);
        Assert.True((await UserAsync("admin"))!.IsActive);
        Assert.Equal([Roles.Admin], await RolesAsync(me.Id));
    }

    [SkippableFact]
    public async Task User_list_filters_by_role_agency_and_state()
    {
        var admin = await Browser.SignedInAsync(App);
        long smt = await AgencyIdAsync("SMT");

        var reporters = await admin.PageAsync($"/Admin/Users?role={Roles.AgencyReporter}&agency={smt}");
        var inactive = await admin.PageAsync("/Admin/Users?status=inactive&q=governor");

        Assert.Contains("smt.reporter", reporters);
        Assert.DoesNotContain("smt.manager", reporters);
        Assert.DoesNotContain("tax.reporter", reporters);
        Assert.DoesNotContain(">governor<", inactive);
        Assert.Contains("کاربری پیدا نشد.", inactive);
    }
}

public sealed class UserAdministrationOnSqlite(SqliteDemoApp app) : UserAdministration(() => app), IClassFixture<SqliteDemoApp>;

public sealed class UserAdministrationOnPostgres(PostgresDemoApp app) : UserAdministration(() => app.Factory), IClassFixture<PostgresDemoApp>;
