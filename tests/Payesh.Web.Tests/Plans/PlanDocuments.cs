using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Payesh.Web.Tests.Infrastructure;

namespace Payesh.Web.Tests.Plans;

/// <summary>Plans in and out through the API: the document of docs/api.md, and every error of a bad one at once.</summary>
public abstract class PlanDocuments(Func<PayeshFactory> app)
{
    public const string DemoFile = "src/Payesh.Web/Data/Demo/qom-1398-plan.json";

    private PayeshFactory App => app();

    private static string RepositoryFile(string path)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, path))) return Path.Combine(dir.FullName, path);
        throw new FileNotFoundException(path);
    }

    private static IEnumerable<JsonNode> Walk(JsonArray nodes) =>
        nodes.SelectMany(n => new[] { n! }.Concat(n!["children"] is JsonArray c ? Walk(c) : []));

    [SkippableFact]
    public async Task Demo_plan_file_is_stored_and_read_back_as_the_same_document()
    {
        var admin = await App.ApiClientAsync("secretariat");
        var file = JsonNode.Parse(await File.ReadAllTextAsync(RepositoryFile(DemoFile)))!;

        var created = await admin.PostJsonAsync("/api/v1/plans", file);

        long id = (long)(await created.JsonAsync(HttpStatusCode.Created))["id"]!;
        Assert.Equal($"/api/v1/plans/{id}", created.Headers.Location?.OriginalString);
        var plan = await admin.GetJsonAsync($"/api/v1/plans/{id}");
        Assert.Equal(id, (long)plan["id"]!);
        Assert.Equal((string?)file["title"], (string?)plan["title"]);
        Assert.Equal(1398, (int)plan["year"]!);
        Assert.Equal("1398/01/01", (string?)plan["start"]);
        Assert.Equal("1398/12/29", (string?)plan["end"]);
        var nodes = plan["nodes"]!.AsArray();
        Assert.Equal(27, nodes.Count);
        var all = Walk(nodes).ToList();
        var actions = all.Where(n => n["children"] is null).ToList();
        Assert.Equal(261, actions.Count);
        Assert.Equal(Walk(file["nodes"]!.AsArray()).Count(), all.Count);
        Assert.All(all, n =>
        {
            Assert.True((long)n["id"]! > 0);
            Api.AssertPersian((string?)n["title"]);
        });
        Assert.Equal(all.Count, all.Select(n => (long)n["id"]!).Distinct().Count());
        Assert.All(actions, a =>
        {
            Assert.False(string.IsNullOrEmpty((string?)a["agency"]));
            Assert.Matches(@"^1398/\d\d/\d\d$", (string?)a["start"]);
        });
        var firstAction = Walk(file["nodes"]!.AsArray()).First(n => n["children"] is null);
        var stored = actions.Single(a => (string?)a["code"] == (string?)firstAction["code"]);
        Assert.Equal((string?)firstAction["title"], (string?)stored["title"]);
        Assert.Equal((string?)firstAction["agency"], (string?)stored["agency"]);
        Assert.Equal((string?)firstAction["end"], (string?)stored["end"]);

        var listed = (await admin.GetJsonAsync("/api/v1/plans")).AsArray().Single(p => (long)p!["id"]! == id)!;
        Assert.Equal((string?)file["title"], (string?)listed["title"]);
        Assert.Equal(1398, (int)listed["year"]!);
        Assert.Equal("1398/01/01", (string?)listed["start"]);
        Assert.Equal("1398/12/29", (string?)listed["end"]);
    }

    [SkippableFact]
    public async Task Malformed_plan_is_refused_with_every_error_and_nothing_is_stored()
    {
        var admin = await App.ApiClientAsync("admin");
        var before = await App.InDbAsync(db => db.Plans.CountAsync());
        var nodesBefore = await App.InDbAsync(db => db.PlanNodes.CountAsync());
        var plan = new JsonObject
        {
            ["title"] = "برنامه نادرست",
            ["year"] = 1398,
            ["start"] = "1398/01/01",
            ["end"] = "1398/12/30",
            ["agencies"] = new JsonArray { new JsonObject { ["code"] = "NEWAG", ["name"] = "دستگاهی که نباید ساخته شود" } },
            ["nodes"] = new JsonArray
            {
                new JsonObject
                {
                    ["code"] = "01", ["title"] = "محور یکم",
                    ["children"] = new JsonArray
                    {
                        TestPlans.Action("01.01", "اقدام با دستگاه ناشناخته", "NOSUCH", "1398/02/01", "1398/03/01"),
                        TestPlans.Action("01.02", "اقدامی که پیش از شروع تمام می‌شود", "SMT", "1398/05/01", "1398/04/01"),
                    },
                },
                new JsonObject
                {
                    ["code"] = "02", ["title"] = "محور دوم",
                    ["children"] = new JsonArray
                    {
                        TestPlans.Action("01.01", "کد تکراری", "TAX", "1398/02/01", "1398/03/01"),
                        new JsonObject { ["code"] = "02.02", ["title"] = "اقدام بی‌دستگاه", ["start"] = "1398/02/01", ["end"] = "1398/03/01" },
                        new JsonObject
                        {
                            ["code"] = "02.03", ["title"] = "نقاط عطف نامرتب", ["agency"] = "TAX",
                            ["start"] = "1398/02/01", ["end"] = "1398/09/01", ["curve"] = "milestones",
                            ["milestones"] = new JsonArray
                            {
                                new JsonObject { ["date"] = "1398/06/01", ["percent"] = 50 },
                                new JsonObject { ["date"] = "1398/04/01", ["percent"] = 30 },
                            },
                        },
                    },
                },
            },
        };

        var problem = await (await admin.PostJsonAsync("/api/v1/plans", plan)).ProblemAsync(HttpStatusCode.UnprocessableEntity);

        foreach (var path in new[]
        {
            "end",                                      // 1398 has no 30 Esfand
            "nodes[0].children[0].agency",              // unknown agency
            "nodes[0].children[1].end",                 // end before start
            "nodes[1].children[0].code",                // duplicate code
            "nodes[1].children[1].agency",              // a leaf without agency
            "nodes[1].children[2].milestones[1].date",  // milestones out of order
            "nodes[1].children[2].milestones[1].percent",
        })
            Api.AssertPersian(problem.At(path)[0]);
        Api.AssertPersian(problem.Detail);
        Assert.Equal(before, await App.InDbAsync(db => db.Plans.CountAsync()));
        Assert.Equal(nodesBefore, await App.InDbAsync(db => db.PlanNodes.CountAsync()));
        Assert.False(await App.InDbAsync(db => db.Agencies.AnyAsync(a => a.Code == "NEWAG")));
    }

    [SkippableFact]
    public async Task Malformed_json_or_wrong_types_are_refused_without_a_500()
    {
        var admin = await App.ApiClientAsync("admin");
        var before = await App.InDbAsync(db => db.Plans.CountAsync());

        foreach (var (body, path) in new[]
        {
            ("{\"title\": \"ناتمام\", ", null),
            ("not json at all", null),
            ("[]", null),
            ("null", ""),
            ("{\"title\": 5}", "title"),
            ("{\"year\": \"هزار\"}", "year"),
            ("{\"year\": 1e10}", "year"),
            ("{\"nodes\": {\"code\": \"01\"}}", "nodes"),
            ("{\"nodes\": [{\"code\": \"01\", \"weight\": \"heavy\"}]}", "nodes[0].weight"),
            ("{\"settings\": {\"stoppageDays\": 2.5}}", "settings.stoppageDays"),
            ("{}", "title"),
        })
        {
            var problem = await (await admin.PostRawAsync("/api/v1/plans", body)).ProblemAsync(HttpStatusCode.UnprocessableEntity);
            if (path is not null) problem.At(path);
        }
        var noType = await admin.PostAsync("/api/v1/plans", new StringContent("{}"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, noType.StatusCode);
        Assert.Equal(before, await App.InDbAsync(db => db.Plans.CountAsync()));
    }

    [SkippableFact]
    public async Task Agencies_are_listed_with_their_codes()
    {
        var viewer = await App.ApiClientAsync("governor");

        var agencies = (await viewer.GetJsonAsync("/api/v1/agencies")).AsArray();

        Assert.Contains(agencies, a => (string?)a!["code"] == "SMT");
        Assert.All(agencies, a =>
        {
            Assert.True((long)a!["id"]! > 0);
            Api.AssertPersian((string?)a["name"]);
        });
    }
}

public sealed class PlanDocumentsOnSqlite(SqliteDemoApp app) : PlanDocuments(() => app), IClassFixture<SqliteDemoApp>;

public sealed class PlanDocumentsOnPostgres(PostgresDemoApp app) : PlanDocuments(() => app.Factory), IClassFixture<PostgresDemoApp>;
