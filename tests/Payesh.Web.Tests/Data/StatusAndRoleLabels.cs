using Payesh.Web.Data.Model;
using Payesh.Web.Features.Reports;

namespace Payesh.Web.Tests.Data;

/// <summary>The web's own label tables (issue 10, item 6): every report status and every role has its own Persian
/// label; a value added without one would fall through to another's label or to its English name.</summary>
public sealed class StatusAndRoleLabels
{
    [Fact]
    public void Every_report_status_has_its_own_Persian_label()
    {
        var labels = Enum.GetValues<ReportStatus>().Select(ReportCommands.PersianStatus).ToList();
        Assert.All(labels, l => Assert.Matches(@"\p{IsArabic}", l));
        Assert.Equal(labels.Count, labels.Distinct().Count());
    }

    [Fact]
    public void Every_role_has_its_own_Persian_label()
    {
        var labels = Roles.All.Select(Roles.PersianName).ToList();
        Assert.All(labels, l => Assert.Matches(@"\p{IsArabic}", l));
        Assert.Equal(labels.Count, labels.Distinct().Count());
    }
}
