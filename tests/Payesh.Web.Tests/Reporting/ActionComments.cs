using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Payesh.Web.Tests.Admin;
using Payesh.Web.Tests.Infrastructure;
using static Payesh.Web.Tests.Infrastructure.TestPlans;

namespace Payesh.Web.Tests.Reporting;

/// <summary>Comments on the action page: the lead agency, collaborating agencies and the secretariat write them (with
/// an optional file); a collaborating agency does not report percentages; viewers read but do not write.</summary>
public abstract partial class ActionComments(Func<PayeshFactory> app)
{
    private PayeshFactory App => app();

    [GeneratedRegex("<form\\b[^>]*\\baction=\"([^\"]*handler=Comment[^\"]*)\"")]
    private static partial Regex CommentForm();

    private async Task<(long Plan, long Node, string Url)> PlanAsync()
    {
        var (plan, nodes) = await ReportingPlans.CreateAsync(App, ReportingPlans.WithCollaborators(Small("برنامه آزمون یادداشت‌ها"), SmtAction, "BMI"));
        return (plan, nodes[SmtAction], $"/Plans/{plan}/Action/{nodes[SmtAction]}");
    }

    /// <summary>Fills and posts the comment form of the action page, as a browser does.</summary>
    private static async Task<HttpResponseMessage> CommentAsync(HttpClient client, string actionPage, string text, Upload? file = null)
    {
        var html = await client.PageAsync(actionPage);
        var form = CommentForm().Match(html);
        Assert.True(form.Success, $"{actionPage} has no comment form");
        var token = Forms.Field(html, "__RequestVerificationToken")!;
        return await PageForms.PostMultipartAsync(client, WebUtility.HtmlDecode(form.Groups[1].Value), token, [new("CommentText", text)], "CommentFile", file);
    }

    private Task<int> CommentCountAsync(long node) => App.InDbAsync(db => db.ActionComments.CountAsync(c => c.NodeId == node));

    [SkippableFact]
    public async Task A_collaborating_agency_comments_with_a_file_but_does_not_report_percentages()
    {
        var (plan, node, url) = await PlanAsync();
        var bmi = await Browser.SignedInAsync(App, "bmi.reporter");
        const string text = "بانک ملی تسهیلات مرحله اول را پرداخت کرد؛ نامه پیوست است.";

        var answer = await CommentAsync(bmi, url, text, new Upload("name-bank.pdf", SampleFiles.Pdf, "application/pdf"));

        Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
        Assert.StartsWith(url, PageForms.RedirectTarget(answer));
        var comment = await App.InDbAsync(db => db.ActionComments.SingleAsync(c => c.NodeId == node));
        var bmiId = await App.InDbAsync(db => db.Agencies.Where(a => a.Code == "BMI").Select(a => a.Id).SingleAsync());
        Assert.Equal(text, comment.Text);
        Assert.Equal(bmiId, comment.AgencyId);
        Assert.Equal(plan, comment.PlanId);
        var file = await App.InDbAsync(db => db.Evidence.SingleAsync(e => e.CommentId == comment.Id));
        Assert.Equal("application/pdf", file.ContentType);
        Assert.Equal(node, file.NodeId);
        Assert.Null(file.ReportId);

        // The comment and its file are listed for the collaborator, the lead agency and a viewer; the file opens.
        foreach (var who in new[] { "bmi.reporter", "smt.reporter", "governor" })
        {
            var client = who == "bmi.reporter" ? bmi : await Browser.SignedInAsync(App, who);
            var page = await client.PageAsync(url);
            Assert.Contains(text, page);
            Assert.Contains($"href=\"/Evidence/{file.Id}\"", page);
            Assert.Contains("پیوست: name-bank.pdf", page);
            Assert.Equal(SampleFiles.Pdf, await (await client.GetAsync($"/Evidence/{file.Id}")).Content.ReadAsByteArrayAsync());
        }

        // Commenting is not reporting: the collaborator's percentage is refused and nothing is counted.
        var api = await App.ApiClientAsync("bmi.reporter");
        var report = await api.PostAsJsonAsync($"/api/v1/plans/{plan}/reports", new { action = SmtAction, date = "1405/06/31", percent = 30 });
        Assert.Equal(HttpStatusCode.Forbidden, report.StatusCode);
        Assert.Equal(0, await App.ReportCountAsync(plan));
    }

