using Payesh.Domain.Obstacles;
using Payesh.Domain.Text;
using Payesh.Web.Data.Model;

namespace Payesh.Web.Features.Obstacles;

/// <summary>How obstacles, meetings and resolutions look in the Persian UI.</summary>
public static class ObstacleView
{
    public static string StateClass(ObstacleState s) => s switch
    {
        ObstacleState.Reported => "ob-reported",
        ObstacleState.UnderReview => "ob-review",
        ObstacleState.Assigned => "ob-assigned",
        ObstacleState.InProgress => "ob-progress",
        ObstacleState.Resolved => "ob-resolved",
        _ => "ob-closed",
    };

    public static string SeverityClass(ObstacleSeverity s) => s switch
    {
        ObstacleSeverity.Low => "sev-low",
        ObstacleSeverity.Medium => "sev-medium",
        ObstacleSeverity.High => "sev-high",
        _ => "sev-critical",
    };

    public static string ResolutionClass(ResolutionState s) => s switch
    {
        ResolutionState.Pending => "ob-review",
        ResolutionState.Objected => "ob-assigned",
        ResolutionState.Binding => "ob-progress",
        ResolutionState.AwaitingConfirmation => "ob-awaiting",
        ResolutionState.Done => "ob-resolved",
        _ => "ob-closed",
    };

    /// <summary>Rials in words people read: ۱۲٫۵ میلیارد ریال.</summary>
    public static string Money(long rials) => rials switch
    {
        0 => "—",
        >= 1_000_000_000_000 => PersianText.FormatNumber(rials / 1e12, 1) + " هزار میلیارد ریال",
        >= 1_000_000_000 => PersianText.FormatNumber(rials / 1e9, 1) + " میلیارد ریال",
        >= 1_000_000 => PersianText.FormatNumber(rials / 1e6, 1) + " میلیون ریال",
        _ => PersianText.FormatInteger(rials) + " ریال",
    };

    public static string ActorLabel(ActorRole role) => role switch
    {
        ActorRole.Staff => "دبیرخانه",
        ActorRole.Agency => "دستگاه",
        _ => "",
    };

    public static string MeetingState(MeetingState s) => s == Data.Model.MeetingState.Held ? "برگزارشده" : "در انتظار برگزاری";

    /// <summary>Parses a whole number typed with any digits and thousands separators; null when empty, error text when not a number.</summary>
    public static (long? Value, string? Error) WholeNumber(string? text, string what)
    {
        if (string.IsNullOrWhiteSpace(text)) return (null, null);
        var clean = PersianText.ToLatinDigits(text).Replace(",", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal);
        return long.TryParse(clean, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var v)
            ? (v, null)
            : (null, $"{what} باید عددی صحیح و نامنفی باشد.");
    }

    public static readonly ObstacleCategory[] Categories = Enum.GetValues<ObstacleCategory>();
    public static readonly ObstacleSeverity[] Severities = Enum.GetValues<ObstacleSeverity>();
    public static readonly ObstacleState[] States = Enum.GetValues<ObstacleState>();
    public static readonly EscalationLevel[] Levels = [EscalationLevel.HqMeeting, EscalationLevel.DeputyGovernor, EscalationLevel.Governor, EscalationLevel.NationalHq];
}
