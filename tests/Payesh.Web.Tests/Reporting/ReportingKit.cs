using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Payesh.Web.Data.Model;
using Payesh.Web.Tests.Admin;
using Payesh.Web.Tests.Infrastructure;

namespace Payesh.Web.Tests.Reporting;

/// <summary>An app whose once-a-day reminder job does not start by itself (the tests run it when they mean to).</summary>
public sealed class QuietFactory(TestProvider provider, bool seedDemo = true, string? connectionString = null)
    : PayeshFactory(provider, seedDemo, connectionString)
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Payesh:Reminders", "false");
    }
}

/// <summary>A file as a browser uploads it.</summary>
public sealed record Upload(string FileName, byte[] Content, string ContentType = "application/octet-stream");

/// <summary>What a user types into one row of the daily report.</summary>
/// <param name="BackdateReason">The secretariat's reason for a day beyond the agencies' window.</param>
/// <param name="Day">Replaces the day the row's form carries (as a hand-made request would).</param>
public sealed record RowEntry(string? Percent, string? Note = null, string? Justification = null, Upload? File = null, string? BackdateReason = null, string? Day = null);

/// <summary>Small real files: what agencies attach, and what they must not.</summary>
public static class SampleFiles
{
    /// <summary>A one-page PDF with a correct cross-reference table.</summary>
    public static readonly byte[] Pdf = BuildPdf();

    /// <summary>A 1×1 PNG.</summary>
    public static readonly byte[] Png = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");

    /// <summary>Plain text (what a renamed .txt carries).</summary>
    public static readonly byte[] Text = Encoding.UTF8.GetBytes("گزارش پیشرفت اقدام؛ این فایل متنی است و PDF نیست.\n");

    /// <summary>The start of a Windows executable (MZ header and DOS stub).</summary>
    public static readonly byte[] Exe =
    [
        0x4D, 0x5A, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0xFF, 0xFF, 0x00, 0x00,
        0xB8, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x40, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
        .. Encoding.ASCII.GetBytes("This program cannot be run in DOS mode.\r\n$"),
    ];

    private static byte[] BuildPdf()
    {
        const string page = "BT /F1 18 Tf 20 40 Td (Payesh evidence) Tj ET";
        string[] objects =
        [
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 100] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
            $"<< /Length {page.Length} >>\nstream\n{page}\nendstream",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        ];
        var pdf = new StringBuilder("%PDF-1.4\n");
        var offsets = new List<int>();
        for (int i = 0; i < objects.Length; i++)
        {
            offsets.Add(pdf.Length);
            pdf.Append(CultureInfo.InvariantCulture, $"{i + 1} 0 obj\n{objects[i]}\nendobj\n");
        }
        int xref = pdf.Length;
        pdf.Append(CultureInfo.InvariantCulture, $"xref\n0 {objects.Length + 1}\n0000000000 65535 f \n");
        foreach (var o in offsets) pdf.Append(CultureInfo.InvariantCulture, $"{o:D10} 00000 n \n");
        pdf.Append(CultureInfo.InvariantCulture, $"trailer\n<< /Size {objects.Length + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        return Encoding.ASCII.GetBytes(pdf.ToString());
    }
}

/// <summary>Plans of the reporting tests: made through the API, approved like the secretariat would, node ids at hand.</summary>
public static class ReportingPlans
{
    /// <summary>Posts a plan document as admin, optionally approves it, and returns its id with its nodes' ids by code.</summary>
    public static async Task<(long Id, Dictionary<string, long> Nodes)> CreateAsync(PayeshFactory app, JsonObject document, bool approve = true)
    {
        var admin = await app.ApiClientAsync("admin");
        long id = await admin.CreatePlanAsync(document);
        if (approve)
            await app.InDbAsync(db => db.Plans.Where(p => p.Id == id).ExecuteUpdateAsync(s => s.SetProperty(p => p.State, PlanState.Approved)));
        var nodes = await app.InDbAsync(db => db.PlanNodes.Where(n => n.PlanId == id).ToDictionaryAsync(n => n.Code, n => n.Id));
        return (id, nodes);
    }

