using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Payesh.Domain.Calendar;
using Payesh.Domain.Progress;
using Payesh.Web.Data;
using Payesh.Web.Features.Account;
using Payesh.Web.Features.Accountability;
using Payesh.Web.Features.Agencies;
using Payesh.Web.Features.Plans;
using Payesh.Web.Features.Progress;
using Payesh.Web.Features.Reports;
using Payesh.Web.Infrastructure;

namespace Payesh.Web.Features.Exports;

/// <summary>A workbook to send and its file name.</summary>
public sealed record ExcelFile(byte[] Content, string FileName);

/// <summary>The Excel exports of the tables people use, with the engine's figures for the chosen day. A plan the user may
/// not see (<see cref="PlanQueries"/>: a draft but for the staff) is not found; the reports export holds only the actions
/// an agency's user may see (<see cref="Access.CanSeeAction"/>).</summary>
public sealed class ExportQueries(PayeshDb db, PlanQueries plans, AccountabilityReports reports, IConfiguration config)
{
    /// <summary>Every node's figures on the day.</summary>
    public async Task<Outcome<ExcelFile>> PlanAsync(CurrentUser user, long plan, string? asOf, CancellationToken ct)
    {
        if (await OpenAsync(user, plan, asOf, ct) is not var (row, e, day)) return Outcome.NotFound(PlanQueries.NotFoundMessage);
        var tree = e.At(day.DayNumber).Evaluate(day.DayNumber);
        var nodes = await db.PlanNodes.AsNoTracking().Where(n => n.PlanId == plan)
            .Select(n => new { n.Id, n.Title, Agency = n.LeadAgency == null ? null : n.LeadAgency.Name, n.StartDate, n.EndDate, n.Weight })
            .ToDictionaryAsync(n => n.Id, ct);
        var levels = row.Levels.Split('|');
        var before = Figures.NodeForecast.Before(tree);
        var rows = new List<object?[]>();
        for (int i = 1; i < tree.Engine.NodeCount; i++)
        {
            var n = nodes[tree.Engine.Key(i)];
            var (start, end) = PlanView.Span(tree.Engine, i);
            var f = tree.Figures(i);
            int depth = tree.Engine.Depth(i);
            rows.Add([Fa.Digits(tree.Engine.Code(i)), n.Title, depth <= levels.Length ? levels[depth - 1] : depth.ToString(CultureInfo.InvariantCulture), n.Agency,
                Jalali(start), Jalali(end), n.Weight, f.Planned, f.Actual, f.Deviation, f.Spi, f.Status.PersianName(), Jalali(Figures.NodeForecast.Of(tree, before, i)),
                f.ActionCounts[ProgressStatus.Stopped], f.ActionCounts[ProgressStatus.Overdue]]);
        }
        var root = tree.Figures(0);
        rows.Insert(0, ["", row.Title, "برنامه", null, ToJalali(row.StartDate), ToJalali(row.EndDate), 1, root.Planned, root.Actual, root.Deviation, root.Spi,
            root.Status.PersianName(), Jalali(Figures.NodeForecast.Of(tree, before, 0)), root.ActionCounts[ProgressStatus.Stopped], root.ActionCounts[ProgressStatus.Overdue]]);
        var bytes = Xlsx.Write(new Xlsx.Sheet($"پیشرفت {day}", ["کد", "عنوان", "سطح", "دستگاه مسئول", "شروع", "پایان", "وزن",
            "پیشرفت برنامه‌ای (٪)", "پیشرفت واقعی (٪)", "انحراف (واحد درصد)", "SPI", "وضعیت", "پیش‌بینی پایان", "اقدام متوقف", "اقدام سررسیدگذشته"], rows));
        return new ExcelFile(bytes, $"payesh-plan-{plan}-{day.ToString().Replace('/', '-')}.xlsx");
    }

    /// <summary>The league of agencies on the day.</summary>
    public async Task<Outcome<ExcelFile>> LeagueAsync(CurrentUser user, long plan, string? asOf, CancellationToken ct)
    {
        if (await OpenAsync(user, plan, asOf, ct) is not var (_, e, day)) return Outcome.NotFound(PlanQueries.NotFoundMessage);
        var league = (await Scorecard.ComputeAsync(db, e, plan, day, ScoreRules.From(config), ct)).Scores;
        var bytes = Xlsx.Write(new Xlsx.Sheet("رتبه‌بندی دستگاه‌ها",
            ["رتبه", "کد", "دستگاه", "اقدام", "پیشرفت برنامه‌ای (٪)", "پیشرفت واقعی (٪)", "انحراف", "انضباط گزارش (٪)", "متوقف", "سررسیدگذشته", "امتیاز", "کم‌کار"],
            league.Select(s => new object?[] { s.Rank, s.Code, s.Name, s.Actions, s.Figures.Planned, s.Figures.Actual, s.Figures.Deviation,
                s.Discipline.Share * 100, s.Stopped, s.Overdue, s.Score, s.UnderPerforming ? "بله" : "خیر" })));
        return new ExcelFile(bytes, $"payesh-league-{plan}-{day.ToString().Replace('/', '-')}.xlsx");
    }

