using System.Net;
using System.Text.RegularExpressions;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Payesh.Web.Tests.Infrastructure;

namespace Payesh.Web.Tests.Obstacles;

/// <summary>The obstacle, meeting and resolution pages as people use them (forms posted with their antiforgery
/// token), who may open which, and the Excel exports.</summary>
public abstract partial class ObstaclePages(Func<PayeshFactory> app)
{
    private PayeshFactory App => app();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Antiforgery();

    [GeneratedRegex(@"(?<![\w/])[0-9]{3,}(?![\w/])")]
    private static partial Regex LatinNumber();

    private static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string page, string action, Dictionary<string, string> fields)
    {
        var html = await client.GetStringAsync(page);
        fields["__RequestVerificationToken"] = Antiforgery().Match(html).Groups[1].Value;
        return await client.PostAsync(action, new FormUrlEncodedContent(fields));
    }

    private static string Text(string html) => Regex.Replace(Regex.Replace(html, "<(script|style)[^>]*>.*?</\\1>", "", RegexOptions.Singleline), "<[^>]+>", " ");

    [SkippableFact]
    public async Task The_register_meetings_and_resolutions_pages_show_Persian_digits()
    {
        var client = await Browser.SignedInAsync(App, "secretariat");
        foreach (var url in new[] { "/Obstacles", "/Obstacles/1", "/Obstacles/New", "/Obstacles/Figures", "/Meetings", "/Meetings/1", "/Meetings/1/Minutes", "/Resolutions", "/Resolutions/1" })
        {
            var page = await client.PageAsync(url);
            Api.AssertPersian(page);
            var visible = Text(page);
            Assert.False(LatinNumber().IsMatch(visible), $"{url} shows Latin digits: {LatinNumber().Match(visible).Value}");
        }
        var minutes = await client.PageAsync("/Meetings/1/Minutes");
        Assert.Contains("صورتجلسه", minutes);
        Assert.Contains("minutes-sheet", minutes);
    }

    [SkippableFact]
    public async Task An_agency_registers_through_the_form_and_a_duplicate_needs_confirmation()
    {
        var smt = await Browser.SignedInAsync(App, "smt.reporter");
        var fields = new Dictionary<string, string>
        {
            ["Input.Title"] = "توقف خط تولید ریسندگی به‌دلیل کمبود پنبه",
            ["Input.Category"] = "raw-material-and-currency",
            ["Input.Severity"] = "high",
            ["Input.Units[0].Name"] = "شرکت ریسندگی پردیس",
            ["Input.Units[0].Location"] = "شهرک صنعتی شکوهیه",
            ["Input.Units[0].Employees"] = "۸۵",
            ["Input.AmountBlocked"] = "۲٬۵۰۰٬۰۰۰٬۰۰۰",
            ["Input.Nodes"] = "۰۷.۰۱.۰۱",
        };
        var created = await PostFormAsync(smt, "/Obstacles/New", "/Obstacles/New", new(fields));
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var location = created.Headers.Location!.OriginalString;
        var page = await smt.PageAsync(location);
        Assert.Contains("مانع ثبت شد", page);
        Assert.Contains("۲٫۵ میلیارد ریال", page);

        var again = await PostFormAsync(smt, "/Obstacles/New", "/Obstacles/New", new(fields) { ["Input.Title"] = "کمبود پنبه و توقف ریسندگی" });
        var warning = WebUtility.HtmlDecode(await again.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Contains("duplicate-warning", warning);
        Assert.Contains("همان واحد تولیدی", warning);

        var confirmed = await PostFormAsync(smt, "/Obstacles/New", "/Obstacles/New",
            new(fields) { ["Input.Title"] = "کمبود پنبه و توقف ریسندگی", ["Input.AllowDuplicate"] = "true" });
        Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
    }

    [SkippableFact]
    public async Task Pages_follow_the_access_rules()
    {
        var governor = await Browser.SignedInAsync(App, "governor");
        var bmi = await Browser.SignedInAsync(App, "bmi.reporter");

        foreach (var url in new[] { "/Obstacles/New", "/Meetings/New" })
        {
            var answer = await governor.GetAsync(url);
            Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
            Assert.StartsWith("/Account/Denied", answer.Headers.Location!.PathAndQuery);
        }
        Assert.Equal(HttpStatusCode.OK, (await governor.GetAsync("/Obstacles")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await governor.GetAsync("/Meetings/1")).StatusCode);
        Assert.DoesNotContain("ثبت مصوبه", await governor.PageAsync("/Meetings/1"));

        // The demo's tax obstacle (assigned to TAX, reported for the chamber of commerce) is none of the bank's business.
        var tax = (await (await App.ApiClientAsync("secretariat")).GetJsonAsync("/api/v1/obstacles?agency=TAX")).AsArray().First()!;
        var refused = await bmi.GetAsync($"/Obstacles/{(long)tax["id"]!}");
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.StartsWith("/Account/Denied", refused.Headers.Location!.PathAndQuery);
        Assert.DoesNotContain((string)tax["title"]!, await bmi.PageAsync("/Obstacles"));
        Assert.Contains("موانع ارجاعی به ما", await bmi.PageAsync("/Obstacles"));
    }

    [SkippableFact]
    public async Task The_register_and_the_resolutions_export_to_right_to_left_sheets_with_Persian_headers()
    {
        var client = await Browser.SignedInAsync(App, "secretariat");

        foreach (var (url, header, sheet) in new[]
        {
            ("/Obstacles?handler=Export", "دستگاه مسئول رفع", "موانع و مشکلات"),
            ("/Resolutions?handler=Export", "متن مصوبه", "مصوبات"),
        })
        {
            var answer = await client.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
            Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", answer.Content.Headers.ContentType?.MediaType);
            using var stream = new MemoryStream(await answer.Content.ReadAsByteArrayAsync());
            using var doc = SpreadsheetDocument.Open(stream, false);
            var wb = doc.WorkbookPart!;
            Assert.Equal(sheet, wb.Workbook.Sheets!.Elements<Sheet>().Single().Name!.Value);
            var ws = wb.WorksheetParts.Single().Worksheet;
            Assert.True(ws.GetFirstChild<SheetViews>()!.Elements<SheetView>().Single().RightToLeft!.Value);
            var rows = ws.GetFirstChild<SheetData>()!.Elements<Row>().ToList();
            var headers = rows[0].Elements<Cell>().Select(c => c.InnerText).ToList();
            Assert.Contains(header, headers);
            Assert.True(rows.Count > 1, $"{url}: no data rows");
            var texts = rows.Skip(1).SelectMany(r => r.Elements<Cell>()).Select(c => c.InnerText).ToList();
            // Dates as a person reads them: Jalali with Persian digits (issue 11 § 10); none left in Latin digits.
            Assert.Contains(texts, t => Regex.IsMatch(t, "^۱۴[۰-۹]{2}/[۰-۹]{2}/[۰-۹]{2}$"));
            Assert.DoesNotContain(texts, t => Regex.IsMatch(t, "^14[0-9]{2}/[0-9]{2}/[0-9]{2}$"));
        }
    }

    [SkippableFact]
    public async Task The_secretariat_builds_a_meeting_agenda_records_a_resolution_and_prints_the_minutes()
    {
        var staff = await Browser.SignedInAsync(App, "secretariat");
        var created = await PostFormAsync(staff, "/Meetings/New", "/Meetings/New", new() { ["Date"] = "۱۴۰۵/۰۶/۳۱", ["Place"] = "استانداری", ["Attendees"] = "دبیر ستاد\nاستاندار" });
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var url = created.Headers.Location!.OriginalString.Split('?')[0];
        var page = await staff.PageAsync(url);
        Assert.Contains("دستور جلسه", page);

        var added = await PostFormAsync(staff, url, url + "?handler=Item", new() { ["op"] = "add", ["text"] = "گزارش ويژه دبیرخانه" });
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        Assert.Contains("گزارش ویژه دبیرخانه", await staff.PageAsync(url));

        var resolution = await PostFormAsync(staff, url, url + "?handler=Resolution", new()
        {
            ["NewResolution.Text"] = "بانک ملی ظرف ده روز گزارش پرونده‌ها را بدهد.",
            ["NewResolution.Agency"] = "BMI",
            ["NewResolution.Deadline"] = "۱۴۰۵/۰۷/۱۰",
        });
        Assert.Equal(HttpStatusCode.Redirect, resolution.StatusCode);
        var minutes = await staff.PageAsync(url + "/Minutes");
        Assert.Contains("بانک ملی ظرف ده روز گزارش پرونده‌ها را بدهد.", minutes);
        Assert.Contains("گزارش ویژه دبیرخانه", minutes);
        Assert.Contains("۱۴۰۵/۰۷/۱۰", minutes);
    }
}

public sealed class ObstaclePagesOnSqlite(SqliteDemoApp app) : ObstaclePages(() => app), IClassFixture<SqliteDemoApp>;

public sealed class ObstaclePagesOnPostgres(PostgresDemoApp app) : ObstaclePages(() => app.Factory), IClassFixture<PostgresDemoApp>;
