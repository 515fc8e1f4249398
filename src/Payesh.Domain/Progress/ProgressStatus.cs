namespace Payesh.Domain.Progress;

/// <summary>progress-spec § status. The order is the precedence of the action rules.</summary>
public enum ProgressStatus
{
    Completed,
    NotStarted,
    Stopped,
    Overdue,
    Behind,
    AtRisk,
    OnTrack,
}

public static class ProgressStatusNames
{
    public const int Count = 7;

    public static string ApiName(this ProgressStatus s) => s switch
    {
        ProgressStatus.Completed => "completed",
        ProgressStatus.NotStarted => "not-started",
        ProgressStatus.Stopped => "stopped",
        ProgressStatus.Overdue => "overdue",
        ProgressStatus.Behind => "behind",
        ProgressStatus.AtRisk => "at-risk",
        _ => "on-track",
    };

    public static string PersianName(this ProgressStatus s) => s switch
    {
        ProgressStatus.Completed => "تکمیل‌شده",
        ProgressStatus.NotStarted => "شروع‌نشده",
        ProgressStatus.Stopped => "متوقف",
        ProgressStatus.Overdue => "سررسید گذشته",
        ProgressStatus.Behind => "عقب از برنامه",
        ProgressStatus.AtRisk => "در معرض تأخیر",
        _ => "مطابق برنامه",
    };

    public static readonly ProgressStatus[] All = Enum.GetValues<ProgressStatus>();
}
