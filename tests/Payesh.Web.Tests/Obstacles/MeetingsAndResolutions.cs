using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Payesh.Domain.Calendar;
using Payesh.Web.Tests.Infrastructure;

namespace Payesh.Web.Tests.Obstacles;

/// <summary>HQ meetings (proposed agenda, edits until held, minutes) and resolutions (objection period, follow-up, done) with the figures they move.</summary>
public abstract class MeetingsAndResolutions(Func<PayeshFactory> app)
{
    private PayeshFactory App => app();

    private static async Task<long> MeetingAsync(HttpClient staff, string date = "1405/06/31") =>
        (long)(await (await staff.PostAsJsonAsync("/api/v1/meetings", new { date, place = "استانداری", attendees = new[] { "دبیر ستاد", "معاون اقتصادی" } }))
            .JsonAsync(HttpStatusCode.Created))["id"]!;

    private static async Task<long> ResolutionAsync(HttpClient staff, long meeting, string agency = "BMI", string deadline = "1405/07/30", long[]? obstacles = null) =>
        (long)(await (await staff.PostAsJsonAsync($"/api/v1/meetings/{meeting}/resolutions", new
        {
            text = "بانک پرونده‌های معطل را ظرف یک ماه تعیین تکلیف کند.",
            agency,
            deadline,
            obstacles = obstacles ?? [],
            nodes = new[] { "01.01.02" },
        })).JsonAsync(HttpStatusCode.Created))["id"]!;

    private static Task<HttpResponseMessage> StepAsync(HttpClient client, long id, object step) =>
        client.PostAsJsonAsync($"/api/v1/resolutions/{id}/transitions", step);

    [SkippableFact]
    public async Task A_new_meeting_gets_the_stocktake_as_its_agenda_which_stays_editable_until_held()
    {
        var staff = await App.ApiClientAsync("secretariat");
        var smt = await App.ApiClientAsync("smt.reporter");
        long obstacle = await smt.RegisterAsync(ObstacleApi.NewObstacle("کمبود سیلیس برای کارخانه شیشه"));
        await staff.StepOkAsync(obstacle, new { action = "escalate", level = "governor" });

        var created = await (await staff.PostAsJsonAsync("/api/v1/meetings", new { date = "۱۴۰۵/۰۷/۰۳", attendees = new[] { "استاندار", "دبیر ستاد" } }))
            .JsonAsync(HttpStatusCode.Created);
        long id = (long)created["id"]!;
        var kinds = created["agenda"]!.AsArray().Select(a => (string)a!["kind"]!).ToList();
        Assert.Contains("obstacle", kinds);
        Assert.Contains("action", kinds);
        Assert.Contains(created["agenda"]!.AsArray(), a => (long?)a!["obstacle"] == obstacle);
        Assert.Equal("planned", (string?)created["state"]);
        Assert.Equal(["استاندار", "دبیر ستاد"], created["attendees"]!.AsArray().Select(a => (string)a!));

        var edited = await (await staff.PutAsJsonAsync($"/api/v1/meetings/{id}/agenda", new { items = new[] { "گزارش دبیر ستاد", (string)created["agenda"]![0]!["text"]! } })).JsonAsync();
        Assert.Equal(2, edited["agenda"]!.AsArray().Count);
        Assert.Equal("other", (string?)edited["agenda"]![0]!["kind"]);
        Assert.Equal((string?)created["agenda"]![0]!["kind"], (string?)edited["agenda"]![1]!["kind"]);

        (await (await staff.PostAsJsonAsync($"/api/v1/meetings/{id}/minutes", new { minutes = "بحث شد", held = true })).ProblemAsync(HttpStatusCode.UnprocessableEntity)).At("held");
        await App.WithTodayAsync(new JalaliDate(1405, 7, 3), async () =>
        {
            var later = await App.ApiClientAsync("secretariat");
            var held = await (await later.PostAsJsonAsync($"/api/v1/meetings/{id}/minutes", new { minutes = "گزارش‌ها شنیده شد.", held = true })).JsonAsync();
            Assert.Equal("held", (string?)held["state"]);
            Assert.Equal("گزارش‌ها شنیده شد.", (string?)held["minutes"]);
            (await (await later.PutAsJsonAsync($"/api/v1/meetings/{id}/agenda", new { items = new[] { "بند تازه" } })).ProblemAsync(HttpStatusCode.UnprocessableEntity)).At("agenda");
        });
    }