    /// <summary>The year-end accountability report (<see cref="AccountabilityReports"/>) with its evidence.</summary>
    public async Task<Outcome<ExcelFile>> AccountabilityAsync(CurrentUser user, long plan, string? asOf, CancellationToken ct)
    {
        var row = await plans.FindAsync(user, plan, ct);
        if (row is null) return Outcome.NotFound(PlanQueries.NotFoundMessage);
        var report = await reports.BuildAsync(row, asOf, ct);
        if (report is null) return Outcome.NotFound(PlanQueries.NotFoundMessage);
        var summary = report.Entries.Select(x => new object?[]
        {
            x.Score.Rank, x.Score.Code, x.Score.Name, x.Score.Actions, x.Score.Figures.Planned, x.Score.Figures.Actual, x.Score.Figures.Deviation,
            x.MissedReportDays, x.Score.Stopped, x.Score.Overdue, x.Score.Obstacles.ObstaclesOverdue, x.Score.Obstacles.ResolutionsOverdue,
            x.Score.Score, x.Score.UnderPerforming ? "کم‌کار" : "قابل قبول",
        });
        var evidence = report.Entries.SelectMany(x => x.Stopped.Select(a => (x, a, Kind: "متوقف")).Concat(x.Overdue.Select(a => (x, a, Kind: "سررسیدگذشته")))
                .Concat(x.Behind.Select(a => (x, a, Kind: "عقب از برنامه"))))
            .Select(t => new object?[] { t.x.Score.Name, t.Kind, Fa.Digits(t.a.Code), t.a.Title, t.a.Figures.Planned, t.a.Figures.Actual, t.a.Figures.Deviation, t.a.Days, Jalali(t.a.Figures.LastProgressDay) });
        var bytes = Xlsx.Write(
            new Xlsx.Sheet("پاسخگویی", ["رتبه", "کد", "دستگاه", "اقدام", "برنامه‌ای (٪)", "واقعی (٪)", "انحراف", "روز-گزارش نرسیده", "متوقف", "سررسیدگذشته", "موانع سررسیدگذشته", "مصوبات سررسیدگذشته", "امتیاز", "ارزیابی"], summary),
            new Xlsx.Sheet("مستندات", ["دستگاه", "نوع", "کد اقدام", "اقدام", "برنامه‌ای (٪)", "واقعی (٪)", "انحراف", "روز", "آخرین پیشرفت"], evidence));
        return new ExcelFile(bytes, $"payesh-accountability-{plan}-{report.Day.ToString().Replace('/', '-')}.xlsx");
    }

    /// <summary>The progress reports of a period (notes, justifications, rejection reasons).</summary>
    public async Task<Outcome<ExcelFile>> ReportsAsync(CurrentUser user, long plan, string? from, string? to, string? agency, CancellationToken ct)
    {
        var row = await plans.FindAsync(user, plan, ct);
        if (row is null) return Outcome.NotFound(PlanQueries.NotFoundMessage);
        var start = JalaliDate.TryParse(from, out var f) ? f.ToDateOnly() : row.StartDate;
        var end = JalaliDate.TryParse(to, out var t) ? t.ToDateOnly() : row.EndDate;
        // The reports (notes, justifications, rejection reasons) of actions the user may see (Access.CanSeeAction):
        // an agency's users get those their agency leads or collaborates on, as on the action page.
        long? only = Access.IsAgencyUser(user) ? user.AgencyId ?? -1 : null;
        var q = from r in db.ProgressReports.AsNoTracking()
                join n in db.PlanNodes on r.NodeId equals n.Id
                join a in db.Agencies on n.LeadAgencyId equals a.Id
                where r.PlanId == plan && r.ReportDate >= start && r.ReportDate <= end
                where only == null || n.LeadAgencyId == only || n.Collaborators.Any(c => c.AgencyId == only)
                select new { r, n.Code, n.Title, AgencyCode = a.Code, Agency = a.Name };
        if (!string.IsNullOrWhiteSpace(agency)) q = q.Where(x => x.AgencyCode == agency);
        var list = await q.OrderBy(x => x.r.ReportDate).ThenBy(x => x.Code).ThenBy(x => x.r.Id).Take(200_000).ToListAsync(ct);
        var bytes = Xlsx.Write(new Xlsx.Sheet("گزارش‌های پیشرفت",
            ["شناسه", "کد اقدام", "اقدام", "دستگاه مسئول", "تاریخ گزارش", "درصد", "شرح", "توجیه اصلاح", "زمان ثبت", "وضعیت", "دلیل رد"],
            list.Select(x => new object?[] { x.r.Id, Fa.Digits(x.Code), x.Title, x.Agency, ToJalali(x.r.ReportDate), x.r.PercentHundredths / 100.0,
                x.r.Note, x.r.Justification, Fa.DateTime(x.r.SubmittedAt), ReportCommands.PersianStatus(x.r.Status), x.r.ReviewReason })));
        return new ExcelFile(bytes, $"payesh-reports-{plan}.xlsx");
    }

    // Dates and codes as a person reads them (Persian digits, issue 11); figures stay numeric cells.
    private static string? Jalali(int? day) => day is { } d && d >= 1 ? Fa.InCalendar(d)?.ToPersianString() : null;

    private static string ToJalali(DateOnly d) => JalaliDate.FromDateOnly(d).ToPersianString();

    /// <summary>The plan (if the user may see it: PlanQueries), its engines and the day asked for.</summary>
    private async Task<(Data.Model.PlanRow Row, PlanEngine Engine, JalaliDate Day)?> OpenAsync(CurrentUser user, long plan, string? asOf, CancellationToken ct)
    {
        if (await plans.OpenAsync(user, plan, ct) is not var (row, e)) return null;
        var (day, _) = PlanView.AsOf(asOf, plans.DefaultDay(row));
        return (row, e, day);
    }
}
