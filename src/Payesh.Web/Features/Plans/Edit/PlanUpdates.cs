using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Payesh.Domain.Calendar;
using Payesh.Domain.Plans;
using Payesh.Domain.Text;
using Payesh.Web.Data;
using Payesh.Web.Data.Model;
using Payesh.Web.Features.Account;
using Payesh.Web.Features.Progress;
using Payesh.Web.Infrastructure;

namespace Payesh.Web.Features.Plans.Edit;

/// <summary>
/// An edited Excel export updates the plan it came from (issue 11 § 8): the workbook is read by the import's rules
/// (<see cref="PlanExcel.Read"/>), compared with the stored plan (<see cref="PlanDiff"/>, nodes matched by code) and,
/// once the preview is confirmed, written onto that plan in one transaction — for an approved plan through a new
/// baseline with its reason, decision and effective day (the rules of <see cref="PlanEditor"/>). A file exported
/// from another plan, a stale preview and a change the history forbids are refused with Persian messages: the file's
/// own by <see cref="FilePath"/>, the change's by its paths (<see cref="PlanLifecycle.ReasonPath"/>); a refusal made on a
/// readable file carries its <see cref="Preview"/> as the outcome's data, a stale preview as a conflict.
/// </summary>
public sealed class PlanUpdates(PayeshDb db, PlanEditor editor, PlanEngines engines, PlanImports imports, PayeshClock clock)
{
    /// <summary>The path of errors in the uploaded workbook itself.</summary>
    public const string FilePath = "file";

    public const string StaleMessage = "برنامه پس از پیش‌نمایش تغییر کرده است؛ پیش‌نمایش تازه را ببینید و اگر درست است دوباره تأیید کنید.";

    /// <summary>What applying the file did: the changes written and the baseline recorded, if any.</summary>
    public sealed record Applied(Preview Preview, PlanBaseline? Baseline);

    /// <summary>What the file would change, and what applying it needs.</summary>
    public sealed record Preview(PlanRow Row, PlanDiff Diff, IReadOnlyList<Agency> NewAgencies, long StructureVersion)
    {
        /// <summary>An approved plan records a new baseline for changes that move figures.</summary>
        public bool NeedsBaseline => Row.State == PlanState.Approved && Diff.IsStructural;

        public required Plan Updated { get; init; }
        public required PlanStore.Loaded Loaded { get; init; }
    }

    /// <summary>The plan to update, for those who author plans (<see cref="Access.CanManagePlans"/>); null for anyone else.</summary>
    public Task<PlanRow?> FindAsync(CurrentUser user, long planId, CancellationToken ct) => Access.CanManagePlans(user)
        ? db.Plans.AsNoTracking().FirstOrDefaultAsync(p => p.Id == planId, ct)
        : Task.FromResult<PlanRow?>(null);

    /// <summary>Reads the file and compares it with the plan.</summary>
    public async Task<Outcome<Preview>> PreviewAsync(CurrentUser user, long planId, byte[] content, CancellationToken ct)
    {
        if (!Access.CanManagePlans(user)) return Outcome.Forbidden(AuthoringQueries.NotAuthor);
        var loaded = await PlanStore.LoadAsync(db, planId, ct);
        if (loaded is null) return Outcome.NotFound("برنامه پیدا نشد.");
        var row = loaded.Row;
        if (row.State == PlanState.Closed) return Outcome.Invalid("", "برنامه بسته شده است و تغییر نمی‌کند.");
        if (ExportedPlanId(content) is { } other && other != planId)
        {
            return Outcome.Invalid(FilePath, $"این فایل خروجی برنامه دیگری (شماره {Fa.Int(other)}) است، نه «{row.Title}»؛ خروجی همین برنامه را ویرایش کنید یا برنامه تازه را از «ورود از اکسل» بسازید.");
        }
        var known = await db.Agencies.AsNoTracking().Select(a => new PlanExcel.KnownAgency(a.Code, a.Name, a.Kind, a.IsActive)).ToListAsync(ct);
        var read = PlanExcel.Read(content, known, imports.MaxRows);
        var invalid = read.Errors.Select(e => new ValidationError(FilePath, e.Text)).ToList();
        if (read.Plan is not { } updated) return Outcome.Invalid(invalid);
        // The workbook has no column for two-level sign-off: the plan keeps its own.
        updated = updated with { Settings = updated.Settings with { ManagerSignOff = row.ManagerSignOff } };

        if (row.State != PlanState.Draft && (updated.Year != row.Year || updated.Start.ToDateOnly() != row.StartDate || updated.End.ToDateOnly() != row.EndDate))
            invalid.Add(new(FilePath, "سال و تاریخ‌های شروع و پایان برنامه پس از ابلاغ تغییر نمی‌کند؛ آن‌ها را در برگه «برنامه» همان‌گونه که بود بگذارید."));
        var diff = PlanDiff.Compare(loaded.Plan, updated);
        var added = diff.Added.Select(c => c.Code).ToList();
        var taken = await db.PlanNodes.AsNoTracking().Where(n => n.PlanId == planId && n.IsRemoved && added.Contains(n.Code)).Select(n => n.Code).ToListAsync(ct);
        foreach (var code in taken)
            invalid.Add(new(FilePath, $"کد «{Fa.Digits(code)}» پیش‌تر به بخشی داده شده که از برنامه حذف شده و در سابقه مانده است؛ کد دیگری برگزینید."));
        foreach (var c in diff.Changed.Where(c => c.Fields.Contains(NodeField.Kind) && c.Before!.IsAction))
            if (await editor.HasHistoryAsync([loaded.NodeIds[c.Code]], ct))
                invalid.Add(new(FilePath, $"بخش {Fa.Digits(c.Code)}: برای این اقدام گزارش پیشرفت یا یادداشت ثبت شده است و به گروه تبدیل نمی‌شود."));
        var codes = known.Select(a => a.Code).ToHashSet(StringComparer.Ordinal);
        var preview = new Preview(row, diff, [.. updated.Agencies.Where(a => !codes.Contains(a.Code))], row.StructureVersion)
        {
            Updated = updated,
            Loaded = loaded,
        };
        return invalid.Count > 0 ? new Outcome.Failure(OutcomeKind.Invalid, invalid, null, preview) : preview;
    }

