using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Payesh.Domain.Progress;
using Payesh.Web.Infrastructure;
using Payesh.Web.Tests.Infrastructure;

namespace Payesh.Web.Tests.Dashboard;

/// <summary>
/// Every figure the dashboard, the scorecard and the accountability report show is the engine's answer for the
/// same day, as the figures API gives it (one computation, shown rounded): compared text for text.
/// </summary>
public abstract partial class DashboardFigures(Func<PayeshFactory> app)
{
    private PayeshFactory App => app();

    private async Task<(HttpClient Page, HttpClient Api, long Historic, long Current)> ClientsAsync()
    {
        var api = await App.ApiClientAsync("governor");
        var plans = (await api.GetJsonAsync("/api/v1/plans")).AsArray();
        long Id(int year) => (long)plans.First(p => (int)p!["year"]! == year)!["id"]!;
        return (await Browser.SignedInAsync(App, "governor"), api, Id(1398), Id(TestClock.DefaultToday.Year));
    }

    private static string Text(string html, string id)
    {
        var m = Regex.Match(html, $"id=\"{Regex.Escape(id)}\"[^>]*>([^<]*)<");
        Assert.True(m.Success, $"the page has no element #{id}");
        return m.Groups[1].Value.Trim();
    }

    private static string StatusKey(string api) => ProgressStatusNames.All.First(s => s.ApiName() == api).PersianName();

    [SkippableTheory]
    [InlineData(null)]
    [InlineData("1405/03/31")]
    [InlineData("۱۴۰۵/۰۱/۲۰")]
    public async Task Headline_figures_and_status_counts_are_the_engines(string? asOf)
    {
        var (page, api, _, current) = await ClientsAsync();
        var query = asOf is null ? "" : $"&asOf={Uri.EscapeDataString(asOf)}";
        var html = await page.PageAsync($"/?plan={current}{query}");
        var root = await api.ProgressAsync(current, asOf);

        Assert.Equal(Fa.Pct((double)root["planned"]!), Text(html, "kpi-planned"));
        Assert.Equal(Fa.Pct((double)root["actual"]!), Text(html, "kpi-actual"));
        Assert.Equal(Fa.SignedPct((double)root["deviation"]!), Text(html, "kpi-deviation"));
        Assert.Equal(Fa.Spi((double?)root["spi"]), Text(html, "kpi-spi"));
        var counts = root["actionStatusCounts"]!.AsObject();
        Assert.Equal(Fa.Int((int)counts["stopped"]!), Text(html, "kpi-stopped"));
        Assert.Equal(Fa.Int((int)counts["overdue"]!), Text(html, "kpi-overdue"));
        foreach (var (status, n) in counts)
            Assert.Contains($"data-status=\"{status}\">{StatusKey(status)}: {Fa.Int((int)n!)}</span>", html);
    }

    [SkippableFact]
    public async Task Axis_rows_are_the_engines_children_of_the_root()
    {
        var (page, api, _, current) = await ClientsAsync();
        var html = await page.PageAsync($"/?plan={current}&asOf=1405/05/15");
        var root = await api.ProgressAsync(current, "1405/05/15");
        var table = Regex.Match(html, "<table[^>]*axes-table.*?<tbody>(.*?)</tbody>", RegexOptions.Singleline).Groups[1].Value;
        var rows = Regex.Matches(table, "<tr>.*?</tr>", RegexOptions.Singleline).Select(m => m.Value).ToList();
        var children = root["children"]!.AsArray();
        Assert.Equal(children.Count, rows.Count);
        for (int i = 0; i < children.Count; i++)
        {
            var c = children[i]!;
            Assert.Contains(Fa.Digits((string)c["code"]!), rows[i]);
            Assert.Contains(Fa.Pct((double)c["actual"]!), rows[i]);
            Assert.Contains(Fa.Pct((double)c["planned"]!), rows[i]);
            Assert.Contains(Fa.SignedPct((double)c["deviation"]!), rows[i]);
            Assert.Contains(StatusKey((string)c["status"]!), rows[i]);
        }
    }

