using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Payesh.Domain.Calendar;
using Payesh.Domain.Plans;
using Payesh.Domain.Text;
using Payesh.Web.Data;
using Payesh.Web.Data.Model;
using Payesh.Web.Features.Account;
using Payesh.Web.Features.Progress;
using Payesh.Web.Infrastructure;
using static Payesh.Web.Features.Plans.Edit.PlanDocumentPaths;
using static Payesh.Web.Features.Plans.Edit.PlanForm;

namespace Payesh.Web.Features.Plans.Edit;

/// <summary>A plan's life after authoring: approval and communication (baseline 1, agencies told), closing at the
/// end of its year, and copying to a new year as a draft.</summary>
public sealed class PlanLifecycle(PayeshDb db, PlanEngines engines, PlanQualityService quality, PayeshClock clock)
{
    /// <summary>Paths of the lifecycle's own inputs; the reader's errors come by document path (<c>nodes[0].agency</c>, <c>title</c>).</summary>
    public const string DecisionPath = "decision", YearPath = "year";

    /// <summary>Paths of the reason, decision and effective day of a change to an approved plan.</summary>
    public const string ReasonPath = "change.reason", ChangeDecisionPath = "change.decision", EffectivePath = "change.effectiveFrom";

    private const string NotFound = "برنامه پیدا نشد.";

