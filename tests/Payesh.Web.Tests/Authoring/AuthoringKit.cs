using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Payesh.Web.Data.Model;
using Payesh.Web.Tests.Admin;
using Payesh.Web.Tests.Infrastructure;

namespace Payesh.Web.Tests.Authoring;

/// <summary>The authoring pages as the secretariat uses them without JavaScript: forms read from the page, filled and posted.</summary>
public static partial class AuthoringKit
{
    [GeneratedRegex(@"<form\b[^>]*\bid=""(?<id>[^""]+)""[^>]*>(?<body>.*?)</form>", RegexOptions.Singleline)]
    private static partial Regex FormTag();

    [GeneratedRegex(@"<input\b[^>]*>", RegexOptions.Singleline)]
    private static partial Regex Input();

    [GeneratedRegex(@"<textarea\b[^>]*\bname=""(?<name>[^""]+)""[^>]*>(?<text>.*?)</textarea>", RegexOptions.Singleline)]
    private static partial Regex TextArea();

    [GeneratedRegex(@"<select\b[^>]*\bname=""(?<name>[^""]+)""[^>]*>(?<body>.*?)</select>", RegexOptions.Singleline)]
    private static partial Regex Select();

    [GeneratedRegex(@"<option\b[^>]*\bvalue=""(?<value>[^""]*)""[^>]*\bselected=""selected""[^>]*>", RegexOptions.Singleline)]
    private static partial Regex Selected();

    [GeneratedRegex(@"\b(?<attr>name|value|type|checked)=""(?<v>[^""]*)""")]
    private static partial Regex Attribute();

    /// <summary>The fields a browser would send for the form with this id: inputs (checked boxes only), textareas and
    /// selected options; repeated names (checkboxes) become Name[0], Name[1], …</summary>
    public static Dictionary<string, string?> FormFields(string html, string formId)
    {
        var form = FormTag().Matches(html).FirstOrDefault(m => m.Groups["id"].Value == formId);
        Assert.True(form is not null, $"no form #{formId} on the page");
        var body = form.Groups["body"].Value;
        var fields = new List<(string Name, string Value)>();
        foreach (Match input in Input().Matches(body))
        {
            var attrs = Attribute().Matches(input.Value).ToDictionary(a => a.Groups["attr"].Value, a => WebUtility.HtmlDecode(a.Groups["v"].Value));
            if (!attrs.TryGetValue("name", out var name)) continue;
            var type = attrs.GetValueOrDefault("type", "text");
            if (type is "checkbox" or "radio" && !attrs.ContainsKey("checked")) continue;
            if (type == "file") continue;
            fields.Add((name, attrs.GetValueOrDefault("value", "")));
        }
        foreach (Match t in TextArea().Matches(body)) fields.Add((t.Groups["name"].Value, WebUtility.HtmlDecode(t.Groups["text"].Value)));
        foreach (Match s in Select().Matches(body))
            foreach (Match o in Selected().Matches(s.Groups["body"].Value))
                fields.Add((s.Groups["name"].Value, WebUtility.HtmlDecode(o.Groups["value"].Value)));
        var result = new Dictionary<string, string?>();
        foreach (var g in fields.GroupBy(f => f.Name))
        {
            var values = g.Select(f => f.Value).ToList();
            // A checkbox and its hidden "false" (the first wins, as in model binding).
            if (values.Count == 1 || g.Key.EndsWith("VerifiedOnly", StringComparison.Ordinal)) result[g.Key] = values[0];
            else for (int i = 0; i < values.Count; i++) result[$"{g.Key}[{i}]"] = values[i];
        }
        return result;
    }

