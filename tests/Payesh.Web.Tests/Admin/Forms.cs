using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Payesh.Web.Data.Model;
using Payesh.Web.Tests.Infrastructure;

namespace Payesh.Web.Tests.Admin;

/// <summary>Forms as a browser without JavaScript posts them: the antiforgery token and hidden fields are read
/// from the page that holds the form, the typed fields are added, cookies are kept, redirects are not followed.</summary>
public static partial class Forms
{
    [GeneratedRegex("<input\\b[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex InputTag();

    [GeneratedRegex("\\bname=\"([^\"]*)\"")]
    private static partial Regex NameAttribute();

    [GeneratedRegex("\\bvalue=\"([^\"]*)\"")]
    private static partial Regex ValueAttribute();

    public const string Conflict = "این مورد هم‌زمان به‌دست کاربر دیگری تغییر کرده است";

    /// <summary>The value of the first input named <paramref name="name"/> (e.g. the antiforgery token, Input.Version).</summary>
    public static string? Field(string html, string name)
    {
        foreach (Match tag in InputTag().Matches(html))
        {
            var n = NameAttribute().Match(tag.Value);
            if (n.Success && WebUtility.HtmlDecode(n.Groups[1].Value) == name)
            {
                var v = ValueAttribute().Match(tag.Value);
                return v.Success ? WebUtility.HtmlDecode(v.Groups[1].Value) : "";
            }
        }
        return null;
    }

    /// <summary>Posts <paramref name="fields"/> to <paramref name="url"/> with the antiforgery token of the page <paramref name="from"/>.</summary>
    public static async Task<HttpResponseMessage> SubmitAsync(this HttpClient client, string from, string url, IDictionary<string, string?> fields)
    {
        var page = await client.GetStringAsync(from);
        var token = Field(page, "__RequestVerificationToken");
        Assert.True(token is not null, $"{from} has no antiforgery token");
        var body = fields.Where(f => f.Value is not null).ToDictionary(f => f.Key, f => f.Value!);
        body["__RequestVerificationToken"] = token!;
        return await client.PostAsync(url, new FormUrlEncodedContent(body));
    }

    /// <summary>Posts a form of the page <paramref name="url"/> back to it.</summary>
    public static Task<HttpResponseMessage> SubmitAsync(this HttpClient client, string url, IDictionary<string, string?> fields) =>
        client.SubmitAsync(url, url, fields);

    /// <summary>The answer's HTML, decoded, after checking its status.</summary>
    public static async Task<string> HtmlAsync(this HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected,
            $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.PathAndQuery}: expected {(int)expected}, got {(int)response.StatusCode} {response.Headers.Location}");
        return WebUtility.HtmlDecode(html);
    }

    /// <summary>Checks a redirect and reads the page it leads to.</summary>
    public static async Task<string> FollowAsync(this HttpClient client, HttpResponseMessage response, string? expectedPath = null)
    {
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            var body = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
            Assert.Fail($"expected a redirect, got {(int)response.StatusCode}; messages on the page: {string.Join(" | ", Messages(body))}");
        }
        var location = response.Headers.Location!.OriginalString;
        if (expectedPath is not null) Assert.Equal(expectedPath, location.Split('?')[0]);
        return await client.PageAsync(location);
    }

    /// <summary>Tries the login form; the answer is a redirect when it worked.</summary>
    public static async Task<HttpResponseMessage> LoginAsync(this HttpClient client, string user, string password) =>
        await client.SubmitAsync("/Account/Login", new Dictionary<string, string?>
        {
            ["UserName"] = user,
            ["Password"] = password,
            ["ReturnUrl"] = "/Plans",
        });

    /// <summary>A client signed in with any user's password.</summary>
    public static async Task<HttpClient> SignedInAsync(PayeshFactory app, string user, string password)
    {
        var client = Browser.Anonymous(app);
        var answer = await client.LoginAsync(user, password);
        Assert.True(answer.StatusCode == HttpStatusCode.Redirect, $"login of {user} answered {(int)answer.StatusCode}");
        return client;
    }

    /// <summary>A new user of its own for a test (so tests never disturb the demo users or each other).</summary>
    public static async Task<(string Id, string UserName)> NewUserAsync(PayeshFactory app, string role, string? agencyCode = null,
        string password = "Test-Pass-2024")
    {
        using var scope = app.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var db = scope.ServiceProvider.GetRequiredService<Payesh.Web.Data.PayeshDb>();
        long? agency = agencyCode is null ? null : db.Agencies.Single(a => a.Code == agencyCode).Id;
        var name = "t" + Guid.NewGuid().ToString("N")[..10];
        var user = new AppUser { UserName = name, DisplayName = "کاربر آزمون " + name, AgencyId = agency, CreatedAt = app.Clock.UtcNow };
        var created = await users.CreateAsync(user, password);
        Assert.True(created.Succeeded, string.Join("; ", created.Errors.Select(e => e.Description)));
        Assert.True((await users.AddToRoleAsync(user, role)).Succeeded);
        return (user.Id, name);
    }

    [GeneratedRegex("class=\"(?:text-danger|alert)[^\"]*\"[^>]*>([^<]+)<")]
    private static partial Regex MessageText();

    /// <summary>Validation messages and alerts on a page (for failure messages).</summary>
    public static IEnumerable<string> Messages(string html) =>
        MessageText().Matches(html).Select(m => m.Groups[1].Value.Trim()).Where(t => t.Length > 0);

    public static string Unique(string prefix) => prefix + Guid.NewGuid().ToString("N")[..6];
}
