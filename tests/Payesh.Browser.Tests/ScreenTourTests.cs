using System.Globalization;
using System.Text;
using Microsoft.Playwright;
using Payesh.Web.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Payesh.Browser.Tests;

/// <summary>
/// Issue 12 «screenshots of each screen at desktop and phone width and of the printed pages»: a tour of every screen, as
/// the role that uses it, at 1366×768 and 390×844, and of the printed pages (print media at the sheet's width, and the PDF
/// the browser prints). Run only with <c>PAYESH_SCREEN_TOUR=1</c> (<c>bash tools/screen-tour.sh</c>), which writes into
/// docs/screenshots/tour with its index (README.md); otherwise it is skipped, so normal runs never touch docs/screenshots.
/// Every screen must open for its role and, on either width, never scroll sideways.
/// </summary>
[Collection("browser")]
public sealed class ScreenTourTests(BrowserFixture browser, ITestOutputHelper output)
{
    /// <summary>A screen: file name, who opens it, its address (or «detail:» and the name of the detail page), what it is.</summary>
    private sealed record Screen(string Name, string User, string Url, string About);

    private static readonly Screen[] Screens =
    [
        new("login", "anonymous", "/Account/Login", "ورود"),
        new("dashboard", "governor", "/", "داشبورد استاندار"),
        new("plans", "governor", "/Plans", "برنامه‌ها"),
        new("plan-tree", "governor", "/Plans/2", "درخت برنامه"),
        new("plan-axis", "governor", "/Plans/2?node=01", "یک محور و زیرشاخه‌هایش"),
        new("action", "governor", "detail:action", "یک اقدام"),
        new("timeline", "governor", "/Plans/2/Timeline?node=01", "برنامه زمانی (گانت)"),
        new("agency-card", "governor", "/Agencies/SMT", "کارنامه دستگاه"),
        new("accountability", "governor", "/Accountability", "گزارش پاسخگویی"),
        new("brief", "governor", "/Brief?plan=2&week=1405/06/20", "گزارش هفتگی استاندار"),
        new("obstacles", "governor", "/Obstacles", "موانع"),
        new("obstacle", "governor", "detail:obstacle", "یک مانع"),
        new("obstacle-figures", "governor", "/Obstacles/Figures", "آمار موانع و مصوبات"),
        new("meetings", "governor", "/Meetings", "جلسات ستاد"),
        new("meeting", "secretariat", "detail:meeting", "یک جلسه"),
        new("resolutions", "governor", "/Resolutions", "مصوبات"),
        new("resolution", "governor", "detail:resolution", "یک مصوبه"),
        new("notifications", "governor", "/Notifications", "اعلان‌ها"),
        new("today", "smt.reporter", "/Reports/Today", "گزارش روزانه دستگاه"),
        new("sheet", "smt.reporter", "/Reports/Sheet", "برگه روزانه اکسل"),
        new("sign-off", "smt.manager", "/Reports/SignOff", "تأیید مدیر دستگاه"),
        new("review", "secretariat", "/Reports/Review", "صف بررسی دبیرخانه"),
        new("missing", "secretariat", "/Reports/Missing", "گزارش‌های نرسیده"),
        new("confidence", "secretariat", "detail:confidence", "ارزیابی اطمینان محور"),
        new("quality", "secretariat", "/Plans/2/Quality", "کیفیت برنامه"),
        new("baselines", "secretariat", "/Plans/2/Baselines", "خطوط مبنا"),
        new("obstacle-new", "secretariat", "/Obstacles/New", "ثبت مانع"),
        new("meeting-new", "secretariat", "/Meetings/New", "جلسه تازه"),
        new("plan-edit", "admin", "/Plans/2/Edit", "تدوین برنامه"),
        new("plan-node-form", "admin", "detail:node-form", "فرم یک شاخه"),
        new("plan-update", "admin", "/Plans/2/Update", "به‌روزرسانی از اکسل"),
        new("plan-new", "admin", "/Plans/New", "برنامه تازه"),
        new("plan-import", "admin", "/Plans/Import", "ورود از اکسل"),
        new("admin", "admin", "/Admin", "مدیریت"),
        new("admin-users", "admin", "/Admin/Users", "کاربران"),
        new("admin-agencies", "admin", "/Admin/Agencies", "دستگاه‌ها"),
        new("admin-tokens", "admin", "/Admin/Tokens", "کلیدهای API"),
        new("admin-calendar", "admin", "/Admin/Calendar", "تقویم تعطیلات"),
        new("audit", "admin", "/Audit", "رویدادنگاری"),
        new("audit-verify", "admin", "/Audit/Verify", "سلامت زنجیره رویدادها"),
        new("change-password", "governor", "/Account/ChangePassword", "تغییر گذرواژه"),
        new("error-404", "governor", "/Plans/987654/no-such-page", "نشانی نادرست"),
    ];

