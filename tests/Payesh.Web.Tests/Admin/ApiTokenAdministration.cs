using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Payesh.Web.Data.Model;
using Payesh.Web.Tests.Infrastructure;

namespace Payesh.Web.Tests.Admin;

/// <summary>Long-lived named API tokens: shown once, only their SHA-256 stored, refused once revoked.</summary>
public abstract partial class ApiTokenAdministration(Func<PayeshFactory> app)
{
    private PayeshFactory App => app();

    [GeneratedRegex("id=\"token\">([^<]+)<")]
    private static partial Regex ShownToken();

    private async Task<HttpStatusCode> ApiStatusAsync(string token)
    {
        var client = App.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return (await client.GetAsync("/api/v1/plans")).StatusCode;
    }

    [SkippableFact]
    public async Task A_token_is_shown_once_only_its_hash_is_stored_and_it_is_refused_once_revoked()
    {
        var (userId, _) = await Forms.NewUserAsync(App, Roles.AgencyReporter, "BMI");
        var admin = await Browser.SignedInAsync(App);

        var created = await (await admin.SubmitAsync("/Admin/Tokens", new Dictionary<string, string?>
        {
            ["Input.UserId"] = userId,
            ["Input.Name"] = "سامانه  گزارش‌دهی بانك",
            ["Input.Days"] = "730",
        })).HtmlAsync();

        var token = ShownToken().Match(created).Groups[1].Value;
        Assert.StartsWith("pk_", token);
        var row = await App.InDbAsync(db => db.ApiTokens.AsNoTracking().SingleAsync(t => t.UserId == userId));
        Assert.Equal("سامانه گزارش‌دهی بانک", row.Name);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token))), row.TokenHash);
        Assert.Equal(App.Clock.UtcNow.AddDays(730), row.ExpiresAt);
        // Nowhere else: not in the list, not in the audit trail.
        Assert.DoesNotContain(token, await admin.PageAsync($"/Admin/Tokens?userId={userId}"));
        Assert.DoesNotContain(token, await admin.PageAsync($"/Admin/Users/Edit/{userId}"));
        Assert.False(await App.InDbAsync(db => db.AuditEntries.AnyAsync(e => e.After!.Contains(token) || e.After!.Contains(row.TokenHash))));
        Assert.Equal(HttpStatusCode.OK, await ApiStatusAsync(token));

        var revoke = await admin.SubmitAsync($"/Admin/Tokens?userId={userId}", "/Admin/Tokens?handler=Revoke",
            new Dictionary<string, string?> { ["tokenId"] = row.Id.ToString(CultureInfo.InvariantCulture), ["userId"] = userId });
        var list = await admin.FollowAsync(revoke, "/Admin/Tokens");

        Assert.Contains("باطل شد", list);
        Assert.NotNull(await App.InDbAsync(db => db.ApiTokens.Where(t => t.Id == row.Id).Select(t => t.RevokedAt).SingleAsync()));
        Assert.Equal(HttpStatusCode.Unauthorized, await ApiStatusAsync(token));
    }

    [SkippableFact]
    public async Task Bad_token_input_issues_nothing()
    {
        var (userId, _) = await Forms.NewUserAsync(App, Roles.Viewer);
        var admin = await Browser.SignedInAsync(App);
        int before = await App.InDbAsync(db => db.ApiTokens.CountAsync());

        var noName = await (await admin.SubmitAsync("/Admin/Tokens", new Dictionary<string, string?>
        {
            ["Input.UserId"] = userId,
            ["Input.Name"] = " ",
            ["Input.Days"] = "30",
        })).HtmlAsync();
        var badDays = await (await admin.SubmitAsync("/Admin/Tokens", new Dictionary<string, string?>
        {
            ["Input.UserId"] = userId,
            ["Input.Name"] = "نام نگه‌داشته",
            ["Input.Days"] = "ده",
        })).HtmlAsync();
        var nobody = await (await admin.SubmitAsync("/Admin/Tokens", new Dictionary<string, string?>
        {
            ["Input.UserId"] = "not-a-user",
            ["Input.Name"] = "بی‌کاربر",
            ["Input.Days"] = "30",
        })).HtmlAsync();

        Assert.Contains("نام توکن را وارد کنید", noName);
        Assert.Contains("مدت اعتبار باید عددی درست از ۱ تا", badDays);
        Assert.Equal("نام نگه‌داشته", Forms.Field(badDays, "Input.Name"));
        Assert.Contains("کاربر برگزیده پیدا نشد.", nobody);
        Assert.DoesNotContain("id=\"token\"", noName + badDays + nobody);
        Assert.Equal(before, await App.InDbAsync(db => db.ApiTokens.CountAsync()));
    }
}

public sealed class ApiTokenAdministrationOnSqlite(SqliteDemoApp app) : ApiTokenAdministration(() => app), IClassFixture<SqliteDemoApp>;

public sealed class ApiTokenAdministrationOnPostgres(PostgresDemoApp app) : ApiTokenAdministration(() => app.Factory), IClassFixture<PostgresDemoApp>;
