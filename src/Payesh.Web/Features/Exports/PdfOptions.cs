namespace Payesh.Web.Features.Exports;

/// <summary>Settings of the PDF copies of pages (<c>Payesh:Pdf</c>, docs/operations.md § PDF).</summary>
public sealed class PdfOptions
{
    /// <summary>Chromium's executable; unset: the first of chromium, chromium-browser, google-chrome found on PATH.</summary>
    public string? Chromium { get; set; }

    /// <summary>How many Chromium processes may run at once (each takes ~150 MB for a second or two).</summary>
    public int MaxConcurrent { get; set; } = 1;

    /// <summary>How many requests may wait for a turn; beyond that the answer is «busy» (503) at once.</summary>
    public int MaxQueued { get; set; } = 4;

    /// <summary>A rendering that takes longer is killed (with its process tree) and answered with 503.</summary>
    public int TimeoutSeconds { get; set; } = 60;
}
