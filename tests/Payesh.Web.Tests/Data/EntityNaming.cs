using Payesh.Domain.Plans;
using Payesh.Domain.Text;
using Payesh.Web.Data.Model;

namespace Payesh.Web.Tests.Data;

/// <summary>
/// EF entities are named apart from domain types, so no file needs a <c>using</c> alias to tell them apart, while the
/// audit trail and the field limits keep the names they always had ("Plan", not "PlanRow").
/// </summary>
public sealed class EntityNaming
{
    [Fact]
    public void No_entity_class_shares_its_name_with_a_domain_type()
    {
        var domain = typeof(Plan).Assembly.GetExportedTypes().Where(t => !t.IsNested).Select(t => t.Name).ToHashSet();
        var clashes = typeof(PlanRow).Assembly.GetExportedTypes()
            .Where(t => t.Namespace == typeof(PlanRow).Namespace && domain.Contains(t.Name))
            .Select(t => t.Name).ToList();
        Assert.Empty(clashes);
    }

    [Fact]
    public void Renamed_entities_keep_their_audit_names()
    {
        Assert.Equal("Plan", EntityNames.Of(typeof(PlanRow)));
        Assert.Equal("PlanNode", EntityNames.Of(typeof(PlanNodeRow)));
        Assert.Equal("Agency", EntityNames.Of(typeof(AgencyRow)));
        Assert.Equal("ProgressReport", EntityNames.Of(typeof(ProgressReport)));
    }

    [Fact]
    public void Every_field_limit_names_an_entity_by_its_audit_name()
    {
        var names = typeof(PlanRow).Assembly.GetExportedTypes()
            .Where(t => t.Namespace == typeof(PlanRow).Namespace && t.IsClass).Select(EntityNames.Of).ToHashSet();
        Assert.All(FieldLimits.All, f => Assert.Contains(f.Entity, names));
    }

    [Fact]
    public void No_source_file_needs_a_type_alias()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Payesh.slnx"))) root = root.Parent;
        Assert.NotNull(root);
        var aliased = new[] { "src", "tests", "bench" }
            .SelectMany(d => Directory.EnumerateFiles(Path.Combine(root.FullName, d), "*.cs", SearchOption.AllDirectories))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}")
                && !f.Contains($"{Path.DirectorySeparatorChar}Migrations{Path.DirectorySeparatorChar}"))
            .Where(f => File.ReadLines(f).Any(l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^using \w+ = ")))
            .Select(f => Path.GetRelativePath(root.FullName, f)).ToList();
        Assert.Empty(aliased);
    }
}
