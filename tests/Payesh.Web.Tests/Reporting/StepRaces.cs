using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Payesh.Web.Tests.Infrastructure;
using Payesh.Web.Tests.Obstacles;

namespace Payesh.Web.Tests.Reporting;

/// <summary>
/// Decisions against the state seen (issue 10 § 3) for the obstacle and resolution workflows: two people taking
/// contradictory steps on the same version at the same moment — one step is recorded, the other is a 409 in Persian
/// and leaves no event and no notice behind.
/// </summary>
public abstract class StepRaces(Func<PayeshFactory> app)
{
    private PayeshFactory App => app();

    [SkippableFact]
    public async Task Of_twenty_escalate_and_not_resolvable_pairs_exactly_one_step_of_each_stands()
    {
        var (reporter, a, b) = (await App.ApiClientAsync("smt.reporter"), await App.ApiClientAsync("secretariat"), await App.ApiClientAsync("admin"));
        var ids = new List<long>();
        for (int i = 0; i < 20; i++)
        {
            long id = await reporter.RegisterAsync(ObstacleApi.NewObstacle($"مانع آزمون هم‌زمانی گام {i}"));
            await a.StepOkAsync(id, new { action = "assign", leadAgency = "BMI", deadline = "1405/07/20" });
            ids.Add(id);
        }
        var seen = await Task.WhenAll(ids.Select(async id => (uint)(await a.ObstacleAsync(id))["version"]!));
        var events = await App.InDbAsync(db => db.ObstacleEvents.Where(e => ids.Contains(e.ObstacleId)).CountAsync());

        var pairs = await Task.WhenAll(ids.Select(async (id, i) =>
        {
            var escalate = (i % 2 == 0 ? a : b).StepAsync(id, new { action = "escalate", level = "governor", version = seen[i] });
            var close = (i % 2 == 0 ? b : a).StepAsync(id, new { action = "not-resolvable", note = "هم‌زمان بسته شد", version = seen[i] });
            return (Id: id, Escalate: await escalate, Close: await close);
        }));

        foreach (var (id, escalate, close) in pairs)
        {
            var codes = new[] { escalate.StatusCode, close.StatusCode };
            Assert.True(codes.Count(c => c == HttpStatusCode.OK) == 1 && codes.Count(c => c == HttpStatusCode.Conflict) == 1,
                $"obstacle {id}: escalate {(int)escalate.StatusCode}, not-resolvable {(int)close.StatusCode}");
            var problem = await (escalate.StatusCode == HttpStatusCode.Conflict ? escalate : close).ProblemAsync(HttpStatusCode.Conflict);
            Assert.Contains("هم‌زمان", problem.Detail);
            bool escalated = escalate.StatusCode == HttpStatusCode.OK;
            var titles = await App.InDbAsync(db => db.Notifications.Where(n => n.Link == $"/Obstacles/{id}").Select(n => n.Title).ToListAsync());
            Assert.Equal(escalated, titles.Any(t => t.Contains("ارجاع شد", StringComparison.Ordinal) && !t.Contains("برای رفع", StringComparison.Ordinal)));
            Assert.Equal(!escalated, titles.Any(t => t.Contains("غیرقابل رفع", StringComparison.Ordinal)));
            var state = (string)(await a.ObstacleAsync(id))["state"]!;
            Assert.Equal(escalated, state != "not-resolvable");
        }
        // One event per pair: the loser left none.
        Assert.Equal(events + 20, await App.InDbAsync(db => db.ObstacleEvents.Where(e => ids.Contains(e.ObstacleId)).CountAsync()));
    }

    [SkippableFact]
    public async Task Of_twenty_confirm_and_return_pairs_on_a_resolution_exactly_one_step_of_each_stands()
    {
        var (bmi, a, b) = (await App.ApiClientAsync("bmi.reporter"), await App.ApiClientAsync("secretariat"), await App.ApiClientAsync("admin"));
        long meeting = (long)(await (await a.PostAsJsonAsync("/api/v1/meetings", new { date = "1405/06/31", agenda = new[] { "آزمون هم‌زمانی مصوبه" } }))
            .JsonAsync(HttpStatusCode.Created))["id"]!;
        var ids = new List<long>();
        for (int i = 0; i < 20; i++)
        {
            long id = (long)(await (await a.PostAsJsonAsync($"/api/v1/meetings/{meeting}/resolutions", new
            {
                text = $"مصوبه آزمون هم‌زمانی {i}",
                agency = "BMI",
                deadline = "1405/07/30",
            })).JsonAsync(HttpStatusCode.Created))["id"]!;
            await (await bmi.PostAsJsonAsync($"/api/v1/resolutions/{id}/transitions", new { action = "done", note = "انجام شد" })).JsonAsync();
            ids.Add(id);
        }
        var seen = await Task.WhenAll(ids.Select(async id => (uint)(await a.GetJsonAsync($"/api/v1/resolutions/{id}"))["version"]!));

        var pairs = await Task.WhenAll(ids.Select(async (id, i) =>
        {
            var confirm = (i % 2 == 0 ? a : b).PostAsJsonAsync($"/api/v1/resolutions/{id}/transitions", new { action = "confirm-done", version = seen[i] });
            var ret = (i % 2 == 0 ? b : a).PostAsJsonAsync($"/api/v1/resolutions/{id}/transitions",
                new { action = "return-done", note = "مدرک کافی نیست", version = seen[i] });
            return (Id: id, Confirm: await confirm, Return: await ret);
        }));

        foreach (var (id, confirm, ret) in pairs)
        {
            var codes = new[] { confirm.StatusCode, ret.StatusCode };
            Assert.True(codes.Count(c => c == HttpStatusCode.OK) == 1 && codes.Count(c => c == HttpStatusCode.Conflict) == 1,
                $"resolution {id}: confirm {(int)confirm.StatusCode}, return {(int)ret.StatusCode}");
            var problem = await (confirm.StatusCode == HttpStatusCode.Conflict ? confirm : ret).ProblemAsync(HttpStatusCode.Conflict);
            Assert.Contains("هم‌زمان", problem.Detail);
            bool confirmed = confirm.StatusCode == HttpStatusCode.OK;
            var (steps, titles) = await App.InDbAsync(async db => (
                await db.ResolutionEvents.Where(e => e.ResolutionId == id).Select(e => e.Step).ToListAsync(),
                await db.Notifications.Where(n => n.Link == $"/Resolutions/{id}").Select(n => n.Title).ToListAsync()));
            Assert.Equal(confirmed ? Payesh.Domain.Obstacles.ResolutionStep.ConfirmDone : Payesh.Domain.Obstacles.ResolutionStep.ReturnDone, steps[^1]);
            Assert.Equal(3, steps.Count); // issue, done, and the one decision that stands
            Assert.Equal(confirmed, titles.Any(t => t.Contains("تأیید انجام مصوبه", StringComparison.Ordinal)));
            Assert.Equal(!confirmed, titles.Any(t => t.Contains("بازگرداندن", StringComparison.Ordinal)));
            var state = (string)(await a.GetJsonAsync($"/api/v1/resolutions/{id}"))["resolution"]!["state"]!;
            Assert.Equal(confirmed, state == "done");
        }
    }
}

public sealed class StepRacesOnSqlite(SqliteDemoApp app) : StepRaces(() => app), IClassFixture<SqliteDemoApp>;

public sealed class StepRacesOnPostgres(PostgresDemoApp app) : StepRaces(() => app.Factory), IClassFixture<PostgresDemoApp>;
