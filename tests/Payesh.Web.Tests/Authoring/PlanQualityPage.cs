using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Payesh.Web.Data.Model;
using Payesh.Web.Tests.Infrastructure;
using static Payesh.Web.Tests.Authoring.AuthoringKit;

namespace Payesh.Web.Tests.Authoring;

/// <summary>The plan-quality page: a score, each rule's result and a fix-list whose links lead to the node to fix;
/// obstacles of the register linked to a node count for its axis.</summary>
public abstract partial class PlanQualityPage(Func<PayeshFactory> app)
{
    private PayeshFactory App => app();

    [GeneratedRegex(@"class=""quality-score num [^""]*"">([^<]+)<")]
    private static partial Regex Score();

    [SkippableFact]
    public async Task The_page_scores_the_plan_and_links_each_finding_to_the_node_to_fix()
    {
        var staff = await Browser.SignedInAsync(App, "secretariat");
        var (plan, nodes) = await ApprovablePlanAsync(App, "برنامه کیفیت‌سنجی");
        await ApproveAsync(staff, plan);
        // A deliverable is not part of the baseline: it changes without a reason.
        await EditNodeAsync(staff, plan, nodes["T1"], new Dictionary<string, string?> { ["Node.Deliverable"] = "" });

        var page = await staff.PageAsync($"/Plans/{plan}/Quality");

        var score = Score().Match(page).Groups[1].Value;
        Assert.Matches("^[۰-۹]+$", score);
        Assert.Contains("۱ مورد بازدارنده تصویب", page);
        Assert.Contains("هر اقدام خروجی یا شاخص دارد", page);
        Assert.Contains($"href=\"/Plans/{plan}/Edit/Node/{nodes["T1"]}\"", page);
        Assert.Contains("برای محور «T محور مالیات» الزامات و نقشه راه ثبت نشده است.", page);
        Assert.Contains("هیچ مانعی از ثبت موانع به محور «S محور صنعت»", page);
        // A viewer reads the same check of a communicated plan, with links to see rather than fix.
        var governor = await Browser.SignedInAsync(App, "governor");
        var viewer = await governor.PageAsync($"/Plans/{plan}/Quality");
        Assert.Contains($"href=\"/Plans/{plan}/Action/{nodes["T1"]}\"", viewer);
        Assert.DoesNotContain("/Edit/Node/", viewer);
    }

    [SkippableFact]
    public async Task An_obstacle_linked_to_an_action_identifies_the_obstacles_of_its_axis()
    {
        var staff = await Browser.SignedInAsync(App, "secretariat");
        var (plan, nodes) = await ApprovablePlanAsync(App, "برنامه موانع محور");
        Assert.Contains("هیچ مانعی از ثبت موانع به محور «S محور صنعت»", await staff.PageAsync($"/Plans/{plan}/Quality"));

        await App.InDbAsync(async db =>
        {
            var obstacle = new Obstacle
            {
                Title = "کمبود نقدینگی",
                ReportedByName = "آزمون",
                ReportedOn = new DateOnly(2026, 9, 1),
                ReportedAt = App.Clock.UtcNow,
                PlanId = plan,
                Nodes = [new ObstacleNode { NodeId = nodes["S1"] }],
            };
            db.Obstacles.Add(obstacle);
            return await db.SaveChangesAsync();
        });

        var page = await staff.PageAsync($"/Plans/{plan}/Quality");
        Assert.DoesNotContain("هیچ مانعی از ثبت موانع به محور «S محور صنعت»", page);
        Assert.Contains("هیچ مانعی از ثبت موانع به محور «T محور مالیات»", page);
    }

    [SkippableFact]
    public async Task A_draft_plan_quality_is_not_shown_to_agency_users()
    {
        var (plan, _) = await ApprovablePlanAsync(App, "برنامه کیفیت پنهان");
        var agency = await Browser.SignedInAsync(App, "smt.reporter");

        var answer = await agency.GetAsync($"/Plans/{plan}/Quality");

        // A draft does not exist for them (issue 10 § 2): not found, as any unknown plan.
        Assert.Equal(System.Net.HttpStatusCode.NotFound, answer.StatusCode);
    }
}

public sealed class PlanQualityPageOnSqlite(SqliteDemoApp app) : PlanQualityPage(() => app), IClassFixture<SqliteDemoApp>;

public sealed class PlanQualityPageOnPostgres(PostgresDemoApp app) : PlanQualityPage(() => app.Factory), IClassFixture<PostgresDemoApp>;
