using Microsoft.EntityFrameworkCore;
using Payesh.Domain.Calendar;
using Payesh.Domain.Progress;
using Payesh.Web.Data;
using Payesh.Web.Features.Progress;
using Payesh.Web.Infrastructure;

namespace Payesh.Web.Features.Plans;

/// <summary>One row of a figures table: a node, what it is, and its figures from the engine.</summary>
public sealed record NodeRow(
    int Index,
    long NodeId,
    string Code,
    string Title,
    int Depth,
    bool IsAction,
    string? AgencyName,
    int? Start,
    int? End,
    double Share,
    NodeFigures Figures,
    int? Forecast)
{
    public int Stopped => Figures.ActionCounts[ProgressStatus.Stopped];
    public int Overdue => Figures.ActionCounts[ProgressStatus.Overdue];
    public int Actions => Figures.ActionCounts.Total;

    /// <summary>An axis's latest delivery-confidence rating as of the day (issue 12 § 6), shown beside its status.</summary>
    public ConfidenceView? Confidence { get; init; }
}

/// <summary>Reads what pages show about nodes: titles and agencies from the database, figures from the engine.</summary>
public static class PlanView
{
    public static async Task<List<NodeRow>> RowsAsync(PayeshDb db, PlanEngine e, TreeFigures tree, IReadOnlyList<int> nodes, CancellationToken ct)
    {
        // The nodes are those of the engine that computed the figures (the baseline in force on the day).
        var engine = tree.Engine;
        var before = Figures.NodeForecast.Before(tree);
        var ids = nodes.Select(n => engine.Key(n)).ToList();
        var meta = await db.PlanNodes.AsNoTracking().Where(n => ids.Contains(n.Id))
            .Select(n => new { n.Id, n.Title, Agency = n.LeadAgency == null ? null : n.LeadAgency.Name })
            .ToDictionaryAsync(n => n.Id, ct);
        return [.. nodes.Select(n =>
        {
            var m = meta[engine.Key(n)];
            var (start, end) = Span(engine, n);
            return new NodeRow(n, engine.Key(n), engine.Code(n), m.Title, engine.Depth(n), engine.IsAction(n), m.Agency,
                start, end, engine.Share(n), tree.Figures(n), Figures.NodeForecast.Of(tree, before, n));
        })];
    }

    /// <summary>First start and last end of the actions under a node.</summary>
    public static (int? Start, int? End) Span(ProgressEngine engine, int node)
    {
        int? start = null, end = null;
        for (int i = node; i < engine.SubtreeEnd(node); i++)
        {
            int a = engine.ActionIndex(i);
            if (a < 0) continue;
            var c = engine.Curve(a);
            start = start is null ? c.Start : Math.Min(start.Value, c.Start);
            end = end is null ? c.End : Math.Max(end.Value, c.End);
        }
        return (start, end);
    }

    /// <summary>The day a page shows: the asOf query if valid, else today clamped into the plan.</summary>
    public static (JalaliDate Day, string? Error) AsOf(string? asOf, JalaliDate today)
    {
        if (string.IsNullOrWhiteSpace(asOf)) return (today, null);
        return JalaliDate.TryParse(asOf, out var d, out var error) ? (d, null) : (today, error);
    }
}
