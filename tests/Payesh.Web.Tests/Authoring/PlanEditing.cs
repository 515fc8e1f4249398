using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Payesh.Domain.Plans;
using Payesh.Web.Data.Model;
using Payesh.Web.Features.Account;
using Payesh.Web.Features.Plans.Edit;
using Payesh.Web.Infrastructure;
using Payesh.Web.Tests.Admin;
using Payesh.Web.Tests.Infrastructure;
using static Payesh.Web.Tests.Authoring.AuthoringKit;

namespace Payesh.Web.Tests.Authoring;

/// <summary>The secretariat builds and edits a plan's tree in the browser: every level, every field, validated with
/// Persian messages; stale edits never overwrite; every structural change bumps the structure version.</summary>
public abstract class PlanEditing(Func<PayeshFactory> app)
{
    private PayeshFactory App => app();

    [SkippableFact]
    public async Task Secretariat_builds_a_plan_by_hand_at_every_level_with_schedules_milestones_KPI_and_requirements()
    {
        var staff = await Browser.SignedInAsync(App, "secretariat");
        long plan = await NewPlanAsync(staff, "برنامه دستی آزمون");
        long v0 = await StructureVersionAsync(App, plan);

        long axis = await AddNodeAsync(staff, plan, Group(null, "01", "محور صنعت", "2"));
        long program = await AddNodeAsync(staff, plan, Group(axis, "01.01", "برنامه نوسازی"));
        var action = Action(program, "01.01.01", "نوسازی ماشین‌آلات", "SMT", "۱۴۰۵/۰۲/۰۱", "1405/09/30", "3", null, "TAX", "BMI");
        action["Node.Curve"] = "milestones";
        action["Node.Milestones[0].Date"] = "1405/05/31";
        action["Node.Milestones[0].Percent"] = "۴۰";
        action["Node.Milestones[1].Date"] = "";
        action["Node.Milestones[1].Percent"] = "";
        action["Node.KpiName"] = "واحد نوسازی‌شده";
        action["Node.KpiUnit"] = "واحد";
        action["Node.KpiTarget"] = "۱۲";
        action["Node.Requirements[0].Text"] = "ابلاغ دستورالعمل";
        action["Node.Requirements[0].Owner"] = "SMT";
        action["Node.Requirements[0].Deadline"] = "1405/03/01";
        long a1 = await AddNodeAsync(staff, plan, action);

        var stored = await App.InDbAsync(db => db.PlanNodes.AsNoTracking().Include(n => n.Collaborators).Include(n => n.Milestones)
            .Include(n => n.RequirementItems).Include(n => n.LeadAgency).SingleAsync(n => n.Id == a1));
        Assert.True(stored.IsAction);
        Assert.Equal((program, "SMT", 3.0, CurveKind.Milestones), (stored.ParentId!.Value, stored.LeadAgency!.Code, stored.Weight, stored.Curve));
        Assert.Equal(new DateOnly(2026, 4, 21), stored.StartDate); // 1405/02/01
        Assert.Equal(2, stored.Collaborators.Count);
        Assert.Equal(40, Assert.Single(stored.Milestones).Percent);
        Assert.Equal(("واحد نوسازی‌شده", 12.0), (stored.KpiName, stored.KpiTarget!.Value));
        var req = Assert.Single(stored.RequirementItems);
        Assert.Equal(("ابلاغ دستورالعمل", new DateOnly(2026, 5, 22)), (req.Text, req.Deadline!.Value));
        Assert.True(await StructureVersionAsync(App, plan) >= v0 + 3);

        // The API gives the same plan back, requirement owner and deadline included.
        var doc = await (await App.ApiClientAsync("secretariat")).GetJsonAsync($"/api/v1/plans/{plan}");
        var node = doc["nodes"]![0]!["children"]![0]!["children"]![0]!;
        Assert.Equal("1405/02/01", (string?)node["start"]);
        Assert.Equal("SMT", (string?)node["requirements"]![0]!["owner"]);
        // Editing replaces the lists: one requirement changed, one added; the milestone moved; a collaborator dropped.
        var edited = await EditNodeAsync(staff, plan, a1, new Dictionary<string, string?>
        {
            ["Node.Requirements[0].Text"] = "ابلاغ دستورالعمل بازنگری‌شده",
            ["Node.Requirements[1].Text"] = "تشکیل کارگروه",
            ["Node.Milestones[0].Date"] = "1405/06/15",
            ["Node.Collaborators[1]"] = null,
        });
        Assert.Equal(HttpStatusCode.Redirect, edited.StatusCode);
        var after = await App.InDbAsync(db => db.PlanNodes.AsNoTracking().Include(n => n.Collaborators).Include(n => n.Milestones)
            .Include(n => n.RequirementItems).SingleAsync(n => n.Id == a1));
        Assert.Equal(["ابلاغ دستورالعمل بازنگری‌شده", "تشکیل کارگروه"], after.RequirementItems.OrderBy(r => r.SortOrder).Select(r => r.Text));
        Assert.Equal(new DateOnly(2026, 9, 6), Assert.Single(after.Milestones).Date);
        Assert.Single(after.Collaborators);
        Assert.Equal(1, await App.InDbAsync(db => db.NodeMilestones.CountAsync(m => m.NodeId == a1)));
        // The outline shows the tree with Persian digits.
        var outline = await staff.PageAsync($"/Plans/{plan}/Edit");
        Assert.Contains("نوسازی ماشین‌آلات", outline);
        Assert.Contains("۱۴۰۵/۰۲/۰۱", outline);
    }

