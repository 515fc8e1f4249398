using System.Net;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Payesh.Web.Data;
using Payesh.Web.Data.Model;
using Payesh.Web.Features.Plans;
using Payesh.Web.Features.Reports;
using Payesh.Web.Infrastructure;
using Payesh.Web.Tests.Infrastructure;
using static Payesh.Web.Tests.Infrastructure.TestPlans;

namespace Payesh.Web.Tests.Reporting;

/// <summary>Evidence attached to a daily report: accepted by what the bytes are (not by the name), stored with their
/// type and SHA-256; refused files store no report either; served only to those who may see the action.</summary>
public abstract class EvidenceUploads(Func<PayeshFactory> app)
{
    private PayeshFactory App => app();

    private const string WrongType = "نوع فایل پذیرفته نیست؛ فقط PDF، تصویر (PNG، JPEG، GIF، WebP) و فایل‌های Word، Excel و PowerPoint.";

    private async Task<(long Plan, long Node, HttpClient Reporter)> PlanAsync()
    {
        var (plan, nodes) = await ReportingPlans.CreateAsync(App, Small("برنامه آزمون مستندات"));
        return (plan, nodes[SmtAction], await Browser.SignedInAsync(App, "smt.reporter"));
    }

    [SkippableTheory]
    [InlineData("bazdid-1405-06-31.pdf", "pdf", "application/pdf", "application/pdf")]
    [InlineData("aks-kargah.png", "png", "image/png", "image/png")]
    [InlineData("aks-ba-nam-ghalat.pdf", "png", "application/pdf", "image/png")] // the bytes decide, not the name or the browser
    public async Task A_real_file_is_accepted_and_stored_with_its_sniffed_type_and_hash(string fileName, string kind, string sentAs, string stored)
    {
        var (plan, node, reporter) = await PlanAsync();
        var bytes = kind == "pdf" ? SampleFiles.Pdf : SampleFiles.Png;

        var (_, html) = await TodayRows.PostAsync(reporter, TodayRows.Url(plan), node, new RowEntry("10", "صورت‌جلسه پیوست است", File: new Upload(fileName, bytes, sentAs)));

        Assert.True(TodayRows.ClassesOf(html, node).Contains("row-saved"), TodayRows.Shorten(html));
        var report = await App.InDbAsync(db => db.ProgressReports.SingleAsync(r => r.NodeId == node));
        var evidence = await App.InDbAsync(db => db.Evidence.SingleAsync(e => e.NodeId == node));
        Assert.Equal(report.Id, evidence.ReportId);
        Assert.Equal(plan, evidence.PlanId);
        Assert.Null(evidence.CommentId);
        Assert.Equal(stored, evidence.ContentType);
        Assert.Equal(fileName, evidence.FileName);
        Assert.Equal(bytes.Length, evidence.Size);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), evidence.Sha256);
        Assert.Equal(bytes, evidence.Content);
        Assert.NotNull(evidence.UploadedById);
    }

    [SkippableTheory]
    [InlineData("gozaresh.pdf", "text")]      // a text file renamed .pdf
    [InlineData("setup.exe", "exe")]
    [InlineData("gozaresh.docx", "exe")]       // an executable renamed as a Word document
    public async Task A_file_that_is_not_a_document_is_refused_and_no_report_is_stored(string fileName, string kind)
    {
        var (plan, node, reporter) = await PlanAsync();
        var bytes = kind == "text" ? SampleFiles.Text : SampleFiles.Exe;

        var (_, html) = await TodayRows.PostAsync(reporter, TodayRows.Url(plan), node, new RowEntry("10", File: new Upload(fileName, bytes, "application/pdf")));

        var row = TodayRows.Row(html, node)!;
        Assert.Contains("row-error", TodayRows.ClassesOf(html, node));
        Assert.Contains(WrongType, row);
        Assert.Equal("10", TodayRows.TypedPercent(row));
        Assert.Equal(0, await ReportingPlans.ReportsOfNodeAsync(App, node));
        Assert.Equal(0, await App.InDbAsync(db => db.Evidence.CountAsync(e => e.NodeId == node)));
    }

    [SkippableFact]
    public async Task A_file_over_the_limit_is_refused_and_no_report_is_stored()
    {
        var (plan, node, reporter) = await PlanAsync();
        var big = new byte[10 * 1024 * 1024 + 1]; // the default limit is 10 MB
        SampleFiles.Pdf.CopyTo(big, 0);

        var (_, html) = await TodayRows.PostAsync(reporter, TodayRows.Url(plan), node, new RowEntry("10", File: new Upload("bozorg.pdf", big, "application/pdf")));

        Assert.Contains("row-error", TodayRows.ClassesOf(html, node));
        Assert.Contains("حجم فایل پیوست بیش از ۱۰ مگابایت است.", TodayRows.Row(html, node));
        Assert.Equal(0, await ReportingPlans.ReportsOfNodeAsync(App, node));
    }

    [SkippableFact]
    public async Task The_file_is_served_to_those_who_may_see_the_action_only()
    {
        var (plan, node, reporter) = await PlanAsync();
        await TodayRows.PostAsync(reporter, TodayRows.Url(plan), node, new RowEntry("10", File: new Upload("bazdid.pdf", SampleFiles.Pdf, "application/pdf")));
        await TodayRows.PostAsync(reporter, TodayRows.Url(plan), node, new RowEntry("20", File: new Upload("aks.png", SampleFiles.Png, "image/png")));
        var files = await App.InDbAsync(db => db.Evidence.Where(e => e.NodeId == node).OrderBy(e => e.Id).Select(e => e.Id).ToListAsync());
        Assert.Equal(2, files.Count);

        foreach (var who in new[] { "smt.reporter", "smt.manager", "secretariat", "governor", "admin" })
        {
            var client = await Browser.SignedInAsync(App, who);
            foreach (var (id, type, bytes) in new[] { (files[0], "application/pdf", SampleFiles.Pdf), (files[1], "image/png", SampleFiles.Png) })
            {
                var answer = await client.GetAsync($"/Evidence/{id}");
                Assert.True(answer.StatusCode == HttpStatusCode.OK, $"{who} GET /Evidence/{id}: {(int)answer.StatusCode} {answer.Headers.Location}");
                Assert.Equal(type, answer.Content.Headers.ContentType?.MediaType);
                Assert.Equal(bytes, await answer.Content.ReadAsByteArrayAsync());
                Assert.Equal("nosniff", answer.Headers.GetValues("X-Content-Type-Options").Single());
            }
        }
        foreach (var who in new[] { "tax.reporter", "bmi.reporter" })
        {
            var client = await Browser.SignedInAsync(App, who);
            PageForms.AssertDenied(await client.GetAsync($"/Evidence/{files[0]}"), $"{who} GET /Evidence/{files[0]}");
        }
        var anonymous = await Browser.Anonymous(App).GetAsync($"/Evidence/{files[0]}");
        Assert.StartsWith("/Account/Login", PageForms.RedirectTarget(anonymous));
        Assert.Equal(HttpStatusCode.NotFound, (await reporter.GetAsync("/Evidence/987654321")).StatusCode);
    }

    private const string RefusedName = "refused-by-the-database.pdf";

    /// <summary>Makes the database refuse an evidence row named <see cref="RefusedName"/> (a trigger), or stops it.</summary>
    private Task<int> RefuseEvidenceAsync(bool on) => App.InDbAsync(db =>
    {
        bool pg = db.Database.ProviderName!.Contains("Npgsql", StringComparison.Ordinal);
        string sql = (pg, on) switch
        {
            (false, true) => "CREATE TRIGGER test_refuse_evidence BEFORE INSERT ON \"Evidence\" WHEN NEW.\"FileName\" = 'refused-by-the-database.pdf' "
                + "BEGIN SELECT RAISE(ABORT, 'evidence refused by the test'); END;",
            (false, false) => "DROP TRIGGER IF EXISTS test_refuse_evidence;",
            (true, true) => "CREATE FUNCTION test_refuse_evidence() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                + "IF NEW.\"FileName\" = 'refused-by-the-database.pdf' THEN RAISE EXCEPTION 'evidence refused by the test'; END IF; RETURN NEW; END $$; "
                + "CREATE TRIGGER test_refuse_evidence BEFORE INSERT ON \"Evidence\" FOR EACH ROW EXECUTE FUNCTION test_refuse_evidence();",
            (true, false) => "DROP TRIGGER IF EXISTS test_refuse_evidence ON \"Evidence\"; DROP FUNCTION IF EXISTS test_refuse_evidence();",
        };
        return db.Database.ExecuteSqlRawAsync(sql);
    });

    [SkippableFact]
    public async Task A_report_whose_evidence_the_database_refuses_is_not_stored_either()
    {
        var (plan, node, reporter) = await PlanAsync();
        var planRow = await App.InDbAsync(db => db.Plans.AsNoTracking().SingleAsync(p => p.Id == plan));
        await RefuseEvidenceAsync(on: true);
        try
        {
            using var scope = App.Services.CreateScope();
            var services = scope.ServiceProvider;
            var user = await services.GetRequiredService<PayeshDb>().CurrentUserAsync("smt.reporter");
            var sheet = await services.GetRequiredService<TodayQueries>()
                .RowAsync(user, Outcome.Done(new PlanShown(planRow, [], true)), null, null, node, default);
            var row = Assert.Single(sheet.Rows);
            var file = new Evidence
            {
                FileName = RefusedName, ContentType = "application/pdf", Size = SampleFiles.Pdf.Length,
                Sha256 = Convert.ToHexStringLower(SHA256.HashData(SampleFiles.Pdf)), Content = SampleFiles.Pdf,
            };
            // The report and its file are one transaction: the file's failure takes the report with it.
            await Assert.ThrowsAnyAsync<Exception>(() => services.GetRequiredService<TodayCommands>()
                .SaveRowAsync(user, row, new TodaySheet.RowInput { NodeId = node, Percent = "10" }, file, null, default));
        }
        finally
        {
            await RefuseEvidenceAsync(on: false);
        }
        Assert.Equal(0, await App.InDbAsync(db => db.ProgressReports.CountAsync(r => r.NodeId == node)));
        Assert.Equal(0, await App.InDbAsync(db => db.Evidence.CountAsync(e => e.NodeId == node)));

        // Nothing was left half done: the same row is saved with its file once the database takes it.
        var (_, html) = await TodayRows.PostAsync(reporter, TodayRows.Url(plan), node, new RowEntry("10", File: new Upload(RefusedName, SampleFiles.Pdf, "application/pdf")));
        Assert.True(TodayRows.ClassesOf(html, node).Contains("row-saved"), TodayRows.Shorten(html));
        var report = await App.InDbAsync(db => db.ProgressReports.SingleAsync(r => r.NodeId == node));
        Assert.Equal(report.Id, (await App.InDbAsync(db => db.Evidence.SingleAsync(e => e.NodeId == node))).ReportId);
        var audited = await App.InDbAsync(db => db.AuditEntries.AsNoTracking().Where(e => e.EntityType == "Evidence").OrderByDescending(e => e.Id)
            .Select(e => new { e.After, e.UserName }).FirstAsync());
        Assert.Contains(RefusedName, audited.After, StringComparison.Ordinal);
        Assert.DoesNotContain("\"Content\"", audited.After, StringComparison.Ordinal);
    }
}

