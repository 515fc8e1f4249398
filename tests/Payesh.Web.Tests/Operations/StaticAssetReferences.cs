using System.Text.RegularExpressions;

namespace Payesh.Web.Tests.Operations;

/// <summary>
/// Every script, style sheet, image or font a view points at with <c>~/…</c> exists under <c>wwwroot</c>: a vendored
/// library removed or renamed (the old date picker, the ECharts common bundle) must not leave a page asking for a file
/// that answers 404.
/// </summary>
public sealed partial class StaticAssetReferences
{
    [GeneratedRegex("""(?:src|href)="~/(?<path>[^"?#]+)""")]
    private static partial Regex AssetReference();

    [Fact]
    public void Every_asset_a_view_references_exists()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Payesh.slnx"))) root = root.Parent;
        Assert.NotNull(root);
        var web = Path.Combine(root.FullName, "src", "Payesh.Web");
        var views = Directory.EnumerateFiles(web, "*.cshtml", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}")).ToList();
        Assert.NotEmpty(views);

        var references = views
            .SelectMany(f => AssetReference().Matches(File.ReadAllText(f)).Select(m => (View: Path.GetRelativePath(web, f), Path: m.Groups["path"].Value)))
            .ToList();
        Assert.Contains(references, r => r.Path.EndsWith(".js", StringComparison.Ordinal));

        var missing = references
            .Where(r => !File.Exists(Path.Combine(web, "wwwroot", r.Path.Replace('/', Path.DirectorySeparatorChar))))
            .Select(r => $"{r.View} → ~/{r.Path}").ToList();
        Assert.Empty(missing);
    }
}
