using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Payesh.Web.Tests.Infrastructure;

namespace Payesh.Web.Tests.Obstacles;

/// <summary>Shared steps of the obstacle tests: register, step, read, figures. Today is 1405/06/31 unless a test moves the clock.</summary>
public static class ObstacleApi
{
    public static object NewObstacle(string title, string category = "bank-financing", params object[] units) => new
    {
        title,
        description = "شرح آزمایشی مانع",
        category,
        severity = "high",
        units,
        amountBlocked = 5_000_000_000L,
        allowDuplicate = true,
    };

    public static async Task<long> RegisterAsync(this HttpClient client, object obstacle) =>
        (long)(await (await client.PostAsJsonAsync("/api/v1/obstacles", obstacle)).JsonAsync(HttpStatusCode.Created))["id"]!;

    public static Task<HttpResponseMessage> StepAsync(this HttpClient client, long id, object step) =>
        client.PostAsJsonAsync($"/api/v1/obstacles/{id}/transitions", step);

    public static async Task<JsonNode> StepOkAsync(this HttpClient client, long id, object step) =>
        await (await client.StepAsync(id, step)).JsonAsync();

    public static Task<JsonNode> ObstacleAsync(this HttpClient client, long id) => client.GetJsonAsync($"/api/v1/obstacles/{id}");

    public static async Task<JsonNode> FiguresAsync(this HttpClient client, string agency, string? asOf = null)
    {
        var json = await client.GetJsonAsync($"/api/v1/agencies/figures?agency={agency}" + (asOf is null ? "" : "&asOf=" + asOf));
        var row = json["agencies"]!.AsArray().FirstOrDefault(a => (string?)a!["code"] == agency);
        return row?["figures"] ?? JsonNode.Parse("""{"obstacles":{"assigned":0,"resolved":0,"resolvedByDeadline":0,"overdue":0,"medianDaysToResolve":null},"resolutions":{"assigned":0,"carriedOut":0,"onTime":0,"overdue":0,"implementationRate":null}}""")!;
    }

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1720", Justification = "Reads the value at a path as an int; the tests' short word for it.")]
    public static int Int(this JsonNode node, string path)
    {
        JsonNode? n = node;
        foreach (var part in path.Split('.')) n = n?[part];
        return (int)n!;
    }

    /// <summary>Moves "today" for the duration of a test and puts it back.</summary>
    public static async Task WithTodayAsync(this PayeshFactory app, Payesh.Domain.Calendar.JalaliDate day, Func<Task> body)
    {
        app.Clock.SetToday(day);
        try { await body(); }
        finally { app.Clock.SetToday(TestClock.DefaultToday); }
    }

    public static Task<int> ObstacleCountAsync(this PayeshFactory app) => app.InDbAsync(db => db.Obstacles.CountAsync());
}