    [SkippableFact]
    public async Task League_table_and_scorecard_show_the_engines_agency_figures()
    {
        var (page, api, _, current) = await ClientsAsync();
        var html = await page.PageAsync($"/?plan={current}");
        var agencies = (await api.GetJsonAsync($"/api/v1/plans/{current}/agencies")).AsArray();
        var table = Regex.Match(html, "<table[^>]*league-table.*?</table>", RegexOptions.Singleline).Value;
        Assert.Equal(agencies.Count, Regex.Count(table, "<tr class="));
        foreach (var a in agencies)
        {
            var row = Regex.Match(table, $"<tr class=\"[^\"]*\">(?:(?!</tr>).)*?{Regex.Escape((string)a!["name"]!)}</a>.*?</tr>", RegexOptions.Singleline).Value;
            Assert.False(string.IsNullOrEmpty(row), $"no league row for {a["name"]}");
            Assert.Contains($"{Fa.Pct((double)a["actual"]!)} / {Fa.Pct((double)a["planned"]!)}", row);
            Assert.Contains(Fa.SignedPct((double)a["deviation"]!), row);
        }

        var smt = agencies.First(a => (string)a!["code"]! == "SMT")!;
        var card = await page.PageAsync($"/Agencies/SMT?plan={current}");
        Assert.Equal(Fa.Pct((double)smt["planned"]!), Text(card, "card-planned"));
        Assert.Equal(Fa.Pct((double)smt["actual"]!), Text(card, "card-actual"));
        // The score on the card is the one in the league table.
        var score = Text(card, "card-score");
        Assert.Matches($"data-figure=\"agency-score\" data-scope=\"agency:SMT\"[^>]*>{Regex.Escape(score)}</span>", table);
        // Each action listed on the card is the engine's action figures.
        var counts = smt["actionStatusCounts"]!.AsObject();
        foreach (var (status, n) in counts)
            Assert.Equal((int)n!, Regex.Count(Regex.Match(card, "<table[^>]*card-actions.*?</table>", RegexOptions.Singleline).Value,
                $">{StatusKey(status)}</span>"));
    }

    [SkippableFact]
    public async Task Accountability_report_ranks_agencies_best_first_flags_under_performers_with_the_engines_figures()
    {
        var (page, api, historic, _) = await ClientsAsync();
        var html = await page.PageAsync($"/Accountability?plan={historic}");
        var agencies = (await api.GetJsonAsync($"/api/v1/plans/{historic}/agencies?asOf=1398/12/29")).AsArray();
        var table = Regex.Match(html, "<table[^>]*accountability-table.*?</table>", RegexOptions.Singleline).Value;
        var rows = Regex.Matches(table, "<tr class=\"([^\"]*)\">(.*?)</tr>", RegexOptions.Singleline).ToList();
        Assert.Equal(agencies.Count, rows.Count);
        // Rank order, 1 = best (as on the dashboard); under-performers are flagged on their rows, in words too.
        var ranks = rows.Select(r => Regex.Match(r.Groups[2].Value, "data-figure=\"agency-rank\"[^>]*>([^<]*)<").Groups[1].Value).ToList();
        Assert.Equal(Enumerable.Range(1, rows.Count).Select(i => Fa.Int(i)), ranks);
        var flags = rows.Select(r => r.Groups[1].Value.Contains("table-danger")).ToList();
        Assert.Contains(true, flags);
        Assert.All(rows.Where(r => r.Groups[1].Value.Contains("table-danger")), r => Assert.Contains(">کم‌کار</td>", r.Groups[2].Value));
        foreach (var a in agencies.Select(x => x!))
        {
            var row = rows.First(r => r.Groups[2].Value.Contains((string)a["name"]! + "</a>")).Groups[2].Value;
            Assert.Contains(Fa.Pct((double)a["planned"]!), row);
            Assert.Contains(Fa.Pct((double)a["actual"]!), row);
            Assert.Contains(Fa.Int((int)a["actionStatusCounts"]!["stopped"]!), row);
        }
        Assert.Contains("دستگاه کم‌کار:", html);
    }

