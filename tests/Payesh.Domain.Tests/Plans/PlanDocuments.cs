using System.Text.Json;
using Payesh.Domain.Plans;

namespace Payesh.Domain.Tests.Plans;

/// <summary>Plan documents for the reader's tests: the demo plan and a small valid one to break.</summary>
internal static class PlanDocuments
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static readonly IReadOnlySet<string> NoAgencies = new HashSet<string>();

    public static string DemoPath => Path.Combine(AppContext.BaseDirectory, "Data", "qom-1398-plan.json");

    public static PlanDocument Demo() =>
        JsonSerializer.Deserialize<PlanDocument>(File.ReadAllText(DemoPath), Json)
        ?? throw new InvalidOperationException("the demo plan is empty");

    public static PlanDocument RoundTripJson(PlanDocument doc) =>
        JsonSerializer.Deserialize<PlanDocument>(JsonSerializer.Serialize(doc, Json), Json)!;

    /// <summary>
    /// A valid plan of 1398: axis 01 (programs 01.01 with actions 01.01.01–02) and axis 02 (action 02.01).
    /// </summary>
    public static PlanDocument Small() => new()
    {
        Title = "برنامه آزمایشی",
        Year = 1398,
        Start = "1398/01/01",
        End = "1398/12/29",
        Agencies =
        [
            new AgencyDocument { Code = "SMT", Name = "سازمان صنعت، معدن و تجارت", Kind = "government" },
            new AgencyDocument { Code = "TAX", Name = "اداره کل امور مالیاتی", Kind = "government" },
        ],
        Nodes =
        [
            new NodeDocument
            {
                Code = "01", Title = "محور یک", Weight = 3,
                Children =
                [
                    new NodeDocument
                    {
                        Code = "01.01", Title = "برنامه یک",
                        Children =
                        [
                            new NodeDocument
                            {
                                Code = "01.01.01", Title = "اقدام یک", Weight = 2, Agency = "SMT", Collaborators = ["TAX"],
                                Start = "1398/02/01", End = "1398/06/31", Curve = "linear",
                            },
                            new NodeDocument
                            {
                                Code = "01.01.02", Title = "اقدام دو", Agency = "TAX",
                                Start = "1398/03/01", End = "1398/09/30", Curve = "milestones",
                                Milestones =
                                [
                                    new MilestoneDocument { Date = "1398/05/31", Percent = 20 },
                                    new MilestoneDocument { Date = "1398/08/01", Percent = 60 },
                                ],
                            },
                        ],
                    },
                ],
            },
            new NodeDocument
            {
                Code = "02", Title = "محور دو",
                Children =
                [
                    new NodeDocument
                    {
                        Code = "02.01", Title = "اقدام سه", Agency = "SMT",
                        Start = "1398/01/15", End = "1398/12/20", Curve = "scurve",
                    },
                ],
            },
        ],
    };

    /// <summary>The node at a path of child indexes, e.g. (0, 0, 1) for 01.01.02 of <see cref="Small"/>.</summary>
    public static NodeDocument At(this PlanDocument doc, params int[] path)
    {
        var node = doc.Nodes![path[0]];
        foreach (var i in path.Skip(1)) node = node.Children![i];
        return node;
    }
}
