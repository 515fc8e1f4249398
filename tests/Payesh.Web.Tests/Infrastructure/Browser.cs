using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Payesh.Web.Tests.Infrastructure;

/// <summary>Pages as a browser without JavaScript sees them: cookies kept, forms posted with their antiforgery token.</summary>
public static partial class Browser
{
    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();

    public static HttpClient Anonymous(PayeshFactory app) =>
        app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    /// <summary>A client signed in through the login form.</summary>
    public static async Task<HttpClient> SignedInAsync(PayeshFactory app, string user = "admin")
    {
        var client = Anonymous(app);
        var form = await client.GetStringAsync("/Account/Login");
        var token = AntiforgeryField().Match(form);
        Assert.True(token.Success, "the login form has no antiforgery token");
        var answer = await client.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["UserName"] = user,
            ["Password"] = user == "admin" ? PayeshFactory.AdminPassword : PayeshFactory.DemoPassword,
            ["ReturnUrl"] = "/Plans",
            ["__RequestVerificationToken"] = token.Groups[1].Value,
        }));
        Assert.True(answer.StatusCode == HttpStatusCode.Redirect, $"login answered {(int)answer.StatusCode}");
        Assert.Equal("/Plans", answer.Headers.Location?.OriginalString);
        return client;
    }

    /// <summary>The page's HTML with character references decoded (Razor writes Persian as &amp;#x...;).</summary>
    public static async Task<string> PageAsync(this HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {url}: {(int)response.StatusCode}");
        return WebUtility.HtmlDecode(html);
    }
}