    /// <summary>A new draft plan through the form; returns its id.</summary>
    public static async Task<long> NewPlanAsync(HttpClient staff, string title, string start = "1405/01/01", string end = "1405/12/29")
    {
        var answer = await staff.SubmitAsync("/Plans/New", new Dictionary<string, string?>
        {
            ["Input.Title"] = title,
            ["Input.Year"] = start[..4],
            ["Input.Start"] = start,
            ["Input.End"] = end,
            ["Input.Levels"] = "محور، برنامه، اقدام",
            ["Input.StoppageDays"] = "14",
            ["Input.AtRiskBelow"] = "-5",
            ["Input.BehindBelow"] = "-15",
            ["Input.BackdateDays"] = "3",
            ["Input.VerifiedOnly"] = "false",
        });
        Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
        return long.Parse(PlanId().Match(answer.Headers.Location!.OriginalString).Groups[1].Value, CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"/Plans/(\d+)/Edit")]
    private static partial Regex PlanId();

    [GeneratedRegex(@"#n(\d+)")]
    private static partial Regex NodeAnchor();

    /// <summary>The fields of a group (axis or program).</summary>
    public static Dictionary<string, string?> Group(long? parent, string code, string title, string weight = "1") => new()
    {
        ["Node.ParentId"] = parent?.ToString(CultureInfo.InvariantCulture),
        ["Node.IsAction"] = "false",
        ["Node.Code"] = code,
        ["Node.Title"] = title,
        ["Node.Weight"] = weight,
    };

    /// <summary>The fields of an action.</summary>
    public static Dictionary<string, string?> Action(long parent, string code, string title, string agency, string start, string end,
        string weight = "1", string? deliverable = "گزارش ماهانه", params string[] collaborators)
    {
        var f = new Dictionary<string, string?>
        {
            ["Node.ParentId"] = parent.ToString(CultureInfo.InvariantCulture),
            ["Node.IsAction"] = "true",
            ["Node.Code"] = code,
            ["Node.Title"] = title,
            ["Node.Weight"] = weight,
            ["Node.Agency"] = agency,
            ["Node.Start"] = start,
            ["Node.End"] = end,
            ["Node.Curve"] = "linear",
            ["Node.Deliverable"] = deliverable,
        };
        for (int i = 0; i < collaborators.Length; i++) f[$"Node.Collaborators[{i}]"] = collaborators[i];
        return f;
    }

    /// <summary>Posts the node form (new node when <paramref name="nodeId"/> is null).</summary>
    public static Task<HttpResponseMessage> PostNodeAsync(HttpClient staff, long plan, long? nodeId, IDictionary<string, string?> fields)
    {
        var url = $"/Plans/{plan}/Edit/Node" + (nodeId is { } id ? $"/{id}" : "");
        return staff.SubmitAsync(url, url, fields);
    }

    /// <summary>Adds a node and returns its id (the page sends the user back to the outline at the node).</summary>
    public static async Task<long> AddNodeAsync(HttpClient staff, long plan, IDictionary<string, string?> fields)
    {
        var answer = await PostNodeAsync(staff, plan, null, fields);
        if (answer.StatusCode != HttpStatusCode.Redirect)
            Assert.Fail("the node was not saved: " + string.Join(" | ", Forms.Messages(WebUtility.HtmlDecode(await answer.Content.ReadAsStringAsync()))));
        return long.Parse(NodeAnchor().Match(answer.Headers.Location!.OriginalString).Groups[1].Value, CultureInfo.InvariantCulture);
    }

    /// <summary>Opens a node's form, changes some fields and posts it.</summary>
    public static async Task<HttpResponseMessage> EditNodeAsync(HttpClient staff, long plan, long nodeId, IDictionary<string, string?> changes)
    {
        var url = $"/Plans/{plan}/Edit/Node/{nodeId}";
        var fields = FormFields(await staff.PageAsync(url), "node-form");
        foreach (var (k, v) in changes) fields[k] = v;
        return await staff.SubmitAsync(url, url, fields);
    }

    public static async Task<HttpResponseMessage> ApproveAsync(HttpClient staff, long plan, string decision = "مصوبه ۳ جلسه ستاد")
    {
        var url = $"/Plans/{plan}/Approve";
        var page = await staff.PageAsync(url);
        return await staff.SubmitAsync(url, url, new Dictionary<string, string?> { ["Decision"] = decision, ["Version"] = Forms.Field(page, "Version") });
    }

