using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Payesh.Domain.Calendar;
using Payesh.Web.Infrastructure;
using Payesh.Web.Tests.Admin;
using Payesh.Web.Tests.Infrastructure;
using static Payesh.Web.Tests.Authoring.AuthoringKit;

namespace Payesh.Web.Tests.Authoring;

/// <summary>progress-spec § Baselines through the app: a change after approval needs a reason, a decision and an
/// effective day, records a new baseline, and the figures API, tree and dashboard give each day's planned figures
/// under the baseline in force that day, while actual figures come from the reports whatever the baseline.</summary>
public abstract class Rebaselining(Func<PayeshFactory> app)
{
    private PayeshFactory App => app();

    private static readonly JalaliDate YearStart = new(1405, 1, 1), YearEnd = new(1405, 12, 29);

    /// <summary>Linear planned % of an action over [start, end] at the end of a day.</summary>
    private static double Linear(JalaliDate start, JalaliDate end, JalaliDate day) =>
        day < start ? 0 : day >= end ? 100 : 100.0 * (day - start + 1) / (end - start + 1);

    private static async Task<double> PlannedAsync(HttpClient api, long plan, string asOf, string? node = null) =>
        (double)(await api.ProgressAsync(plan, asOf, node))["planned"]!;

    private async Task<(long Plan, Dictionary<string, long> Nodes, HttpClient Staff)> ApprovedPlanAsync(string title)
    {
        var staff = await Browser.SignedInAsync(App, "secretariat");
        var (plan, nodes) = await ApprovablePlanAsync(App, title);
        Assert.Equal(HttpStatusCode.Redirect, (await ApproveAsync(staff, plan)).StatusCode);
        return (plan, nodes, staff);
    }

    private static Dictionary<string, string?> Change(string effective, string reason = "تسریع به دستور استاندار", string decision = "مصوبه ۷ ستاد") => new()
    {
        ["Change.Reason"] = reason,
        ["Change.Decision"] = decision,
        ["Change.EffectiveFrom"] = effective,
    };

    [SkippableFact]
    public async Task Figures_before_a_rebaseline_use_the_old_schedule_and_from_its_effective_day_the_new_one()
    {
        var (plan, nodes, staff) = await ApprovedPlanAsync("برنامه خط مبنای دوم");
        var api = await App.ApiClientAsync("governor");
        await (await App.ApiClientAsync("secretariat")).PostReportAsync(plan, new { action = "S1", date = "1405/03/10", percent = 20, backdateReason = "گزارش دیرکرد" });
        long version = await StructureVersionAsync(App, plan);

        var change = Change("1405/04/01");
        change["Node.End"] = "1405/06/31";
        var answer = await EditNodeAsync(staff, plan, nodes["S1"], change);
        var outline = await staff.FollowAsync(answer);

        Assert.Contains("خط مبنای ۲ (از ۱۴۰۵/۰۴/۰۱) ثبت شد", outline);
        Assert.True(await StructureVersionAsync(App, plan) > version);
        var newEnd = new JalaliDate(1405, 6, 31);
        var before = new JalaliDate(1405, 3, 31);
        var after = new JalaliDate(1405, 4, 15);
        // The action: planned by the schedule in force each day; actual from the report either way.
        Assert.Equal(Linear(YearStart, YearEnd, before), await PlannedAsync(api, plan, before.ToString(), "S1"), 9);
        Assert.Equal(Linear(YearStart, newEnd, after), await PlannedAsync(api, plan, after.ToString(), "S1"), 9);
        Assert.Equal(20, (double)(await api.ProgressAsync(plan, after.ToString(), "S1"))["actual"]!);
        Assert.Equal(20, (double)(await api.ProgressAsync(plan, before.ToString(), "S1"))["actual"]!);
        // The whole plan: axis S (weight 2) = mean of S1 and S2; axis T (weight 1) = T1.
        double Root(JalaliDate d, JalaliDate s1End) =>
            (2 * (Linear(YearStart, s1End, d) + Linear(YearStart, YearEnd, d)) / 2 + Linear(YearStart, YearEnd, d)) / 3;
        Assert.Equal(Root(before, YearEnd), await PlannedAsync(api, plan, before.ToString()), 9);
        Assert.Equal(Root(after, newEnd), await PlannedAsync(api, plan, after.ToString()), 9);
        // The series switches on the effective day.
        var series = await api.GetJsonAsync($"/api/v1/plans/{plan}/series?node=S1&from=1405/03/30&to=1405/04/02");
        var planned = series["planned"]!.AsArray().Select(v => (double)v!).ToArray();
        Assert.Equal(Linear(YearStart, YearEnd, new JalaliDate(1405, 3, 31)), planned[1], 9);
        Assert.Equal(Linear(YearStart, newEnd, new JalaliDate(1405, 4, 1)), planned[2], 9);
        // The tree and the dashboard show the same planned figures.
        var governor = await Browser.SignedInAsync(App, "governor");
        var tree = await governor.PageAsync($"/Plans/{plan}?asOf=1405/04/15&node=S");
        Assert.Contains(Fa.Pct(Linear(YearStart, newEnd, after)), tree);
        Assert.Contains("خط مبنای ۲", tree);
        var dashboard = await governor.PageAsync($"/?plan={plan}&asOf=1405/04/15");
        Assert.Contains(Fa.Pct(Root(after, newEnd)), dashboard);
        var action = await governor.PageAsync($"/Plans/{plan}/Action/{nodes["S1"]}?asOf=1405/03/31");
        Assert.Contains("در خط مبنای در اجرای این روز: ۱۴۰۵/۰۱/۰۱ تا ۱۴۰۵/۱۲/۲۹", action);
    }

