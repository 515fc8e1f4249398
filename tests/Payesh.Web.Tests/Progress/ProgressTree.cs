using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Payesh.Domain.Calendar;
using Payesh.Domain.Progress;
using Payesh.Web.Data;
using Payesh.Web.Features.Progress;
using Payesh.Web.Tests.Infrastructure;

namespace Payesh.Web.Tests.Progress;

/// <summary>The whole tree in one call (<c>/progress/tree</c>, docs/api.md): the same figures as the per-node endpoint.</summary>
public abstract class ProgressTree(Func<PayeshFactory> app)
{
    private PayeshFactory App => app();

    private async Task<(HttpClient Client, long Historic)> DemoAsync()
    {
        var client = await App.ApiClientAsync("governor");
        var plans = (await client.GetJsonAsync("/api/v1/plans")).AsArray();
        return (client, (long)plans.First(p => (int)p!["year"]! == 1398)!["id"]!);
    }

    private static int NodeCount(JsonNode doc) => 1 + Count(doc["nodes"]!.AsArray());

    private static int Count(JsonArray nodes) => nodes.Sum(n => 1 + (n!["children"] is JsonArray c ? Count(c) : 0));

    [SkippableFact]
    public async Task Every_node_has_the_figures_the_per_node_endpoint_gives()
    {
        var (client, plan) = await DemoAsync();

        var tree = await client.GetJsonAsync($"/api/v1/plans/{plan}/progress/tree?asOf=1398/06/31");

        Assert.Equal("1398/06/31", (string?)tree["asOf"]);
        var nodes = tree["nodes"]!.AsArray().ToDictionary(n => (string)n!["code"]!);
        Assert.Equal(NodeCount(await client.GetJsonAsync($"/api/v1/plans/{plan}")), nodes.Count);
        Assert.Null(nodes[""]!["parent"]);
        Assert.Equal(0, (int)nodes[""]!["depth"]!);
        int compared = 0;
        foreach (var parent in new[] { "", "01", "03", "03.02", "05.01" })
        {
            var p = await client.ProgressAsync(plan, "1398/06/31", parent == "" ? null : parent);
            AssertSame(p, nodes[parent]!, withCounts: true);
            foreach (var child in p["children"]!.AsArray())
            {
                var mine = nodes[(string)child!["code"]!]!;
                AssertSame(child, mine, withCounts: true);
                Assert.Equal(parent, (string?)mine["parent"]);
                Assert.Equal((int)nodes[parent]!["depth"]! + 1, (int)mine["depth"]!);
                compared++;
            }
        }
        Assert.True(compared > 30, $"{compared} nodes compared");
        Assert.Contains(nodes.Values, n => n!["forecastFinish"] is not null);
        Assert.Contains(nodes.Values, n => n!["spi"] is null);
    }

    [SkippableFact]
    public async Task Json_and_csv_are_byte_for_byte_what_a_plain_writer_gives_from_the_same_figures()
    {
        var client = await App.ApiClientAsync("governor");
        var plans = (await client.GetJsonAsync("/api/v1/plans")).AsArray().Select(p => (long)p!["id"]!).ToList();

        int compared = 0, longest = 0;
        foreach (var plan in plans)
            foreach (var (asOf, depth) in new[] { ("1398/06/31", (int?)null), ("1398/01/15", null), ("1405/06/31", null), ("1405/06/31", 2), ("1405/12/29", 0) })
            {
                longest = Math.Max(longest, await AssertAsReferenceAsync(client, plan, JalaliDate.Parse(asOf), depth));
                compared++;
            }
        Assert.True(compared >= 10, $"{compared} answers compared");
        Assert.True(longest > TreeAnswers.BytesPerFlush, $"the longest answer ({longest} bytes) is written in more than one piece");
    }

