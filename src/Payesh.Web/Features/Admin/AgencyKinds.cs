using Payesh.Domain.Plans;

namespace Payesh.Web.Features.Admin;

/// <summary>The kinds of agency as the UI names them.</summary>
public static class AgencyKinds
{
    public static readonly AgencyKind[] All = Enum.GetValues<AgencyKind>();

    public static string PersianName(AgencyKind kind) => kind switch
    {
        AgencyKind.Governorate => "استانداری و فرمانداری",
        AgencyKind.Government => "دستگاه دولتی",
        AgencyKind.Bank => "بانک",
        AgencyKind.Insurance => "بیمه",
        AgencyKind.Utility => "خدمات زیربنایی (آب، برق، گاز)",
        AgencyKind.Judicial => "دستگاه قضایی",
        AgencyKind.PrivateSector => "بخش خصوصی و تشکل‌ها",
        _ => "سایر",
    };

    public static string PersianName(string? kind) =>
        Enum.TryParse<AgencyKind>(kind, out var k) ? PersianName(k) : kind ?? "";
}
