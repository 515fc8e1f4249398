using System.Text.RegularExpressions;

namespace Payesh.Web.Tests.Data;

/// <summary>The app reads time only from the injected <see cref="TimeProvider"/> (through <c>PayeshClock</c>), so that
/// tests fix it and audit timestamps, notices and start-up follow it (issue 10 § 7).</summary>
public sealed partial class ClockSources
{
    [Fact]
    public void No_source_file_reads_the_real_clock_directly()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Payesh.slnx"))) root = root.Parent;
        Assert.NotNull(root);
        var sep = Path.DirectorySeparatorChar;
        var offenders = new[] { "src", "tests" }
            .SelectMany(d => Directory.EnumerateFiles(Path.Combine(root.FullName, d), "*.cs*", SearchOption.AllDirectories))
            .Where(f => (f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".cshtml", StringComparison.Ordinal))
                && !f.Contains($"{sep}obj{sep}", StringComparison.Ordinal) && !f.Contains($"{sep}bin{sep}", StringComparison.Ordinal)
                && !f.Contains($"{sep}Migrations{sep}", StringComparison.Ordinal)
                && !f.EndsWith(nameof(ClockSources) + ".cs", StringComparison.Ordinal))
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (File: Path.GetRelativePath(root.FullName, f), Line: i + 1, Text: line)))
            .Where(l => RealClock().IsMatch(l.Text))
            .Select(l => $"{l.File}:{l.Line}")
            .ToList();
        Assert.Empty(offenders);
    }

    [GeneratedRegex(@"\bDateTime(Offset)?\.(Now|UtcNow|Today)\b")]
    private static partial Regex RealClock();
}