    /// <summary>Printed pages: file name, who prints, address, the sheet's printable width and height in CSS pixels.</summary>
    private static readonly (string Name, string User, string Url, int Width, int Height, string About)[] Printed =
    [
        ("print-accountability", "governor", "/Accountability?plan=2", 1047, 703, "گزارش پاسخگویی، A4 افقی"),
        ("print-dashboard", "governor", "/?plan=2", 703, 1047, "داشبورد، A4 عمودی"),
        ("print-brief", "governor", "/Brief?plan=2&week=1405/06/20", 703, 1047, "گزارش هفتگی، یک برگ A4"),
        ("print-timeline", "governor", "/Plans/2/Timeline?node=01", 1047, 703, "برنامه زمانی، A4 افقی"),
        ("print-minutes", "secretariat", "detail:minutes", 703, 1047, "صورتجلسه، A4"),
    ];

    private static readonly Dictionary<string, (string From, string Link)> Details = new()
    {
        ["action"] = ("/Plans/2/Timeline?node=01", "a.gantt-row[href*='/Action/']"),
        ["obstacle"] = ("/Obstacles", "a[href^='/Obstacles/']:not([href*='Figures']):not([href*='New']):not([href*='?'])"),
        ["meeting"] = ("/Meetings", "a[href^='/Meetings/']:not([href*='New'])"),
        ["minutes"] = ("detail:meeting", "a[href$='/Minutes']"),
        ["resolution"] = ("/Resolutions", "a[href^='/Resolutions/']"),
        ["confidence"] = ("/Plans/2?node=01", "a[href*='/Confidence/']"),
        ["node-form"] = ("/Plans/2/Edit", "a[href*='/Edit/Node/']"),
    };

    private static readonly (string Name, int Width, int Height)[] Sizes = [("1366", 1366, 768), ("390", 390, 844)];

