namespace Payesh.Domain.Obstacles;

/// <summary>What kind of problem an obstacle is (موضوع مانع).</summary>
public enum ObstacleCategory
{
    BankFinancing,
    Tax,
    Insurance,
    Customs,
    Permits,
    RawMaterialAndCurrency,
    Utilities,
    Infrastructure,
    LegalAndJudicial,
    Market,
    Other,
}

public enum ObstacleSeverity { Low, Medium, High, Critical }

/// <summary>Where an obstacle is in its life, derived from its events (<see cref="ObstacleFile"/>).</summary>
public enum ObstacleState { Reported, UnderReview, Assigned, InProgress, Resolved, NotResolvable }

/// <summary>How high an obstacle has been referred (ارجاع به سطح بالاتر); levels only go up.</summary>
public enum EscalationLevel { None, HqMeeting, DeputyGovernor, Governor, NationalHq }

/// <summary>One kind of event in an obstacle's history.</summary>
public enum ObstacleStep { Report, Review, Assign, Start, Resolve, DeclareNotResolvable, Escalate, Reopen, Comment }

/// <summary>Who acts, as far as the rules care: the secretariat (or an administrator), an agency, or a viewer.</summary>
public enum ActorRole { Staff, Agency, Viewer }

public readonly record struct Actor(ActorRole Role, long? AgencyId = null)
{
    public static Actor Staff => new(ActorRole.Staff);
    public static Actor Viewer => new(ActorRole.Viewer);
    public static Actor OfAgency(long agencyId) => new(ActorRole.Agency, agencyId);

    public bool IsStaff => Role == ActorRole.Staff;
    public bool IsAgency(long? agencyId) => Role == ActorRole.Agency && agencyId is not null && AgencyId == agencyId;
}

/// <summary>Persian labels and API names of the obstacle and resolution terms (glossary.md).</summary>
public static class ObstacleTerms
{
    public static string PersianName(this ObstacleCategory c) => c switch
    {
        ObstacleCategory.BankFinancing => "تأمین مالی و تسهیلات بانکی",
        ObstacleCategory.Tax => "مالیات",
        ObstacleCategory.Insurance => "بیمه و تأمین اجتماعی",
        ObstacleCategory.Customs => "گمرک",
        ObstacleCategory.Permits => "مجوزها و پروانه‌ها",
        ObstacleCategory.RawMaterialAndCurrency => "مواد اولیه و ارز",
        ObstacleCategory.Utilities => "آب، برق و گاز",
        ObstacleCategory.Infrastructure => "زیرساخت",
        ObstacleCategory.LegalAndJudicial => "حقوقی و قضایی",
        ObstacleCategory.Market => "بازار و فروش",
        _ => "سایر",
    };

    public static string ApiName(this ObstacleCategory c) => c switch
    {
        ObstacleCategory.BankFinancing => "bank-financing",
        ObstacleCategory.Tax => "tax",
        ObstacleCategory.Insurance => "insurance",
        ObstacleCategory.Customs => "customs",
        ObstacleCategory.Permits => "permits",
        ObstacleCategory.RawMaterialAndCurrency => "raw-material-and-currency",
        ObstacleCategory.Utilities => "utilities",
        ObstacleCategory.Infrastructure => "infrastructure",
        ObstacleCategory.LegalAndJudicial => "legal-and-judicial",
        ObstacleCategory.Market => "market",
        _ => "other",
    };

    public static string PersianName(this ObstacleSeverity s) => s switch
    {
        ObstacleSeverity.Low => "کم",
        ObstacleSeverity.Medium => "متوسط",
        ObstacleSeverity.High => "زیاد",
        _ => "بحرانی",
    };

    public static string ApiName(this ObstacleSeverity s) => s switch
    {
        ObstacleSeverity.Low => "low",
        ObstacleSeverity.Medium => "medium",
        ObstacleSeverity.High => "high",
        _ => "critical",
    };

    public static string PersianName(this ObstacleState s) => s switch
    {
        ObstacleState.Reported => "ثبت‌شده",
        ObstacleState.UnderReview => "در حال بررسی",
        ObstacleState.Assigned => "ارجاع‌شده به دستگاه",
        ObstacleState.InProgress => "در دست اقدام",
        ObstacleState.Resolved => "رفع‌شده",
        _ => "غیرقابل رفع",
    };

    public static string ApiName(this ObstacleState s) => s switch
    {
        ObstacleState.Reported => "reported",
        ObstacleState.UnderReview => "under-review",
        ObstacleState.Assigned => "assigned",
        ObstacleState.InProgress => "in-progress",
        ObstacleState.Resolved => "resolved",
        _ => "not-resolvable",
    };

    public static string PersianName(this EscalationLevel l) => l switch
    {
        EscalationLevel.HqMeeting => "جلسه ستاد",
        EscalationLevel.DeputyGovernor => "معاون اقتصادی استاندار",
        EscalationLevel.Governor => "استاندار",
        EscalationLevel.NationalHq => "ستاد ملی تسهیل",
        _ => "—",
    };