    [SkippableFact]
    public async Task Invalid_input_shows_Persian_messages_at_each_field_keeps_what_was_typed_and_stores_nothing()
    {
        var staff = await Browser.SignedInAsync(App, "secretariat");
        long plan = await NewPlanAsync(staff, "برنامه خطاها");
        long axis = await AddNodeAsync(staff, plan, Group(null, "01", "محور"));
        int before = await App.InDbAsync(db => db.PlanNodes.CountAsync(n => n.PlanId == plan));

        var fields = Action(axis, "01.01", "اقدام نادرست", "", "1405/08/01", "1405/02/30", "سه");
        fields["Node.Milestones[0].Date"] = "1406/01/01";
        fields["Node.Milestones[0].Percent"] = "50";
        fields["Node.Curve"] = "milestones";
        fields["Node.Requirements[0].Text"] = "الزامی با مهلت نادرست";
        fields["Node.Requirements[0].Deadline"] = "1405/13/01";
        var answer = await PostNodeAsync(staff, plan, null, fields);
        var page = await answer.HtmlAsync();

        Assert.Contains("وزن باید عدد باشد؛ «سه» عدد نیست.", page);
        Assert.Contains("اقدام باید دستگاه مسئول داشته باشد.", page);
        Assert.Contains("تاریخ پایان اقدام پیش از تاریخ شروع آن است.", page);
        Assert.Contains("نقطه عطف ردیف ۱", page);
        Assert.Contains("ماه ۱۳ نامعتبر است", page);
        Assert.Contains("value=\"اقدام نادرست\"", page);
        Assert.Contains("value=\"1405/08/01\"", page);
        Assert.Equal(before, await App.InDbAsync(db => db.PlanNodes.CountAsync(n => n.PlanId == plan)));
    }

    [SkippableFact]
    public async Task An_invalid_node_edit_answers_its_errors_by_field_path_and_the_page_shows_them_under_their_fields()
    {
        var staff = await Browser.SignedInAsync(App, "secretariat");
        long plan = await NewPlanAsync(staff, "برنامه مسیر خطا");
        await AddNodeAsync(staff, plan, Group(null, "01", "محور یک"));
        long second = await AddNodeAsync(staff, plan, Group(null, "02", "محور دو"));
        const string notANumber = "وزن باید عدد باشد؛ «سه» عدد نیست.", noTitle = "عنوان بخش الزامی است.";

        // The service: the second top-level node's errors by its path in the plan document, nothing stored.
        var author = await App.InDbAsync(db => db.Users.Where(u => u.UserName == "secretariat").Select(u => u.Id).SingleAsync());
        using (var scope = App.Services.CreateScope())
        {
            var editor = scope.ServiceProvider.GetRequiredService<PlanEditor>();
            var version = await App.InDbAsync(db => db.PlanNodes.Where(n => n.Id == second).Select(n => n.Version).SingleAsync());
            var outcome = await editor.SaveNodeAsync(new CurrentUser(author, "دبیرخانه", new HashSet<string> { Roles.Secretariat }, null), plan, second,
                new NodeInput { Code = "02", Title = "", Weight = "سه", Version = version }, null, default);
            Assert.Equal(OutcomeKind.Invalid, outcome.Kind);
            Assert.Contains(new ValidationError("nodes[1].weight", notANumber), outcome.Errors);
            Assert.Contains(new ValidationError("nodes[1].title", noTitle), outcome.Errors);
            Assert.Equal("nodes[1]", Assert.IsType<NodeEditContext>(outcome.Data).NodePath);
        }
        Assert.Equal("محور دو", await App.InDbAsync(db => db.PlanNodes.Where(n => n.Id == second).Select(n => n.Title).SingleAsync()));

        // The page: each message in the feedback under its own input, none in the page's general messages.
        var page = await (await EditNodeAsync(staff, plan, second, new Dictionary<string, string?> { ["Node.Title"] = "", ["Node.Weight"] = "سه" })).HtmlAsync();
        Assert.Equal(notANumber, FeedbackUnder(page, "Node.Weight"));
        Assert.Equal(noTitle, FeedbackUnder(page, "Node.Title"));
    }

