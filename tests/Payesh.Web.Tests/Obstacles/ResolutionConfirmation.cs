using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Payesh.Web.Data.Model;
using Payesh.Web.Tests.Infrastructure;
using Payesh.Web.Tests.Reporting;

namespace Payesh.Web.Tests.Obstacles;

/// <summary>Closing things needs proof (issue 11, item 6): an agency's «انجام شد» awaits the secretariat's confirmation and
/// only then counts as carried out; obstacles, resolutions and their follow-ups take files with the same checks as
/// report evidence.</summary>
public abstract class ResolutionConfirmation(Func<PayeshFactory> app)
{
    private PayeshFactory App => app();

    private static async Task<long> ResolutionAsync(HttpClient staff, string agency = "BMI", string deadline = "1405/07/30")
    {
        long meeting = (long)(await (await staff.PostAsJsonAsync("/api/v1/meetings", new { date = "1405/06/31", attendees = new[] { "دبیر ستاد" } }))
            .JsonAsync(HttpStatusCode.Created))["id"]!;
        return (long)(await (await staff.PostAsJsonAsync($"/api/v1/meetings/{meeting}/resolutions", new
        {
            text = "بانک پرونده تسهیلات واحدهای معطل را ظرف یک ماه تعیین تکلیف کند.",
            agency,
            deadline,
        })).JsonAsync(HttpStatusCode.Created))["id"]!;
    }

    private static Task<HttpResponseMessage> StepAsync(HttpClient client, long id, object step) =>
        client.PostAsJsonAsync($"/api/v1/resolutions/{id}/transitions", step);

    private static async Task<string> StateAsync(HttpClient client, long id) =>
        (string)(await client.GetJsonAsync($"/api/v1/resolutions/{id}"))["resolution"]!["state"]!;

    [SkippableFact]
    public async Task An_agencys_done_counts_only_once_the_secretariat_confirms_it_and_only_once()
    {
        var staff = await App.ApiClientAsync("secretariat");
        var bmi = await App.ApiClientAsync("bmi.reporter");
        var before = await staff.FiguresAsync("BMI");
        long id = await ResolutionAsync(staff);

        await (await StepAsync(bmi, id, new { action = "done", note = "تسهیلات ۱۲ واحد پرداخت شد" })).JsonAsync();

        Assert.Equal("awaiting-confirmation", await StateAsync(staff, id));
        var claimed = await staff.FiguresAsync("BMI");
        Assert.Equal(before.Int("resolutions.assigned") + 1, claimed.Int("resolutions.assigned"));
        Assert.Equal(before.Int("resolutions.carriedOut"), claimed.Int("resolutions.carriedOut"));
        Assert.Equal(before.Int("resolutions.onTime"), claimed.Int("resolutions.onTime"));
        Assert.Contains(await App.InDbAsync(db => db.Notifications.Where(n => n.Link == $"/Resolutions/{id}").Select(n => n.Title).ToListAsync()),
            t => t.Contains("در انتظار تأیید", StringComparison.Ordinal));
        var awaiting = await staff.GetJsonAsync("/api/v1/resolutions?state=awaiting-confirmation&agency=BMI");
        Assert.Contains(awaiting.AsArray(), r => (long)r!["id"]! == id);

        // The agency cannot confirm its own report; the secretariat confirms once.
        await (await StepAsync(bmi, id, new { action = "confirm-done" })).ProblemAsync(HttpStatusCode.Forbidden);
        var confirmed = await (await StepAsync(staff, id, new { action = "confirm-done", note = "صورت‌جلسه بانک دیده شد" })).JsonAsync();
        Assert.Equal("done", (string?)confirmed["resolution"]!["state"]);
        var twice = await (await StepAsync(staff, id, new { action = "confirm-done" })).ProblemAsync(HttpStatusCode.UnprocessableEntity);
        Api.AssertPersian(twice.Title + twice.Detail + string.Join(" ", twice.Errors.SelectMany(e => e.Value)));

        var after = await staff.FiguresAsync("BMI");
        Assert.Equal(before.Int("resolutions.carriedOut") + 1, after.Int("resolutions.carriedOut"));
        Assert.Equal(before.Int("resolutions.onTime") + 1, after.Int("resolutions.onTime"));
        Assert.Equal(100.0 * after.Int("resolutions.carriedOut") / after.Int("resolutions.assigned"), (double)after["resolutions"]!["implementationRate"]!, 9);
        Assert.Equal(2, await App.InDbAsync(db => db.ResolutionEvents.CountAsync(e => e.ResolutionId == id && e.Step != Payesh.Domain.Obstacles.ResolutionStep.Issue)));
        Assert.Contains("انجام‌شده", await (await Browser.SignedInAsync(App, "governor")).PageAsync($"/Resolutions/{id}"));
    }

