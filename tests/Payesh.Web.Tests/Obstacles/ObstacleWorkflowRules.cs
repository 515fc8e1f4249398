using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Payesh.Domain.Calendar;
using Payesh.Web.Tests.Infrastructure;

namespace Payesh.Web.Tests.Obstacles;

/// <summary>The obstacle register and its workflow over the API: who may take which step, in which state, with which answer.</summary>
public abstract class ObstacleWorkflowRules(Func<PayeshFactory> app)
{
    private PayeshFactory App => app();
    private static readonly JalaliDate Today = TestClock.DefaultToday;

    private async Task<long> ReportedBySmtAsync(string title)
    {
        var smt = await App.ApiClientAsync("smt.reporter");
        return await smt.RegisterAsync(ObstacleApi.NewObstacle(title, "bank-financing", new { name = "واحد " + title, location = "شهرک صنعتی شکوهیه", employees = 40 }));
    }

    private async Task<long> AssignedToBmiAsync(string title, string deadline = "1405/07/20")
    {
        long id = await ReportedBySmtAsync(title);
        var staff = await App.ApiClientAsync("secretariat");
        await staff.StepOkAsync(id, new { action = "assign", leadAgency = "BMI", otherAgencies = new[] { "BKC" }, deadline, note = "به بانک ملی" });
        return id;
    }

    [SkippableFact]
    public async Task An_agency_registers_an_obstacle_with_normalized_text_and_its_depth()
    {
        var smt = await App.ApiClientAsync("smt.reporter");

        long id = await smt.RegisterAsync(new
        {
            title = "  كمبود  نقدينگي واحد ريخته‌گري  ",
            category = "bank-financing",
            severity = "critical",
            units = new object[]
            {
                new { name = "شركت ريخته‌گري قم", location = "شهرک صنعتی محمودآباد", employees = 120 },
                new { name = "کارخانه قالب‌سازی", employees = 30 },
            },
            amountBlocked = 12_000_000_000L,
            nodes = new[] { "۰۱.۰۱.۰۲" },
            allowDuplicate = true,
        });

        var o = await smt.ObstacleAsync(id);
        Assert.Equal("کمبود نقدینگی واحد ریخته‌گری", (string?)o["title"]);
        Assert.Equal("reported", (string?)o["state"]);
        Assert.Equal("SMT", (string?)o["reportingAgency"]);
        Assert.Equal("critical", (string?)o["severity"]);
        Assert.Equal(2, (int)o["unitsAffected"]!);
        Assert.Equal(150, (int)o["jobsAtRisk"]!);
        Assert.Equal(12_000_000_000L, (long)o["amountBlocked"]!);
        Assert.Equal("شرکت ریخته‌گری قم", (string?)o["units"]![0]!["name"]);
        Assert.Equal(["01.01.02"], o["nodes"]!.AsArray().Select(n => (string)n!));
        Assert.Equal("1405/06/31", (string?)o["reportedOn"]);
        var report = o["events"]!.AsArray().Single();
        Assert.Equal("report", (string?)report!["action"]);
        Assert.Equal("SMT", (string?)report["agency"]);
        Assert.Equal(["comment"], o["allowed"]!.AsArray().Select(a => (string)a!));
    }

