using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Payesh.Web.Data.Model;
using Payesh.Web.Infrastructure;

namespace Payesh.Benchmarks;

/// <summary>
/// The review queue at scale (issue 11, item 3): a province plan (1,080 actions, 333,864 reports) whose newest
/// <c>waiting</c> reports are left unreviewed, one in a hundred with a file; then the server time of the queue page
/// for the first page, a deep page, newest first and every filter, over loopback after a warm-up.
/// </summary>
public static partial class ReviewBenchmark
{
    private const string Title = "bench-review";

    public static async Task RunAsync(string provider, string connectionString, string appDll, int waiting, int runs)
    {
        long planId;
        string agency, axis;
        long middle;
        await using (var db = LoadBenchmark.Create(provider, connectionString))
        {
            db.Database.SetCommandTimeout(TimeSpan.FromMinutes(30));
            await DatabaseSetup.MigrateAsync(db);
            var existing = await db.Plans.Where(p => p.Title == Title).Select(p => (long?)p.Id).FirstOrDefaultAsync();
            if (existing is null)
            {
                var sw = Stopwatch.StartNew();
                (planId, long reports) = await LoadBenchmark.FillAsync(db, new Generator(1), Title);
                await PrepareQueueAsync(db, planId, waiting);
                Console.WriteLine($"{provider}: filled plan {planId} with {reports:N0} reports, {waiting:N0} waiting, in {sw.Elapsed.TotalSeconds:0.0} s");
            }
            else planId = existing.Value;
            var waitingIds = db.ProgressReports.Where(r => r.PlanId == planId && r.Status == ReportStatus.Submitted);
            middle = await waitingIds.OrderBy(r => r.Id).Skip(await waitingIds.CountAsync() / 2).Select(r => r.Id).FirstAsync();
            agency = await (from r in waitingIds join n in db.PlanNodes on r.NodeId equals n.Id select n.LeadAgency!.Code).FirstAsync();
            // The axis (top-level node) of the report in the middle of the queue.
            var parents = await db.PlanNodes.Where(n => n.PlanId == planId).Select(n => new { n.Id, n.ParentId, n.Code }).ToDictionaryAsync(n => n.Id);
            long node = await db.ProgressReports.Where(r => r.Id == middle).Select(r => r.NodeId).FirstAsync();
            while (parents[node].ParentId is { } up) node = up;
            axis = parents[node].Code;
        }

        appDll = Path.GetFullPath(appDll);
        using var app = IngestBenchmark.StartApp(provider, connectionString, appDll, out int port);
        try
        {
            var cookies = new CookieContainer();
            using var http = new HttpClient(new HttpClientHandler { CookieContainer = cookies })
            {
                BaseAddress = new Uri($"http://127.0.0.1:{port}"),
                Timeout = TimeSpan.FromMinutes(5),
            };
            await IngestBenchmark.WaitReadyAsync(http);
            var login = await http.GetStringAsync("/Account/Login");
            var form = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["UserName"] = "admin",
                ["Password"] = IngestBenchmark.AdminPassword,
                ["__RequestVerificationToken"] = Antiforgery().Match(login).Groups[1].Value,
            });
            (await http.PostAsync("/Account/Login", form)).EnsureSuccessStatusCode();