    /// <summary>Titles are kept per plan structure; renaming a node moves the structure version, so the next CSV has the new title.</summary>
    [SkippableFact]
    public async Task A_renamed_node_shows_its_new_title_in_the_next_csv()
    {
        var admin = await App.ApiClientAsync("admin");
        long plan = await admin.CreatePlanAsync(TestPlans.Small("برنامه عنوان‌های درخت"));
        Assert.Equal("محور صنعت", CsvRow(await admin.GetByteArrayAsync($"/api/v1/plans/{plan}/progress/tree?format=csv"), "S")[1]);
        Assert.Equal("محور صنعت", await ChildTitleAsync(admin, plan, "S"));

        await App.RenameTopNodeAsync(plan, "S", "=محور \"نو\"، صنعت, معدن");
        // The one-node call reads the same kept titles: the new one at once.
        Assert.Equal("=محور \"نو\"، صنعت, معدن", await ChildTitleAsync(admin, plan, "S"));

        var csv = await admin.GetByteArrayAsync($"/api/v1/plans/{plan}/progress/tree?format=csv&asOf=1405/06/31");
        Assert.Equal("'=محور \"نو\"، صنعت, معدن", CsvRow(csv, "S")[1]);
        Assert.Equal("محور مالیات", CsvRow(csv, "T")[1]);
        await AssertAsReferenceAsync(admin, plan, new JalaliDate(1405, 6, 31), null);
    }

    private static async Task<string?> ChildTitleAsync(HttpClient client, long plan, string code)
    {
        using var doc = System.Text.Json.JsonDocument.Parse(await client.GetStringAsync($"/api/v1/plans/{plan}/progress"));
        return doc.RootElement.GetProperty("children").EnumerateArray().Single(c => c.GetProperty("code").GetString() == code)
            .GetProperty("title").GetString();
    }

    /// <summary>The day's figures are kept between calls; a report for that day (or earlier) is in the next answer.</summary>
    [SkippableFact]
    public async Task A_new_report_is_in_the_next_tree_of_its_day()
    {
        var admin = await App.ApiClientAsync("admin");
        long plan = await App.CreateApprovedPlanAsync(TestPlans.Small("برنامه گزارش تازه درخت"));
        var url = $"/api/v1/plans/{plan}/progress/tree?asOf=1405/06/31";
        async Task<double> ActualAsync() =>
            (double)(await admin.GetJsonAsync(url))["nodes"]!.AsArray().Single(n => (string?)n!["code"] == TestPlans.SmtAction)!["actual"]!;
        Assert.Equal(0, await ActualAsync());

        await admin.PostReportAsync(plan, new { action = TestPlans.SmtAction, date = "1405/06/31", percent = 40 });
        Assert.Equal(40, await ActualAsync());
        await admin.PostReportAsync(plan, new { action = TestPlans.SmtAction, date = "1405/06/30", percent = 30 });
        Assert.Equal(40, await ActualAsync());
        await admin.PostReportAsync(plan, new { action = TestPlans.SmtAction, date = "1405/06/31", percent = 55 });
        Assert.Equal(55, await ActualAsync());
        await AssertAsReferenceAsync(admin, plan, new JalaliDate(1405, 6, 31), null);
    }

    internal static List<string> CsvRow(byte[] csv, string code) =>
        ParseCsv(Encoding.UTF8.GetString(csv, 3, csv.Length - 3)).Single(r => r[0] == code);

    /// <summary>The endpoint's JSON and CSV for a day, twice each (written, then kept), against <see cref="TreeReference"/>
    /// from the engine's figures and the titles read from the database now; returns the JSON's length.</summary>
    private async Task<int> AssertAsReferenceAsync(HttpClient client, long plan, JalaliDate day, int? depth)
    {
        var (tree, planTitle, titles) = await FiguresAsync(plan, day);
        var url = $"/api/v1/plans/{plan}/progress/tree?asOf={day}" + (depth is { } d ? $"&depth={d}" : "");
        // Twice each: written, then the kept answer (TreeAnswers).
        var json = TreeReference.Json(tree, day, depth ?? int.MaxValue);
        Assert.Equal(json, await client.GetByteArrayAsync(url));
        Assert.Equal(json, await client.GetByteArrayAsync(url));
        var csv = TreeReference.Csv(tree, planTitle, titles, depth ?? int.MaxValue);
        Assert.Equal(csv, await client.GetByteArrayAsync(url + "&format=csv"));
        Assert.Equal(csv, await client.GetByteArrayAsync(url + "&format=csv"));
        return json.Length;
    }

