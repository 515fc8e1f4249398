using System.Net;
using Microsoft.EntityFrameworkCore;
using Payesh.Web.Tests.Admin;
using Payesh.Web.Tests.Infrastructure;
using Payesh.Web.Tests.Reporting;
using static Payesh.Web.Tests.Infrastructure.TestPlans;

namespace Payesh.Web.Tests.Authoring;

/// <summary>Issue 11 item 9: node codes are proposed (the next free code under the parent) and normalised (Persian or
/// Latin digits give one code); the node form names agencies, not their Latin codes.</summary>
public abstract class NodeCodes(Func<PayeshFactory> app)
{
    private PayeshFactory App => app();

    private Task<string> CodeOfAsync(long nodeId) => App.InDbAsync(db => db.PlanNodes.Where(n => n.Id == nodeId).Select(n => n.Code).FirstAsync());

    [SkippableFact]
    public async Task The_form_proposes_the_next_free_code_and_stores_codes_with_Latin_digits()
    {
        var staff = await Browser.SignedInAsync(App, "secretariat");
        long plan = await AuthoringKit.NewPlanAsync(staff, "برنامه کدهای پیشنهادی");

        // Typed with Persian digits, stored as one code.
        long axis = await AuthoringKit.AddNodeAsync(staff, plan, AuthoringKit.Group(null, "۰۱", "محور صنعت"));
        Assert.Equal("01", await CodeOfAsync(axis));
        var form = await staff.PageAsync($"/Plans/{plan}/Edit/Node?parent={axis}");
        Assert.Equal("01.01", AuthoringKit.FormFields(form, "node-form")["Node.Code"]);
        Assert.Contains(">سازمان صنعت، معدن و تجارت استان قم</option>", form);
        Assert.DoesNotContain("(SMT)", form);

        long first = await AuthoringKit.AddNodeAsync(staff, plan, AuthoringKit.Group(axis, "۰۱٫۰۱", "برنامه یکم"));
        Assert.Equal("01.01", await CodeOfAsync(first));
        // Left blank, the code is the proposal for the parent chosen.
        var blank = AuthoringKit.Group(axis, "", "برنامه دوم");
        long second = await AuthoringKit.AddNodeAsync(staff, plan, blank);
        Assert.Equal("01.02", await CodeOfAsync(second));
        Assert.Equal("02", AuthoringKit.FormFields(await staff.PageAsync($"/Plans/{plan}/Edit/Node"), "node-form")["Node.Code"]);

        // The same code in other digits is a duplicate.
        var duplicate = await AuthoringKit.PostNodeAsync(staff, plan, null, AuthoringKit.Group(axis, "٠١.٠١", "تکراری"));
        Assert.Equal(HttpStatusCode.OK, duplicate.StatusCode);
        Assert.Contains("تکراری", WebUtility.HtmlDecode(await duplicate.Content.ReadAsStringAsync()));
    }

    [SkippableFact]
    public async Task A_report_names_its_action_in_any_digits()
    {
        var (plan, nodes) = await ReportingPlans.CreateAsync(App, Small("برنامه کد با ارقام فارسی"));
        var smt = await App.ApiClientAsync("smt.reporter");
        long id = await smt.PostReportAsync(plan, new { action = "S۱", date = "۱۴۰۵/۰۶/۳۱", percent = "۱۰" });
        Assert.Equal(nodes[SmtAction], await App.InDbAsync(db => db.ProgressReports.Where(r => r.Id == id).Select(r => r.NodeId).FirstAsync()));
    }
}

public sealed class NodeCodesOnSqlite(SqliteDemoApp app) : NodeCodes(() => app), IClassFixture<SqliteDemoApp>;

public sealed class NodeCodesOnPostgres(PostgresDemoApp app) : NodeCodes(() => app.Factory), IClassFixture<PostgresDemoApp>;
