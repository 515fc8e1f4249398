namespace Payesh.Web.Features.Reports;

/// <summary>One reporter of the agency and what they reported for a day.</summary>
public sealed record ReporterDay(string UserId, string Name, int Reports, DateTimeOffset? Last);
