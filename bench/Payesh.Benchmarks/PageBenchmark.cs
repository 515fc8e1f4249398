using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Payesh.Benchmarks;

/// <summary>
/// Server time of pages at scale: starts Payesh (Release) on an existing database (e.g. the national one
/// filled by the load benchmark), signs in, and times GETs of the dashboard and other pages over loopback;
/// times the dashboard and the accountability report each asked for right after a new report (issue 14: the first
/// load after a report); also weighs the dashboard's first load (HTML and every asset it references, compressed as served).
/// </summary>
public static partial class PageBenchmark
{
    public static async Task RunAsync(string provider, string connectionString, string appDll, long planId, int runs)
    {
        appDll = Path.GetFullPath(appDll);
        using var app = IngestBenchmark.StartApp(provider, connectionString, appDll, out int port);
        try
        {
            var cookies = new CookieContainer();
            using var http = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AutomaticDecompression = DecompressionMethods.None })
            {
                BaseAddress = new Uri($"http://127.0.0.1:{port}"),
                Timeout = TimeSpan.FromMinutes(5),
            };
            await IngestBenchmark.WaitReadyAsync(http);
            await SignInAsync(http);

            var paths = new[] { $"/?plan={planId}", $"/?plan={planId}&asOf=1403/06/31", $"/Plans/{planId}", $"/Accountability?plan={planId}",
                $"/Brief?plan={planId}&week=1403/06/31", $"/Brief?plan={planId}", $"/Plans/{planId}/Timeline" };
            foreach (var path in paths)
            {
                var first = Stopwatch.StartNew();
                var r = await http.GetAsync(path);
                first.Stop();
                if (!r.IsSuccessStatusCode) throw new InvalidOperationException($"{path}: {(int)r.StatusCode}");
                var times = new List<double>();
                for (int i = 0; i < runs; i++)
                {
                    var sw = Stopwatch.StartNew();
                    (await http.GetAsync(path)).EnsureSuccessStatusCode();
                    times.Add(sw.Elapsed.TotalMilliseconds);
                }
                times.Sort();
                Console.WriteLine($"{provider}: GET {path,-40} first {first.Elapsed.TotalMilliseconds,7:0} ms, then p50 {times[times.Count / 2],6:0.0} ms, p95 {times[(int)(times.Count * 0.95)],6:0.0} ms ({runs} runs)");
            }

            await AfterReportAsync(http, provider, planId, runs);

