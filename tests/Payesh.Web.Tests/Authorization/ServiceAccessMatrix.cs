using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Payesh.Web.Data;
using Payesh.Web.Data.Model;
using Payesh.Web.Features.Account;
using Payesh.Web.Features.Accountability;
using Payesh.Web.Features.Admin;
using Payesh.Web.Features.Agencies;
using Payesh.Web.Features.Audit;
using Payesh.Web.Features.Dashboard;
using Payesh.Web.Features.Exports;
using Payesh.Web.Features.Meetings;
using Payesh.Web.Features.Plans.Edit;
using Payesh.Web.Features.Progress;
using Payesh.Web.Features.Resolutions;
using Payesh.Web.Infrastructure;
using Payesh.Web.Tests.Infrastructure;
using Payesh.Web.Tests.Reporting;
using static Payesh.Web.Tests.Infrastructure.TestPlans;

namespace Payesh.Web.Tests.Authorization;

/// <summary>
/// The access matrix's other half: <see cref="AccessMatrix"/> asks every route, so a service's check that the route's policy
/// repeats (administrators, the audit trail, the secretariat's meetings) or that the page's plan choice makes first (a draft
/// on the dashboard, the agency card, accountability) never decides its answer there. Here each feature service's guarded
/// entry point is called without a request, as every role, on a draft plan where it reads one: a check removed from the
/// service fails its row. Every call is a read or is refused before anything is stored.
/// </summary>
public abstract class ServiceAccessMatrix(Func<PayeshFactory> app)
{
    private PayeshFactory App => app();

    private static readonly string[] Who = ["admin", "secretariat", "governor", "smt.manager", "smt.reporter"];
    private static bool Staff(string who) => who is "admin" or "secretariat";

    /// <summary>A service call: who may make it, and what everyone else gets (forbidden for a role's right, not found for a
    /// draft plan, which does not exist to them).</summary>
    private sealed record Row(Func<string, bool> May, OutcomeKind Refused, Func<IServiceProvider, CurrentUser, PlanRow, Task<OutcomeKind>> Call);