    /// <summary>The text of the invalid-feedback that follows the input named <paramref name="name"/>.</summary>
    private static string FeedbackUnder(string html, string name)
    {
        var m = System.Text.RegularExpressions.Regex.Match(html,
            $@"<input\b[^>]*\bname=""{System.Text.RegularExpressions.Regex.Escape(name)}""[^>]*>\s*<div class=""invalid-feedback"">(?<text>[^<]*)</div>");
        Assert.True(m.Success, $"no feedback under {name}");
        return m.Groups["text"].Value.Trim();
    }

    [SkippableFact]
    public async Task Arabic_yeh_and_kaf_are_stored_in_Persian_form()
    {
        var staff = await Browser.SignedInAsync(App, "secretariat");
        long plan = await NewPlanAsync(staff, "برنامه كيفيت");

        long axis = await AddNodeAsync(staff, plan, Group(null, "01", "محور  كشاورزي"));

        Assert.Equal("برنامه کیفیت", await App.InDbAsync(db => db.Plans.Where(p => p.Id == plan).Select(p => p.Title).SingleAsync()));
        Assert.Equal("محور کشاورزی", await App.InDbAsync(db => db.PlanNodes.Where(n => n.Id == axis).Select(n => n.Title).SingleAsync()));
    }

    [SkippableFact]
    public async Task A_node_moves_under_another_parent_and_up_and_down_but_never_under_itself()
    {
        var staff = await Browser.SignedInAsync(App, "secretariat");
        long plan = await NewPlanAsync(staff, "برنامه جابه‌جایی");
        long a = await AddNodeAsync(staff, plan, Group(null, "A", "محور الف"));
        long b = await AddNodeAsync(staff, plan, Group(null, "B", "محور ب"));
        long a1 = await AddNodeAsync(staff, plan, Group(a, "A1", "برنامه الف یک"));
        long a2 = await AddNodeAsync(staff, plan, Group(a, "A2", "برنامه الف دو"));

        // Under its own child: refused.
        var cycle = await (await EditNodeAsync(staff, plan, a, new Dictionary<string, string?> { ["Node.ParentId"] = a1.ToString(CultureInfo.InvariantCulture) })).HtmlAsync();
        Assert.Contains("بخش نمی‌تواند زیرشاخه خودش یا زیرشاخه‌های خودش شود.", cycle);
        // A2 goes under B, first place.
        var moved = await EditNodeAsync(staff, plan, a2, new Dictionary<string, string?> { ["Node.ParentId"] = b.ToString(CultureInfo.InvariantCulture), ["Node.Position"] = "1" });
        Assert.Equal(HttpStatusCode.Redirect, moved.StatusCode);
        Assert.Equal(b, await App.InDbAsync(db => db.PlanNodes.Where(n => n.Id == a2).Select(n => n.ParentId).SingleAsync()));
        // B moves up above A.
        long v = await StructureVersionAsync(App, plan);
        var up = await staff.SubmitAsync($"/Plans/{plan}/Edit", $"/Plans/{plan}/Edit?handler=Move",
            new Dictionary<string, string?> { ["nodeId"] = b.ToString(CultureInfo.InvariantCulture), ["delta"] = "-1" });
        Assert.Equal(HttpStatusCode.Redirect, up.StatusCode);
        var order = await App.InDbAsync(db => db.PlanNodes.Where(n => n.PlanId == plan && n.ParentId == null)
            .OrderBy(n => n.SortOrder).Select(n => n.Code).ToListAsync());
        Assert.Equal(["B", "A"], order);
        Assert.True(await StructureVersionAsync(App, plan) > v);
        // An action takes no children.
        long act = await AddNodeAsync(staff, plan, Action(b, "B1", "اقدام ب", "SMT", "1405/01/10", "1405/05/10"));
        var underAction = await (await PostNodeAsync(staff, plan, null, Group(act, "X", "زیر اقدام"))).HtmlAsync();
        Assert.Contains("زیر یک اقدام نمی‌توان بخش افزود", underAction);
    }

