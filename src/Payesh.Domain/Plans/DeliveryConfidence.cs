namespace Payesh.Domain.Plans;

/// <summary>The secretariat's periodic judgement of whether an axis will deliver (issue 12 § 6), beside the status the
/// engine computes: the four levels delivery units use, best first.</summary>
public enum DeliveryConfidence { OnTrack, OnTrackWithRisk, NeedsAttention, OffTrack }

/// <summary>The one table of the confidence levels' Persian and API names.</summary>
public static class DeliveryConfidenceNames
{
    public static readonly DeliveryConfidence[] All = Enum.GetValues<DeliveryConfidence>();

    /// <summary>The longest commentary a rating takes.</summary>
    public const int CommentLength = 1000;

    public static string PersianName(this DeliveryConfidence level) => level switch
    {
        DeliveryConfidence.OnTrack => "در مسیر",
        DeliveryConfidence.OnTrackWithRisk => "در مسیر با مخاطره",
        DeliveryConfidence.NeedsAttention => "نیازمند توجه",
        DeliveryConfidence.OffTrack => "خارج از مسیر",
        _ => throw new ArgumentOutOfRangeException(nameof(level), level, null),
    };

    public static string ApiName(this DeliveryConfidence level) => level switch
    {
        DeliveryConfidence.OnTrack => "on-track",
        DeliveryConfidence.OnTrackWithRisk => "on-track-with-risk",
        DeliveryConfidence.NeedsAttention => "needs-attention",
        DeliveryConfidence.OffTrack => "off-track",
        _ => throw new ArgumentOutOfRangeException(nameof(level), level, null),
    };

    /// <summary>Reads a level by its API name or its Persian name (after ی/ک normalisation); false for anything else.</summary>
    public static bool TryParse(string? text, out DeliveryConfidence level)
    {
        var t = (Text.PersianText.Normalize(text) ?? "").Trim();
        foreach (var l in All)
        {
            if (string.Equals(t, l.ApiName(), StringComparison.OrdinalIgnoreCase) || t == l.PersianName())
            {
                level = l;
                return true;
            }
        }
        level = default;
        return false;
    }
}
