namespace Payesh.Domain.Plans;

/// <summary>The one table of the planned curves' Persian names (pages, Excel, audit), as on the Excel sheet.</summary>
public static class CurveKindNames
{
    public static readonly CurveKind[] All = Enum.GetValues<CurveKind>();

    public static string PersianName(this CurveKind kind) => kind switch
    {
        CurveKind.Linear => "خطی",
        CurveKind.SCurve => "منحنی S",
        CurveKind.Milestones => "نقاط عطف",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}