    [SkippableFact]
    public async Task Viewers_cannot_register_and_nobody_registers_for_another_agency()
    {
        var governor = await App.ApiClientAsync("governor");
        var smt = await App.ApiClientAsync("smt.reporter");
        int before = await App.ObstacleCountAsync();

        await (await governor.PostAsJsonAsync("/api/v1/obstacles", ObstacleApi.NewObstacle("مانع ناظر"))).ProblemAsync(HttpStatusCode.Forbidden);
        var other = await smt.PostAsJsonAsync("/api/v1/obstacles", new { title = "مانع از طرف دیگری", category = "tax", agency = "TAX" });
        await other.ProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.Unauthorized, (await App.CreateClient().PostAsJsonAsync("/api/v1/obstacles", ObstacleApi.NewObstacle("بی‌توکن"))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await App.CreateClient().GetAsync("/api/v1/obstacles")).StatusCode);
        Assert.Equal(before, await App.ObstacleCountAsync());
    }

    [SkippableFact]
    public async Task Bad_input_is_refused_with_every_error_by_path_and_nothing_stored()
    {
        var smt = await App.ApiClientAsync("smt.reporter");
        int before = await App.ObstacleCountAsync();

        var problem = await (await smt.PostAsJsonAsync("/api/v1/obstacles", new
        {
            title = "",
            category = "weather",
            severity = "extreme",
            units = new object[] { new { location = "شکوهیه", employees = 5 } },
            amountBlocked = -1,
            nodes = new[] { "99.99" },
        })).ProblemAsync(HttpStatusCode.UnprocessableEntity);

        foreach (var path in new[] { "title", "category", "severity", "units[0].name", "amountBlocked", "nodes[0]" }) problem.At(path);
        var malformed = await smt.PostRawAsync("/api/v1/obstacles", """{"title": "x", "units": 5}""");
        (await malformed.ProblemAsync(HttpStatusCode.UnprocessableEntity)).At("units");
        Assert.Equal(before, await App.ObstacleCountAsync());
    }

    [SkippableFact]
    public async Task A_similar_title_or_the_same_production_unit_is_flagged_until_the_user_confirms()
    {
        var smt = await App.ApiClientAsync("smt.reporter");
        long first = await smt.RegisterAsync(ObstacleApi.NewObstacle("توقف خط تولید کارخانه آجر نسوز به‌دلیل قطعی گاز", "utilities",
            new { name = "شرکت آجر نسوز فردوس", employees = 60 }));

        var similar = await smt.PostAsJsonAsync("/api/v1/obstacles", new { title = "قطعی گاز و توقف خط تولید آجر نسوز", category = "utilities" });
        var p1 = await similar.ProblemAsync(HttpStatusCode.Conflict);
        var sameUnit = await smt.PostAsJsonAsync("/api/v1/obstacles", new
        {
            title = "بدهی مالیاتی معوق",
            category = "tax",
            units = new[] { new { name = "آجر نسوز فردوس" } },
        });
        await sameUnit.ProblemAsync(HttpStatusCode.Conflict);
        var body = JsonNode.Parse(await sameUnit.Content.ReadAsStringAsync())!;
        Assert.Contains(body["duplicates"]!.AsArray(), d => (long)d!["id"]! == first && (string?)d["reason"] == "same-production-unit");
        Api.AssertPersian(p1.Detail);

        long confirmed = await smt.RegisterAsync(new { title = "قطعی گاز و توقف خط تولید آجر نسوز", category = "utilities", allowDuplicate = true });
        var o = await smt.ObstacleAsync(confirmed);
        Assert.Contains(first, o["possibleDuplicates"]!.AsArray().Select(x => (long)x!));
    }

    [SkippableFact]
    public async Task Only_the_secretariat_assigns_and_only_the_lead_agency_answers()
    {
        long id = await ReportedBySmtAsync("تأخیر تسهیلات کارگاه پوشاک");
        var staff = await App.ApiClientAsync("secretariat");
        var bmi = await App.ApiClientAsync("bmi.reporter");
        var smt = await App.ApiClientAsync("smt.reporter");
        var tax = await App.ApiClientAsync("tax.reporter");

        await (await smt.StepAsync(id, new { action = "assign", leadAgency = "BMI", deadline = "1405/07/20" })).ProblemAsync(HttpStatusCode.Forbidden);
        await (await bmi.StepAsync(id, new { action = "start", note = "x" })).ProblemAsync(HttpStatusCode.Forbidden);
        await staff.StepOkAsync(id, new { action = "review", note = "بررسی شد" });
        var assigned = await staff.StepOkAsync(id, new { action = "assign", leadAgency = "BMI", otherAgencies = new[] { "BKC" }, deadline = "۱۴۰۵/۰۷/۲۰" });
        Assert.Equal("assigned", (string?)assigned["state"]);
        Assert.Equal("BMI", (string?)assigned["leadAgency"]);
        Assert.Equal("1405/07/20", (string?)assigned["deadline"]);
        Assert.True((bool)assigned["awaitingAnswer"]!);

        await (await smt.StepAsync(id, new { action = "start", note = "ما شروع کردیم" })).ProblemAsync(HttpStatusCode.Forbidden);
        await (await tax.GetAsync($"/api/v1/obstacles/{id}")).ProblemAsync(HttpStatusCode.Forbidden);
        (await (await bmi.StepAsync(id, new { action = "start", note = " " })).ProblemAsync(HttpStatusCode.UnprocessableEntity)).At("note");
        var started = await bmi.StepOkAsync(id, new { action = "start", note = "پرونده در کمیته اعتباری است" });
        Assert.Equal("in-progress", (string?)started["state"]);
        var resolved = await bmi.StepOkAsync(id, new { action = "resolve", note = "تسهیلات پرداخت شد" });
        Assert.Equal("resolved", (string?)resolved["state"]);
        Assert.Equal("1405/06/31", (string?)resolved["closedOn"]);

        var events = resolved["events"]!.AsArray();
        Assert.Equal(["report", "review", "assign", "start", "resolve"], events.Select(e => (string)e!["action"]!));
        var answer = events[3]!;
        Assert.Equal("BMI", (string?)answer["agency"]);
        Assert.Equal("کارشناس بانک ملی", (string?)answer["by"]);
        Assert.Equal("پرونده در کمیته اعتباری است", (string?)answer["note"]);
        Assert.NotNull(answer["at"]);
        Assert.Equal(["BKC"], events[2]!["otherAgencies"]!.AsArray().Select(a => (string)a!));
    }

    [SkippableFact]
    public async Task Steps_not_allowed_in_the_current_state_are_refused()
    {
        long id = await ReportedBySmtAsync("کمبود مواد اولیه کارگاه نساجی");
        var staff = await App.ApiClientAsync("secretariat");

        (await (await staff.StepAsync(id, new { action = "resolve", note = "x" })).ProblemAsync(HttpStatusCode.UnprocessableEntity)).At("action");
        (await (await staff.StepAsync(id, new { action = "reopen", note = "x" })).ProblemAsync(HttpStatusCode.UnprocessableEntity)).At("action");
        (await (await staff.StepAsync(id, new { action = "fly" })).ProblemAsync(HttpStatusCode.UnprocessableEntity)).At("action");
        await staff.StepOkAsync(id, new { action = "not-resolvable", note = "نیازمند تصمیم ملی" });
        (await (await staff.StepAsync(id, new { action = "assign", leadAgency = "BMI", deadline = "1405/07/01" })).ProblemAsync(HttpStatusCode.UnprocessableEntity)).At("action");
        var reopened = await staff.StepOkAsync(id, new { action = "reopen", note = "تصمیم ملی گرفته شد" });
        Assert.Equal("under-review", (string?)reopened["state"]);
        await (await staff.StepAsync(999_999, new { action = "review" })).ProblemAsync(HttpStatusCode.NotFound);
    }

    [SkippableFact]
    public async Task Assignment_needs_a_known_agency_and_a_deadline_from_today_on()
    {
        long id = await ReportedBySmtAsync("تأخیر در صدور پروانه بهره‌برداری");
        var staff = await App.ApiClientAsync("secretariat");

        (await (await staff.StepAsync(id, new { action = "assign", deadline = "1405/07/01" })).ProblemAsync(HttpStatusCode.UnprocessableEntity)).At("leadAgency");
        (await (await staff.StepAsync(id, new { action = "assign", leadAgency = "NOPE", deadline = "1405/07/01" })).ProblemAsync(HttpStatusCode.UnprocessableEntity)).At("leadAgency");
        (await (await staff.StepAsync(id, new { action = "assign", leadAgency = "BMI" })).ProblemAsync(HttpStatusCode.UnprocessableEntity)).At("deadline");
        (await (await staff.StepAsync(id, new { action = "assign", leadAgency = "BMI", deadline = "1405/06/30" })).ProblemAsync(HttpStatusCode.UnprocessableEntity)).At("deadline");
        (await (await staff.StepAsync(id, new { action = "assign", leadAgency = "BMI", deadline = "1405/13/01" })).ProblemAsync(HttpStatusCode.UnprocessableEntity)).At("deadline");
        var ok = await staff.StepOkAsync(id, new { action = "assign", leadAgency = "BMI", deadline = "1405/06/31" });
        Assert.Equal("assigned", (string?)ok["state"]);
    }

    [SkippableFact]
    public async Task An_open_obstacle_is_overdue_the_day_after_its_deadline()
    {
        long id = await AssignedToBmiAsync("معطلی پرونده ضمانت‌نامه صادراتی", deadline: "1405/07/02");

        await App.WithTodayAsync(new JalaliDate(1405, 7, 2), async () =>
        {
            var staff = await App.ApiClientAsync("secretariat");
            Assert.False((bool)(await staff.ObstacleAsync(id))["overdue"]!);
        });
        await App.WithTodayAsync(new JalaliDate(1405, 7, 3), async () =>
        {
            var staff = await App.ApiClientAsync("secretariat");
            Assert.True((bool)(await staff.ObstacleAsync(id))["overdue"]!);
            var overdue = await staff.GetJsonAsync("/api/v1/obstacles?overdue=true&agency=BMI");
            Assert.Contains(overdue.AsArray(), o => (long)o!["id"]! == id);
            var bmi = await App.ApiClientAsync("bmi.reporter");
            await bmi.StepOkAsync(id, new { action = "resolve", note = "با تأخیر رفع شد" });
            Assert.False((bool)(await staff.ObstacleAsync(id))["overdue"]!);
        });
    }

    [SkippableFact]
    public async Task Escalation_goes_only_upwards_and_puts_the_obstacle_on_the_proposed_agenda()
    {
        long id = await AssignedToBmiAsync("بلوکه شدن حساب ارزی صادرکننده فرش");
        var staff = await App.ApiClientAsync("secretariat");
        var bmi = await App.ApiClientAsync("bmi.reporter");

        await (await bmi.StepAsync(id, new { action = "escalate", level = "governor" })).ProblemAsync(HttpStatusCode.Forbidden);
        (await (await staff.StepAsync(id, new { action = "escalate", level = "mayor" })).ProblemAsync(HttpStatusCode.UnprocessableEntity)).At("level");
        var up = await staff.StepOkAsync(id, new { action = "escalate", level = "hq-meeting", note = "برای تصمیم در جلسه ستاد" });
        Assert.Equal("hq-meeting", (string?)up["escalation"]);
        Assert.Equal("assigned", (string?)up["state"]);
        (await (await staff.StepAsync(id, new { action = "escalate", level = "hq-meeting" })).ProblemAsync(HttpStatusCode.UnprocessableEntity)).At("level");

        var agenda = await staff.GetJsonAsync("/api/v1/meetings/proposed-agenda");
        Assert.Contains(agenda["items"]!.AsArray(), i => (string?)i!["kind"] == "obstacle" && (long?)i["obstacle"] == id);
        var escalated = await staff.GetJsonAsync("/api/v1/obstacles?escalated=true");
        Assert.Contains(escalated.AsArray(), o => (long)o!["id"]! == id);
    }

    [SkippableFact]
    public async Task An_agency_sees_the_obstacles_assigned_to_it_and_which_await_its_answer()
    {
        long waiting = await AssignedToBmiAsync("عدم پذیرش ضمانت‌نامه صندوق ضمانت");
        long answered = await AssignedToBmiAsync("تأخیر در گشایش اعتبار اسنادی داخلی");
        var bmi = await App.ApiClientAsync("bmi.reporter");
        await bmi.StepOkAsync(answered, new { action = "start", note = "در دست بررسی" });
        long notMine = await ReportedBySmtAsync("مانع بی‌ربط به بانک");

        var mine = (await bmi.GetJsonAsync("/api/v1/obstacles?mine=true")).AsArray().Select(o => (long)o!["id"]!).ToList();
        var awaiting = (await bmi.GetJsonAsync("/api/v1/obstacles?mine=true&awaitingAnswer=true")).AsArray().Select(o => (long)o!["id"]!).ToList();
        var visible = (await bmi.GetJsonAsync("/api/v1/obstacles")).AsArray().Select(o => (long)o!["id"]!).ToList();

        Assert.Contains(waiting, mine);
        Assert.Contains(answered, mine);
        Assert.Contains(waiting, awaiting);
        Assert.DoesNotContain(answered, awaiting);
        Assert.DoesNotContain(notMine, visible);
        Assert.Contains(notMine, (await (await App.ApiClientAsync("governor")).GetJsonAsync("/api/v1/obstacles")).AsArray().Select(o => (long)o!["id"]!));
        (await (await bmi.GetAsync("/api/v1/obstacles?state=sleeping")).ProblemAsync(HttpStatusCode.UnprocessableEntity)).At("state");
    }

    [SkippableFact]
    public async Task A_step_against_a_stale_version_is_a_conflict()
    {
        long id = await ReportedBySmtAsync("کمبود برق کارگاه مبلمان");
        var staff = await App.ApiClientAsync("secretariat");
        var seen = (uint)(await staff.ObstacleAsync(id))["version"]!;
        await staff.StepOkAsync(id, new { action = "review", version = seen });

        await (await staff.StepAsync(id, new { action = "comment", note = "یادداشت", version = seen })).ProblemAsync(HttpStatusCode.Conflict);
    }
}

public sealed class ObstacleWorkflowRulesOnSqlite(SqliteDemoApp app) : ObstacleWorkflowRules(() => app), IClassFixture<SqliteDemoApp>;

public sealed class ObstacleWorkflowRulesOnPostgres(PostgresDemoApp app) : ObstacleWorkflowRules(() => app.Factory), IClassFixture<PostgresDemoApp>;
