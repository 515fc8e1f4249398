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
    /// <summary>
    /// Approves a draft and communicates it (ابلاغ): refused while the quality check has blocking findings or the
    /// plan is incomplete; freezes baseline 1 (in force from the plan's start) and tells every agency that leads,
    /// collaborates on or owns a requirement of the plan, in an in-app notification.
    /// </summary>
    public async Task<EditOutcome> ApproveAsync(CurrentUser user, long planId, uint version, string? decision, CancellationToken ct)
    {
        db.Actor.Is(user);
        var outcome = new EditOutcome();
        var checkedPlan = await quality.CheckAsync(planId, ct);
        if (checkedPlan is null) return outcome.Add("", "برنامه پیدا نشد.");
        var row = checkedPlan.Plan.Row;
        if (row.State != PlanState.Draft) return outcome.Add("", "فقط برنامه پیش‌نویس تصویب و ابلاغ می‌شود.");
        int blocking = checkedPlan.Report.Blocking.Count();
        if (blocking > 0)
            outcome.Add("", $"{Fa.Int(blocking)} مورد بازدارنده در بررسی کیفیت برنامه هست؛ تا رفع آن‌ها برنامه تصویب و ابلاغ نمی‌شود.");
        var doc = PlanEditor.DocumentOf(checkedPlan.Plan);
        var (_, errors) = PlanDocumentReader.Read(doc, await PlanEditor.KnownAgenciesAsync(db, ct), PlanReadMode.Complete);
        foreach (var e in errors) outcome.Add("", Where(doc, e.Path) + e.Message);
        var reference = PersianText.Normalize(decision);
        if (string.IsNullOrEmpty(reference)) outcome.Add("Decision", "مرجع تصویب (شماره مصوبه یا صورتجلسه) را بنویسید.");
        else if (reference.Length > 300) outcome.Add("Decision", "مرجع تصویب نباید از ۳۰۰ نویسه بیشتر باشد.");
        if (!outcome.Ok) return outcome;

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
            outcome.Conflict = true;
            return outcome;
        }
        outcome.Baseline = await PlanBaselines.RecordAsync(db, planId, JalaliDate.FromDateOnly(row.StartDate), "تصویب و ابلاغ برنامه",
            reference, clock.Now, (user.Id, user.Name), ct);
        await NotifyAgenciesAsync(checkedPlan.Plan, ct);
        await tx.CommitAsync(ct);
        engines.Invalidate(planId);
        outcome.Id = planId;
        return outcome;
    }

    /// <summary>Closes an approved plan at (or after) its last day: it keeps its figures and takes no more reports or changes.</summary>
    public async Task<EditOutcome> CloseAsync(CurrentUser user, long planId, uint version, CancellationToken ct)
    {
        db.Actor.Is(user);
        var outcome = new EditOutcome();
        var entity = await db.Plans.FirstOrDefaultAsync(p => p.Id == planId, ct);
        if (entity is null) return outcome.Add("", "برنامه پیدا نشد.");
        if (entity.State != PlanState.Approved) return outcome.Add("", "فقط برنامه ابلاغ‌شده بسته می‌شود.");
        if (clock.Today < JalaliDate.FromDateOnly(entity.EndDate))
            return outcome.Add("", $"برنامه در پایان سال بسته می‌شود؛ تا {Fa.Date(entity.EndDate)} صبر کنید.");
        db.Entry(entity).Property(p => p.Version).OriginalValue = version;
        entity.State = PlanState.Closed;
        entity.StructureVersion++;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            outcome.Conflict = true;
            return outcome;
        }
        engines.Invalidate(planId);
        outcome.Id = planId;
        return outcome;
    }

    /// <summary>A new draft: the plan's tree as it stands, every date moved to another year; no progress.</summary>
    public async Task<EditOutcome> CopyAsync(CurrentUser user, long planId, string? yearText, string? title, CancellationToken ct)
    {
        db.Actor.Is(user);
        var outcome = new EditOutcome();
        var loaded = await PlanStore.LoadAsync(db, planId, ct);
        if (loaded is null) return outcome.Add("", "برنامه پیدا نشد.");
        int? year = Int(yearText, "Year", "سال", outcome);
        if (year is null && outcome.Ok) outcome.Add("Year", "سال برنامه تازه را بنویسید.");
        else if (year is { } y && (y < JalaliDate.MinYear || y > JalaliDate.MaxYear)) outcome.Add("Year", "سال برنامه نامعتبر است.");
        if (!outcome.Ok) return outcome;
        Plan copy;
        try
        {
            copy = PlanCopy.ToYear(loaded.Plan, year!.Value, PersianText.Normalize(title) is { Length: > 0 } t ? t : null);
        }
        catch (Payesh.Domain.DomainException e)
        {
            // e.g. dates that would fall past the last year the calendar holds
            return outcome.Add("Year", e.Message);
        }
        var doc = PlanDocumentReader.ToDocument(copy);
        doc.Agencies = null;
        var (plan, errors) = PlanDocumentReader.Read(doc, await PlanEditor.KnownAgenciesAsync(db, ct), PlanReadMode.Draft);
        foreach (var e in errors) outcome.Add(e.Path == "title" ? "Title" : "", Where(doc, e.Path) + e.Message);
        if (!outcome.Ok || plan is null) return outcome;
        outcome.Id = await PlanStore.CreateAsync(db, plan, clock.Now, ct);
        return outcome;
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
    internal static async Task<JalaliDate?> CheckChangeAsync(PayeshDb db, PlanRow row, ChangeInput? change, EditOutcome outcome, CancellationToken ct)
    {
        var reason = PersianText.Normalize(change?.Reason);
        var decision = PersianText.Normalize(change?.Decision);
        if (string.IsNullOrEmpty(reason))
            outcome.Add("Change.Reason", "برنامه ابلاغ شده است: دلیل این تغییر را بنویسید (تغییر، خط مبنای تازه‌ای می‌سازد).");
        else if (reason.Length > 2000) outcome.Add("Change.Reason", "دلیل تغییر نباید از ۲۰۰۰ نویسه بیشتر باشد.");
        if (string.IsNullOrEmpty(decision))
            outcome.Add("Change.Decision", "مرجع تصمیم (شماره مصوبه، نامه یا صورتجلسه) را بنویسید.");
        else if (decision.Length > 300) outcome.Add("Change.Decision", "مرجع تصمیم نباید از ۳۰۰ نویسه بیشتر باشد.");
        if (string.IsNullOrWhiteSpace(change?.EffectiveFrom))
        {
            outcome.Add("Change.EffectiveFrom", "روز اجرای تغییر را بنویسید.");
            return null;
        }
        if (!JalaliDate.TryParse(change.EffectiveFrom, out var day, out var error))
        {
            outcome.Add("Change.EffectiveFrom", "روز اجرای تغییر: " + error);
            return null;
        }
        var start = JalaliDate.FromDateOnly(row.StartDate);
        var end = JalaliDate.FromDateOnly(row.EndDate);
        if (day < start || day > end)
            outcome.Add("Change.EffectiveFrom", $"روز اجرای تغییر باید در بازه برنامه ({start.ToPersianString()} تا {end.ToPersianString()}) باشد.");
        var last = await db.PlanBaselines.AsNoTracking().Where(b => b.PlanId == row.Id).OrderByDescending(b => b.Number)
            .Select(b => (DateOnly?)b.EffectiveFrom).FirstOrDefaultAsync(ct);
        if (last is { } l && day.ToDateOnly() < l)
            outcome.Add("Change.EffectiveFrom", $"روز اجرا نمی‌تواند پیش از روز اجرای آخرین خط مبنا ({Fa.Date(l)}) باشد.");
        return day;
    }
}
