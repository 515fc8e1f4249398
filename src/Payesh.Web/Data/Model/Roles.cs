namespace Payesh.Web.Data.Model;

public static class Roles
{
    public const string Admin = "Admin";
    public const string Secretariat = "Secretariat";
    public const string AgencyManager = "AgencyManager";
    public const string AgencyReporter = "AgencyReporter";
    public const string Viewer = "Viewer";

    public static readonly string[] All = [Admin, Secretariat, AgencyManager, AgencyReporter, Viewer];

    public static string PersianName(string role) => role switch
    {
        Admin => "مدیر سامانه",
        Secretariat => "دبیرخانه ستاد",
        AgencyManager => "مدیر دستگاه",
        AgencyReporter => "کارشناس گزارش‌دهنده دستگاه",
        Viewer => "ناظر (استاندار، اعضای ستاد)",
        _ => role,
    };
}
