using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Payesh.Web.Data;

namespace Payesh.Web.Tests.Infrastructure;

/// <summary>A problem+json answer: its title and its errors by path.</summary>
public sealed record Problem(int Status, string Title, string? Detail, IReadOnlyDictionary<string, string[]> Errors)
{
    public string[] At(string path)
    {
        Assert.True(Errors.ContainsKey(path), $"expected an error at '{path}', got: {string.Join(", ", Errors.Keys)}");
        return Errors[path];
    }
}

/// <summary>Small helpers for talking JSON to the API and checking its answers.</summary>
public static partial class Api
{
    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string url, JsonNode body) =>
        client.PostAsync(url, new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));

    public static Task<HttpResponseMessage> PostRawAsync(this HttpClient client, string url, string body) =>
        client.PostAsync(url, new StringContent(body, Encoding.UTF8, "application/json"));

    /// <summary>The body as JSON, after checking the status code (the body is shown when it differs).</summary>
    public static async Task<JsonNode> JsonAsync(this HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected,
            $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!;
    }

    public static async Task<JsonNode> GetJsonAsync(this HttpClient client, string url) =>
        await (await client.GetAsync(url)).JsonAsync();

    /// <summary>Checks an RFC 9457 answer with a Persian title and reads it.</summary>
    public static async Task<Problem> ProblemAsync(this HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var json = JsonNode.Parse(text)!;
        var title = (string?)json["title"] ?? "";
        AssertPersian(title);
        var errors = new Dictionary<string, string[]>();
        if (json["errors"] is JsonObject e)
            foreach (var (path, messages) in e)
                errors[path] = [.. messages!.AsArray().Select(m => (string)m!)];
        foreach (var m in errors.Values.SelectMany(v => v)) AssertPersian(m);
        return new Problem((int)expected, title, (string?)json["detail"], errors);
    }

    [GeneratedRegex(@"[\u0600-\u06FF]{2,}")]
    private static partial Regex PersianWord();

    public static void AssertPersian(string? text) =>
        Assert.True(text is not null && PersianWord().IsMatch(text), $"expected Persian text, got «{text}»");

    public static JsonObject Obj(object value) => JsonSerializer.SerializeToNode(value, WebJson)!.AsObject();

    private static readonly JsonSerializerOptions WebJson = new(JsonSerializerDefaults.Web);

    public static async Task<long> CreatePlanAsync(this HttpClient client, JsonNode plan) =>
        (long)(await (await client.PostJsonAsync("/api/v1/plans", plan)).JsonAsync(HttpStatusCode.Created))["id"]!;

    /// <summary>A plan posted by admin and communicated (approved) as the secretariat would: reports go to approved plans only.</summary>
    public static async Task<long> CreateApprovedPlanAsync(this PayeshFactory app, JsonNode plan)
    {
        long id = await (await app.ApiClientAsync("admin")).CreatePlanAsync(plan);
        await app.InDbAsync(db => db.Plans.Where(p => p.Id == id)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.State, Payesh.Web.Data.Model.PlanState.Approved)));
        return id;
    }

    public static async Task<long> PostReportAsync(this HttpClient client, long planId, object report) =>
        (long)(await (await client.PostAsJsonAsync($"/api/v1/plans/{planId}/reports", report)).JsonAsync(HttpStatusCode.Created))["id"]!;

    public static async Task RejectAsync(this HttpClient client, long reportId, string reason = "مستندات کافی نیست.") =>
        await (await client.PostAsJsonAsync($"/api/v1/reports/{reportId}/reject", new { reason })).JsonAsync();

    public static async Task<JsonNode> ProgressAsync(this HttpClient client, long planId, string? asOf = null, string? node = null)
    {
        var query = new List<string>();
        if (asOf is not null) query.Add("asOf=" + Uri.EscapeDataString(asOf));
        if (node is not null) query.Add("node=" + Uri.EscapeDataString(node));
        return await client.GetJsonAsync($"/api/v1/plans/{planId}/progress" + (query.Count > 0 ? "?" + string.Join('&', query) : ""));
    }

    /// <summary>Runs a query against the app's database in a scope of its own.</summary>
    public static async Task<T> InDbAsync<T>(this PayeshFactory app, Func<PayeshDb, Task<T>> query)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PayeshDb>();
        return await query(db);
    }

    /// <summary>The signed-in user as the services see it (id, name, roles, agency), read from the database: for calling a
    /// feature service directly, without a request.</summary>
    public static async Task<Payesh.Web.Features.Account.CurrentUser> CurrentUserAsync(this PayeshDb db, string userName)
    {
        var u = await db.Users.AsNoTracking().SingleAsync(x => x.UserName == userName);
        var roles = await (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id where ur.UserId == u.Id select r.Name!).ToListAsync();
        return new(u.Id, u.UserName!, roles.ToHashSet(StringComparer.Ordinal), u.AgencyId);
    }

    /// <summary>Renames a top-level group node of a draft plan as admin, through the authoring forms' service (<c>PlanEditor.SaveNodeAsync</c>).</summary>
    public static async Task RenameTopNodeAsync(this PayeshFactory app, long planId, string code, string title)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PayeshDb>();
        var node = await db.PlanNodes.AsNoTracking().SingleAsync(n => n.PlanId == planId && n.Code == code && !n.IsRemoved);
        var outcome = await scope.ServiceProvider.GetRequiredService<Payesh.Web.Features.Plans.Edit.PlanEditor>().SaveNodeAsync(
            await db.CurrentUserAsync("admin"), planId, node.Id,
            new Payesh.Web.Features.Plans.Edit.NodeInput
            {
                Code = code,
                Title = title,
                Weight = node.Weight.ToString(System.Globalization.CultureInfo.InvariantCulture),
                Version = node.Version,
            }, null, default);
        Assert.True(outcome.Ok, outcome.Detail);
    }

    public static Task<int> ReportCountAsync(this PayeshFactory app, long planId) =>
        app.InDbAsync(db => db.ProgressReports.CountAsync(r => r.PlanId == planId));
}

/// <summary>Plans approved through the change tracker, so that the approval is in the audit trail
/// (the rows-against-the-trail check of <c>verify-audit</c> would otherwise name it).</summary>
public static class AuditedPlans
{
    public static async Task<long> CreateApprovedAsync(PayeshFactory app, JsonNode plan)
    {
        long id = await (await app.ApiClientAsync("admin")).CreatePlanAsync(plan);
        await app.InDbAsync(async db =>
        {
            var row = await db.Plans.SingleAsync(p => p.Id == id);
            row.State = Payesh.Web.Data.Model.PlanState.Approved;
            return await db.SaveChangesAsync();
        });
        return id;
    }
}
