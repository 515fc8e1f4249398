using Microsoft.Playwright;
using Payesh.Web.Tests.Infrastructure;

namespace Payesh.Browser.Tests;

/// <summary>
/// The app on a real Kestrel port with the demo seeded (SQLite), and Debian's Chromium driven by
/// Playwright. Without /usr/bin/chromium the tests say so and are skipped, except under CI=true,
/// where they fail.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001", Justification = "xunit disposes a fixture through IAsyncLifetime.DisposeAsync, which disposes the app.")]
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private PayeshFactory? _app;

    public PayeshFactory App => _app ?? throw new InvalidOperationException("not started");
    public Uri BaseAddress { get; private set; } = null!;
    public string? Unavailable { get; private set; }

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            Unavailable = $"Browser tests not run: {ChromiumPath} is missing (apt-get install chromium; bash .ci/run does it).";
            if (TestDatabases.InCi) throw new InvalidOperationException(Unavailable);
            return;
        }
        _app = new PayeshFactory(TestProvider.Sqlite);
        _app.UseRealServer();
        BaseAddress = _app.ServerAddress;
        var tmp = Path.Combine(Path.GetTempPath(), "payesh-playwright");
        Directory.CreateDirectory(tmp);
        Environment.SetEnvironmentVariable("TMPDIR", tmp);
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-dev-shm-usage", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run",
            ],
        });
    }

    public void RequireBrowser() => Skip.If(Unavailable is not null, Unavailable);

    /// <summary>A new browser page (own cookies) at the given viewport.</summary>
    /// <param name="scale">Device pixels per CSS pixel: 2 with half a 1366×768 screen is that screen at 200% zoom.</param>
    public async Task<IPage> NewPageAsync(int width = 1366, int height = 768, float scale = 1)
    {
        var context = await _browser!.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseAddress.ToString().TrimEnd('/'),
            ViewportSize = new ViewportSize { Width = width, Height = height },
            DeviceScaleFactor = scale,
            Locale = "fa-IR",
        });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(15_000);
        return page;
    }

    public static async Task LogInAsync(IPage page, string user, string password)
    {
        await page.GotoAsync("/Account/Login");
        await page.FillAsync("#UserName", user);
        await page.FillAsync("#Password", password);
        await Task.WhenAll(page.WaitForURLAsync(u => !u.Contains("/Account/Login")), page.ClickAsync("button[type=submit]"));
    }

    /// <summary>Saves a screenshot into <c>PAYESH_SCREENSHOTS</c> (default: a temp folder), never into the repository:
    /// the chosen ones are copied into docs/screenshots by hand (tools/screenshots.sh).</summary>
    public static async Task ScreenshotAsync(IPage page, string name, bool fullPage = false)
    {
        var folder = ScreenshotFolder();
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, name + ".png"), FullPage = fullPage });
    }

    /// <summary>Where <see cref="ScreenshotAsync"/> writes (also other files worth looking at, such as a printed PDF).</summary>
    public static string ScreenshotFolder() =>
        Environment.GetEnvironmentVariable("PAYESH_SCREENSHOTS") is { Length: > 0 } set ? set : Path.Combine(Path.GetTempPath(), "payesh-screenshots");

    public async Task DisposeAsync()
    {
        if (_browser is not null) await _browser.DisposeAsync();
        _playwright?.Dispose();
        _app?.Dispose();
    }
}

[CollectionDefinition("browser")]
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711", Justification = "xunit's name for a collection definition.")]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>;