            string q = $"/Reports/Review?plan={planId}";
            var year = Generator.YearEnd;
            var paths = new (string Name, string Path)[]
            {
                ("first page, oldest first", q),
                ("first page, newest first", q + "&order=newest"),
                ("a page in the middle (keyset)", q + $"&after={middle}"),
                ("a page in the middle, newest first", q + $"&order=newest&after={middle}"),
                ("agency", q + $"&agency={agency}"),
                ("axis", q + $"&axis={axis}"),
                ("day range (a month)", q + $"&from={year.AddDays(-60)}&to={year.AddDays(-30)}"),
                ("jump ≥ 0.5 point", q + "&jumpAtLeast=0.5"),
                ("jump ≥ 50 points (rare)", q + "&jumpAtLeast=50"),
                ("downward corrections", q + "&downward=true"),
                ("has evidence", q + "&evidence=true"),
                ("agency + axis + jump, newest, middle", q + $"&agency={agency}&axis={axis}&jumpAtLeast=0.3&order=newest&after={middle}"),
            };
            double worst = 0;
            foreach (var (name, path) in paths)
            {
                var first = await http.GetAsync(path);
                var html = await first.Content.ReadAsStringAsync();
                if (!first.IsSuccessStatusCode) throw new InvalidOperationException($"{path}: {(int)first.StatusCode}");
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
                worst = Math.Max(worst, p95);
                var total = Total().Match(WebUtility.HtmlDecode(html)).Groups[1].Value;
                int rows = RowId().Count(html);
                Console.WriteLine($"{provider}: {name,-38} {total,9} waiting, {rows,2} rows: p50 {times[times.Count / 2],6:0.0} ms, p95 {p95,6:0.0} ms ({runs} runs)");
            }
            Console.WriteLine($"{provider}: review queue with {waiting:N0} waiting — worst p95 over pages and filters {worst:0.0} ms (target ≤ 150 ms)");
        }
        finally
        {
            try { app.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
        }
    }

    /// <summary>The newest reports become waiting ones with the value they change from, and one in a hundred gets a file.</summary>
    private static async Task PrepareQueueAsync(Payesh.Web.Data.PayeshDb db, long planId, int waiting)
    {
        long from = await db.ProgressReports.Where(r => r.PlanId == planId).OrderByDescending(r => r.Id).Skip(waiting - 1).Select(r => r.Id).FirstAsync();
        await db.ProgressReports.Where(r => r.PlanId == planId && r.Id >= from)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, ReportStatus.Submitted));
        await db.Database.ExecuteSqlRawAsync(
            "UPDATE \"ProgressReports\" SET \"PreviousHundredths\" = (SELECT p.\"PercentHundredths\" FROM \"ProgressReports\" p " +
            "WHERE p.\"NodeId\" = \"ProgressReports\".\"NodeId\" AND (p.\"ReportDate\" < \"ProgressReports\".\"ReportDate\" " +
            "OR (p.\"ReportDate\" = \"ProgressReports\".\"ReportDate\" AND p.\"Id\" < \"ProgressReports\".\"Id\")) " +
            "ORDER BY p.\"ReportDate\" DESC, p.\"Id\" DESC LIMIT 1) WHERE \"PlanId\" = {0} AND \"Status\" = 'Submitted'", planId);
        await db.Database.ExecuteSqlRawAsync(db.IsPostgres ? EvidencePostgres : EvidenceSqlite, planId);
        await db.Plans.Where(p => p.Id == planId).ExecuteUpdateAsync(s => s.SetProperty(p => p.DataVersion, p => p.DataVersion + 1));
    }

    private const string EvidenceInsert =
        "INSERT INTO \"Evidence\" (\"PlanId\", \"NodeId\", \"ReportId\", \"FileName\", \"ContentType\", \"Size\", \"Sha256\", \"Content\", \"UploadedAt\") " +
        "SELECT \"PlanId\", \"NodeId\", \"Id\", 'evidence.pdf', 'application/pdf', 9, '', ";
    private const string EvidenceWhere =
        ", \"SubmittedAt\" FROM \"ProgressReports\" WHERE \"PlanId\" = {0} AND \"Status\" = 'Submitted' AND \"Id\" % 100 = 0";
    private const string EvidencePostgres = EvidenceInsert + "'\\x255044462d312e340a'::bytea" + EvidenceWhere;
    private const string EvidenceSqlite = EvidenceInsert + "X'255044462D312E340A'" + EvidenceWhere;

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Antiforgery();

    [GeneratedRegex("id=\"queue-total\">([^ <]+) گزارش")]
    private static partial Regex Total();

    [GeneratedRegex("<tr id=\"q\\d+\" data-report-id=")]
    private static partial Regex RowId();
}