public sealed class EvidenceUploadsOnSqlite(SqliteDemoApp app) : EvidenceUploads(() => app), IClassFixture<SqliteDemoApp>;

public sealed class EvidenceUploadsOnPostgres(PostgresDemoApp app) : EvidenceUploads(() => app.Factory), IClassFixture<PostgresDemoApp>;

/// <summary>The size limit comes from Payesh:EvidenceMaxMegabytes; checked without a database.</summary>
public sealed class EvidenceLimit
{
    private static FormFile File(byte[] bytes, string name) => new FormFile(new MemoryStream(bytes), 0, bytes.Length, "Evidence", name);

    [Fact]
    public async Task The_limit_is_read_from_configuration_and_a_larger_file_is_refused()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Payesh:EvidenceMaxMegabytes"] = "1" }).Build();
        long limit = EvidenceFiles.MaxBytes(config);
        var exactly = new byte[limit];
        var over = new byte[limit + 1];
        SampleFiles.Pdf.CopyTo(exactly, 0);
        SampleFiles.Pdf.CopyTo(over, 0);

        var (accepted, noError) = await EvidenceFiles.ReadAsync(File(exactly, "a.pdf"), limit, CancellationToken.None);
        var (refused, error) = await EvidenceFiles.ReadAsync(File(over, "b.pdf"), limit, CancellationToken.None);

        Assert.Equal(1024 * 1024, limit);
        Assert.Null(noError);
        Assert.Equal("application/pdf", accepted!.ContentType);
        Assert.Null(refused);
        Assert.Equal("حجم فایل پیوست بیش از ۱ مگابایت است.", error);
        Assert.Equal(10L * 1024 * 1024, EvidenceFiles.MaxBytes(new ConfigurationBuilder().Build()));
    }

    [Fact]
    public async Task An_empty_file_is_refused()
    {
        var (file, error) = await EvidenceFiles.ReadAsync(File([], "khali.pdf"), 1024, CancellationToken.None);

        Assert.Null(file);
        Assert.Equal("فایل پیوست خالی است.", error);
    }
}