    private static readonly Dictionary<string, Row> Rows = new()
    {
        ["Admin: AdminQueries.UsersAsync"] = new(w => w == "admin", OutcomeKind.Forbidden,
            async (s, u, _) => (await s.GetRequiredService<AdminQueries>().UsersAsync(u, new UserFilter(null, null, null, null), default)).Kind),
        ["Admin: AdminCommands.SetAgencyActiveAsync"] = new(w => w == "admin", OutcomeKind.Forbidden,
            async (s, u, _) => (await s.GetRequiredService<AdminCommands>().SetAgencyActiveAsync(u, -1, false, 0, default)).Kind),
        ["Audit: AuditQueries.TrailAsync"] = new(Staff, OutcomeKind.Forbidden,
            async (s, u, _) => (await s.GetRequiredService<AuditQueries>().TrailAsync(u, new AuditFilter(null, null, null, null, null, null), 1, default)).Kind),
        ["Meetings: MeetingQueries.ProposedAgendaAsync"] = new(Staff, OutcomeKind.Forbidden,
            async (s, u, _) => (await s.GetRequiredService<MeetingQueries>().ProposedAgendaAsync(u, default)).Kind),
        ["Meetings: MeetingCommands.CreateAsync"] = new(Staff, OutcomeKind.Forbidden,
            async (s, u, _) => (await s.GetRequiredService<MeetingCommands>().CreateAsync(new MeetingInput(), u, default)).Kind),
        ["Resolutions: ResolutionCommands.RecordAsync"] = new(Staff, OutcomeKind.Forbidden,
            async (s, u, _) => (await s.GetRequiredService<ResolutionCommands>().RecordAsync(-1, new ResolutionInput(), u, default)).Kind),
        ["Dashboard: DashboardQueries.ShowAsync (draft)"] = new(Staff, OutcomeKind.NotFound,
            async (s, u, draft) => (await s.GetRequiredService<DashboardQueries>().ShowAsync(u, draft, null, default)).Kind),
        ["Dashboard: DashboardQueries.CurveAsync (draft)"] = new(Staff, OutcomeKind.NotFound,
            async (s, u, draft) => (await s.GetRequiredService<DashboardQueries>().CurveAsync(u, draft, null, SmtAction, default)).Kind),
        ["Agencies: AgencyQueries.CardAsync (draft)"] = new(Staff, OutcomeKind.NotFound,
            async (s, u, draft) => (await s.GetRequiredService<AgencyQueries>().CardAsync(u, "SMT", draft, null, default)).Kind),
        ["Accountability: AccountabilityReports.ReportAsync (draft)"] = new(Staff, OutcomeKind.NotFound,
            async (s, u, draft) => (await s.GetRequiredService<AccountabilityReports>().ReportAsync(u, draft, null, default)).Kind),
        ["Progress: ProgressQueries.AgenciesAsync (draft)"] = new(Staff, OutcomeKind.NotFound,
            async (s, u, draft) => (await s.GetRequiredService<ProgressQueries>().AgenciesAsync(u, draft.Id, null, default)).Kind),
        ["Exports: ExportQueries.AccountabilityAsync (draft)"] = new(Staff, OutcomeKind.NotFound,
            async (s, u, draft) => (await s.GetRequiredService<ExportQueries>().AccountabilityAsync(u, draft.Id, null, default)).Kind),
        // Authoring is the secretariat's and administrators' in the services themselves, not only by the /Plans/Edit policy.
        // Staff calls are refused otherwise (no such node, a stale version, an empty file), so none of them writes.
        ["Plans: PlanEditor.ReorderAsync"] = new(Staff, OutcomeKind.Forbidden,
            async (s, u, draft) => (await s.GetRequiredService<PlanEditor>().ReorderAsync(u, draft.Id, -1, 1, default)).Kind),
        ["Plans: PlanLifecycle.CloseAsync"] = new(Staff, OutcomeKind.Forbidden,
            async (s, u, draft) => (await s.GetRequiredService<PlanLifecycle>().CloseAsync(u, draft.Id, 0, default)).Kind),
        ["Plans: PlanQualityService.CheckAsync (draft)"] = new(Staff, OutcomeKind.NotFound,
            async (s, u, draft) => await s.GetRequiredService<PlanQualityService>().CheckAsync(u, draft.Id, default) is null ? OutcomeKind.NotFound : OutcomeKind.Ok),
        ["Plans: PlanUpdates.PreviewAsync"] = new(Staff, OutcomeKind.Forbidden,
            async (s, u, draft) => (await s.GetRequiredService<PlanUpdates>().PreviewAsync(u, draft.Id, [], default)).Kind),
    };

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var row in Rows.Keys)
            foreach (var who in Who) data.Add(row, who);
        return data;
    }

    [SkippableTheory]
    [MemberData(nameof(Cases))]
    public async Task A_service_refuses_whoever_its_rule_refuses(string service, string who)
    {
        var row = Rows[service];
        var draft = await Drafts.GetValue(App, DraftAsync);
        int audited = await App.InDbAsync(db => db.AuditEntries.CountAsync());
        using var scope = App.Services.CreateScope();
        var user = await scope.ServiceProvider.GetRequiredService<PayeshDb>().CurrentUserAsync(who);
        var got = await row.Call(scope.ServiceProvider, user, draft);
        if (row.May(who)) Assert.True(got != row.Refused, $"{service} as {who}: refused ({got}), but the rule lets them");
        else
        {
            Assert.True(got == row.Refused, $"{service} as {who}: expected {row.Refused}, got {got}");
            Assert.Equal(audited, await App.InDbAsync(db => db.AuditEntries.CountAsync()));
        }
    }

    private static readonly ConditionalWeakTable<PayeshFactory, Task<PlanRow>> Drafts = new();

    private static async Task<PlanRow> DraftAsync(PayeshFactory app)
    {
        var (plan, _) = await ReportingPlans.CreateAsync(app, Small("پیش‌نویس ماتریس خدمات"), approve: false);
        return await app.InDbAsync(db => db.Plans.AsNoTracking().SingleAsync(p => p.Id == plan));
    }
}

public sealed class ServiceAccessMatrixOnSqlite(SqliteDemoApp app) : ServiceAccessMatrix(() => app), IClassFixture<SqliteDemoApp>;

public sealed class ServiceAccessMatrixOnPostgres(PostgresDemoApp app) : ServiceAccessMatrix(() => app.Factory), IClassFixture<PostgresDemoApp>;