    [SkippableFact]
    public async Task Only_the_secretariat_records_meetings_and_resolutions()
    {
        var staff = await App.ApiClientAsync("secretariat");
        long meeting = await MeetingAsync(staff);
        foreach (var user in new[] { "bmi.reporter", "smt.manager", "governor" })
        {
            var client = await App.ApiClientAsync(user);
            await (await client.PostAsJsonAsync("/api/v1/meetings", new { date = "1405/07/01" })).ProblemAsync(HttpStatusCode.Forbidden);
            await (await client.PostAsJsonAsync($"/api/v1/meetings/{meeting}/resolutions", new { text = "x", agency = "BMI", deadline = "1405/07/30" }))
                .ProblemAsync(HttpStatusCode.Forbidden);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/v1/meetings/{meeting}")).StatusCode);
        }
        var bad = await (await staff.PostAsJsonAsync($"/api/v1/meetings/{meeting}/resolutions", new { text = "", agency = "XX", deadline = "1405/06/30", obstacles = new[] { 987654L } }))
            .ProblemAsync(HttpStatusCode.UnprocessableEntity);
        foreach (var path in new[] { "text", "agency", "obstacles[0]" }) bad.At(path);
        (await (await staff.PostAsJsonAsync($"/api/v1/meetings/{meeting}/resolutions", new { text = "متن", agency = "BMI", deadline = "1405/06/30" }))
            .ProblemAsync(HttpStatusCode.UnprocessableEntity)).At("deadline");
        long future = await MeetingAsync(staff, "1405/07/10");
        (await (await staff.PostAsJsonAsync($"/api/v1/meetings/{future}/resolutions", new { text = "متن", agency = "BMI", deadline = "1405/07/30" }))
            .ProblemAsync(HttpStatusCode.UnprocessableEntity)).At("meeting");
    }

    [SkippableFact]
    public async Task The_agency_may_object_within_the_objection_period_and_otherwise_must_carry_it_out()
    {
        var staff = await App.ApiClientAsync("secretariat");
        long meeting = await MeetingAsync(staff);
        long objected = await ResolutionAsync(staff, meeting);
        long late = await ResolutionAsync(staff, meeting);
        var detail = await staff.GetJsonAsync($"/api/v1/resolutions/{objected}");
        Assert.Equal("pending", (string?)detail["resolution"]!["state"]);
        Assert.Equal("1405/07/15", (string?)detail["resolution"]!["objectionUntil"]);

        await App.WithTodayAsync(new JalaliDate(1405, 7, 15), async () =>
        {
            var bmi = await App.ApiClientAsync("bmi.reporter");
            var tax = await App.ApiClientAsync("tax.reporter");
            await (await StepAsync(tax, objected, new { action = "object", note = "به ما مربوط نیست" })).ProblemAsync(HttpStatusCode.Forbidden);
            (await (await StepAsync(bmi, objected, new { action = "object" })).ProblemAsync(HttpStatusCode.UnprocessableEntity)).At("note");
            var o = await (await StepAsync(bmi, objected, new { action = "object", note = "تصمیم در اختیار بانک مرکزی است" })).JsonAsync();
            Assert.Equal("objected", (string?)o["resolution"]!["state"]);
            await (await StepAsync(bmi, objected, new { action = "reject-objection", note = "x" })).ProblemAsync(HttpStatusCode.Forbidden);
            var staffLater = await App.ApiClientAsync("secretariat");
            var decided = await (await StepAsync(staffLater, objected, new { action = "reject-objection", note = "در اختیار مدیریت استان است" })).JsonAsync();
            Assert.Equal("binding", (string?)decided["resolution"]!["state"]);
        });
        await App.WithTodayAsync(new JalaliDate(1405, 7, 16), async () =>
        {
            var bmi = await App.ApiClientAsync("bmi.reporter");
            var refused = await (await StepAsync(bmi, late, new { action = "object", note = "دیر است" })).ProblemAsync(HttpStatusCode.UnprocessableEntity);
            Assert.Contains("۱۵", refused.At("action")[0]);
            Assert.Equal("binding", (string?)(await bmi.GetJsonAsync($"/api/v1/resolutions/{late}"))["resolution"]!["state"]);
            var binding = await bmi.GetJsonAsync("/api/v1/resolutions?state=binding&agency=BMI");
            Assert.Contains(binding.AsArray(), r => (long)r!["id"]! == late);
        });
    }