    /// <summary>docs/screenshots/tour of the repository this test was built from.</summary>
    private static string TourFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Payesh.slnx"))) return Path.Combine(dir.FullName, "docs", "screenshots", "tour");
        throw new InvalidOperationException("the repository (Payesh.slnx) is not above " + AppContext.BaseDirectory);
    }

    private static async Task<string> ResolveAsync(IPage page, string url)
    {
        if (!url.StartsWith("detail:", StringComparison.Ordinal)) return url;
        var (from, link) = Details[url["detail:".Length..]];
        await page.GotoAsync(await ResolveAsync(page, from));
        var href = await page.Locator(link).First.GetAttributeAsync("href");
        Assert.False(string.IsNullOrEmpty(href), $"{url}: no link {link} on {from}");
        return href!;
    }

    private async Task<IPage> PageForAsync(string user, int width, int height)
    {
        var page = await browser.NewPageAsync(width, height);
        if (user != "anonymous") await BrowserFixture.LogInAsync(page, user, user == "admin" ? PayeshFactory.AdminPassword : PayeshFactory.DemoPassword);
        return page;
    }

    /// <summary>Latin digits and English words in the visible text of the page's main part (for the one running the tour
    /// to look at: user names, file names and codes may rightly hold them).</summary>
    private const string LatinText = """
        () => {
          const main = document.querySelector('main') || document.body;
          const words = (main.innerText.match(/[A-Za-z][A-Za-z]{2,}|[0-9]+/g) || []);
          return [...new Set(words)].slice(0, 12).join(' ');
        }
        """;

    [SkippableFact]
    public async Task Every_screen_at_desktop_and_phone_width_and_every_printed_page()
    {
        Skip.IfNot(Environment.GetEnvironmentVariable("PAYESH_SCREEN_TOUR") == "1", "The screen tour runs only with PAYESH_SCREEN_TOUR=1 (bash tools/screen-tour.sh).");
        browser.RequireBrowser();
        var folder = TourFolder();
        Directory.CreateDirectory(folder);
        foreach (var old in Directory.GetFiles(folder)) File.Delete(old);
        var index = new StringBuilder();
        index.AppendLine("# Screen tour").AppendLine()
            .AppendLine("Every screen of Payesh on the demo data (today 1405/06/31 in the test clock), as the role that uses it, at")
            .AppendLine("1366×768 (desktop) and 390×844 (phone), first screen only; then the printed pages as they print (print media at")
            .AppendLine("the A4 sheet's width) with the PDF the browser prints. Written by `bash tools/screen-tour.sh`")
            .AppendLine("(`tests/Payesh.Browser.Tests/ScreenTourTests.cs`, run only with `PAYESH_SCREEN_TOUR=1`); do not edit by hand.").AppendLine()
            .AppendLine("| Screen | Role | Address | Desktop | Phone |").AppendLine("|---|---|---|---|---|");
        var problems = new List<string>();
        var pages = new Dictionary<(string, int), IPage>();
        foreach (var s in Screens)
        {
            var row = new List<string>();
            string shown = s.Url;
            foreach (var (size, width, height) in Sizes)
            {
                if (!pages.TryGetValue((s.User, width), out var page)) pages[(s.User, width)] = page = await PageForAsync(s.User, width, height);
                var url = await ResolveAsync(page, s.Url);
                shown = url;
                var response = await page.GotoAsync(url);
                if (s.Name != "error-404" && response?.Status != 200) problems.Add($"{s.Name} ({url}): status {response?.Status}");
                if (s.User != "anonymous" && (page.Url.Contains("/Account/Login") || page.Url.Contains("/Account/Denied"))) problems.Add($"{s.Name}: {s.User} was sent to {page.Url}");
                await page.EvaluateAsync("document.fonts.ready.then(() => true)");
                if (await page.EvaluateAsync<bool>("document.documentElement.scrollWidth > window.innerWidth + 1")) problems.Add($"{s.Name} scrolls sideways at {width}px");
                var latin = await page.EvaluateAsync<string>(LatinText);
                if (latin.Length > 0) output.WriteLine($"{s.Name} at {width}px, Latin text: {latin}");
                var file = $"{s.Name}-{size}.png";
                await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, file) });
                row.Add($"[{file}]({file})");
            }
            index.AppendLine(CultureInfo.InvariantCulture, $"| {s.About} | {s.User} | `{shown}` | {row[0]} | {row[1]} |");
        }

        index.AppendLine().AppendLine("## Printed pages").AppendLine().AppendLine("| Page | Address | On the sheet | PDF |").AppendLine("|---|---|---|---|");
        foreach (var (name, user, address, width, height, about) in Printed)
        {
            var page = await PageForAsync(user, 1366, 768);
            var url = await ResolveAsync(page, address);
            await page.GotoAsync(url);
            await page.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Print });
            await page.SetViewportSizeAsync(width, height);
            await page.WaitForTimeoutAsync(300);   // charts redraw for the sheet's width (ResizeObserver)
            double full = await page.EvaluateAsync<double>("document.documentElement.scrollHeight");
            // The first two sheets at most: the PDF holds the rest.
            await page.ScreenshotAsync(new PageScreenshotOptions
            {
                Path = Path.Combine(folder, name + ".png"),
                FullPage = true,
                Clip = new Clip { X = 0, Y = 0, Width = width, Height = (float)Math.Min(full, 2 * height) },
            });
            var pdf = await page.PdfAsync(new PagePdfOptions { PreferCSSPageSize = true, PrintBackground = true });
            await File.WriteAllBytesAsync(Path.Combine(folder, name + ".pdf"), pdf);
            index.AppendLine(CultureInfo.InvariantCulture, $"| {about} | `{url}` | [{name}.png]({name}.png) | [{name}.pdf]({name}.pdf) |");
            await page.Context.CloseAsync();
        }
        foreach (var p in pages.Values) await p.Context.CloseAsync();
        await File.WriteAllTextAsync(Path.Combine(folder, "README.md"), index.ToString());
        Assert.True(problems.Count == 0, string.Join("\n", problems));
        Assert.Equal(2 * Screens.Length + 2 * Printed.Length + 1, Directory.GetFiles(folder).Length);
    }
}
