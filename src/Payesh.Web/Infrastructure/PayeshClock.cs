using Payesh.Domain.Calendar;

namespace Payesh.Web.Infrastructure;

/// <summary>"Today" in the province's time zone (default Asia/Tehran), from the injected TimeProvider.</summary>
public sealed class PayeshClock(TimeProvider time, IConfiguration config)
{
    private readonly TimeZoneInfo _zone = FindZone(config["Payesh:TimeZone"] ?? "Asia/Tehran");

    public DateTimeOffset Now => time.GetUtcNow();

    public JalaliDate Today => JalaliDate.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), _zone).DateTime);

    private static TimeZoneInfo FindZone(string id)
    {
        try { return TimeZoneInfo.FindSystemTimeZoneById(id); }
        catch (TimeZoneNotFoundException) { return TimeZoneInfo.CreateCustomTimeZone("IRST", TimeSpan.FromHours(3.5), "IRST", "IRST"); }
    }
}
