using Payesh.Domain.Calendar;
using Payesh.Domain.Progress;
using Payesh.Web.Data.Model;

namespace Payesh.Web.Data.Demo;

/// <summary>
/// A deterministic, realistic history of daily reports: each agency has its own discipline and pace
/// (a few lag), most report most working days (Saturday–Wednesday), some actions stop for weeks,
/// a few values are corrected downward with a justification, some reports arrive days late, and the
/// secretariat has verified most older reports and rejected a few.
/// </summary>
public static class DemoReports
{
    private static readonly string[] Notes =
    [
        "پیگیری مکاتبات با دستگاه‌های همکار انجام شد.",
        "جلسه هماهنگی با واحدهای تولیدی برگزار شد.",
        "گزارش میدانی از شهرک صنعتی تهیه شد.",
        "پرونده‌های دریافتی بررسی و به کارگروه ارجاع شد.",
        "مستندات پیشرفت کار پیوست شد.",
        "بخشی از تسهیلات مصوب پرداخت شد.",
        "پیگیری تأمین اعتبار از مرکز ادامه دارد.",
        "",
    ];

    public static List<ProgressReport> Generate(IReadOnlyList<PlanNodeRow> actions, Func<long, string> agencyCode, int untilDay, long planId)
    {
        var rows = new List<ProgressReport>(actions.Count * 120);
        foreach (var n in actions)
        {
            if (n.StartDate is null || n.EndDate is null || n.LeadAgencyId is null) continue;
            var agency = new Random(Stable(agencyCode(n.LeadAgencyId.Value)));
            bool laggard = agency.NextDouble() < 0.3;
            double discipline = laggard ? 0.35 + 0.3 * agency.NextDouble() : 0.75 + 0.22 * agency.NextDouble();
            double agencyPace = laggard ? 0.45 + 0.3 * agency.NextDouble() : 0.82 + 0.28 * agency.NextDouble();

            var rng = new Random(Stable(n.Code));
            double pace = agencyPace * (0.85 + 0.3 * rng.NextDouble());
            int s = n.StartDate.Value.DayNumber, e = n.EndDate.Value.DayNumber;
            var curve = new PlannedCurve(s, e, n.Curve, [.. n.Milestones.OrderBy(m => m.Date).Select(m => (m.Date.DayNumber, m.Percent))]);
            int stopFrom = int.MaxValue, stopTo = int.MinValue;
            if (rng.NextDouble() < 0.09)
            {
                stopFrom = s + (int)((e - s) * (0.2 + 0.5 * rng.NextDouble()));
                stopTo = stopFrom + 20 + rng.Next(35);
            }
            bool silentWhenStopped = rng.NextDouble() < 0.5;
            int firstDelay = rng.Next(0, 6);

            double truth = 0;
            int last = 0;
            bool any = false;
            int end = Math.Min(untilDay, e + 90);
            for (int d = s + firstDelay; d <= end; d++)
            {
                var jd = new JalaliDate(d);
                bool stopped = d >= stopFrom && d <= stopTo;
                if (!stopped)
                {
                    double target = d <= e ? curve.At(d) * pace : 100;
                    // Past its end an action creeps on, slowly for a lagging agency.
                    double step = d <= e ? Math.Max(0, target - truth) : laggard ? 0.15 * rng.NextDouble() : 0.3 + 0.9 * rng.NextDouble();
                    truth = Math.Min(100, truth + step * (0.6 + 0.8 * rng.NextDouble()));
                    if (d > e) truth = Math.Min(100, truth);
                }
                if (jd.DayOfWeek >= 5) continue; // Thursday and Friday
                if (stopped && silentWhenStopped) continue;
                if (rng.NextDouble() > discipline) continue;

                int value = (int)(Math.Round(truth * 4) * 25); // quarter points, in hundredths
                value = Math.Min(10000, Math.Max(value, last));
                string? justification = null;
                if (last > 1500 && value < 10000 && rng.NextDouble() < 0.004)
                {
                    value = last - (200 + rng.Next(6) * 100);
                    justification = "اصلاح درصد گزارش‌های قبلی پس از بازدید میدانی دبیرخانه.";
                    truth = value / 100.0;
                }
                bool late = rng.NextDouble() < 0.05;
                int submittedDay = late ? Math.Min(untilDay + 1, d + 1 + rng.Next(4)) : d;
                var submitted = new DateTimeOffset(DateOnly.FromDayNumber(submittedDay).ToDateTime(new TimeOnly(6 + rng.Next(6), rng.Next(60))), TimeSpan.Zero);
                var status = ReportStatus.Submitted;
                string? reviewReason = null;
                if (d < untilDay - 7)
                {
                    double r = rng.NextDouble();
                    if (r < 0.004 && justification is null && value > last)
                    {
                        status = ReportStatus.Rejected;
                        reviewReason = "مستندات پیوست با درصد اعلام‌شده هم‌خوانی ندارد.";
                    }
                    else if (r < 0.97) status = ReportStatus.Verified;
                }
                rows.Add(new ProgressReport
                {
                    PlanId = planId,
                    NodeId = n.Id,
                    ReportDate = DateOnly.FromDayNumber(d),
                    PercentHundredths = value,
                    Note = Notes[rng.Next(Notes.Length)] is { Length: > 0 } note ? note : null,
                    Justification = justification,
                    SubmittedAt = submitted,
                    Status = status,
                    ReviewedAt = status == ReportStatus.Submitted ? null : submitted.AddDays(2),
                    ReviewReason = reviewReason,
                    PreviousHundredths = any ? last : null,
                });
                any |= status != ReportStatus.Rejected;
                if (status != ReportStatus.Rejected) last = value;
                if (value >= 10000) break;
            }
        }
        return rows;
    }

    /// <summary>A hash that is the same in every process (string.GetHashCode is not).</summary>
    public static int Stable(string text)
    {
        unchecked
        {
            uint h = 2166136261;
            foreach (var c in text) h = (h ^ c) * 16777619;
            return (int)h;
        }
    }
}
