using Microsoft.EntityFrameworkCore;
using Payesh.Domain.Calendar;
using Payesh.Domain.Obstacles;
using Payesh.Domain.Progress;
using Payesh.Web.Data;
using Payesh.Web.Data.Model;
using Payesh.Web.Features.Obstacles;
using Payesh.Web.Features.Progress;
using Payesh.Web.Features.Reports;
using Payesh.Web.Features.Resolutions;
using Payesh.Web.Infrastructure;

namespace Payesh.Web.Features.Meetings;

/// <summary>
/// The stocktake an HQ meeting starts from: obstacles escalated to the HQ (or higher) and still open,
/// resolutions past their deadline, the running plan's stopped and behind actions (worst first, from the
/// engine) and the agencies whose reports of the last working day did not arrive.
/// </summary>
public static class AgendaProposal
{
    public sealed record Proposal(long? PlanId, List<AgendaItem> Items);

    public static async Task<Proposal> ProposeAsync(PayeshDb db, PlanEngines engines, IConfiguration config, JalaliDate today, CancellationToken ct)
    {
        var items = new List<AgendaItem>();
        var date = today.ToDateOnly();

        var escalated = await db.Obstacles.AsNoTracking()
            .Where(o => o.Escalation != EscalationLevel.None && o.State != ObstacleState.Resolved && o.State != ObstacleState.NotResolvable)
            .Select(o => new { o.Id, o.Title, o.Escalation, o.Severity, o.Deadline, Lead = o.LeadAgency == null ? null : o.LeadAgency.Name, o.JobsAtRisk })
            .ToListAsync(ct);
        foreach (var o in escalated.OrderByDescending(o => o.Escalation).ThenByDescending(o => o.Severity).ThenBy(o => o.Id))
        {
            var late = o.Deadline is { } d && d < date ? $"، {Fa.Int(date.DayNumber - d.DayNumber)} روز از مهلت گذشته" : "";
            items.Add(new AgendaItem
            {
                Kind = AgendaKind.Obstacle,
                ObstacleId = o.Id,
                Text = $"مانع «{o.Title}» (ارجاع به {o.Escalation.PersianName()}؛ شدت {o.Severity.PersianName()}؛ دستگاه مسئول: {o.Lead ?? "تعیین نشده"}"
                    + (o.JobsAtRisk > 0 ? $"؛ {Fa.Int(o.JobsAtRisk)} شغل در خطر" : "") + late + ")",
            });
        }

        var lateResolutions = await db.Resolutions.AsNoTracking()
            .Where(r => r.Stage != ResolutionStage.Done && r.Stage != ResolutionStage.Withdrawn && r.Deadline < date)
            .OrderBy(r => r.Id)
            .Select(r => new { r.Id, r.Text, r.Seq, r.Deadline, r.AgencyId, Agency = r.Agency!.Name, Meeting = r.Meeting!.Number }).ToListAsync(ct);
        foreach (var r in lateResolutions.OrderBy(r => r.Deadline))
            items.Add(new AgendaItem
            {
                Kind = AgendaKind.Resolution,
                ResolutionId = r.Id,
                AgencyId = r.AgencyId,
                Text = $"مصوبه {ResolutionCommands.Number(r.Meeting, r.Seq)} «{ObstacleCommands.Short(r.Text)}» ({r.Agency}): "
                    + $"{Fa.Int(date.DayNumber - r.Deadline.DayNumber)} روز از مهلت {Fa.Date(r.Deadline)} گذشته و انجام نشده",
            });

        long? planId = await ObstacleCommands.RunningPlanAsync(db, today, ct);
        if (planId is { } plan && await engines.GetAsync(db, plan, ct) is { } e)
        {
            int limit = Math.Max(0, config.GetValue("Payesh:AgendaActionLimit", 10));
            var troubled = new List<(int Node, ActionFigures F)>();
            var engine = e.At(today.DayNumber);
            for (int a = 0; a < engine.ActionCount; a++)
            {
                var f = engine.Action(a, today.DayNumber);
                if (f.Status is ProgressStatus.Stopped or ProgressStatus.Behind) troubled.Add((engine.NodeOfAction(a), f));
            }
            var worst = troubled.OrderBy(t => t.F.Status == ProgressStatus.Stopped ? 0 : 1).ThenBy(t => t.F.Deviation).Take(limit).ToList();
            var ids = worst.Select(t => engine.Key(t.Node)).ToList();
            var meta = await db.PlanNodes.AsNoTracking().Where(n => ids.Contains(n.Id))
                .Select(n => new { n.Id, n.Title, n.LeadAgencyId, Agency = n.LeadAgency == null ? null : n.LeadAgency.Name }).ToDictionaryAsync(n => n.Id, ct);
            foreach (var (node, f) in worst)
            {
                var m = meta[engine.Key(node)];
                var stopped = f.Status == ProgressStatus.Stopped ? $"، {Fa.Int(today.DayNumber - f.LastProgressDay)} روز بی‌پیشرفت" : "";
                items.Add(new AgendaItem
                {
                    Kind = AgendaKind.Action,
                    NodeId = m.Id,
                    AgencyId = m.LeadAgencyId,
                    Text = $"اقدام {Fa.Digits(engine.Code(node))} «{m.Title}» ({m.Agency}): {f.Status.PersianName()}{stopped} — "
                        + $"پیشرفت واقعی {Fa.Pct(f.Actual)} در برابر برنامه‌ای {Fa.Pct(f.Planned)}",
                });
            }
            if (troubled.Count > worst.Count)
                items.Add(new AgendaItem
                {
                    Kind = AgendaKind.Action,
                    Text = $"و {Fa.Int(troubled.Count - worst.Count)} اقدام متوقف یا عقب از برنامه دیگر (فهرست کامل در صفحه برنامه)",
                });

            // The last working day before today: today's reports may still be coming in.
            for (int back = 1; back <= 10; back++)
            {
                var missing = await MissingReports.ComputeAsync(db, engines, plan, today.AddDays(-back), null, ct);
                if (!missing.WorkingDay) continue;
                // One item naming every agency that owes reports (worst first): the HQ asks them together.
                var late = missing.Agencies.Where(a => a.Missing.Count > 0).ToList();
                if (late.Count > 0)
                    items.Add(new AgendaItem
                    {
                        Kind = AgendaKind.MissingReports,
                        AgencyId = late.Count == 1 ? late[0].AgencyId : null,
                        Text = $"گزارش‌های پیشرفت نرسیده روز {Fa.Date(missing.Day)} ({Fa.Int(missing.MissingCount)} از {Fa.Int(missing.Due)}): "
                            + string.Join("؛ ", late.Take(limit).Select(a => $"{a.AgencyName} {Fa.Int(a.Missing.Count)}"))
                            + (late.Count > limit ? $"؛ و {Fa.Int(late.Count - limit)} دستگاه دیگر" : ""),
                    });
                break;
            }
        }
        for (int i = 0; i < items.Count; i++) items[i].SortOrder = i + 1;
        return new Proposal(planId, items);
    }

    public static string KindName(AgendaKind k) => k switch
    {
        AgendaKind.Obstacle => "مانع ارجاعی",
        AgendaKind.Action => "اقدام متوقف / عقب",
        AgendaKind.Resolution => "مصوبه معوق",
        AgendaKind.MissingReports => "گزارش نرسیده",
        _ => "سایر",
    };

    public static string ApiName(AgendaKind k) => k switch
    {
        AgendaKind.Obstacle => "obstacle",
        AgendaKind.Action => "action",
        AgendaKind.Resolution => "resolution",
        AgendaKind.MissingReports => "missing-reports",
        _ => "other",
    };
}