    [SkippableFact]
    public async Task Baselines_are_listed_with_who_why_and_by_which_decision_and_compared()
    {
        var (plan, nodes, staff) = await ApprovedPlanAsync("برنامه مقایسه خط مبنا");
        var change = Change("1405/05/01", "کمبود اعتبار", "نامه ۱۲۳۴ استانداری");
        change["Node.Weight"] = "۴";
        change["Node.Start"] = "1405/02/01";
        await staff.FollowAsync(await EditNodeAsync(staff, plan, nodes["T1"], change));

        var page = await (await Browser.SignedInAsync(App, "governor")).PageAsync($"/Plans/{plan}/Baselines");

        Assert.Contains("کمبود اعتبار", page);
        Assert.Contains("نامه ۱۲۳۴ استانداری", page);
        Assert.Contains("secretariat", page);
        Assert.Contains("۱۴۰۵/۰۵/۰۱", page);
        Assert.Contains("از خط مبنای ۱ تا ۲: ۲ تغییر", page);
        Assert.Contains("۱۴۰۵/۰۱/۰۱ تا ۱۴۰۵/۱۲/۲۹", page);
        Assert.Contains("۱۴۰۵/۰۲/۰۱ تا ۱۴۰۵/۱۲/۲۹", page);
        Assert.Contains("id=\"baseline-chart\"", page);
    }

    [SkippableFact]
    public async Task A_change_of_an_approved_plan_without_reason_decision_or_a_valid_day_is_refused_and_changes_nothing()
    {
        var (plan, nodes, staff) = await ApprovedPlanAsync("برنامه بی‌دلیل");
        var change = Change("1405/04/01", reason: "", decision: "");
        change["Node.End"] = "1405/06/31";

        var page = await (await EditNodeAsync(staff, plan, nodes["S1"], change)).HtmlAsync();

        Assert.Contains("دلیل این تغییر را بنویسید", page);
        Assert.Contains("مرجع تصمیم (شماره مصوبه، نامه یا صورتجلسه) را بنویسید.", page);
        Assert.Contains("value=\"1405/06/31\"", page);
        Assert.Equal(1, await App.InDbAsync(db => db.PlanBaselines.CountAsync(b => b.PlanId == plan)));
        Assert.Equal(new DateOnly(2027, 3, 20), await App.InDbAsync(db => db.PlanNodes.Where(n => n.Id == nodes["S1"]).Select(n => n.EndDate!.Value).SingleAsync()));

        // A baseline from 1405/05/01 exists: the next may not take effect before it.
        var first = Change("1405/05/01");
        first["Node.End"] = "1405/06/31";
        await staff.FollowAsync(await EditNodeAsync(staff, plan, nodes["S1"], first));
        var earlier = Change("1405/04/01");
        earlier["Node.End"] = "1405/07/30";
        Assert.Contains("روز اجرا نمی‌تواند پیش از روز اجرای آخرین خط مبنا (۱۴۰۵/۰۵/۰۱) باشد.",
            await (await EditNodeAsync(staff, plan, nodes["S1"], earlier)).HtmlAsync());
        // A title is not part of the baseline: no reason needed, no new baseline.
        var title = await EditNodeAsync(staff, plan, nodes["S1"], new Dictionary<string, string?> { ["Node.Title"] = "اقدام یکم صنعت (بازنویسی)" });
        Assert.Equal(HttpStatusCode.Redirect, title.StatusCode);
        Assert.Equal(2, await App.InDbAsync(db => db.PlanBaselines.CountAsync(b => b.PlanId == plan)));
    }

