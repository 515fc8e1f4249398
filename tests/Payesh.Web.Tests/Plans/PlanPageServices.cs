using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Payesh.Web.Data;
using Payesh.Web.Features.Account;
using Payesh.Web.Features.Plans;
using Payesh.Web.Features.Plans.Edit;
using Payesh.Web.Infrastructure;
using Payesh.Web.Tests.Infrastructure;
using Payesh.Web.Tests.Reporting;
using static Payesh.Web.Tests.Infrastructure.TestPlans;

namespace Payesh.Web.Tests.Plans;

/// <summary>
/// The plan pages' services (issue 10 § 1) decide who may see what themselves, called with a user and no request: a
/// draft does not exist for anyone but staff (tree, timeline, baselines, action, comment, authoring), authoring reads and
/// imports are staff's, and an agency neither opens nor comments on an action it does not lead or work on.
/// </summary>
public abstract class PlanPageServices(Func<PayeshFactory> app)
{
    private PayeshFactory App => app();

    private async Task<T> AsAsync<T>(string userName, Func<IServiceProvider, CurrentUser, Task<T>> body)
    {
        using var scope = App.Services.CreateScope();
        var user = await scope.ServiceProvider.GetRequiredService<PayeshDb>().CurrentUserAsync(userName);
        return await body(scope.ServiceProvider, user);
    }

    private Task<int> CommentsAsync(long plan) => App.InDbAsync(db => db.ActionComments.CountAsync(c => c.PlanId == plan));

    [SkippableTheory]
    [InlineData("governor")]
    [InlineData("smt.manager")]
    [InlineData("smt.reporter")]
    public async Task A_draft_is_not_found_by_the_plan_pages_services_for_non_staff(string who)
    {
        var (plan, nodes) = await ReportingPlans.CreateAsync(App, Small("پیش‌نویس صفحه‌های برنامه"), approve: false);
        long action = nodes[SmtAction], group = nodes["S"];
        Assert.Equal(OutcomeKind.NotFound, (await AsAsync(who, (s, u) => s.GetRequiredService<TreeQueries>().TreeAsync(u, plan, null, null, default))).Kind);
        Assert.Equal(OutcomeKind.NotFound, (await AsAsync(who, (s, u) => s.GetRequiredService<TreeQueries>().TimelineAsync(u, plan, null, "S", default))).Kind);
        Assert.Equal(OutcomeKind.NotFound, (await AsAsync(who, (s, u) => s.GetRequiredService<BaselineQueries>().PageAsync(u, plan, null, null, default))).Kind);
        Assert.Equal(OutcomeKind.NotFound, (await AsAsync(who, (s, u) => s.GetRequiredService<ActionQueries>().ShowAsync(u, plan, action, null, default))).Kind);
        Assert.Equal(OutcomeKind.NotFound, (await AsAsync(who, (s, u) => s.GetRequiredService<ActionCommands>()
            .CommentAsync(u, u.Name, plan, action, "یادداشت روی پیش‌نویس", null, null, default))).Kind);
        Assert.Equal(0, await CommentsAsync(plan));
        Assert.Equal(OutcomeKind.NotFound, (await AsAsync(who, (s, u) => s.GetRequiredService<AuthoringQueries>().PlanAsync(u, plan, default))).Kind);
        Assert.Equal(OutcomeKind.NotFound, (await AsAsync(who, (s, u) => s.GetRequiredService<AuthoringQueries>().OutlineAsync(u, plan, default))).Kind);
        Assert.Equal(OutcomeKind.NotFound, (await AsAsync(who, (s, u) => s.GetRequiredService<AuthoringQueries>().NodeFormAsync(u, plan, group, default))).Kind);
        Assert.Equal(OutcomeKind.NotFound, (await AsAsync(who, (s, u) => s.GetRequiredService<AuthoringQueries>().ProposedCodeAsync(u, plan, group, default))).Kind);
        Assert.Equal(OutcomeKind.NotFound, (await AsAsync(who, (s, u) => s.GetRequiredService<AuthoringQueries>().NodeToRemoveAsync(u, plan, action, default))).Kind);
        var cards = await AsAsync(who, (s, u) => s.GetRequiredService<PlanQueries>().CardsAsync(u, default));
        Assert.DoesNotContain(cards.Plans, c => c.Id == plan);
        Assert.False(cards.CanManage);
    }

    [SkippableFact]
    public async Task Staff_read_a_draft_through_the_same_services()
    {
        var (plan, nodes) = await ReportingPlans.CreateAsync(App, Small("پیش‌نویس خوانده دبیرخانه"), approve: false);
        var tree = await AsAsync("secretariat", (s, u) => s.GetRequiredService<TreeQueries>().TreeAsync(u, plan, null, "S", default));
        Assert.True(tree.Ok, tree.Detail);
        Assert.Equal(["S1", "S2"], tree.Value!.Tree!.Groups.Select(g => g.Row.Code));
        var toAction = await AsAsync("secretariat", (s, u) => s.GetRequiredService<TreeQueries>().TreeAsync(u, plan, null, SmtAction, default));
        Assert.Equal(nodes[SmtAction], toAction.Value!.Action!.Value.NodeId);
        var outline = await AsAsync("secretariat", (s, u) => s.GetRequiredService<AuthoringQueries>().OutlineAsync(u, plan, default));
        Assert.Equal(["S", "S1", "S2", "T", "T1"], outline.Value!.Lines.Select(l => l.Node.Code));
        Assert.Equal("S.01", (await AsAsync("secretariat", (s, u) => s.GetRequiredService<AuthoringQueries>().ProposedCodeAsync(u, plan, nodes["S"], default))).Value);
        var cards = await AsAsync("secretariat", (s, u) => s.GetRequiredService<PlanQueries>().CardsAsync(u, default));
        Assert.Contains(cards.Plans, c => c.Id == plan);
        Assert.True(cards.CanManage);
    }