    /// <summary>A plan (via the API) that passes the quality check: SMT leads S1 and S2 (with TAX collaborating), TAX leads T1,
    /// every action has a deliverable; all over 1405. Returns its id and node ids by code.</summary>
    public static async Task<(long Id, Dictionary<string, long> Nodes)> ApprovablePlanAsync(PayeshFactory app, string title)
    {
        var doc = TestPlans.Small(title);
        foreach (var axis in doc["nodes"]!.AsArray())
            foreach (var a in axis!["children"]!.AsArray())
            {
                a!["deliverable"] = "گزارش پایانی";
                if ((string?)a["agency"] == "SMT") a["collaborators"] = new JsonArray("TAX");
            }
        doc["nodes"]![0]!["requirements"] = new JsonArray(new JsonObject { ["text"] = "ابلاغ سهمیه", ["owner"] = "SMT", ["deadline"] = "1405/02/01" });
        var admin = await app.ApiClientAsync("admin");
        long id = await admin.CreatePlanAsync(doc);
        var nodes = await app.InDbAsync(db => db.PlanNodes.Where(n => n.PlanId == id).ToDictionaryAsync(n => n.Code, n => n.Id));
        return (id, nodes);
    }

    public static Task<PlanState> StateAsync(PayeshFactory app, long plan) =>
        app.InDbAsync(db => db.Plans.Where(p => p.Id == plan).Select(p => p.State).SingleAsync());

    public static Task<long> StructureVersionAsync(PayeshFactory app, long plan) =>
        app.InDbAsync(db => db.Plans.Where(p => p.Id == plan).Select(p => p.StructureVersion).SingleAsync());

    // ---- Excel -------------------------------------------------------------------------------------------

    /// <summary>Uploads a workbook on the import page and follows the job (as htmx polls it) to its end; returns the final status HTML.</summary>
    public static async Task<string> ImportAsync(HttpClient staff, byte[] content, string fileName = "plan.xlsx")
    {
        var page = await staff.GetStringAsync("/Plans/Import");
        var token = Forms.Field(page, "__RequestVerificationToken");
        using var form = new MultipartFormDataContent();
        form.Add(new StringContent(token!), "__RequestVerificationToken");
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        form.Add(file, "Upload", fileName);
        var answer = await staff.PostAsync("/Plans/Import", form);
        Assert.True(answer.StatusCode == HttpStatusCode.Redirect, $"upload answered {(int)answer.StatusCode}");
        var location = answer.Headers.Location!.OriginalString;
        Assert.Matches(@"^/Plans/Import/\d+$", location);
        // The page polls the job's status while it runs.
        var first = await staff.PageAsync(location);
        Assert.Contains("id=\"import-status\"", first);
        for (int i = 0; i < 600; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, location + "?handler=Status");
            request.Headers.Add("HX-Request", "true");
            var status = WebUtility.HtmlDecode(await (await staff.SendAsync(request)).Content.ReadAsStringAsync());
            if (!status.Contains("data-state=\"running\"", StringComparison.Ordinal)) return status;
            Assert.Contains("hx-trigger=\"every 1s\"", status);
            await Task.Delay(100);
        }
        Assert.Fail("the import did not finish");
        return "";
    }

    [GeneratedRegex(@"data-text=""(?<text>[^""]*)""")]
    private static partial Regex ErrorText();

    /// <summary>The errors of a failed import, as shown on the page (sheet, row, column and message).</summary>
    public static List<string> ImportErrors(string status) =>
        [.. ErrorText().Matches(status).Select(m => WebUtility.HtmlDecode(m.Groups["text"].Value))];

    [GeneratedRegex(@"href=""/Plans/(\d+)/Edit"" class=""alert-link"" id=""imported-plan""")]
    private static partial Regex ImportedPlan();

    public static long ImportedPlanId(string status)
    {
        var m = ImportedPlan().Match(status);
        Assert.True(m.Success, "the import did not make a plan: " + string.Join(" | ", ImportErrors(status)));
        return long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
    }
}