    [SkippableFact]
    public async Task An_action_removed_from_an_approved_plan_stays_in_the_days_before_and_keeps_its_reports()
    {
        var (plan, nodes, staff) = await ApprovedPlanAsync("برنامه برداشتن اقدام");
        var api = await App.ApiClientAsync("governor");
        await (await App.ApiClientAsync("secretariat")).PostReportAsync(plan, new { action = "S2", date = "1405/03/01", percent = 10, backdateReason = "گزارش دیرکرد" });
        var url = $"/Plans/{plan}/Edit/Node/{nodes["S2"]}";

        var noReason = await staff.SubmitAsync(url, url + "?handler=Remove", new Dictionary<string, string?>
        {
            ["Node.Version"] = Forms.Field(await staff.PageAsync(url), "Node.Version"),
        });
        Assert.Contains("دلیل این تغییر را بنویسید", await noReason.HtmlAsync());
        var fields = Change("1405/05/01", "ادغام با اقدام یکم");
        fields["Node.Version"] = Forms.Field(await staff.PageAsync(url), "Node.Version");
        var removed = await staff.SubmitAsync(url, url + "?handler=Remove", fields);
        Assert.Equal(HttpStatusCode.Redirect, removed.StatusCode);

        var s2 = await App.InDbAsync(db => db.PlanNodes.AsNoTracking().SingleAsync(n => n.Id == nodes["S2"]));
        Assert.True(s2.IsRemoved);
        Assert.Equal(1, await App.InDbAsync(db => db.ProgressReports.CountAsync(r => r.NodeId == nodes["S2"])));
        // Before the effective day the axis S is the mean of S1 and S2; from it on, S1 alone.
        var d1 = new JalaliDate(1405, 4, 20);
        var d2 = new JalaliDate(1405, 5, 10);
        Assert.Equal(Linear(YearStart, YearEnd, d1), await PlannedAsync(api, plan, d1.ToString(), "S"), 9);
        Assert.Equal(5, (double)(await api.ProgressAsync(plan, d1.ToString(), "S"))["actual"]!, 9);
        Assert.Equal(0, (double)(await api.ProgressAsync(plan, d2.ToString(), "S"))["actual"]!, 9);
        var children = (await api.ProgressAsync(plan, d2.ToString(), "S"))["children"]!.AsArray().Select(c => (string?)c!["code"]);
        Assert.Equal(["S1"], children);
        // The removed action's page keeps its history; its code stays taken.
        var action = await (await Browser.SignedInAsync(App, "governor")).PageAsync($"/Plans/{plan}/Action/{nodes["S2"]}?asOf=1405/03/15");
        Assert.Contains("از برنامه برداشته شده", action);
        Assert.DoesNotContain("اقدام دوم صنعت", await staff.PageAsync($"/Plans/{plan}/Edit"));
        var again = await PostNodeAsync(staff, plan, null, Action(nodes["S"], "S2", "اقدام تازه", "SMT", "1405/06/01", "1405/09/01")
            .Concat(Change("1405/06/01")).ToDictionary(k => k.Key, k => k.Value));
        Assert.Contains("کد «S2» پیش‌تر به بخشی داده شده", await again.HtmlAsync());
        // Reports for it are no longer taken.
        var report = await (await App.ApiClientAsync("smt.reporter")).PostAsync($"/api/v1/plans/{plan}/reports",
            new StringContent("""{"action":"S2","date":"1405/06/31","percent":20}""", System.Text.Encoding.UTF8, "application/json"));
        Assert.False(report.IsSuccessStatusCode);
    }

    [SkippableFact]
    public async Task A_plan_approved_before_baselines_were_recorded_gets_baseline_1_at_its_first_change()
    {
        var staff = await Browser.SignedInAsync(App, "secretariat");
        var (plan, nodes) = await ApprovablePlanAsync(App, "برنامه ابلاغ‌شده قدیمی");
        await App.InDbAsync(db => db.Plans.Where(p => p.Id == plan).ExecuteUpdateAsync(s => s.SetProperty(p => p.State, Payesh.Web.Data.Model.PlanState.Approved)));
        var api = await App.ApiClientAsync("governor");

        var change = Change("1405/04/01");
        change["Node.End"] = "1405/06/31";
        await staff.FollowAsync(await EditNodeAsync(staff, plan, nodes["S1"], change));

        var numbers = await App.InDbAsync(db => db.PlanBaselines.Where(b => b.PlanId == plan).OrderBy(b => b.Number).Select(b => b.Number).ToListAsync());
        Assert.Equal([1, 2], numbers);
        Assert.Equal(Linear(YearStart, YearEnd, new JalaliDate(1405, 3, 1)), await PlannedAsync(api, plan, "1405/03/01", "S1"), 9);
    }
}

public sealed class RebaseliningOnSqlite(SqliteDemoApp app) : Rebaselining(() => app), IClassFixture<SqliteDemoApp>;

public sealed class RebaseliningOnPostgres(PostgresDemoApp app) : Rebaselining(() => app.Factory), IClassFixture<PostgresDemoApp>;