    private async Task<(TreeFigures Tree, string PlanTitle, Dictionary<long, string> Titles)> FiguresAsync(long plan, JalaliDate day)
    {
        using var scope = App.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PayeshDb>();
        var engine = (await scope.ServiceProvider.GetRequiredService<PlanEngines>().GetAsync(db, plan))!;
        return (engine.At(day.DayNumber).Evaluate(day.DayNumber),
            await db.Plans.Where(p => p.Id == plan).Select(p => p.Title).SingleAsync(),
            await db.PlanNodes.Where(n => n.PlanId == plan).ToDictionaryAsync(n => n.Id, n => n.Title));
    }

    private static void AssertSame(JsonNode expected, JsonNode actual, bool withCounts)
    {
        foreach (var field in new[] { "planned", "actual", "deviation", "spi", "status", "forecastFinish" })
            Assert.Equal(expected[field]?.ToJsonString(), actual[field]?.ToJsonString());
        if (withCounts) Assert.Equal(expected["actionStatusCounts"]!.ToJsonString(), actual["actionStatusCounts"]!.ToJsonString());
    }

    [SkippableFact]
    public async Task Depth_limits_the_levels_and_bad_parameters_are_refused_in_Persian()
    {
        var (client, plan) = await DemoAsync();

        var root = (await client.GetJsonAsync($"/api/v1/plans/{plan}/progress/tree?depth=0"))["nodes"]!.AsArray();
        var axes = (await client.GetJsonAsync($"/api/v1/plans/{plan}/progress/tree?depth=۱&asOf=۱۳۹۸/۰۶/۳۱"))["nodes"]!.AsArray();

        Assert.Equal("", (string?)Assert.Single(root)!["code"]);
        Assert.Equal(28, axes.Count);
        Assert.All(axes.Skip(1), a => Assert.Equal(1, (int)a!["depth"]!));
        var perNode = await client.ProgressAsync(plan, "1398/06/31");
        Assert.Equal(perNode["children"]!.AsArray().Select(c => (string?)c!["code"]), axes.Skip(1).Select(a => (string?)a!["code"]));
        foreach (var bad in new[] { "depth=-1", "depth=x", "asOf=1398/13/01", "format=xml" })
        {
            var problem = await (await client.GetAsync($"/api/v1/plans/{plan}/progress/tree?{bad}")).ProblemAsync(HttpStatusCode.UnprocessableEntity);
            Api.AssertPersian(problem.Errors.Values.First()[0]);
        }
        await (await client.GetAsync("/api/v1/plans/999999/progress/tree")).ProblemAsync(HttpStatusCode.NotFound);
    }

    [SkippableFact]
    public async Task A_draft_plan_is_not_found_except_for_the_secretariat()
    {
        var admin = await App.ApiClientAsync("admin");
        long draft = await admin.CreatePlanAsync(TestPlans.Small("برنامه پیش‌نویس درخت"));

        foreach (var user in new[] { "governor", "smt.reporter" })
        {
            var client = await App.ApiClientAsync(user);
            await (await client.GetAsync($"/api/v1/plans/{draft}/progress/tree")).ProblemAsync(HttpStatusCode.NotFound);
            await (await client.GetAsync($"/api/v1/plans/{draft}/progress/tree?format=csv")).ProblemAsync(HttpStatusCode.NotFound);
        }
        foreach (var user in new[] { "admin", "secretariat" })
        {
            var nodes = (await (await App.ApiClientAsync(user)).GetJsonAsync($"/api/v1/plans/{draft}/progress/tree"))["nodes"]!.AsArray();
            Assert.Equal(NodeCount(TestPlans.Small()), nodes.Count);
        }
    }