    [SkippableFact]
    public async Task Comments_are_listed_newest_first_with_who_wrote_them()
    {
        var (_, node, url) = await PlanAsync();
        var smt = await Browser.SignedInAsync(App, "smt.reporter");
        var staff = await Browser.SignedInAsync(App, "secretariat");

        await CommentAsync(smt, url, "یادداشت نخست دستگاه مسئول");
        await CommentAsync(staff, url, "پاسخ دبیرخانه به یادداشت");
        var page = await smt.PageAsync(url);

        Assert.Equal(2, await CommentCountAsync(node));
        Assert.Contains("یادداشت‌ها و مستندات دستگاه‌ها (۲)", page);
        int first = page.IndexOf("یادداشت نخست دستگاه مسئول", StringComparison.Ordinal);
        int reply = page.IndexOf("پاسخ دبیرخانه به یادداشت", StringComparison.Ordinal);
        Assert.True(reply >= 0 && first > reply, "the newest comment comes first");
        Assert.Contains("کارشناس دبیرخانه ستاد", page);
        Assert.Contains("کارشناس سازمان صنعت، معدن و تجارت", page);
    }

    [SkippableFact]
    public async Task A_viewer_and_an_agency_not_on_the_action_cannot_comment()
    {
        var (_, node, url) = await PlanAsync();
        var governor = await Browser.SignedInAsync(App, "governor");
        var tax = await Browser.SignedInAsync(App, "tax.reporter");

        var viewerPage = await governor.PageAsync(url);
        var token = Forms.Field(viewerPage, "__RequestVerificationToken")!;
        var post = await PageForms.PostMultipartAsync(governor, url + "?handler=Comment", token, [new("CommentText", "ناظر نمی‌نویسد")],
            "CommentFile", new Upload("a.pdf", SampleFiles.Pdf, "application/pdf"));
        var taxToken = await PageForms.TokenAsync(tax, "/Notifications");
        var taxPost = await PageForms.PostMultipartAsync(tax, url + "?handler=Comment", taxToken, [new("CommentText", "دستگاه بی‌ربط")]);

        Assert.DoesNotContain("name=\"CommentText\"", viewerPage);
        PageForms.AssertDenied(post, "viewer POST comment");
        PageForms.AssertDenied(taxPost, "tax.reporter POST comment on an SMT action");
        PageForms.AssertDenied(await tax.GetAsync(url), "tax.reporter GET an SMT action");
        Assert.Equal(0, await CommentCountAsync(node));
        Assert.Equal(0, await App.InDbAsync(db => db.Evidence.CountAsync(e => e.NodeId == node)));
    }

    [SkippableFact]
    public async Task An_empty_comment_or_a_bad_file_is_refused_in_Persian_and_nothing_is_stored()
    {
        var (_, node, url) = await PlanAsync();
        var bmi = await Browser.SignedInAsync(App, "bmi.reporter");

        var empty = await (await CommentAsync(bmi, url, "   ")).HtmlAsync();
        var badFile = await (await CommentAsync(bmi, url, "نامه پیوست است", new Upload("name.pdf", SampleFiles.Text, "application/pdf"))).HtmlAsync();

        Assert.Contains("متن یادداشت را بنویسید.", empty);
        Assert.Contains("نوع فایل پذیرفته نیست", badFile);
        Assert.Contains("نامه پیوست است", badFile); // what was typed stays
        Assert.Equal(0, await CommentCountAsync(node));
        Assert.Equal(0, await App.InDbAsync(db => db.Evidence.CountAsync(e => e.NodeId == node)));
    }
}

public sealed class ActionCommentsOnSqlite(SqliteDemoApp app) : ActionComments(() => app), IClassFixture<SqliteDemoApp>;

public sealed class ActionCommentsOnPostgres(PostgresDemoApp app) : ActionComments(() => app.Factory), IClassFixture<PostgresDemoApp>;