    [SkippableFact]
    public async Task A_stale_edit_is_refused_with_a_clear_message_and_the_typed_values_are_kept()
    {
        var first = await Browser.SignedInAsync(App, "secretariat");
        var second = await Browser.SignedInAsync(App, "admin");
        long plan = await NewPlanAsync(first, "برنامه هم‌زمانی");
        long axis = await AddNodeAsync(first, plan, Group(null, "01", "محور اصلی"));
        var url = $"/Plans/{plan}/Edit/Node/{axis}";
        // Both open the form; the first saves; the second saves what it saw.
        var seenByFirst = FormFields(await first.PageAsync(url), "node-form");
        var seenBySecond = FormFields(await second.PageAsync(url), "node-form");
        seenByFirst["Node.Title"] = "عنوان کاربر یکم";
        seenBySecond["Node.Title"] = "عنوان کاربر دوم";
        Assert.Equal(HttpStatusCode.Redirect, (await first.SubmitAsync(url, url, seenByFirst)).StatusCode);

        var conflict = await (await second.SubmitAsync(url, url, seenBySecond)).HtmlAsync();

        Assert.Contains(Forms.Conflict, conflict);
        Assert.Contains("value=\"عنوان کاربر دوم\"", conflict);
        Assert.Contains("مقدار کنونی: عنوان کاربر یکم", conflict);
        Assert.Equal("عنوان کاربر یکم", await App.InDbAsync(db => db.PlanNodes.Where(n => n.Id == axis).Select(n => n.Title).SingleAsync()));
        // Having seen the current value, the second user may save again.
        var again = FormFields(conflict, "node-form");
        Assert.Equal(HttpStatusCode.Redirect, (await second.SubmitAsync(url, url, again)).StatusCode);
        Assert.Equal("عنوان کاربر دوم", await App.InDbAsync(db => db.PlanNodes.Where(n => n.Id == axis).Select(n => n.Title).SingleAsync()));
    }

    [SkippableFact]
    public async Task Removing_from_a_draft_deletes_the_subtree_and_records_it_in_the_audit_trail()
    {
        var staff = await Browser.SignedInAsync(App, "secretariat");
        long plan = await NewPlanAsync(staff, "برنامه حذف");
        long axis = await AddNodeAsync(staff, plan, Group(null, "01", "محور رفتنی"));
        long program = await AddNodeAsync(staff, plan, Group(axis, "01.01", "برنامه رفتنی"));
        long action = await AddNodeAsync(staff, plan, Action(program, "01.01.01", "اقدام رفتنی", "SMT", "1405/01/10", "1405/05/10"));
        var version = await App.InDbAsync(db => db.PlanNodes.Where(n => n.Id == axis).Select(n => n.Version).SingleAsync());

        var answer = await staff.SubmitAsync($"/Plans/{plan}/Edit", $"/Plans/{plan}/Edit?handler=Remove",
            new Dictionary<string, string?> { ["nodeId"] = axis.ToString(CultureInfo.InvariantCulture), ["version"] = version.ToString(CultureInfo.InvariantCulture) });
        var outline = await staff.FollowAsync(answer, $"/Plans/{plan}/Edit");

        Assert.Contains("حذف شد", outline);
        Assert.Equal(0, await App.InDbAsync(db => db.PlanNodes.CountAsync(n => n.PlanId == plan)));
        var deletes = await App.InDbAsync(db => db.AuditEntries.Where(e => e.EntityType == "PlanNode" && e.Action == "delete")
            .Select(e => e.EntityId).ToListAsync());
        Assert.Contains(action.ToString(CultureInfo.InvariantCulture), deletes);
    }

    [SkippableFact]
    public async Task Only_the_secretariat_and_admins_reach_the_authoring_pages()
    {
        var (plan, nodes) = await ApprovablePlanAsync(App, "برنامه دسترسی تدوین");
        foreach (var who in new[] { "governor", "smt.manager", "smt.reporter" })
        {
            var client = await Browser.SignedInAsync(App, who);
            foreach (var url in new[] { "/Plans/New", $"/Plans/{plan}/Edit", $"/Plans/{plan}/Edit/Node/{nodes["S1"]}", "/Plans/Import", $"/Plans/{plan}/Approve", "/Plans/Template.xlsx" })
            {
                var answer = await client.GetAsync(url);
                Assert.True(answer.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Redirect, $"{who} {url}: {(int)answer.StatusCode}");
                if (answer.StatusCode == HttpStatusCode.Redirect) Assert.StartsWith("/Account/Denied", answer.Headers.Location!.AbsolutePath);
            }
        }
        // Agency users do not see drafts in the plan list; the secretariat does.
        Assert.DoesNotContain("برنامه دسترسی تدوین", await (await Browser.SignedInAsync(App, "smt.reporter")).PageAsync("/Plans"));
        Assert.Contains("برنامه دسترسی تدوین", await (await Browser.SignedInAsync(App, "secretariat")).PageAsync("/Plans"));
    }
}

public sealed class PlanEditingOnSqlite(SqliteDemoApp app) : PlanEditing(() => app), IClassFixture<SqliteDemoApp>;

public sealed class PlanEditingOnPostgres(PostgresDemoApp app) : PlanEditing(() => app.Factory), IClassFixture<PostgresDemoApp>;