    [SkippableFact]
    public async Task A_returned_report_of_done_needs_a_reason_and_the_resolution_binds_again()
    {
        var staff = await App.ApiClientAsync("secretariat");
        var bmi = await App.ApiClientAsync("bmi.reporter");
        long id = await ResolutionAsync(staff);
        await (await StepAsync(bmi, id, new { action = "done", note = "انجام شد" })).JsonAsync();

        (await (await StepAsync(staff, id, new { action = "return-done" })).ProblemAsync(HttpStatusCode.UnprocessableEntity)).At("note");
        Assert.Equal("awaiting-confirmation", await StateAsync(staff, id));
        await (await StepAsync(staff, id, new { action = "return-done", note = "مستند پرداخت پیوست نشده است" })).JsonAsync();

        Assert.Equal("pending", await StateAsync(staff, id)); // still within its objection period
        var told = await App.InDbAsync(db => db.Notifications.Where(n => n.Link == $"/Resolutions/{id}" && n.Body == "مستند پرداخت پیوست نشده است")
            .Join(db.Users, n => n.UserId, u => u.Id, (n, u) => u.UserName).ToListAsync());
        Assert.Contains("bmi.reporter", told);
        await (await StepAsync(bmi, id, new { action = "done", note = "مستند پیوست شد" })).JsonAsync();
        Assert.Equal("awaiting-confirmation", await StateAsync(staff, id));
    }

    [SkippableFact]
    public async Task Follow_ups_and_reports_of_done_take_files_checked_like_report_evidence()
    {
        var staff = await App.ApiClientAsync("secretariat");
        long id = await ResolutionAsync(staff);
        var bmi = await Browser.SignedInAsync(App, "bmi.reporter");
        string page = $"/Resolutions/{id}";
        var token = await PageForms.TokenAsync(bmi, page);
        Task<HttpResponseMessage> PostAsync(string action, string note, Upload file) => PageForms.PostMultipartAsync(bmi, $"{page}?handler=Step", token,
            [new("Step.Action", action), new("Step.Note", note)], "Attachment", file);

        var wrong = await PostAsync("follow-up", "پرونده به کمیته رفت", new Upload("نامه.pdf", SampleFiles.Text, "application/pdf"));
        var refusal = WebUtility.HtmlDecode(await wrong.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        Assert.Contains("نوع فایل پذیرفته نیست", refusal);
        Assert.Equal(0, await App.InDbAsync(db => db.ResolutionEvents.CountAsync(e => e.ResolutionId == id && e.Step != Payesh.Domain.Obstacles.ResolutionStep.Issue)));
        Assert.Equal(0, await App.InDbAsync(db => db.Evidence.CountAsync(e => e.ResolutionId == id)));

        var followUp = await PostAsync("follow-up", "پرونده به کمیته رفت", new Upload("نامه.pdf", SampleFiles.Pdf, "application/pdf"));
        Assert.Equal(HttpStatusCode.Redirect, followUp.StatusCode);
        var done = await PostAsync("done", "تسهیلات پرداخت شد", new Upload("رسید.png", SampleFiles.Png, "image/png"));
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);

        var files = await App.InDbAsync(db => db.Evidence.Where(e => e.ResolutionId == id).OrderBy(e => e.Id)
            .Select(e => new { e.Id, e.FileName, e.ContentType, e.ResolutionEventId, Step = e.ResolutionEvent!.Step, e.NodeId, e.PlanId }).ToListAsync());
        Assert.Equal(["نامه.pdf", "رسید.png"], files.Select(f => f.FileName));
        Assert.Equal(["application/pdf", "image/png"], files.Select(f => f.ContentType));
        Assert.Equal([Payesh.Domain.Obstacles.ResolutionStep.FollowUp, Payesh.Domain.Obstacles.ResolutionStep.Done], files.Select(f => f.Step));
        Assert.All(files, f => Assert.Null(f.NodeId));
        var html = await bmi.PageAsync(page);
        Assert.Contains($"href=\"/Evidence/{files[1].Id}\"", html);
        var download = await (await Browser.SignedInAsync(App, "governor")).GetAsync($"/Evidence/{files[1].Id}");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(SampleFiles.Png, await download.Content.ReadAsByteArrayAsync());
    }