    [SkippableFact]
    public async Task An_accepted_objection_withdraws_the_resolution_from_the_figures()
    {
        var staff = await App.ApiClientAsync("secretariat");
        var tax = await App.ApiClientAsync("tax.reporter");
        long meeting = await MeetingAsync(staff);
        var before = await staff.FiguresAsync("TAX");
        long id = await ResolutionAsync(staff, meeting, agency: "TAX");
        Assert.Equal(before.Int("resolutions.assigned") + 1, (await staff.FiguresAsync("TAX")).Int("resolutions.assigned"));

        await (await StepAsync(tax, id, new { action = "object", note = "قانون اجازه نمی‌دهد" })).JsonAsync();
        var withdrawn = await (await StepAsync(staff, id, new { action = "accept-objection", note = "پذیرفته شد" })).JsonAsync();

        Assert.Equal("withdrawn", (string?)withdrawn["resolution"]!["state"]);
        Assert.Equal(before.Int("resolutions.assigned"), (await staff.FiguresAsync("TAX")).Int("resolutions.assigned"));
        await (await StepAsync(tax, id, new { action = "done", note = "x" })).ProblemAsync(HttpStatusCode.UnprocessableEntity);
    }

    [SkippableFact]
    public async Task Follow_ups_until_done_and_the_implementation_figures_follow()
    {
        var staff = await App.ApiClientAsync("secretariat");
        var bmi = await App.ApiClientAsync("bmi.reporter");
        var tax = await App.ApiClientAsync("tax.reporter");
        long meeting = await MeetingAsync(staff);
        var before = await staff.FiguresAsync("BMI");
        long onTime = await ResolutionAsync(staff, meeting, deadline: "1405/07/10");
        long lateOne = await ResolutionAsync(staff, meeting, deadline: "1405/07/01");

        await (await StepAsync(tax, onTime, new { action = "done", note = "انجام شد" })).ProblemAsync(HttpStatusCode.Forbidden);
        var followed = await (await StepAsync(bmi, onTime, new { action = "follow-up", note = "پرونده به کمیته رفت" })).JsonAsync();
        Assert.Equal(1, (int)followed["resolution"]!["followUps"]!);
        Assert.Contains("done", followed["allowed"]!.AsArray().Select(a => (string)a!));
        await (await StepAsync(bmi, onTime, new { action = "done", note = "تسهیلات پرداخت شد" })).JsonAsync();
        await (await StepAsync(staff, onTime, new { action = "confirm-done" })).JsonAsync();

        await App.WithTodayAsync(new JalaliDate(1405, 7, 5), async () =>
        {
            var bmiLater = await App.ApiClientAsync("bmi.reporter");
            var overdue = await bmiLater.GetJsonAsync("/api/v1/resolutions?overdue=true&agency=BMI");
            Assert.Contains(overdue.AsArray(), r => (long)r!["id"]! == lateOne);
            await (await StepAsync(bmiLater, lateOne, new { action = "done", note = "با تأخیر انجام شد" })).JsonAsync();
            await (await StepAsync(await App.ApiClientAsync("secretariat"), lateOne, new { action = "confirm-done" })).JsonAsync();
            var after = await bmiLater.FiguresAsync("BMI");
            Assert.Equal(before.Int("resolutions.assigned") + 2, after.Int("resolutions.assigned"));
            Assert.Equal(before.Int("resolutions.carriedOut") + 2, after.Int("resolutions.carriedOut"));
            Assert.Equal(before.Int("resolutions.onTime") + 1, after.Int("resolutions.onTime"));
            var rate = (double)after["resolutions"]!["implementationRate"]!;
            Assert.Equal(100.0 * after.Int("resolutions.carriedOut") / after.Int("resolutions.assigned"), rate, 9);
        });
        var list = await staff.GetJsonAsync($"/api/v1/resolutions?meeting={meeting}");
        Assert.All(list.AsArray(), r => Assert.Equal("done", (string?)r!["state"]));
        Assert.Contains(list.AsArray(), r => (bool?)r!["onTime"] == false);
    }