    public static string ApiName(this EscalationLevel l) => l switch
    {
        EscalationLevel.HqMeeting => "hq-meeting",
        EscalationLevel.DeputyGovernor => "deputy-governor",
        EscalationLevel.Governor => "governor",
        EscalationLevel.NationalHq => "national-hq",
        _ => "none",
    };

    public static string PersianName(this ObstacleStep s) => s switch
    {
        ObstacleStep.Report => "ثبت مانع",
        ObstacleStep.Review => "آغاز بررسی دبیرخانه",
        ObstacleStep.Assign => "ارجاع به دستگاه مسئول",
        ObstacleStep.Start => "پاسخ دستگاه: در دست اقدام",
        ObstacleStep.Resolve => "رفع مانع",
        ObstacleStep.DeclareNotResolvable => "اعلام غیرقابل رفع",
        ObstacleStep.Escalate => "ارجاع به سطح بالاتر",
        ObstacleStep.Reopen => "بازگشایی",
        _ => "یادداشت پیگیری",
    };

    public static string ApiName(this ObstacleStep s) => s switch
    {
        ObstacleStep.Report => "report",
        ObstacleStep.Review => "review",
        ObstacleStep.Assign => "assign",
        ObstacleStep.Start => "start",
        ObstacleStep.Resolve => "resolve",
        ObstacleStep.DeclareNotResolvable => "not-resolvable",
        ObstacleStep.Escalate => "escalate",
        ObstacleStep.Reopen => "reopen",
        _ => "comment",
    };

    public static string PersianName(this ResolutionState s) => s switch
    {
        ResolutionState.Pending => "در مهلت اعتراض",
        ResolutionState.Objected => "اعتراض در انتظار تصمیم",
        ResolutionState.Binding => "لازم‌الاجرا",
        ResolutionState.AwaitingConfirmation => "انجام‌شده — در انتظار تأیید دبیرخانه",
        ResolutionState.Done => "انجام‌شده",
        _ => "لغوشده (اعتراض پذیرفته شد)",
    };

    public static string ApiName(this ResolutionState s) => s switch
    {
        ResolutionState.Pending => "pending",
        ResolutionState.Objected => "objected",
        ResolutionState.Binding => "binding",
        ResolutionState.AwaitingConfirmation => "awaiting-confirmation",
        ResolutionState.Done => "done",
        _ => "withdrawn",
    };

    public static string PersianName(this ResolutionStep s) => s switch
    {
        ResolutionStep.Issue => "ابلاغ مصوبه",
        ResolutionStep.Object => "اعتراض دستگاه",
        ResolutionStep.AcceptObjection => "پذیرش اعتراض (لغو مصوبه)",
        ResolutionStep.RejectObjection => "رد اعتراض (لازم‌الاجرا)",
        ResolutionStep.FollowUp => "گزارش پیگیری",
        ResolutionStep.ConfirmDone => "تأیید انجام مصوبه",
        ResolutionStep.ReturnDone => "بازگرداندن (انجام تأیید نشد)",
        _ => "اعلام انجام مصوبه",
    };

    public static string ApiName(this ResolutionStep s) => s switch
    {
        ResolutionStep.Issue => "issue",
        ResolutionStep.Object => "object",
        ResolutionStep.AcceptObjection => "accept-objection",
        ResolutionStep.RejectObjection => "reject-objection",
        ResolutionStep.FollowUp => "follow-up",
        ResolutionStep.ConfirmDone => "confirm-done",
        ResolutionStep.ReturnDone => "return-done",
        _ => "done",
    };

    /// <summary>Parses an API name of any of the enums above (case-insensitive); false when unknown.</summary>
    public static bool TryParse<T>(string? apiName, out T value) where T : struct, Enum
    {
        foreach (var v in Enum.GetValues<T>())
        {
            if (string.Equals(ApiNameOf(v), apiName?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                value = v;
                return true;
            }
        }
        value = default;
        return false;
    }

    public static string ApiNameOf<T>(T value) where T : struct, Enum => value switch
    {
        ObstacleCategory c => c.ApiName(),
        ObstacleSeverity s => s.ApiName(),
        ObstacleState s => s.ApiName(),
        EscalationLevel l => l.ApiName(),
        ObstacleStep s => s.ApiName(),
        ResolutionState s => s.ApiName(),
        ResolutionStep s => s.ApiName(),
        _ => value.ToString(),
    };

    public static string PersianNameOf<T>(T value) where T : struct, Enum => value switch
    {
        ObstacleCategory c => c.PersianName(),
        ObstacleSeverity s => s.PersianName(),
        ObstacleState s => s.PersianName(),
        EscalationLevel l => l.PersianName(),
        ObstacleStep s => s.PersianName(),
        ResolutionState s => s.PersianName(),
        ResolutionStep s => s.PersianName(),
        _ => value.ToString(),
    };
}