    [SkippableFact]
    public async Task Accountability_report_lists_each_flagged_agencys_actions_behind_schedule_with_their_deviation()
    {
        var (page, _, _, _) = await ClientsAsync();
        Assert.Equal(0, await BehindListsAsync(page, 20)); // the demo's lists are shorter than the default 20
        // A second instance on the same database lists one action per list, and counts the rest.
        using var one = new PayeshFactory(App.Provider, seedDemo: false, connectionString: App.ConnectionString);
        one.Settings[Payesh.Web.Features.Accountability.IndexModel.EvidencePerListKey] = "1";
        Assert.True(await BehindListsAsync(await Browser.SignedInAsync(one, "governor"), 1) > 0,
            "some flagged agency has more stopped, overdue or behind-schedule actions than the page lists by default");
    }

    /// <summary>Checks each flagged agency's evidence lists (stopped, overdue, behind schedule) against the API's counts,
    /// as listed by default (the worst <paramref name="cap"/>, the rest counted with a link to all) and with <c>all=true</c>
    /// (every one); returns how many lists were cut.</summary>
    private async Task<int> BehindListsAsync(HttpClient page, int cap)
    {
        var (_, api, historic, _) = await ClientsAsync();
        var agencies = (await api.GetJsonAsync($"/api/v1/plans/{historic}/agencies?asOf=1398/12/29")).AsArray()
            .ToDictionary(a => (string)a!["code"]!, a => a!["actionStatusCounts"]!.AsObject());
        int behindListed = 0, cut = 0;
        foreach (bool all in new[] { false, true })
        {
            var html = await page.PageAsync($"/Accountability?plan={historic}{(all ? "&all=true" : "")}");
            var sections = Regex.Matches(html, "<section[^>]*agency-evidence\" id=\"ag-([^\"]+)\">(.*?)</section>", RegexOptions.Singleline)
                .Where(m => m.Groups[2].Value.Contains("— کم‌کار")).ToList();
            Assert.NotEmpty(sections);
            foreach (var m in sections)
            {
                var counts = agencies[m.Groups[1].Value];
                var lists = new (string Heading, string Item, int Total)[]
                {
                    ("اقدام‌های متوقف", "<li>", (int)counts["stopped"]!),
                    ("اقدام‌های سررسیدگذشته", "<li>", (int)counts["overdue"]!),
                    ("اقدام‌های عقب از برنامه", "<tr>", (int)counts["behind"]! + (int)counts["at-risk"]!),
                };
                foreach (var (heading, item, total) in lists)
                {
                    // From the list's heading to the next heading or the section's end.
                    var list = Regex.Match(m.Groups[2].Value, $">{heading}</div>(.*?)(?=<div class=\"small fw-semibold\"|$)", RegexOptions.Singleline).Groups[1].Value;
                    int shown = Math.Max(0, Regex.Count(list, item) - (item == "<tr>" ? 1 : 0)); // not the table's heading row
                    Assert.Equal(all ? total : Math.Min(total, cap), shown);
                    var more = Regex.Match(list, "و <span class=\"num\">([^<]+)</span> اقدام دیگر");
                    if (!all && total > cap)
                    {
                        Assert.Equal(Fa.Int(total - cap), more.Groups[1].Value);
                        Assert.Contains($"all=true#ag-{m.Groups[1].Value}", list);
                        cut++;
                    }
                    else Assert.False(more.Success, $"{m.Groups[1].Value}: {heading} lists every action but says there are more");
                    if (item == "<tr>")
                    {
                        // Each behind-schedule action with its deviation, worst first.
                        var deviations = Regex.Matches(list, "<td class=\"num text-[a-z-]+\"[^>]*>([^<]+)</td>").Select(d => d.Groups[1].Value).ToList();
                        Assert.All(deviations, d => Assert.StartsWith("\u2066\u2212", d));
                        if (all) behindListed += shown;
                    }
                }
            }
        }
        Assert.True(behindListed > 0, "some flagged agency has actions behind schedule");
        return cut;
    }

