using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Payesh.Web.Features.Exports;

/// <summary>How a PDF rendering ended.</summary>
public enum PdfFailure { None, Unavailable, Busy, Failed }

/// <summary>A rendered PDF, or why there is none.</summary>
public sealed record PdfRendering(byte[]? Pdf, PdfFailure Failure);

/// <summary>
/// Prints a page's HTML to PDF with headless Chromium on the server (issue 12 § paper). Chromium gets the HTML as a file
/// and the site's own static files from disk: it holds no cookie, token or session, and is kept off the network. Turns
/// are bounded (<see cref="PdfOptions.MaxConcurrent"/> running, <see cref="PdfOptions.MaxQueued"/> waiting) so that
/// PDF requests cannot exhaust the machine, and each run is killed after <see cref="PdfOptions.TimeoutSeconds"/>.
/// </summary>
public sealed partial class PdfRenderer : IDisposable
{
    private static readonly string[] Candidates = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"];

    private readonly PdfOptions _options;
    private readonly ILogger<PdfRenderer> _log;
    private readonly SemaphoreSlim _turns;
    private readonly string _webRoot;
    private int _pending;

    public PdfRenderer(IOptions<PdfOptions> options, IWebHostEnvironment env, ILogger<PdfRenderer> log)
    {
        _options = options.Value;
        _log = log;
        _turns = new SemaphoreSlim(Math.Max(1, _options.MaxConcurrent));
        _webRoot = env.WebRootPath;
        Chromium = Find(_options.Chromium);
        if (Chromium is null) Off(_log);
    }

    /// <summary>The executable used, or null when there is none (the PDF links are hidden and the endpoints answer 503).</summary>
    public string? Chromium { get; }

    public bool Available => Chromium is not null;

    private static string? Find(string? configured)
    {
        if (!string.IsNullOrWhiteSpace(configured)) return File.Exists(configured) ? configured : null;
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        return path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .SelectMany(dir => Candidates.Select(name => Path.Combine(dir, name)))
            .FirstOrDefault(File.Exists);
    }

    /// <summary>The HTML as Chromium opens it from a file: site assets read from the web root on disk, links kept
    /// pointing at <paramref name="siteBase"/> (so they work when clicked in the PDF).</summary>
    public string Prepare(string html, Uri siteBase)
    {
        var root = new Uri(Path.Combine(_webRoot, "x")).AbsoluteUri[..^1];
        html = Assets().Replace(html, m => $"{m.Groups[1].Value}=\"{root}{m.Groups[2].Value}\"");
        var head = html.IndexOf("<head>", StringComparison.OrdinalIgnoreCase);
        var tag = $"<base href=\"{System.Net.WebUtility.HtmlEncode(siteBase.AbsoluteUri)}\" />";
        return head < 0 ? tag + html : html.Insert(head + "<head>".Length, tag);
    }

    [GeneratedRegex("""(src|href)="/((?:lib|css|js)/[^"?#]*)(?:[?#][^"]*)?" """, RegexOptions.IgnorePatternWhitespace)]
    private static partial Regex Assets();

    public async Task<PdfRendering> RenderAsync(string html, CancellationToken ct)
    {
        if (Chromium is null) return new(null, PdfFailure.Unavailable);
        if (Interlocked.Increment(ref _pending) > _options.MaxConcurrent + _options.MaxQueued)
        {
            Interlocked.Decrement(ref _pending);
            return new(null, PdfFailure.Busy);
        }
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(Math.Max(1, _options.TimeoutSeconds)));
            try
            {
                await _turns.WaitAsync(timeout.Token);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                return new(null, PdfFailure.Busy);
            }
            try
            {
                return await RunAsync(html, timeout.Token);
            }
            finally
            {
                _turns.Release();
            }
        }
        finally
        {
            Interlocked.Decrement(ref _pending);
        }
    }

    private async Task<PdfRendering> RunAsync(string html, CancellationToken ct)
    {
        var dir = Directory.CreateTempSubdirectory("payesh-pdf-");
        try
        {
            var input = Path.Combine(dir.FullName, "page.html");
            var output = Path.Combine(dir.FullName, "page.pdf");
            await File.WriteAllTextAsync(input, html, ct);
            var start = new ProcessStartInfo(Chromium!)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var arg in Arguments(dir.FullName, input, output)) start.ArgumentList.Add(arg);
            using var process = Process.Start(start) ?? throw new InvalidOperationException("Chromium did not start");
            var stderr = process.StandardError.ReadToEndAsync(ct);
            _ = process.StandardOutput.ReadToEndAsync(ct);
            try
            {
                await process.WaitForExitAsync(ct);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                Stopped(_log, _options.TimeoutSeconds);
                return new(null, PdfFailure.Failed);
            }
            if (process.ExitCode != 0 || !File.Exists(output))
            {
                Failed(_log, process.ExitCode, (await stderr).Trim());
                return new(null, PdfFailure.Failed);
            }
            return new(await File.ReadAllBytesAsync(output, ct), PdfFailure.None);
        }
        finally
        {
            try { dir.Delete(recursive: true); }
            catch (IOException e) { NotRemoved(_log, e, dir.FullName); }
        }
    }

    /// <summary>Headless, with its own throw-away profile, no network (every host name resolves to nothing and every
    /// request would go to a closed proxy), and a few seconds of virtual time for the charts to draw.</summary>
    private static IEnumerable<string> Arguments(string dir, string input, string output) =>
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--disable-extensions",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic",
        "--host-resolver-rules=MAP * ~NOTFOUND", "--proxy-server=http://127.0.0.1:9", "--proxy-bypass-list=<-loopback>",
        "--allow-file-access-from-files", $"--user-data-dir={Path.Combine(dir, "profile")}", "--window-size=800,1200",
        "--no-pdf-header-footer", "--run-all-compositor-stages-before-draw", "--virtual-time-budget=5000",
        $"--print-to-pdf={output}", new Uri(input).AbsoluteUri,
    ];

    public void Dispose() => _turns.Dispose();

    [LoggerMessage(Level = LogLevel.Information, Message = "PDF copies are off: no Chromium found (Payesh:Pdf:Chromium)")]
    private static partial void Off(ILogger log);

    [LoggerMessage(Level = LogLevel.Warning, Message = "PDF rendering stopped: it took longer than {Seconds} s or the request ended")]
    private static partial void Stopped(ILogger log, int seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "PDF rendering failed (exit {Code}): {Error}")]
    private static partial void Failed(ILogger log, int code, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "PDF work folder {Folder} not removed")]
    private static partial void NotRemoved(ILogger log, Exception error, string folder);
}