            // The first load of the dashboard: HTML + CSS + JS + fonts, compressed as the server sends them.
            var html = await http.GetStringAsync($"/?plan={planId}");
            http.DefaultRequestHeaders.AcceptEncoding.ParseAdd("br");
            http.DefaultRequestHeaders.AcceptEncoding.ParseAdd("gzip");
            var page = await http.GetAsync($"/?plan={planId}");
            long total = (await page.Content.ReadAsByteArrayAsync()).Length;
            var assets = Asset().Matches(html).Select(m => m.Groups[1].Value).Where(u => u.StartsWith('/')).Distinct().ToList();
            foreach (var a in assets)
            {
                var res = await http.GetAsync(a);
                total += (await res.Content.ReadAsByteArrayAsync()).Length;
                if (a.EndsWith(".css", StringComparison.Ordinal))
                {
                    // Fonts referenced by the font-face sheet.
                    var css = await (await new HttpClient { BaseAddress = http.BaseAddress }.GetAsync(a)).Content.ReadAsStringAsync();
                    foreach (Match f in FontUrl().Matches(css))
                    {
                        var fontPath = new Uri(new Uri(http.BaseAddress!, a), f.Groups[1].Value).AbsolutePath;
                        // The two faces the style sheets use (400 and 700).
                        if (!fontPath.EndsWith("-Regular.woff2", StringComparison.Ordinal) && !fontPath.EndsWith("-Bold.woff2", StringComparison.Ordinal)) continue;
                        total += (await (await http.GetAsync(fontPath)).Content.ReadAsByteArrayAsync()).Length;
                    }
                }
            }
            Console.WriteLine($"{provider}: dashboard first load (HTML + {assets.Count} assets + 2 font faces, compressed): {total / 1024.0:0} KiB");
        }
        finally
        {
            try { app.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
        }
    }

    /// <summary>
    /// The first load after a report (issue 14 Done-when): before each timed GET one report is POSTed through the API,
    /// for the day the dashboard shows (a different action each time, a new value), so every cache keyed on the
    /// engine's changes or the audit trail is stale and the page must show the new figures.
    /// </summary>
    private static async Task AfterReportAsync(HttpClient http, string provider, long planId, int runs)
    {
        using var api = new HttpClient { BaseAddress = http.BaseAddress, Timeout = TimeSpan.FromMinutes(5) };
        var token = (await (await api.PostAsJsonAsync("/api/v1/auth/token", new { username = "admin", password = IngestBenchmark.AdminPassword }))
            .Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString();
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var doc = await api.GetFromJsonAsync<JsonElement>($"/api/v1/plans/{planId}");
        var actions = IngestBenchmark.Leaves(doc.GetProperty("nodes")).ToList();
        var day = DayShown().Match(await http.GetStringAsync($"/?plan={planId}")).Groups[1].Value;
        if (day.Length == 0) throw new InvalidOperationException("the dashboard's day was not found in its Excel link");
        // Values differ from every earlier run on the same database: a report equal to the one it replaces changes no figure,
        // and the engine keeps its day figures then, so a repeated run would time nothing new.
        int k = 0, salt = Random.Shared.Next(9800);
        foreach (var path in new[] { $"/?plan={planId}", $"/Accountability?plan={planId}" })
        {
            var times = new List<double>();
            for (int i = 0; i < runs; i++)
            {
                k++;
                var report = new
                {
                    action = actions[(int)(k * 7919L % actions.Count)], date = day, percent = (100 + (k * 37 + salt) % 9800) / 100m, // decimal: two places exactly, as the API accepts
                    note = "بار آزمون", justification = "بار آزمون", backdateReason = "بار آزمون",
                };
                var posted = await api.PostAsJsonAsync($"/api/v1/plans/{planId}/reports", report);
                if (!posted.IsSuccessStatusCode)
                    throw new InvalidOperationException($"report: {(int)posted.StatusCode} {await posted.Content.ReadAsStringAsync()}");
                var sw = Stopwatch.StartNew();
                (await http.GetAsync(path)).EnsureSuccessStatusCode();
                times.Add(sw.Elapsed.TotalMilliseconds);
            }
            times.Sort();
            Console.WriteLine($"{provider}: GET {path,-40} right after a new report ({day}): p50 {times[times.Count / 2],6:0.0} ms, p95 {times[(int)(times.Count * 0.95)],6:0.0} ms ({runs} runs)");
        }
    }

    /// <summary>Signs in as admin through the login form (the client must keep cookies).</summary>
    public static async Task SignInAsync(HttpClient http)
    {
        var login = await http.GetStringAsync("/Account/Login");
        var token = Antiforgery().Match(login).Groups[1].Value;
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["UserName"] = "admin",
            ["Password"] = IngestBenchmark.AdminPassword,
            ["__RequestVerificationToken"] = token,
        });
        (await http.PostAsync("/Account/Login", form)).EnsureSuccessStatusCode();
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Antiforgery();

    // The day the dashboard shows, from its Excel link ("/Export/Plan?plan=1&asOf=1403/12/30").
    [GeneratedRegex("/Export/Plan\\?plan=\\d+&(?:amp;)?asOf=([0-9/-]+)")]
    private static partial Regex DayShown();

    [GeneratedRegex("(?:src|href)=\"([^\"]+\\.(?:css|js)(?:\\?v=[^\"]*)?)\"")]
    private static partial Regex Asset();

    [GeneratedRegex("url\\('?([^')]+\\.woff2)'?\\)")]
    private static partial Regex FontUrl();
}