    [SkippableFact]
    public async Task Excel_export_of_the_plan_has_the_same_figures_as_the_api()
    {
        var (page, api, _, current) = await ClientsAsync();
        var response = await page.GetAsync($"/Export/Plan?plan={current}&asOf=1405/04/10");
        Assert.Equal(Xlsx.ContentType, response.Content.Headers.ContentType?.MediaType);
        using var stream = new MemoryStream(await response.Content.ReadAsByteArrayAsync());
        using var doc = SpreadsheetDocument.Open(stream, false);
        var sheet = doc.WorkbookPart!.WorksheetParts.First().Worksheet;
        Assert.True(sheet.GetFirstChild<SheetViews>()!.GetFirstChild<SheetView>()!.RightToLeft!.Value);
        var rows = sheet.Descendants<Row>().ToList();
        string Cell(Row r, int i) => r.Elements<Cell>().ElementAt(i) is var c && c.DataType?.Value == CellValues.InlineString
            ? c.InlineString!.InnerText : c.CellValue?.Text ?? "";
        Assert.Equal("کد", Cell(rows[0], 0));
        var byCode = rows.Skip(1).ToDictionary(r => Cell(r, 0));
        var root = await api.ProgressAsync(current, "1405/04/10");
        Assert.Equal((double)root["planned"]!, double.Parse(Cell(byCode[""], 7), System.Globalization.CultureInfo.InvariantCulture), 12);
        Assert.Equal((double)root["actual"]!, double.Parse(Cell(byCode[""], 8), System.Globalization.CultureInfo.InvariantCulture), 12);
        // Codes and Jalali dates with Persian digits (a person reads them); figures are numeric cells.
        Assert.Matches("^[۰-۹]{4}/[۰-۹]{2}/[۰-۹]{2}$", Cell(byCode[""], 4));
        Assert.Equal(CellValues.Number, byCode[""].Elements<Cell>().ElementAt(7).DataType!.Value);
        foreach (var c in root["children"]!.AsArray())
        {
            var r = byCode[Payesh.Domain.Text.PersianText.ToPersianDigits((string)c!["code"]!)];
            Assert.Matches("^[۰-۹]{4}/[۰-۹]{2}/[۰-۹]{2}$", Cell(r, 4));
            Assert.Equal((double)c["planned"]!, double.Parse(Cell(r, 7), System.Globalization.CultureInfo.InvariantCulture), 12);
            Assert.Equal((double)c["actual"]!, double.Parse(Cell(r, 8), System.Globalization.CultureInfo.InvariantCulture), 12);
            Assert.Equal(StatusKey((string)c["status"]!), Cell(r, 11));
        }
    }

    [SkippableFact]
    public async Task League_export_has_the_same_agency_figures_as_the_api()
    {
        var (page, api, _, current) = await ClientsAsync();
        var agencies = (await api.GetJsonAsync($"/api/v1/plans/{current}/agencies")).AsArray();
        using var stream = new MemoryStream(await page.GetByteArrayAsync($"/Export/League?plan={current}"));
        using var doc = SpreadsheetDocument.Open(stream, false);
        var rows = doc.WorkbookPart!.WorksheetParts.First().Worksheet.Descendants<Row>().Skip(1).ToList();
        Assert.Equal(agencies.Count, rows.Count);
        foreach (var r in rows)
        {
            var cells = r.Elements<Cell>().ToList();
            var code = cells[1].InlineString!.InnerText;
            var a = agencies.First(x => (string)x!["code"]! == code)!;
            Assert.Equal((double)a["planned"]!, double.Parse(cells[4].CellValue!.Text, System.Globalization.CultureInfo.InvariantCulture), 12);
            Assert.Equal((double)a["actual"]!, double.Parse(cells[5].CellValue!.Text, System.Globalization.CultureInfo.InvariantCulture), 12);
        }
    }
}

public sealed class DashboardFiguresOnSqlite(SqliteDemoApp app) : DashboardFigures(() => app), IClassFixture<SqliteDemoApp>;

public sealed class DashboardFiguresOnPostgres(PostgresDemoApp app) : DashboardFigures(() => app.Factory), IClassFixture<PostgresDemoApp>;