    /// <summary>
    /// Approves a draft and communicates it (ابلاغ): refused while the quality check has blocking findings or the
    /// plan is incomplete; freezes baseline 1 (in force from the plan's start) and tells every agency that leads,
    /// collaborates on or owns a requirement of the plan, in an in-app notification.
    /// </summary>
    public async Task<Outcome<PlanChange>> ApproveAsync(CurrentUser user, long planId, uint version, string? decision, CancellationToken ct)
    {
        if (!Access.CanManagePlans(user)) return Outcome.Forbidden(AuthoringQueries.NotAuthor);
        db.Actor.Is(user);
        var checkedPlan = await quality.CheckStoredAsync(planId, ct);
        if (checkedPlan is null) return Outcome.NotFound(NotFound);
        var row = checkedPlan.Plan.Row;
        if (row.State != PlanState.Draft) return Outcome.Invalid("", "فقط برنامه پیش‌نویس تصویب و ابلاغ می‌شود.");
        var invalid = new List<ValidationError>();
        int blocking = checkedPlan.Report.Blocking.Count();
        if (blocking > 0)
            invalid.Add(new("", $"{Fa.Int(blocking)} مورد بازدارنده در بررسی کیفیت برنامه هست؛ تا رفع آن‌ها برنامه تصویب و ابلاغ نمی‌شود."));
        var doc = PlanEditor.DocumentOf(checkedPlan.Plan);
        var (_, errors) = PlanDocumentReader.Read(doc, await PlanEditor.KnownAgenciesAsync(db, ct), PlanReadMode.Complete);
        // By the document path the reader found them at; the message names the node for a reader who sees no path.
        invalid.AddRange(errors.Select(e => new ValidationError(e.Path, Where(doc, e.Path) + e.Message)));
        var reference = PersianText.Normalize(decision);
        if (string.IsNullOrEmpty(reference)) invalid.Add(new(DecisionPath, "مرجع تصویب (شماره مصوبه یا صورتجلسه) را بنویسید."));
        else if (reference.Length > 300) invalid.Add(new(DecisionPath, "مرجع تصویب نباید از ۳۰۰ نویسه بیشتر باشد."));
        if (invalid.Count > 0) return Outcome.Invalid(invalid);

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var entity = await db.Plans.FirstAsync(p => p.Id == planId, ct);
        db.Entry(entity).Property(p => p.Version).OriginalValue = version;
        entity.State = PlanState.Approved;
        entity.StructureVersion++;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Outcome.Stale();
        }
        var baseline = await PlanBaselines.RecordAsync(db, planId, JalaliDate.FromDateOnly(row.StartDate), "تصویب و ابلاغ برنامه",
            reference, clock.Now, (user.Id, user.Name), ct);
        await NotifyAgenciesAsync(checkedPlan.Plan, ct);
        await tx.CommitAsync(ct);
        engines.Invalidate(planId);
        return new PlanChange(planId, baseline);
    }

    /// <summary>Closes an approved plan at (or after) its last day: it keeps its figures and takes no more reports or changes.</summary>
    public async Task<Outcome<PlanChange>> CloseAsync(CurrentUser user, long planId, uint version, CancellationToken ct)
    {
        if (!Access.CanManagePlans(user)) return Outcome.Forbidden(AuthoringQueries.NotAuthor);
        db.Actor.Is(user);
        var entity = await db.Plans.FirstOrDefaultAsync(p => p.Id == planId, ct);
        if (entity is null) return Outcome.NotFound(NotFound);
        if (entity.State != PlanState.Approved) return Outcome.Invalid("", "فقط برنامه ابلاغ‌شده بسته می‌شود.");
        if (clock.Today < JalaliDate.FromDateOnly(entity.EndDate))
            return Outcome.Invalid("", $"برنامه در پایان سال بسته می‌شود؛ تا {Fa.Date(entity.EndDate)} صبر کنید.");
        db.Entry(entity).Property(p => p.Version).OriginalValue = version;
        entity.State = PlanState.Closed;
        entity.StructureVersion++;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Outcome.Stale();
        }
        engines.Invalidate(planId);
        return new PlanChange(planId, null);
    }

    /// <summary>A new draft: the plan's tree as it stands, every date moved to another year; no progress.</summary>
    public async Task<Outcome<PlanChange>> CopyAsync(CurrentUser user, long planId, string? yearText, string? title, CancellationToken ct)
    {
        if (!Access.CanManagePlans(user)) return Outcome.Forbidden(AuthoringQueries.NotAuthor);
        db.Actor.Is(user);
        var loaded = await PlanStore.LoadAsync(db, planId, ct);
        if (loaded is null) return Outcome.NotFound(NotFound);
        var typed = new List<ValidationError>();
        int? year = Int(yearText, YearPath, "سال", typed);
        if (typed.Count > 0) return Outcome.Invalid(typed);
        if (year is null) return Outcome.Invalid(YearPath, "سال برنامه تازه را بنویسید.");
        if (year < JalaliDate.MinYear || year > JalaliDate.MaxYear) return Outcome.Invalid(YearPath, "سال برنامه نامعتبر است.");
        Plan copy;
        try
        {
            copy = PlanCopy.ToYear(loaded.Plan, year!.Value, PersianText.Normalize(title) is { Length: > 0 } t ? t : null);
        }
        catch (Payesh.Domain.DomainException e)
        {
            // e.g. dates that would fall past the last year the calendar holds
            return Outcome.Invalid(YearPath, e.Message);
        }
        var doc = PlanDocumentReader.ToDocument(copy);
        doc.Agencies = null;
        var (plan, errors) = PlanDocumentReader.Read(doc, await PlanEditor.KnownAgenciesAsync(db, ct), PlanReadMode.Draft);
        if (errors.Count > 0 || plan is null)
            return Outcome.Invalid([.. errors.Select(e => new ValidationError(e.Path, Where(doc, e.Path) + e.Message))]);
        return new PlanChange(await PlanStore.CreateAsync(db, plan, clock.Now, ct), null);
    }

    private async Task NotifyAgenciesAsync(PlanStore.Loaded plan, CancellationToken ct)
    {
        var ids = await db.Agencies.AsNoTracking().ToDictionaryAsync(a => a.Code, a => a.Id, ct);
        var actions = plan.Plan.AllNodes().Where(n => n.IsAction).Select(n => n.Action!).ToList();
        var lead = actions.GroupBy(a => a.LeadAgency).ToDictionary(g => ids[g.Key], g => g.Count());
        var helps = actions.SelectMany(a => a.Collaborators).GroupBy(c => c).ToDictionary(g => ids[g.Key], g => g.Count());
        var owns = plan.Plan.AllNodes().SelectMany(n => n.Requirements).Where(r => r.Owner is not null)
            .GroupBy(r => r.Owner!).ToDictionary(g => ids[g.Key], g => g.Count());
        var agencies = lead.Keys.Concat(helps.Keys).Concat(owns.Keys).Distinct().ToList();
        var users = await Reports.Notifier.AgencyUsers(db, agencies).AsNoTracking()
            .Select(u => new { u.Id, AgencyId = u.AgencyId!.Value }).ToListAsync(ct);
        var title = $"برنامه «{plan.Plan.Title}» ابلاغ شد";
        foreach (var u in users)
        {
            var parts = new List<string>();
            if (lead.GetValueOrDefault(u.AgencyId) is > 0 and var l) parts.Add($"{Fa.Int(l)} اقدام به مسئولیت دستگاه شما");
            if (helps.GetValueOrDefault(u.AgencyId) is > 0 and var h) parts.Add($"{Fa.Int(h)} اقدام با همکاری دستگاه شما");
            if (owns.GetValueOrDefault(u.AgencyId) is > 0 and var o) parts.Add($"{Fa.Int(o)} الزام بر عهده دستگاه شما");
            var body = string.Join("، ", parts) + $". بازه برنامه {plan.Plan.Start.ToPersianString()} تا {plan.Plan.End.ToPersianString()} است؛ "
                + "پیشرفت اقدام‌ها را روزانه در «گزارش روزانه» ثبت کنید.";
            db.Notifications.Add(new Notification { UserId = u.Id, Title = title, Body = body, Link = lead.ContainsKey(u.AgencyId) ? "/Reports/Today" : $"/Plans/{plan.Row.Id}", CreatedAt = clock.Now });
        }
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Checks why, by which decision and from when an approved plan changes; returns the effective day.</summary>
    internal static async Task<JalaliDate?> CheckChangeAsync(PayeshDb db, PlanRow row, ChangeInput? change, List<ValidationError> errors, CancellationToken ct)
    {
        var reason = PersianText.Normalize(change?.Reason);
        var decision = PersianText.Normalize(change?.Decision);
        if (string.IsNullOrEmpty(reason))
            errors.Add(new(ReasonPath, "برنامه ابلاغ شده است: دلیل این تغییر را بنویسید (تغییر، خط مبنای تازه‌ای می‌سازد)."));
        else if (reason.Length > 2000) errors.Add(new(ReasonPath, "دلیل تغییر نباید از ۲۰۰۰ نویسه بیشتر باشد."));
        if (string.IsNullOrEmpty(decision))
            errors.Add(new(ChangeDecisionPath, "مرجع تصمیم (شماره مصوبه، نامه یا صورتجلسه) را بنویسید."));
        else if (decision.Length > 300) errors.Add(new(ChangeDecisionPath, "مرجع تصمیم نباید از ۳۰۰ نویسه بیشتر باشد."));
        if (string.IsNullOrWhiteSpace(change?.EffectiveFrom))
        {
            errors.Add(new(EffectivePath, "روز اجرای تغییر را بنویسید."));
            return null;
        }
        if (!JalaliDate.TryParse(change.EffectiveFrom, out var day, out var error))
        {
            errors.Add(new(EffectivePath, "روز اجرای تغییر: " + error));
            return null;
        }
        var start = JalaliDate.FromDateOnly(row.StartDate);
        var end = JalaliDate.FromDateOnly(row.EndDate);
        if (day < start || day > end)
            errors.Add(new(EffectivePath, $"روز اجرای تغییر باید در بازه برنامه ({start.ToPersianString()} تا {end.ToPersianString()}) باشد."));
        var last = await db.PlanBaselines.AsNoTracking().Where(b => b.PlanId == row.Id).OrderByDescending(b => b.Number)
            .Select(b => (DateOnly?)b.EffectiveFrom).FirstOrDefaultAsync(ct);
        if (last is { } l && day.ToDateOnly() < l)
            errors.Add(new(EffectivePath, $"روز اجرا نمی‌تواند پیش از روز اجرای آخرین خط مبنا ({Fa.Date(l)}) باشد."));
        return day;
    }
}