    [SkippableFact]
    public async Task Obstacle_figures_count_resolution_by_deadline_overdue_and_the_median_days()
    {
        // STP (the science park) has no obstacles in the demo: its figures are only this test's.
        var staff = await App.ApiClientAsync("secretariat");
        var smt = await App.ApiClientAsync("smt.reporter");
        long fast = await smt.RegisterAsync(ObstacleApi.NewObstacle("تأخیر در صدور مجوز دانش‌بنیان شرکت الف", "permits"));
        long slow = await smt.RegisterAsync(ObstacleApi.NewObstacle("تأخیر در صدور مجوز دانش‌بنیان شرکت ب", "permits"));
        long open = await smt.RegisterAsync(ObstacleApi.NewObstacle("تأخیر در صدور مجوز دانش‌بنیان شرکت ج", "permits"));
        foreach (var id in new[] { fast, slow, open })
            await staff.StepOkAsync(id, new { action = "assign", leadAgency = "STP", deadline = "1405/07/05" });

        await App.WithTodayAsync(new JalaliDate(1405, 7, 4), async () =>
            await (await App.ApiClientAsync("secretariat")).StepOkAsync(fast, new { action = "resolve", note = "مجوز صادر شد" }));
        await App.WithTodayAsync(new JalaliDate(1405, 7, 10), async () =>
        {
            var later = await App.ApiClientAsync("secretariat");
            await later.StepOkAsync(slow, new { action = "resolve", note = "مجوز با تأخیر صادر شد" });
            var f = await later.FiguresAsync("STP");
            Assert.Equal(3, f.Int("obstacles.assigned"));
            Assert.Equal(2, f.Int("obstacles.resolved"));
            Assert.Equal(1, f.Int("obstacles.resolvedByDeadline"));
            Assert.Equal(1, f.Int("obstacles.overdue"));
            Assert.Equal(7, (double)f["obstacles"]!["medianDaysToResolve"]!);

            var past = await later.FiguresAsync("STP", "1405/07/04");
            Assert.Equal(1, past.Int("obstacles.resolved"));
            Assert.Equal(0, past.Int("obstacles.overdue"));
            var obstaclesOnly = await later.GetJsonAsync("/api/v1/obstacles/figures?agency=STP");
            Assert.Equal(3, (int)obstaclesOnly["agencies"]![0]!["figures"]!["assigned"]!);
            (await (await later.GetAsync("/api/v1/obstacles/figures?asOf=1405/15/01")).ProblemAsync(HttpStatusCode.UnprocessableEntity)).At("asOf");
        });
    }
}

public sealed class MeetingsAndResolutionsOnSqlite(SqliteDemoApp app) : MeetingsAndResolutions(() => app), IClassFixture<SqliteDemoApp>;

public sealed class MeetingsAndResolutionsOnPostgres(PostgresDemoApp app) : MeetingsAndResolutions(() => app.Factory), IClassFixture<PostgresDemoApp>;