    [SkippableTheory]
    [InlineData("governor")]
    [InlineData("smt.manager")]
    [InlineData("tax.reporter")]
    public async Task Authoring_reads_and_imports_are_staffs_only(string who)
    {
        var (plan, nodes) = await ReportingPlans.CreateAsync(App, Small("برنامه ابلاغ‌شده تدوین"));
        Assert.Equal(OutcomeKind.Forbidden, (await AsAsync(who, (s, u) => s.GetRequiredService<AuthoringQueries>().PlanAsync(u, plan, default))).Kind);
        Assert.Equal(OutcomeKind.Forbidden, (await AsAsync(who, (s, u) => s.GetRequiredService<AuthoringQueries>().OutlineAsync(u, plan, default))).Kind);
        Assert.Equal(OutcomeKind.Forbidden, (await AsAsync(who, (s, u) => s.GetRequiredService<AuthoringQueries>().NodeFormAsync(u, plan, nodes[TaxAction], default))).Kind);
        Assert.Equal(OutcomeKind.Forbidden, (await AsAsync(who, (s, u) => s.GetRequiredService<AuthoringQueries>().NodeToRemoveAsync(u, plan, nodes[TaxAction], default))).Kind);
        Assert.Equal(OutcomeKind.Forbidden, (await AsAsync(who, (s, u) => s.GetRequiredService<AuthoringQueries>().ImportJobAsync(u, 1, default))).Kind);
        int jobs = await App.InDbAsync(db => db.PlanImportJobs.CountAsync());
        Assert.Equal(OutcomeKind.Forbidden, (await AsAsync(who, (s, u) => s.GetRequiredService<PlanImports>().StartAsync(u, "plan.xlsx", [1, 2, 3], default))).Kind);
        Assert.Equal(jobs, await App.InDbAsync(db => db.PlanImportJobs.CountAsync()));
    }

    [SkippableFact]
    public async Task An_agency_neither_opens_nor_comments_on_an_action_it_does_not_work_on()
    {
        var (plan, nodes) = await ReportingPlans.CreateAsync(App, Small("برنامه یادداشت اقدام"));
        long smt = nodes[SmtAction];
        Assert.Equal(OutcomeKind.Forbidden, (await AsAsync("tax.reporter", (s, u) => s.GetRequiredService<ActionQueries>().ShowAsync(u, plan, smt, null, default))).Kind);
        Assert.Equal(OutcomeKind.Forbidden, (await AsAsync("tax.reporter", (s, u) => s.GetRequiredService<ActionCommands>()
            .CommentAsync(u, u.Name, plan, smt, "یادداشت دستگاه دیگر", null, null, default))).Kind);
        // A viewer reads every action but writes no comment.
        var viewer = await AsAsync("governor", (s, u) => s.GetRequiredService<ActionQueries>().ShowAsync(u, plan, smt, null, default));
        Assert.True(viewer.Ok, viewer.Detail);
        Assert.False(viewer.Value!.CanComment);
        Assert.Equal(OutcomeKind.Forbidden, (await AsAsync("governor", (s, u) => s.GetRequiredService<ActionCommands>()
            .CommentAsync(u, u.Name, plan, smt, "یادداشت بیننده", null, null, default))).Kind);
        Assert.Equal(0, await CommentsAsync(plan));
        // The lead agency comments; an empty comment is invalid by its field; a group is not an action.
        var empty = await AsAsync("smt.reporter", (s, u) => s.GetRequiredService<ActionCommands>().CommentAsync(u, u.Name, plan, smt, "  ", null, null, default));
        Assert.Equal(ActionCommands.TextPath, Assert.Single(empty.Errors).Path);
        Assert.Equal(OutcomeKind.NotFound, (await AsAsync("smt.reporter", (s, u) => s.GetRequiredService<ActionQueries>().ShowAsync(u, plan, nodes["S"], null, default))).Kind);
        var saved = await AsAsync("smt.reporter", (s, u) => s.GetRequiredService<ActionCommands>().CommentAsync(u, "گزارشگر صنعت", plan, smt, "یادداشت دستگاه مسئول", null, null, default));
        Assert.True(saved.Ok, saved.Detail);
        var shown = await AsAsync("smt.reporter", (s, u) => s.GetRequiredService<ActionQueries>().ShowAsync(u, plan, smt, null, default));
        Assert.True(shown.Value!.CanComment);
        Assert.Equal("گزارشگر صنعت", Assert.Single(shown.Value.Comments).UserName);
    }
}

public sealed class PlanPageServicesOnSqlite(SqliteDemoApp app) : PlanPageServices(() => app), IClassFixture<SqliteDemoApp>;

public sealed class PlanPageServicesOnPostgres(PostgresDemoApp app) : PlanPageServices(() => app.Factory), IClassFixture<PostgresDemoApp>;