    /// <summary>Kept answers are sent only after the plan's visibility is decided on the request (its state is read with the
    /// stamp every time): a plan turned back into a draft is not found for a reporter on the next call.</summary>
    [SkippableFact]
    public async Task A_plan_turned_draft_is_not_found_for_a_reporter_whose_last_answer_was_kept()
    {
        long plan = await App.CreateApprovedPlanAsync(TestPlans.Small("برنامه درخت بازگشته به پیش‌نویس"));
        var reporter = await App.ApiClientAsync("smt.reporter");
        foreach (var format in new[] { "", "&format=csv" })
        {
            await reporter.GetByteArrayAsync($"/api/v1/plans/{plan}/progress/tree?asOf=1405/06/31{format}");
            await reporter.GetByteArrayAsync($"/api/v1/plans/{plan}/progress/tree?asOf=1405/06/31{format}");
        }

        await App.InDbAsync(db => db.Plans.Where(p => p.Id == plan)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.State, Payesh.Web.Data.Model.PlanState.Draft)));

        foreach (var format in new[] { "", "&format=csv" })
            await (await reporter.GetAsync($"/api/v1/plans/{plan}/progress/tree?asOf=1405/06/31{format}")).ProblemAsync(HttpStatusCode.NotFound);
        await (await App.ApiClientAsync("secretariat")).GetByteArrayAsync($"/api/v1/plans/{plan}/progress/tree?asOf=1405/06/31");
    }

    [SkippableFact]
    public async Task Csv_opens_in_a_spreadsheet_with_Persian_headers_and_the_same_figures()
    {
        var (client, plan) = await DemoAsync();

        var response = await client.GetAsync($"/api/v1/plans/{plan}/progress/tree?format=csv&asOf=1398/06/31");
        var json = (await client.GetJsonAsync($"/api/v1/plans/{plan}/progress/tree?asOf=1398/06/31"))["nodes"]!.AsArray();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var rows = ParseCsv(Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3));
        Assert.Equal(["کد", "عنوان", "سطح", "کد بالادست", "پیشرفت برنامه‌ای (درصد)", "پیشرفت واقعی (درصد)", "انحراف (واحد درصد)",
            "شاخص عملکرد زمانی (SPI)", "وضعیت", "پیش‌بینی پایان", "اقدام‌های تکمیل‌شده", "اقدام‌های شروع‌نشده", "اقدام‌های متوقف",
            "اقدام‌های سررسید گذشته", "اقدام‌های عقب از برنامه", "اقدام‌های در معرض تأخیر", "اقدام‌های مطابق برنامه"], rows[0]);
        Assert.Equal(json.Count + 1, rows.Count);
        for (int i = 0; i < json.Count; i++)
        {
            var row = rows[i + 1];
            var node = json[i]!;
            Assert.Equal(17, row.Count);
            Assert.Equal((string?)node["code"], row[0]);
            Api.AssertPersian(row[1]);
            Assert.Equal((double)node["planned"]!, double.Parse(row[4], CultureInfo.InvariantCulture));
            Assert.Equal((double)node["actual"]!, double.Parse(row[5], CultureInfo.InvariantCulture));
            Assert.Equal((string?)node["forecastFinish"] ?? "", row[9]);
            Assert.Equal(node["actionStatusCounts"]!.AsObject().Select(c => (int)c.Value!), row.Skip(10).Select(int.Parse));
        }
    }

    /// <summary>RFC 4180, as a spreadsheet reads it: quoted fields may hold commas, quotes and line breaks.</summary>
    internal static List<List<string>> ParseCsv(string text)
    {
        var rows = new List<List<string>>();
        var row = new List<string>();
        var field = new StringBuilder();
        bool quoted = false;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else field.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { row.Add(field.ToString()); field.Clear(); }
            else if (c == '\r') { }
            else if (c == '\n') { row.Add(field.ToString()); field.Clear(); rows.Add(row); row = []; }
            else field.Append(c);
        }
        Assert.Empty(row);
        return rows;
    }
}

public sealed class ProgressTreeOnSqlite(SqliteDemoApp app) : ProgressTree(() => app), IClassFixture<SqliteDemoApp>;

public sealed class ProgressTreeOnPostgres(PostgresDemoApp app) : ProgressTree(() => app.Factory), IClassFixture<PostgresDemoApp>;
