namespace Payesh.Domain.Progress;

/// <summary>Which way a change went, judged by whether a higher value of the figure is better (issue 12 § 6).</summary>
public enum Trend { Better, Same, Worse, Unknown }

/// <summary>
/// A figure as of a day and the same figure 7 and 30 days earlier (issue 12 § 6: «change over 7 and 30 days beside every
/// headline figure, axis and agency»). The earlier values are null when the figure had no value then (e.g. SPI before
/// anything was planned).
/// </summary>
public readonly record struct FigureChange(double? Now, double? WeekAgo, double? MonthAgo, bool HigherIsBetter = true)
{
    /// <summary>Changes smaller than this (a twentieth of a point, under what one decimal shows) count as none.</summary>
    public const double Tolerance = 0.05;

    public double? Week => Now is { } n && WeekAgo is { } w ? n - w : null;
    public double? Month => Now is { } n && MonthAgo is { } m ? n - m : null;

    public Trend WeekTrend => Judge(Week);
    public Trend MonthTrend => Judge(Month);

    private Trend Judge(double? change) => change switch
    {
        null => Trend.Unknown,
        { } c when Math.Abs(c) < Tolerance => Trend.Same,
        { } c => (c > 0) == HigherIsBetter ? Trend.Better : Trend.Worse,
    };
}
