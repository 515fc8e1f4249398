using System.Net;
using System.Text.RegularExpressions;
using Payesh.Web.Tests.Infrastructure;

namespace Payesh.Web.Tests.Pages;

/// <summary>The pages as people use them: sign in through the form, then read a plan's tree as of a day.</summary>
public abstract partial class PlanPages(Func<PayeshFactory> app)
{
    private PayeshFactory App => app();

    [GeneratedRegex("<tr class=\"level-1\">\\s*<td class=\"title\"><a [^>]*><span class=\"code\">([^<]*)</span>([^<]*)</a>")]
    private static partial Regex AxisRow();

    [GeneratedRegex("[۰-۹]{4}/[۰-۹]{2}/[۰-۹]{2}")]
    private static partial Regex PersianDate();

    [GeneratedRegex("<div class=\"label\">([^<]*)</div><div class=\"value num[^\"]*\">([^<]*)</div>")]
    private static partial Regex Kpi();

    private async Task<long> HistoricPlanAsync() =>
        (long)(await (await App.ApiClientAsync("governor")).GetJsonAsync("/api/v1/plans")).AsArray().First(p => (int)p!["year"]! == 1398)!["id"]!;

    private static string Figures(string page) => string.Join(" | ", Kpi().Matches(page).Select(m => $"{m.Groups[1].Value}: {m.Groups[2].Value}"));

    [SkippableFact]
    public async Task Anonymous_visitor_is_sent_to_the_login_page()
    {
        var client = Browser.Anonymous(App);

        var answer = await client.GetAsync("/Plans");

        Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
        Assert.StartsWith("/Account/Login", answer.Headers.Location?.PathAndQuery ?? answer.Headers.Location?.OriginalString);
        var login = await client.PageAsync("/Account/Login");
        Assert.Contains("ورود به پایش", login);
    }

    [SkippableFact]
    public async Task Wrong_password_on_the_login_form_shows_a_Persian_message()
    {
        var client = Browser.Anonymous(App);
        var form = await client.GetStringAsync("/Account/Login");
        var token = Regex.Match(form, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;

        var answer = await client.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["UserName"] = "governor",
            ["Password"] = "wrong-password-1",
            ["__RequestVerificationToken"] = token,
        }));
        var withoutToken = await client.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["UserName"] = "governor",
            ["Password"] = PayeshFactory.DemoPassword,
        }));

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Contains("نام کاربری یا گذرواژه نادرست است.", WebUtility.HtmlDecode(await answer.Content.ReadAsStringAsync()));
        Assert.Equal(HttpStatusCode.BadRequest, withoutToken.StatusCode);
    }

    [SkippableFact]
    public async Task Signed_in_user_sees_the_plan_tree_with_Persian_titles_and_dates()
    {
        long plan = await HistoricPlanAsync();
        var client = await Browser.SignedInAsync(App, "governor");

        var page = await client.PageAsync($"/Plans/{plan}");

        var axes = AxisRow().Matches(page);
        Assert.Equal(27, axes.Count);
        Assert.All(axes, m => Api.AssertPersian(m.Groups[2].Value));
        Assert.Equal("۰۱", axes[0].Groups[1].Value);
        Assert.True(PersianDate().Count(page) >= 27 * 2);
        Assert.Contains("۱۳۹۸/۱۲/۲۹", page);
        Assert.DoesNotMatch(@">\s*1398/", page);
        Assert.Contains("برنامه‌ها و پیشرفت", await client.PageAsync("/Plans"));
    }

    [SkippableFact]
    public async Task Choosing_another_day_changes_the_figures()
    {
        long plan = await HistoricPlanAsync();
        var client = await Browser.SignedInAsync(App, "admin");

        var atEnd = Figures(await client.PageAsync($"/Plans/{plan}"));
        var midYear = await client.PageAsync($"/Plans/{plan}?asOf=1398/06/31");
        var midYearPersian = Figures(await client.PageAsync($"/Plans/{plan}?asOf=" + Uri.EscapeDataString("۱۳۹۸/۰۶/۳۱")));

        Assert.Contains("پیشرفت برنامه‌ای", atEnd);
        Assert.NotEqual(atEnd, Figures(midYear));
        Assert.Equal(Figures(midYear), midYearPersian);
        Assert.Contains("value=\"۱۳۹۸/۰۶/۳۱\"", midYear);
        Assert.Contains("۳۱ شهریور ۱۳۹۸", midYear);
    }

    [SkippableFact]
    public async Task A_bad_day_shows_a_Persian_message_not_an_error()
    {
        long plan = await HistoricPlanAsync();
        var client = await Browser.SignedInAsync(App, "admin");

        var badMonth = await client.PageAsync($"/Plans/{plan}?asOf=1398/13/01");
        var garbage = await client.PageAsync($"/Plans/{plan}?asOf=" + Uri.EscapeDataString("فردا<script>"));

        Assert.Contains("ماه ۱۳ نامعتبر است", badMonth);
        Assert.Contains("وضعیت امروز نشان داده شده است", badMonth);
        Assert.Contains("تاریخ معتبر شمسی نیست", garbage);
        Assert.Equal(27, AxisRow().Count(badMonth));
    }
}

public sealed class PlanPagesOnSqlite(SqliteDemoApp app) : PlanPages(() => app), IClassFixture<SqliteDemoApp>;

public sealed class PlanPagesOnPostgres(PostgresDemoApp app) : PlanPages(() => app.Factory), IClassFixture<PostgresDemoApp>;