    /// <summary>The small test plan with the action <paramref name="code"/> given <paramref name="collaborators"/>.</summary>
    public static JsonObject WithCollaborators(JsonObject plan, string code, params string[] collaborators)
    {
        var action = Actions(plan).Single(a => (string?)a["code"] == code);
        var list = new JsonArray();
        foreach (var c in collaborators) list.Add(c);
        action["collaborators"] = list;
        return plan;
    }

    public static IEnumerable<JsonObject> Actions(JsonObject plan) =>
        plan["nodes"]!.AsArray().SelectMany(axis => axis!["children"]!.AsArray()).Select(a => a!.AsObject());

    /// <summary>Adds an action under the first axis (the SMT one) of the small plan.</summary>
    public static JsonObject WithAction(JsonObject plan, JsonObject action)
    {
        plan["nodes"]![0]!["children"]!.AsArray().Add(action);
        return plan;
    }

    public static Task<int> ReportsOfNodeAsync(PayeshFactory app, long nodeId) =>
        app.InDbAsync(db => db.ProgressReports.CountAsync(r => r.NodeId == nodeId));
}

/// <summary>The daily report page as a browser with htmx uses it: each row is its own multipart form, posted to
/// the form's action resolved against the page's address, with the row's hidden fields and antiforgery token.</summary>
public static partial class TodayRows
{
    public static string Url(long plan, string? agency = null) =>
        $"/Reports/Today?plan={plan}" + (agency is null ? "" : "&agency=" + Uri.EscapeDataString(agency));

    /// <summary>Reads the page, fills the row of <paramref name="nodeId"/> and posts it; the answer's HTML (decoded) comes back.</summary>
    public static async Task<(HttpResponseMessage Response, string Html)> PostAsync(HttpClient client, string pageUrl, long nodeId,
        RowEntry entry, bool htmx = true)
    {
        var raw = await (await client.GetAsync(pageUrl)).HtmlOkAsync(pageUrl);
        var form = FormOf(raw, nodeId);
        Assert.True(form is not null, $"{pageUrl} has no form for the row of node {nodeId}");
        var (action, hidden) = form.Value;

        var content = new MultipartFormDataContent();
        foreach (var (name, value) in hidden) content.Add(new StringContent(name == "Day" && entry.Day is { } day ? day : value, Encoding.UTF8), name);
        void Text(string name, string? value)
        {
            if (value is not null) content.Add(new StringContent(value, Encoding.UTF8), name);
        }
        Text("Percent", entry.Percent);
        Text("Note", entry.Note);
        Text("Justification", entry.Justification);
        Text("BackdateReason", entry.BackdateReason);
        if (entry.File is { } file)
        {
            var part = new ByteArrayContent(file.Content);
            part.Headers.ContentType = MediaTypeHeaderValue.Parse(file.ContentType);
            content.Add(part, "Evidence", file.FileName);
        }
        var target = new Uri(new Uri("http://localhost" + pageUrl), action).PathAndQuery;
        using var request = new HttpRequestMessage(HttpMethod.Post, target) { Content = content };
        if (htmx)
        {
            request.Headers.Add("HX-Request", "true");
            request.Headers.Add("HX-Current-URL", "http://localhost" + pageUrl);
        }
        var response = await client.SendAsync(request);
        return (response, WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));
    }

    [GeneratedRegex("<form id=\"f-(\\d+)\"[^>]*\\baction=\"([^\"]*)\"[^>]*>(.*?)</form>", RegexOptions.Singleline)]
    private static partial Regex RowForm();

    [GeneratedRegex("<input\\b[^>]*>")]
    private static partial Regex InputTag();

    [GeneratedRegex("\\bname=\"([^\"]*)\"")]
    private static partial Regex NameAttribute();

    [GeneratedRegex("\\bvalue=\"([^\"]*)\"")]
    private static partial Regex ValueAttribute();

    /// <summary>The row form's action and the inputs inside it (hidden fields and the antiforgery token).</summary>
    public static (string Action, List<(string Name, string Value)> Hidden)? FormOf(string rawHtml, long nodeId)
    {
        foreach (Match m in RowForm().Matches(rawHtml))
        {
            if (m.Groups[1].Value != nodeId.ToString(System.Globalization.CultureInfo.InvariantCulture)) continue;
            var hidden = new List<(string, string)>();
            foreach (Match tag in InputTag().Matches(m.Groups[3].Value))
            {
                var name = NameAttribute().Match(tag.Value);
                var value = ValueAttribute().Match(tag.Value);
                if (name.Success) hidden.Add((WebUtility.HtmlDecode(name.Groups[1].Value), value.Success ? WebUtility.HtmlDecode(value.Groups[1].Value) : ""));
            }
            return (WebUtility.HtmlDecode(m.Groups[2].Value), hidden);
        }
        return null;
    }

    /// <summary>The &lt;tr&gt; of a node's row in (decoded or raw) HTML, or null.</summary>
    public static string? Row(string html, long nodeId)
    {
        var m = Regex.Match(html, $"<tr id=\"r{nodeId}\"[^>]*>.*?</tr>", RegexOptions.Singleline);
        return m.Success ? m.Value : null;
    }

    /// <summary>The classes of a node's row.</summary>
    public static string[] ClassesOf(string html, long nodeId)
    {
        var m = Regex.Match(html, $"<tr id=\"r{nodeId}\" class=\"([^\"]*)\"");
        Assert.True(m.Success, $"no row for node {nodeId} in: {Shorten(html)}");
        return m.Groups[1].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
    }

    /// <summary>What stands in the row's percent box.</summary>
    public static string? TypedPercent(string rowHtml) => Forms.Field(rowHtml, "Percent");

    public static async Task<string> HtmlOkAsync(this HttpResponseMessage response, string what)
    {
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK,
            $"{what}: expected 200, got {(int)response.StatusCode} {response.Headers.Location}");
        return html;
    }

    public static string Shorten(string text) => text.Length <= 600 ? text : text[..600] + " …";
}

