using Microsoft.EntityFrameworkCore;
using Payesh.Domain.Calendar;
using Payesh.Domain.Plans;
using Payesh.Domain.Text;
using Payesh.Web.Data;
using Payesh.Web.Data.Model;
using Payesh.Web.Features.Account;
using Payesh.Web.Infrastructure;

namespace Payesh.Web.Features.Plans;

/// <summary>A delivery-confidence rating as pages and the API show it.</summary>
public sealed record ConfidenceView(long Id, long NodeId, DeliveryConfidence Level, string Comment, JalaliDate RatedOn, DateTimeOffset RatedAt, string UserName)
{
    /// <summary>The CSS class of the level (the status colours, with the words always beside them).</summary>
    public string Css => Level switch
    {
        DeliveryConfidence.OnTrack => "st-on-track",
        DeliveryConfidence.OnTrackWithRisk => "st-at-risk",
        DeliveryConfidence.NeedsAttention => "st-behind",
        _ => "st-stopped",
    };
}

/// <summary>An axis and its rating history, newest first.</summary>
public sealed record ConfidenceHistory(long PlanId, long NodeId, string Code, string Title, bool CanRate, IReadOnlyList<ConfidenceView> Ratings);

/// <summary>What a rating form or the API sends: the level (API name or Persian name) and the commentary.</summary>
public sealed record ConfidenceInput(string? Level, string? Comment);

/// <summary>
/// The axes' delivery-confidence ratings (issue 12 § 6): the secretariat records, periodically, a level and a short
/// commentary per axis of an approved plan; every rating is kept (history) and audited by the save. Anyone who may see
/// the plan may read them (a draft plan is staff-only, as everywhere: <see cref="PlanQueries"/>); only staff may rate.
/// </summary>
public sealed class AxisConfidence(PayeshDb db, PlanQueries plans, PayeshClock clock)
{
    public const string NotAnAxis = "بخشی با این شناسه در محورهای این برنامه نیست.";

    /// <summary>The latest rating of every rated axis of the plan recorded on or before <paramref name="day"/>, by node id.</summary>
    public async Task<IReadOnlyDictionary<long, ConfidenceView>> LatestAsync(long planId, JalaliDate day, CancellationToken ct)
    {
        var until = day.ToDateOnly();
        var rows = await db.AxisConfidenceRatings.AsNoTracking()
            .Where(r => r.PlanId == planId && r.RatedOn <= until)
            .OrderBy(r => r.NodeId).ThenBy(r => r.RatedOn).ThenBy(r => r.Id).ToListAsync(ct);
        var latest = new Dictionary<long, ConfidenceView>();
        foreach (var r in rows) latest[r.NodeId] = View(r);
        return latest;
    }

    /// <summary>An axis's ratings, newest first; not found when the plan is not visible or the node is not one of its axes.</summary>
    public async Task<Outcome<ConfidenceHistory>> HistoryAsync(CurrentUser user, long planId, long nodeId, CancellationToken ct)
    {
        var plan = await plans.FindAsync(user, planId, ct);
        if (plan is null) return Outcome.NotFound(PlanQueries.NotFoundMessage);
        var axis = await AxisAsync(planId, nodeId, ct);
        if (axis is null) return Outcome.NotFound(NotAnAxis);
        var rows = await db.AxisConfidenceRatings.AsNoTracking().Where(r => r.PlanId == planId && r.NodeId == nodeId)
            .OrderByDescending(r => r.RatedOn).ThenByDescending(r => r.Id).ToListAsync(ct);
        return new ConfidenceHistory(planId, nodeId, axis.Code, axis.Title, CanRate(user, plan), [.. rows.Select(View)]);
    }

    /// <summary>Records a rating of an axis dated today. 404 when the plan or axis is not visible; 403 for anyone but staff;
    /// 422 for a draft or closed plan, an unknown level, or a blank or over-long commentary — and then nothing is stored.</summary>
    public async Task<Outcome<ConfidenceView>> RateAsync(CurrentUser user, long planId, long nodeId, ConfidenceInput input, CancellationToken ct)
    {
        var plan = await plans.FindAsync(user, planId, ct);
        if (plan is null) return Outcome.NotFound(PlanQueries.NotFoundMessage);
        var axis = await AxisAsync(planId, nodeId, ct);
        if (axis is null) return Outcome.NotFound(NotAnAxis);
        if (!Access.CanRateConfidence(user)) return Outcome.Forbidden("ارزیابی اطمینان تحقق محورها با دبیرخانه ستاد است.");
        if (plan.State != PlanState.Approved)
            return Outcome.Invalid("", plan.State == PlanState.Draft
                ? "برنامه پیش‌نویس است؛ محورهای برنامه ابلاغ‌شده ارزیابی می‌شوند."
                : "برنامه بسته شده است؛ ارزیابی تازه پذیرفته نمی‌شود.");
        var errors = new List<ValidationError>();
        if (!DeliveryConfidenceNames.TryParse(input.Level, out var level))
            errors.Add(new("level", "سطح اطمینان باید یکی از «" + string.Join("»، «", DeliveryConfidenceNames.All.Select(l => l.PersianName())) + "» باشد."));
        var comment = PersianText.Normalize(input.Comment)?.Trim() ?? "";
        if (comment.Length == 0) errors.Add(new("comment", "تفسیر کوتاه دبیرخانه را بنویسید."));
        else if (comment.Length > DeliveryConfidenceNames.CommentLength)
            errors.Add(new("comment", FieldLimits.TooLong("تفسیر دبیرخانه", DeliveryConfidenceNames.CommentLength)));
        if (errors.Count > 0) return Outcome.Invalid(errors);

        var row = new AxisConfidenceRating
        {
            PlanId = planId,
            NodeId = nodeId,
            Level = level,
            Comment = comment,
            RatedOn = clock.Today.ToDateOnly(),
            RatedAt = clock.Now,
            UserId = user.Id,
            UserName = user.Name,
        };
        db.AxisConfidenceRatings.Add(row);
        await db.SaveChangesAsync(ct);
        return View(row);
    }

    public static bool CanRate(CurrentUser user, PlanRow plan) => Access.CanRateConfidence(user) && plan.State == PlanState.Approved;

    private async Task<PlanNodeRow?> AxisAsync(long planId, long nodeId, CancellationToken ct) =>
        await db.PlanNodes.AsNoTracking().FirstOrDefaultAsync(n => n.Id == nodeId && n.PlanId == planId && !n.IsRemoved && n.ParentId == null, ct);

    private static ConfidenceView View(AxisConfidenceRating r) =>
        new(r.Id, r.NodeId, r.Level, r.Comment, JalaliDate.FromDateOnly(r.RatedOn), r.RatedAt, r.UserName);
}
