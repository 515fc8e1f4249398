namespace Payesh.Domain.Text;

/// <summary>
/// The longest text each stored field takes, declared once (issue 13): the database model reads its column
/// lengths from <see cref="All"/>, the door refuses anything longer than <see cref="LongestValue"/>, and every
/// save is checked against the field's own limit before the database sees it — so SQLite (which would store
/// anything) and PostgreSQL (which would fail) answer the same Persian 422.
/// </summary>
public static class FieldLimits
{
    public const int PlanTitle = 300;
    public const int NodeCode = 50;
    public const int NodeTitle = 500;
    public const int AgencyCode = 20;
    public const int AgencyName = 300;
    public const int PersonName = 200;
    public const int UserName = 256;
    public const int ReportNote = 2000;
    public const int ReportJustification = 2000;
    public const int ReportBackdateReason = 1000;
    public const int Reason = 1000;
    public const int Requirement = 1000;
    public const int Comment = 4000;
    public const int LongText = 4000;
    public const int Minutes = 20000;
    public const int FileName = 260;
    public const int Title = 300;
    public const int Password = 256;

    /// <summary>No single value of any form field or JSON string is longer (the longest field, meeting minutes).</summary>
    public const int LongestValue = Minutes;

    /// <summary>A stored text column: its entity and property (as named in the database model), limit and Persian label.</summary>
    public sealed record Field(string Entity, string Property, int MaxLength, string Label);

    public static readonly IReadOnlyList<Field> All =
    [
        new("AppUser", "DisplayName", PersonName, "نام نمایشی"),
        new("Agency", "Code", AgencyCode, "کد دستگاه"),
        new("Agency", "Name", AgencyName, "نام دستگاه"),
        new("Plan", "Title", PlanTitle, "عنوان برنامه"),
        new("Plan", "Levels", 300, "نام سطح‌های برنامه"),
        new("PlanNode", "Code", NodeCode, "کد بخش"),
        new("PlanNode", "Title", NodeTitle, "عنوان بخش"),
        new("ProgressReport", "Note", ReportNote, "شرح گزارش"),
        new("ProgressReport", "Justification", ReportJustification, "توجیه"),
        new("ProgressReport", "BackdateReason", ReportBackdateReason, "دلیل ثبت با تاریخ گذشته"),
        new("ProgressReport", "ReviewReason", Reason, "دلیل بررسی"),
        new("ReportReview", "Reason", Reason, "دلیل بررسی"),
        new("Evidence", "FileName", FileName, "نام پرونده"),
        new("ActionComment", "Text", Comment, "متن یادداشت"),
        new("ActionComment", "UserName", UserName, "نام کاربر"),
        new("Notification", "Title", Title, "عنوان اعلان"),
        new("Notification", "Body", 2000, "متن اعلان"),
        new("Holiday", "Title", 200, "عنوان تعطیلی"),
        new("ApiToken", "Name", PersonName, "نام توکن"),
        new("Obstacle", "Title", Title, "عنوان مانع"),
        new("Obstacle", "Description", LongText, "شرح مانع"),
        new("Obstacle", "ReportedByName", UserName, "نام گزارش‌دهنده"),
        new("ObstacleUnit", "Name", Title, "نام واحد"),
        new("ObstacleUnit", "Location", Title, "نشانی واحد"),
        new("ObstacleEventRow", "ActorName", UserName, "نام کاربر"),
        new("ObstacleEventRow", "Note", LongText, "یادداشت"),
        new("Meeting", "Title", Title, "عنوان جلسه"),
        new("Meeting", "Place", Title, "محل جلسه"),
        new("Meeting", "Attendees", LongText, "حاضران"),
        new("Meeting", "Minutes", Minutes, "صورتجلسه"),
        new("AgendaItem", "Text", 2000, "متن دستور جلسه"),
        new("Resolution", "Text", LongText, "متن مصوبه"),
        new("ResolutionEventRow", "ActorName", UserName, "نام کاربر"),
        new("ResolutionEventRow", "Note", LongText, "یادداشت"),
        new("PlanBaseline", "Reason", 2000, "دلیل تغییر"),
        new("PlanBaseline", "DecisionRef", Title, "شماره مصوبه"),
        new("PlanBaseline", "CreatedByName", UserName, "نام کاربر"),
        new("NodeRequirement", "Text", Requirement, "متن الزام"),
        new("PlanImportJob", "FileName", FileName, "نام پرونده"),
        new("AxisConfidenceRating", "Comment", 1000, "تفسیر دبیرخانه"),
        new("AxisConfidenceRating", "UserName", UserName, "نام کاربر"),
    ];

    private static readonly Dictionary<(string, string), Field> ByName = All.ToDictionary(f => (f.Entity, f.Property));

    public static Field? Find(string entity, string property) => ByName.GetValueOrDefault((entity, property));

    /// <summary>The Persian message for a value over its field's limit.</summary>
    public static string TooLong(string label, int maxLength) =>
        $"«{label}» نباید از {PersianText.FormatInteger(maxLength)} نویسه بیشتر باشد.";
}