/// <summary>Antiforgery-protected page forms posted as a browser without JavaScript does.</summary>
public static class PageForms
{
    /// <summary>The antiforgery token of a page the client may open.</summary>
    public static async Task<string> TokenAsync(HttpClient client, string from)
    {
        var html = await (await client.GetAsync(from)).HtmlOkAsync(from);
        var token = Forms.Field(html, "__RequestVerificationToken");
        Assert.True(token is not null, $"{from} has no antiforgery token");
        return token!;
    }

    public static async Task<HttpResponseMessage> PostAsync(HttpClient client, string url, string token,
        IEnumerable<KeyValuePair<string, string>> fields, bool htmx = false)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new FormUrlEncodedContent([.. fields, new("__RequestVerificationToken", token)]),
        };
        if (htmx) request.Headers.Add("HX-Request", "true");
        return await client.SendAsync(request);
    }

    /// <summary>A multipart form (text fields and at most one file).</summary>
    public static async Task<HttpResponseMessage> PostMultipartAsync(HttpClient client, string url, string token,
        IEnumerable<KeyValuePair<string, string>> fields, string? fileField = null, Upload? file = null)
    {
        var content = new MultipartFormDataContent();
        foreach (var (name, value) in fields) content.Add(new StringContent(value, Encoding.UTF8), name);
        content.Add(new StringContent(token), "__RequestVerificationToken");
        if (file is not null)
        {
            var part = new ByteArrayContent(file.Content);
            part.Headers.ContentType = MediaTypeHeaderValue.Parse(file.ContentType);
            content.Add(part, fileField!, file.FileName);
        }
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = content };
        return await client.SendAsync(request);
    }

    /// <summary>Where a redirect leads (path and query), or null when the answer is not a redirect.</summary>
    public static string? RedirectTarget(HttpResponseMessage response) =>
        response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.SeeOther or HttpStatusCode.TemporaryRedirect
            ? (response.Headers.Location is { IsAbsoluteUri: true } abs ? abs.PathAndQuery : response.Headers.Location?.OriginalString)
            : null;

    /// <summary>A refusal as pages give it: 403, or a redirect to the access-denied page.</summary>
    public static void AssertDenied(HttpResponseMessage response, string what)
    {
        var target = RedirectTarget(response);
        Assert.True(response.StatusCode == HttpStatusCode.Forbidden || target?.StartsWith("/Account/Denied", StringComparison.Ordinal) == true,
            $"{what}: expected 403 or a redirect to /Account/Denied, got {(int)response.StatusCode} {target}");
    }
}