    [SkippableFact]
    public async Task An_obstacle_step_takes_a_file_that_only_those_who_see_the_obstacle_may_open()
    {
        var smtApi = await App.ApiClientAsync("smt.reporter");
        long obstacle = await smtApi.RegisterAsync(ObstacleApi.NewObstacle("قطع مکرر گاز واحد ریخته‌گری شهرک شکوهیه", "utilities"));
        var smt = await Browser.SignedInAsync(App, "smt.reporter");
        string page = $"/Obstacles/{obstacle}";
        var token = await PageForms.TokenAsync(smt, page);

        var wrong = await PageForms.PostMultipartAsync(smt, $"{page}?handler=Step", token,
            [new("Step.Action", "comment"), new("Step.Note", "نامه شرکت گاز پیوست است")], "Attachment", new Upload("app.pdf", SampleFiles.Exe, "application/pdf"));
        Assert.Contains("نوع فایل پذیرفته نیست", WebUtility.HtmlDecode(await wrong.Content.ReadAsStringAsync()));
        var ok = await PageForms.PostMultipartAsync(smt, $"{page}?handler=Step", token,
            [new("Step.Action", "comment"), new("Step.Note", "نامه شرکت گاز پیوست است")], "Attachment", new Upload("نامه گاز.pdf", SampleFiles.Pdf, "application/pdf"));
        Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);

        var file = await App.InDbAsync(db => db.Evidence.SingleAsync(e => e.ObstacleId == obstacle));
        Assert.NotNull(file.ObstacleEventId);
        Assert.Equal(1, await App.InDbAsync(db => db.ObstacleEvents.CountAsync(e => e.ObstacleId == obstacle && e.Note == "نامه شرکت گاز پیوست است")));
        Assert.Contains($"href=\"/Evidence/{file.Id}\"", await smt.PageAsync(page));
        Assert.Equal(HttpStatusCode.OK, (await (await Browser.SignedInAsync(App, "secretariat")).GetAsync($"/Evidence/{file.Id}")).StatusCode);
        PageForms.AssertDenied(await (await Browser.SignedInAsync(App, "tax.reporter")).GetAsync($"/Evidence/{file.Id}"), "TAX opening SMT's obstacle file");
    }
}

public sealed class ResolutionConfirmationOnSqlite(SqliteDemoApp app) : ResolutionConfirmation(() => app), IClassFixture<SqliteDemoApp>;

public sealed class ResolutionConfirmationOnPostgres(PostgresDemoApp app) : ResolutionConfirmation(() => app.Factory), IClassFixture<PostgresDemoApp>;