    /// <summary>Writes the file onto the plan if it is still the plan the preview was made from.</summary>
    public async Task<Outcome<Applied>> ApplyAsync(CurrentUser user, long planId, byte[] content, long previewedVersion, ChangeInput? change, CancellationToken ct)
    {
        if (!Access.CanManagePlans(user)) return Outcome.Forbidden(AuthoringQueries.NotAuthor);
        db.Actor.Is(user);
        var previewed = await PreviewAsync(user, planId, content, ct);
        if (previewed.Value is not { } preview) return previewed.As<Applied>();
        // The fresh preview goes with the refusal, to be confirmed again.
        if (preview.StructureVersion != previewedVersion) return Outcome.Conflict(StaleMessage, preview);
        if (preview.Diff.IsEmpty) return new Applied(preview, null);
        var row = preview.Row;
        JalaliDate? effective = null;
        if (preview.NeedsBaseline)
        {
            var invalid = new List<ValidationError>();
            effective = await PlanLifecycle.CheckChangeAsync(db, row, change, invalid, ct);
            if (invalid.Count > 0) return new Outcome.Failure(OutcomeKind.Invalid, invalid, null, preview);
        }

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // Every writer of the tree bumps the version first (the plan row's lock); a bump that finds another
        // version means someone changed the plan since the preview.
        int bumped = await db.Plans.Where(p => p.Id == planId && p.StructureVersion == previewedVersion)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.StructureVersion, p => p.StructureVersion + 1), ct);
        if (bumped == 0) return Outcome.Conflict(StaleMessage, preview);
        if (preview.NeedsBaseline) await editor.EnsureFirstBaselineAsync(row, user, ct);
        await WriteAsync(preview, ct);
        var removed = preview.Diff.Removed.Select(c => preview.Loaded.NodeIds[c.Code]).ToList();
        await RemoveAsync(preview, removed, ct);
        await db.AuditAsync("update-from-excel", EntityNames.Plan, planId.ToString(CultureInfo.InvariantCulture),
            JsonSerializer.Serialize(new
            {
                added = preview.Diff.Added.Select(c => c.Code),
                changed = preview.Diff.Changed.Select(c => c.Code),
                removed = preview.Diff.Removed.Select(c => c.Code),
                plan = preview.Diff.PlanFields,
            }), ct);
        PlanBaseline? baseline = null;
        if (preview.NeedsBaseline)
            baseline = await PlanBaselines.RecordAsync(db, planId, effective!.Value, PersianText.Normalize(change!.Reason)!,
                PersianText.Normalize(change.Decision), clock.Now, (user.Id, user.Name), ct);
        await tx.CommitAsync(ct);
        engines.Invalidate(planId);
        return new Applied(preview, baseline);
    }

    private async Task WriteAsync(Preview preview, CancellationToken ct)
    {
        var plan = preview.Updated;
        foreach (var a in preview.NewAgencies) db.Agencies.Add(new AgencyRow { Code = a.Code, Name = a.Name, Kind = a.Kind });
        var entity = await db.Plans.FirstAsync(p => p.Id == preview.Row.Id, ct);
        entity.Title = plan.Title;
        entity.Levels = string.Join('|', plan.Levels);
        entity.StoppageDays = plan.Settings.StoppageDays;
        entity.AtRiskBelow = plan.Settings.AtRiskBelow;
        entity.BehindBelow = plan.Settings.BehindBelow;
        entity.VerifiedOnly = plan.Settings.VerifiedOnly;
        entity.BackdateDays = plan.Settings.BackdateDays;
        entity.ManagerSignOff = plan.Settings.ManagerSignOff;
        if (entity.State == PlanState.Draft)
        {
            entity.Year = plan.Year;
            entity.StartDate = plan.Start.ToDateOnly();
            entity.EndDate = plan.End.ToDateOnly();
        }
        await db.SaveChangesAsync(ct);
        var agencies = await db.Agencies.AsNoTracking().ToDictionaryAsync(a => a.Code, a => a.Id, ct);

        var rows = await db.PlanNodes.Where(n => n.PlanId == entity.Id && !n.IsRemoved)
            .Include(n => n.Collaborators).Include(n => n.Milestones).Include(n => n.RequirementItems)
            .AsSplitQuery().ToDictionaryAsync(n => n.Code, StringComparer.Ordinal, ct);
        // Level by level: a node's parent has its id (new parents are saved first). Kept nodes leave removed
        // parents here, before those are removed.
        var level = plan.Nodes.Select((n, i) => (Node: n, Parent: (PlanNodeRow?)null, Order: i)).ToList();
        while (level.Count > 0)
        {
            var written = new List<(PlanNodeRow Row, PlanNode Node)>();
            foreach (var (n, parent, order) in level)
            {
                if (!rows.TryGetValue(n.Code, out var r))
                {
                    r = new PlanNodeRow { PlanId = entity.Id };
                    db.PlanNodes.Add(r);
                    rows[n.Code] = r;
                }
                r.ParentId = parent?.Id;
                r.SortOrder = order;
                PlanNodeRows.Copy(n, r, agencies);
                written.Add((r, n));
            }
            await db.SaveChangesAsync(ct);
            level = [.. written.SelectMany(w => w.Node.Children.Select((c, i) => (c, (PlanNodeRow?)w.Row, i)))];
        }
    }

    /// <summary>Removed nodes: deleted from a draft when nothing refers to them, otherwise kept as removed (as the
    /// node form does). Deepest first, so that a parent outlives its children.</summary>
    private async Task RemoveAsync(Preview preview, List<long> ids, CancellationToken ct)
    {
        if (ids.Count == 0) return;
        bool keep = preview.Row.State != PlanState.Draft || await editor.HasHistoryAsync(ids, ct);
        var rows = await db.PlanNodes.Where(n => ids.Contains(n.Id)).ToListAsync(ct);
        var parents = preview.Loaded.Nodes.ToDictionary(n => n.Id, n => n.ParentId);
        int Depth(long id)
        {
            int d = 0;
            for (long? p = parents.GetValueOrDefault(id); p is { } x; p = parents.GetValueOrDefault(x)) d++;
            return d;
        }
        if (keep)
        {
            foreach (var r in rows) r.IsRemoved = true;
            await db.SaveChangesAsync(ct);
            return;
        }
        foreach (var depth in rows.GroupBy(r => Depth(r.Id)).OrderByDescending(g => g.Key))
        {
            db.PlanNodes.RemoveRange(depth);
            await db.SaveChangesAsync(ct);
        }
    }

    /// <summary>The «شناسه برنامه» an export writes in its «برنامه» sheet, if the file has one.</summary>
    private static long? ExportedPlanId(byte[] content)
    {
        var (reader, _) = XlsxReader.Open(content);
        if (reader is null) return null;
        using (reader)
        {
            if (!reader.HasSheet(PlanExcel.PlanSheet)) return null;
            foreach (var r in reader.Read(PlanExcel.PlanSheet, 100).Rows)
            {
                var cells = r.Cells.Values.OrderBy(c => XlsxReader.ColumnIndex(c.Column)).ToList();
                if (cells.Count < 2 || XlsxReader.Normalize(cells[0].Text ?? "") != PlanExcel.FPlanId) continue;
                if (cells[1].Number is { } n) return (long)n;
                return PersianText.ParseNumber(cells[1].Text) is { } d ? (long)d : null;
            }
        }
        return null;
    }
}
