using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;

namespace Payesh.Benchmarks;

/// <summary>
/// The agency's daily page at scale (issue 11): the demo database, with <c>actions</c> of the running plan's actions
/// handed to SMT (the demo's industry agency), then the server time of <c>/Reports/Today</c> signed in as
/// <c>smt.reporter</c>, over loopback after a warm-up.
/// </summary>
public static partial class TodayBenchmark
{
    public static async Task RunAsync(string provider, string connectionString, string appDll, int actions, int runs)
    {
        appDll = Path.GetFullPath(appDll);
        // First start seeds the demo; the actions are then handed to SMT with the app stopped (the engine reads them at start).
        using (var seeding = IngestBenchmark.StartApp(provider, connectionString, appDll, out int seedPort))
        {
            using var probe = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{seedPort}") };
            await IngestBenchmark.WaitReadyAsync(probe);
            seeding.Kill(entireProcessTree: true);
            await seeding.WaitForExitAsync();
        }
        int handed;
        await using (var db = LoadBenchmark.Create(provider, connectionString))
        {
            long agency = await db.Users.Where(u => u.UserName == "smt.reporter").Select(u => u.AgencyId!.Value).SingleAsync();
            var today = DateOnly.FromDateTime(DateTime.UtcNow);
            // The plan a reporter lands on: the approved plan whose period holds today.
            long plan = await db.Plans.Where(p => p.State == Payesh.Web.Data.Model.PlanState.Approved && p.StartDate <= today && p.EndDate >= today)
                .Select(p => p.Id).FirstAsync();
            var ids = await db.PlanNodes.Where(n => n.PlanId == plan && n.IsAction && !n.IsRemoved)
                .OrderBy(n => n.Id).Select(n => n.Id).Take(actions).ToListAsync();
            handed = await db.PlanNodes.Where(n => ids.Contains(n.Id)).ExecuteUpdateAsync(s => s.SetProperty(n => n.LeadAgencyId, agency));
            await db.Plans.Where(p => p.Id == plan).ExecuteUpdateAsync(s => s
                .SetProperty(p => p.StructureVersion, p => p.StructureVersion + 1).SetProperty(p => p.DataVersion, p => p.DataVersion + 1));
        }

        using var app = IngestBenchmark.StartApp(provider, connectionString, appDll, out int port);
        try
        {
            using var http = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() })
            {
                BaseAddress = new Uri($"http://127.0.0.1:{port}"),
                Timeout = TimeSpan.FromMinutes(5),
            };
            await IngestBenchmark.WaitReadyAsync(http);
            var login = await http.GetStringAsync("/Account/Login");
            var form = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["UserName"] = "smt.reporter",
                ["Password"] = IngestBenchmark.DemoPassword,
                ["__RequestVerificationToken"] = Antiforgery().Match(login).Groups[1].Value,
            });
            (await http.PostAsync("/Account/Login", form)).EnsureSuccessStatusCode();

            const string path = "/Reports/Today";
            var first = await http.GetAsync(path);
            var html = await first.Content.ReadAsStringAsync();
            if (!first.IsSuccessStatusCode) throw new InvalidOperationException($"{path}: {(int)first.StatusCode}");
            int rows = Row().Count(html);
            for (int i = 0; i < 3; i++) (await http.GetAsync(path)).EnsureSuccessStatusCode();
            var times = new List<double>();
            for (int i = 0; i < runs; i++)
            {
                var sw = Stopwatch.StartNew();
                (await http.GetAsync(path)).EnsureSuccessStatusCode();
                times.Add(sw.Elapsed.TotalMilliseconds);
            }
            times.Sort();
            double p95 = times[Math.Min(times.Count - 1, (int)Math.Ceiling(times.Count * 0.95) - 1)];
            Console.WriteLine($"{provider}: GET {path} for an agency leading {handed} actions ({rows} rows on the page, {html.Length / 1024} KiB): " +
                $"p50 {times[times.Count / 2]:0.0} ms, p95 {p95:0.0} ms ({runs} runs; target ≤ 100 ms)");
        }
        finally
        {
            try { app.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
        }
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Antiforgery();

    [GeneratedRegex("<tr id=\"[^\"]*\" class=\"today-row")]
    private static partial Regex Row();
}
