using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Payesh.Web.Features.Exports;
using Payesh.Web.Tests.Infrastructure;
using Payesh.Web.Tests.Reporting;

namespace Payesh.Web.Tests.Pages;

/// <summary>
/// Issue 12 § paper: a PDF file of the accountability report and of the dashboard, printed on the server by headless
/// Chromium from the page's own HTML (Features/Exports/PdfPages.cs); without Chromium the link is hidden and the
/// address answers a Persian 503 page.
/// </summary>
public abstract class PdfCopies(Func<PayeshFactory> app)
{
    private PayeshFactory App => app();

    private void RequireChromium()
    {
        bool available = App.Services.GetRequiredService<PdfRenderer>().Available;
        if (!available && TestDatabases.InCi) throw new InvalidOperationException("CI=true but no Chromium for the PDF copies.");
        Skip.IfNot(available, "no Chromium on this machine: the PDF copies are off");
    }

    [SkippableTheory]
    [InlineData("/Accountability", "/Accountability/Pdf", "payesh-accountability.pdf")]
    [InlineData("/", "/Dashboard/Pdf", "payesh-dashboard.pdf")]
    public async Task The_page_links_to_its_PDF_which_is_a_PDF_file_of_the_same_page(string page, string pdf, string file)
    {
        RequireChromium();
        var client = await Browser.SignedInAsync(App, "governor");
        var html = await client.PageAsync(page + "?asOf=1405/06/31");
        Assert.Contains($"href=\"{pdf}?asOf=1405/06/31\"", html);

        var answer = await client.GetAsync(pdf + "?asOf=1405/06/31");
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal("application/pdf", answer.Content.Headers.ContentType?.MediaType);
        Assert.Equal(file, answer.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        var bytes = await answer.Content.ReadAsByteArrayAsync();
        Assert.Equal("%PDF-", System.Text.Encoding.ASCII.GetString(bytes, 0, 5));
        Assert.True(bytes.Length > 10_000, $"{bytes.Length} bytes");
    }

    [SkippableFact]
    public async Task A_visitor_who_is_not_signed_in_is_sent_to_the_login_not_given_a_PDF()
    {
        var answer = await Browser.Anonymous(App).GetAsync("/Accountability/Pdf");
        Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
        Assert.Contains("/Account/Login", answer.Headers.Location!.OriginalString);
    }

    [SkippableFact]
    public async Task A_plan_the_user_may_not_see_gives_no_PDF()
    {
        RequireChromium();
        var (draft, _) = await ReportingPlans.CreateAsync(App, TestPlans.Small("برنامه پیش‌نویس آزمون PDF"), approve: false);
        var client = await Browser.SignedInAsync(App, "smt.reporter");
        var answer = await client.GetAsync($"/Accountability/Pdf?plan={draft}");
        Assert.NotEqual("application/pdf", answer.Content.Headers.ContentType?.MediaType);
    }

    [SkippableFact]
    public async Task Without_Chromium_the_link_is_hidden_and_the_address_answers_a_Persian_503_page()
    {
        using var factory = new PayeshFactory(App.Provider, seedDemo: false);
        factory.Settings["Payesh:Pdf:Chromium"] = "/nonexistent/chromium";
        var (plan, _) = await ReportingPlans.CreateAsync(factory, TestPlans.Small("برنامه آزمون PDF"));
        var client = await Browser.SignedInAsync(factory, "admin");

        var page = await client.PageAsync($"/Accountability?plan={plan}");
        Assert.Contains("گزارش پاسخگویی", page);
        Assert.DoesNotContain("/Accountability/Pdf", page);
        Assert.DoesNotContain("/Dashboard/Pdf", await client.PageAsync($"/?plan={plan}"));

        foreach (var url in new[] { $"/Accountability/Pdf?plan={plan}", $"/Dashboard/Pdf?plan={plan}" })
        {
            var answer = await client.GetAsync(url);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, answer.StatusCode);
            Assert.Equal("text/html", answer.Content.Headers.ContentType?.MediaType);
            var html = WebUtility.HtmlDecode(await answer.Content.ReadAsStringAsync());
            Assert.Contains("ساخت فایل PDF روی این سرور فعال نیست", html);
            Assert.Contains("<html lang=\"fa\" dir=\"rtl\">", html);
        }
    }
}

public sealed class PdfCopiesOnSqlite(SqliteDemoApp app) : PdfCopies(() => app), IClassFixture<SqliteDemoApp>;

public sealed class PdfCopiesOnPostgres(PostgresDemoApp app) : PdfCopies(() => app.Factory), IClassFixture<PostgresDemoApp>;
