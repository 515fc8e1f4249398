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

namespace Payesh.Web.Features.Plans.Edit;

/// <summary>
/// Every write of plan authoring: the plan's fields, nodes (add, edit, move, remove), approval and communication,
/// closing, and copying to a new year. Input is checked by the rules of <see cref="PlanDocumentReader"/> — the
/// plan is rebuilt as a document with the change in it and read back — so the API, the Excel import and the
/// forms share one set of rules and messages. Saves check Version tokens; every change to the tree bumps the
/// plan's StructureVersion (engines rebuild); a change of schedules, weights, agencies or nodes of an approved
/// plan records a new baseline with its reason, decision and effective day, in the same transaction.
/// </summary>
public sealed partial class PlanEditor(PayeshDb db, PlanEngines engines, PlanQualityService quality, PayeshClock clock, IHttpContextAccessor http)
{
    public const string ConflictMessage =
        "این مورد هم‌زمان به‌دست کاربر دیگری تغییر کرده است. آنچه نوشته بودید نگه داشته شد و مقدار کنونی زیر هر خانه آمده است؛ " +
        "اگر هنوز می‌خواهید تغییر شما ذخیره شود، دوباره «ذخیره» را بزنید.";

    // ---- the plan's own fields ------------------------------------------------------------------

    /// <summary>A new draft plan without nodes.</summary>
    public async Task<EditOutcome> CreatePlanAsync(PlanInput input, CancellationToken ct)
    {
        var outcome = new EditOutcome();
        var doc = new PlanDocument { Nodes = [] };
        ApplyPlan(input, doc, outcome);
        var (plan, errors) = PlanDocumentReader.Read(doc, await KnownAgenciesAsync(ct), PlanReadMode.Draft);
        MapPlanErrors(errors, doc, outcome);
        if (!outcome.Ok || plan is null) return outcome;
        outcome.Id = await PlanStore.CreateAsync(db, plan, clock.Now, ct);
        return outcome;
    }

    public async Task<EditOutcome> UpdatePlanAsync(long planId, PlanInput input, CancellationToken ct)
    {
        var outcome = new EditOutcome();
        var loaded = await PlanStore.LoadAsync(db, planId, ct);
        if (loaded is null) return outcome.Add("", "برنامه پیدا نشد.");
        var row = loaded.Row;
        if (row.State == PlanState.Closed) return outcome.Add("", "برنامه بسته شده است و تغییر نمی‌کند.");
        var doc = DocumentOf(loaded);
        ApplyPlan(input, doc, outcome);
        if (row.State != PlanState.Draft
            && (JalaliDate.TryParse(doc.Start, out var s) && s != loaded.Plan.Start || JalaliDate.TryParse(doc.End, out var e) && e != loaded.Plan.End
                || doc.Year is { } y && y != loaded.Plan.Year))
            outcome.Add("", "سال و تاریخ‌های شروع و پایان برنامه پس از ابلاغ تغییر نمی‌کند.");
        var (plan, errors) = PlanDocumentReader.Read(doc, await KnownAgenciesAsync(ct), PlanReadMode.Draft);
        MapPlanErrors(errors, doc, outcome);
        if (!outcome.Ok || plan is null) return outcome;

        var entity = await db.Plans.FirstAsync(p => p.Id == planId, ct);
        db.Entry(entity).Property(p => p.Version).OriginalValue = input.Version;
        entity.Title = plan.Title;
        entity.Year = plan.Year;
        entity.StartDate = plan.Start.ToDateOnly();
        entity.EndDate = plan.End.ToDateOnly();
        entity.Levels = string.Join('|', plan.Levels);
        entity.StoppageDays = plan.Settings.StoppageDays;
        entity.AtRiskBelow = plan.Settings.AtRiskBelow;
        entity.BehindBelow = plan.Settings.BehindBelow;
        entity.VerifiedOnly = plan.Settings.VerifiedOnly;
        entity.ManagerSignOff = plan.Settings.ManagerSignOff;
        entity.BackdateDays = plan.Settings.BackdateDays;
        // The engine holds the settings (statuses): rebuild it.
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

    private static void ApplyPlan(PlanInput input, PlanDocument doc, EditOutcome outcome)
    {
        doc.Title = input.Title;
        doc.Start = input.Start;
        doc.End = input.End;
        doc.Year = Int(input.Year, "Input.Year", "سال", outcome) ?? doc.Year;
        var levels = (input.Levels ?? "").Split(['\n', '،', ','], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        doc.Levels = levels.Length > 0 ? [.. levels] : [.. Plan.DefaultLevels];
        doc.Settings = new PlanSettingsDocument
        {
            StoppageDays = Int(input.StoppageDays, "Input.StoppageDays", "آستانه توقف", outcome) ?? PlanSettings.Default.StoppageDays,
            AtRiskBelow = Number(input.AtRiskBelow, "Input.AtRiskBelow", "آستانه در معرض تأخیر", outcome) ?? PlanSettings.Default.AtRiskBelow,
            BehindBelow = Number(input.BehindBelow, "Input.BehindBelow", "آستانه عقب‌ماندگی", outcome) ?? PlanSettings.Default.BehindBelow,
            BackdateDays = Int(input.BackdateDays, "Input.BackdateDays", "مهلت ثبت با تاریخ گذشته", outcome) ?? PlanSettings.Default.BackdateDays,
            VerifiedOnly = input.VerifiedOnly,
            ManagerSignOff = input.ManagerSignOff,
        };
    }

    private static readonly Dictionary<string, string> PlanFields = new()
    {
        ["title"] = "Input.Title",
        ["year"] = "Input.Year",
        ["start"] = "Input.Start",
        ["end"] = "Input.End",
        ["levels"] = "Input.Levels",
        ["settings"] = "Input.AtRiskBelow",
        ["settings.stoppageDays"] = "Input.StoppageDays",
        ["settings.backdateDays"] = "Input.BackdateDays",
    };

    private static void MapPlanErrors(IReadOnlyList<ValidationError> errors, PlanDocument doc, EditOutcome outcome)
    {
        foreach (var e in errors)
        {
            if (PlanFields.TryGetValue(e.Path, out var field)) outcome.Add(field, e.Message);
            else outcome.Add("", Where(doc, e.Path) + e.Message);
        }
    }

    // ---- nodes -----------------------------------------------------------------------------------

    /// <summary>Adds (<paramref name="nodeId"/> null) or changes a node, possibly moving it under another parent.</summary>
    public async Task<EditOutcome> SaveNodeAsync(long planId, long? nodeId, NodeInput input, ChangeInput? change, CancellationToken ct)
    {
        var outcome = new EditOutcome();
        var loaded = await PlanStore.LoadAsync(db, planId, ct);
        if (loaded is null) return outcome.Add("", "برنامه پیدا نشد.");
        var row = loaded.Row;
        if (row.State == PlanState.Closed) return outcome.Add("", "برنامه بسته شده است و تغییر نمی‌کند.");
        var nodes = loaded.Nodes;
        var stored = nodeId is null ? null : nodes.FirstOrDefault(n => n.Id == nodeId);
        if (nodeId is not null && stored is null)
        {
            outcome.Conflict = await db.PlanNodes.AnyAsync(n => n.Id == nodeId && n.PlanId == planId, ct);
            return outcome.Add("", "این بخش دیگر در برنامه نیست؛ شاید کاربر دیگری آن را حذف کرده است.");
        }

        var doc = DocumentOf(loaded);
        doc.Nodes ??= [];
        // Where the node goes.
        List<NodeDocument> target = doc.Nodes;
        if (input.ParentId is { } parentId)
        {
            var parent = nodes.FirstOrDefault(n => n.Id == parentId);
            if (parent is null) outcome.Add("Node.ParentId", "بخش والد در این برنامه نیست.");
            else if (parent.IsAction) outcome.Add("Node.ParentId", "زیر یک اقدام نمی‌توان بخش افزود؛ والد باید محور یا برنامه باشد.");
            else if (stored is not null && (parentId == stored.Id || IsBelow(nodes, parentId, stored.Id)))
                outcome.Add("Node.ParentId", "بخش نمی‌تواند زیرشاخه خودش یا زیرشاخه‌های خودش شود.");
            else target = (Find(doc, parentId)!.Value.Node.Children ??= []);
        }
        if (!outcome.Ok) return outcome;

        NodeDocument nd;
        int keepIndex = -1;
        if (stored is not null)
        {
            var (found, _, owner, index) = Find(doc, stored.Id)!.Value;
            nd = found;
            owner.RemoveAt(index);
            if (ReferenceEquals(owner, target)) keepIndex = index;
            if (stored.IsAction && !input.IsAction && await HasHistoryAsync([stored.Id], ct))
                outcome.Add("Node.IsAction", "برای این اقدام گزارش پیشرفت یا یادداشت ثبت شده است و به گروه تبدیل نمی‌شود.");
            if (!stored.IsAction && input.IsAction && nodes.Any(n => n.ParentId == stored.Id))
                outcome.Add("Node.IsAction", "این بخش زیرشاخه دارد و اقدام نمی‌شود؛ نخست زیرشاخه‌ها را جابه‌جا یا حذف کنید.");
        }
        else nd = new NodeDocument();

        var (milestoneRows, requirementRows) = Fill(nd, input, outcome);
        int position = target.Count;
        if (!string.IsNullOrWhiteSpace(input.Position))
        {
            if (Int(input.Position, "Node.Position", "جایگاه", outcome) is { } p) position = Math.Clamp(p - 1, 0, target.Count);
        }
        else if (keepIndex >= 0) position = Math.Min(keepIndex, target.Count);
        target.Insert(position, nd);

        var code = PlanCodes.Normalize(input.Code);
        if (!string.IsNullOrEmpty(code) && await db.PlanNodes.AnyAsync(n => n.PlanId == planId && n.IsRemoved && n.Code == code, ct))
            outcome.Add("Node.Code", $"کد «{code}» پیش‌تر به بخشی داده شده که از برنامه حذف شده و در سابقه مانده است؛ کد دیگری برگزینید.");

        var (plan, errors) = PlanDocumentReader.Read(doc, await KnownAgenciesAsync(ct), PlanReadMode.Draft);
        var path = Walk(doc.Nodes, "").First(w => ReferenceEquals(w.Node, nd)).Path;
        MapNodeErrors(errors, doc, path, milestoneRows, requirementRows, outcome);
        if (!outcome.Ok || plan is null) return outcome;
        var domain = NodeAt(plan, path);

        var agencies = await db.Agencies.AsNoTracking().ToDictionaryAsync(a => a.Code, a => a.Id, ct);
        long? parentOf = input.ParentId;
        bool structural = stored is null || stored.ParentId != parentOf || stored.IsAction != domain.IsAction || stored.Weight != domain.Weight
            || domain.Action is { } a && (stored.LeadAgencyId != agencies[a.LeadAgency] || stored.StartDate != a.Start.ToDateOnly()
                || stored.EndDate != a.End.ToDateOnly() || stored.Curve != a.Curve
                || !stored.Milestones.OrderBy(m => m.Date).Select(m => (m.Date, m.Percent)).SequenceEqual(a.Milestones.Select(m => (m.Day.ToDateOnly(), m.Percent))));
        bool approved = row.State == PlanState.Approved;
        JalaliDate? effective = null;
        if (approved && structural)
        {
            effective = await CheckChangeAsync(row, change, outcome, ct);
            if (!outcome.Ok) return outcome;
        }

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await BumpStructureAsync(planId, ct);
        if (approved && structural) await EnsureFirstBaselineAsync(row, ct);

        PlanNodeRow entity;
        if (stored is null)
        {
            entity = new PlanNodeRow { PlanId = planId };
            db.PlanNodes.Add(entity);
        }
        else
        {
            entity = await db.PlanNodes.Include(n => n.Collaborators).Include(n => n.Milestones).Include(n => n.RequirementItems)
                .AsSplitQuery().FirstAsync(n => n.Id == stored.Id, ct);
            db.Entry(entity).Property(n => n.Version).OriginalValue = input.Version;
        }
        long? oldParent = stored?.ParentId;
        entity.ParentId = parentOf;
        entity.SortOrder = position;
        Copy(domain, entity, agencies);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            outcome.Conflict = true;
            return outcome;
        }
        catch (DbUpdateException)
        {
            // Someone changed the tree in between (the same code taken, the parent removed): nothing was saved.
            outcome.Conflict = true;
            return outcome.Add("", "هم‌زمان تغییر دیگری در درخت برنامه ثبت شد (مثلاً همین کد یا بخش والد)؛ چیزی ذخیره نشد. صفحه را ببینید و دوباره تلاش کنید.");
        }
        // The siblings' places (order is shown, not counted: no baseline, no version bump).
        await RenumberAsync(planId, parentOf, [.. target.Select(n => n == nd ? entity.Id : n.Id!.Value)], ct);
        if (stored is not null && oldParent != parentOf)
            await RenumberAsync(planId, oldParent, [.. nodes.Where(n => n.ParentId == oldParent && n.Id != stored.Id).OrderBy(n => n.SortOrder).ThenBy(n => n.Id).Select(n => n.Id)], ct);
        if (approved && structural)
            outcome.Baseline = await PlanBaselines.RecordAsync(db, planId, effective!.Value, PersianText.Normalize(change!.Reason)!,
                PersianText.Normalize(change.Decision), clock.Now, Actor(), ct);
        await tx.CommitAsync(ct);
        engines.Invalidate(planId);
        outcome.Id = entity.Id;
        return outcome;
    }

    /// <summary>Takes a node and everything under it out of the plan: deleted in a draft (unless reports or notes
    /// refer to it), otherwise kept as removed — for an approved plan through a new baseline.</summary>
    public async Task<EditOutcome> RemoveNodeAsync(long planId, long nodeId, uint version, ChangeInput? change, CancellationToken ct)
    {
        var outcome = new EditOutcome();
        var loaded = await PlanStore.LoadAsync(db, planId, ct);
        if (loaded is null) return outcome.Add("", "برنامه پیدا نشد.");
        var row = loaded.Row;
        if (row.State == PlanState.Closed) return outcome.Add("", "برنامه بسته شده است و تغییر نمی‌کند.");
        var stored = loaded.Nodes.FirstOrDefault(n => n.Id == nodeId);
        if (stored is null) return outcome.Add("", "این بخش دیگر در برنامه نیست؛ شاید کاربر دیگری آن را حذف کرده است.");
        if (stored.Version != version)
        {
            outcome.Conflict = true;
            return outcome;
        }
        var subtree = new List<List<long>> { new() { nodeId } };
        while (subtree[^1].Count > 0)
            subtree.Add([.. loaded.Nodes.Where(n => n.ParentId is { } p && subtree[^1].Contains(p)).Select(n => n.Id)]);
        subtree.RemoveAt(subtree.Count - 1);
        var ids = subtree.SelectMany(l => l).ToList();
        bool approved = row.State == PlanState.Approved;
        JalaliDate? effective = null;
        if (approved)
        {
            effective = await CheckChangeAsync(row, change, outcome, ct);
            if (!outcome.Ok) return outcome;
        }
        bool keep = approved || await HasHistoryAsync(ids, ct);

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await BumpStructureAsync(planId, ct);
        if (approved) await EnsureFirstBaselineAsync(row, ct);
        var rows = await db.PlanNodes.Where(n => ids.Contains(n.Id)).ToListAsync(ct);
        var top = rows.First(n => n.Id == nodeId);
        db.Entry(top).Property(n => n.Version).OriginalValue = version;
        try
        {
            if (keep)
            {
                foreach (var n in rows) n.IsRemoved = true;
                await db.SaveChangesAsync(ct);
            }
            else
            {
                // Deepest first: a node's parent must outlive it.
                for (int level = subtree.Count - 1; level >= 0; level--)
                {
                    db.PlanNodes.RemoveRange(rows.Where(r => subtree[level].Contains(r.Id)));
                    await db.SaveChangesAsync(ct);
                }
            }
        }
        catch (DbUpdateConcurrencyException)
        {
            outcome.Conflict = true;
            return outcome;
        }
        if (approved)
            outcome.Baseline = await PlanBaselines.RecordAsync(db, planId, effective!.Value, PersianText.Normalize(change!.Reason)!,
                PersianText.Normalize(change.Decision), clock.Now, Actor(), ct);
        await tx.CommitAsync(ct);
        engines.Invalidate(planId);
        outcome.Id = nodeId;
        return outcome;
    }

    /// <summary>Moves a node one place up (−1) or down (+1) among its siblings.</summary>
    public async Task<EditOutcome> ReorderAsync(long planId, long nodeId, int delta, CancellationToken ct)
    {
        var outcome = new EditOutcome();
        var plan = await db.Plans.AsNoTracking().FirstOrDefaultAsync(p => p.Id == planId, ct);
        var node = await db.PlanNodes.AsNoTracking().FirstOrDefaultAsync(n => n.Id == nodeId && n.PlanId == planId && !n.IsRemoved, ct);
        if (plan is null || node is null) return outcome.Add("", "این بخش دیگر در برنامه نیست.");
        if (plan.State == PlanState.Closed) return outcome.Add("", "برنامه بسته شده است و تغییر نمی‌کند.");
        var siblings = await db.PlanNodes.AsNoTracking().Where(n => n.PlanId == planId && n.ParentId == node.ParentId && !n.IsRemoved)
            .OrderBy(n => n.SortOrder).ThenBy(n => n.Id).Select(n => n.Id).ToListAsync(ct);
        int i = siblings.IndexOf(nodeId), j = i + Math.Sign(delta);
        if (j < 0 || j >= siblings.Count) return outcome;
        (siblings[i], siblings[j]) = (siblings[j], siblings[i]);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await BumpStructureAsync(planId, ct);
        await RenumberAsync(planId, node.ParentId, siblings, ct);
        await db.AuditAsync("update", EntityNames.PlanNode, nodeId.ToString(CultureInfo.InvariantCulture),
            $"{{\"SortOrder\":{j}}}", ct);
        await tx.CommitAsync(ct);
        engines.Invalidate(planId);
        outcome.Id = nodeId;
        return outcome;
    }

    // ---- lifecycle -------------------------------------------------------------------------------

    /// <summary>
    /// Approves a draft and communicates it (ابلاغ): refused while the quality check has blocking findings or the
    /// plan is incomplete; freezes baseline 1 (in force from the plan's start) and tells every agency that leads,
    /// collaborates on or owns a requirement of the plan, in an in-app notification.
    /// </summary>
    public async Task<EditOutcome> ApproveAsync(long planId, uint version, string? decision, CancellationToken ct)
    {
        var outcome = new EditOutcome();
        var checkedPlan = await quality.CheckAsync(planId, ct);
        if (checkedPlan is null) return outcome.Add("", "برنامه پیدا نشد.");
        var row = checkedPlan.Plan.Row;
        if (row.State != PlanState.Draft) return outcome.Add("", "فقط برنامه پیش‌نویس تصویب و ابلاغ می‌شود.");
        int blocking = checkedPlan.Report.Blocking.Count();
        if (blocking > 0)
            outcome.Add("", $"{Fa.Int(blocking)} مورد بازدارنده در بررسی کیفیت برنامه هست؛ تا رفع آن‌ها برنامه تصویب و ابلاغ نمی‌شود.");
        var doc = DocumentOf(checkedPlan.Plan);
        var (_, errors) = PlanDocumentReader.Read(doc, await KnownAgenciesAsync(ct), PlanReadMode.Complete);
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
            reference, clock.Now, Actor(), ct);
        await NotifyAgenciesAsync(checkedPlan.Plan, ct);
        await tx.CommitAsync(ct);
        engines.Invalidate(planId);
        outcome.Id = planId;
        return outcome;
    }

    /// <summary>Closes an approved plan at (or after) its last day: it keeps its figures and takes no more reports or changes.</summary>
    public async Task<EditOutcome> CloseAsync(long planId, uint version, CancellationToken ct)
    {
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
    public async Task<EditOutcome> CopyAsync(long planId, string? yearText, string? title, CancellationToken ct)
    {
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
        var (plan, errors) = PlanDocumentReader.Read(doc, await KnownAgenciesAsync(ct), PlanReadMode.Draft);
        foreach (var e in errors) outcome.Add(e.Path == "title" ? "Title" : "", Where(doc, e.Path) + e.Message);
        if (!outcome.Ok || plan is null) return outcome;
        outcome.Id = await PlanStore.CreateAsync(db, plan, clock.Now, ct);
        return outcome;
    }

    // ---- helpers ---------------------------------------------------------------------------------

    private async Task<HashSet<string>> KnownAgenciesAsync(CancellationToken ct) =>
        (await db.Agencies.AsNoTracking().Select(a => a.Code).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);

    /// <summary>The stored plan as a document with node ids (agencies are all known ones, not listed).</summary>
    private static PlanDocument DocumentOf(PlanStore.Loaded loaded)
    {
        var doc = PlanDocumentReader.ToDocument(loaded.Plan, code => loaded.NodeIds[code]);
        doc.Agencies = null;
        return doc;
    }

    /// <summary>Whether reports, notes or evidence refer to any of the nodes (then they are kept as removed).</summary>
    private async Task<bool> HasHistoryAsync(List<long> ids, CancellationToken ct) =>
        await db.ProgressReports.AnyAsync(r => ids.Contains(r.NodeId), ct)
        || await db.ActionComments.AnyAsync(c => ids.Contains(c.NodeId), ct)
        || await db.Evidence.AnyAsync(x => x.NodeId != null && ids.Contains(x.NodeId.Value), ct);

    private static bool IsBelow(IReadOnlyList<PlanNodeRow> nodes, long candidate, long ancestor)
    {
        var parents = nodes.ToDictionary(n => n.Id, n => n.ParentId);
        for (long? p = candidate; p is { } id; p = parents.GetValueOrDefault(id))
            if (id == ancestor) return true;
        return false;
    }

    /// <summary>Takes the plan row's lock first (every writer of the tree does), and tells engines to rebuild.</summary>
    private Task<int> BumpStructureAsync(long planId, CancellationToken ct) =>
        db.Plans.Where(p => p.Id == planId).ExecuteUpdateAsync(s => s.SetProperty(p => p.StructureVersion, p => p.StructureVersion + 1), ct);

    private async Task RenumberAsync(long planId, long? parentId, List<long> ordered, CancellationToken ct)
    {
        var current = await db.PlanNodes.AsNoTracking().Where(n => n.PlanId == planId && ordered.Contains(n.Id))
            .Select(n => new { n.Id, n.SortOrder }).ToDictionaryAsync(n => n.Id, n => n.SortOrder, ct);
        for (int i = 0; i < ordered.Count; i++)
        {
            long id = ordered[i];
            if (current.TryGetValue(id, out var order) && order != i)
            {
                int value = i;
                await db.PlanNodes.Where(n => n.Id == id).ExecuteUpdateAsync(s => s.SetProperty(n => n.SortOrder, value), ct);
            }
        }
    }

    /// <summary>An approved plan from before baselines were recorded gets its baseline 1 (the tree before this change).</summary>
    private async Task EnsureFirstBaselineAsync(PlanRow row, CancellationToken ct)
    {
        if (await db.PlanBaselines.AnyAsync(b => b.PlanId == row.Id, ct)) return;
        await PlanBaselines.RecordAsync(db, row.Id, JalaliDate.FromDateOnly(row.StartDate), "خط مبنای برنامه ابلاغ‌شده (ثبت پیش از نخستین تغییر)",
            null, clock.Now, Actor(), ct);
    }

    /// <summary>Checks why, by which decision and from when an approved plan changes; returns the effective day.</summary>
    private async Task<JalaliDate?> CheckChangeAsync(PlanRow row, ChangeInput? change, EditOutcome outcome, CancellationToken ct)
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

    /// <summary>The day a change of an approved plan is proposed to take effect: today, within the plan, not before the last baseline.</summary>
    public async Task<JalaliDate> DefaultEffectiveDayAsync(PlanRow row, CancellationToken ct)
    {
        var day = clock.Today;
        var last = await db.PlanBaselines.AsNoTracking().Where(b => b.PlanId == row.Id).OrderByDescending(b => b.Number)
            .Select(b => (DateOnly?)b.EffectiveFrom).FirstOrDefaultAsync(ct);
        if (last is { } l && day.ToDateOnly() < l) day = JalaliDate.FromDateOnly(l);
        var start = JalaliDate.FromDateOnly(row.StartDate);
        var end = JalaliDate.FromDateOnly(row.EndDate);
        return day < start ? start : day > end ? end : day;
    }

    private (string? Id, string? Name) Actor()
    {
        var user = http.HttpContext is { } c ? CurrentUser.From(c.User) : null;
        return (user?.Id, user?.Name);
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

    /// <summary>Fills a node document from the form; returns which form row each milestone and requirement came from.</summary>
    private static (List<int> Milestones, List<int> Requirements) Fill(NodeDocument nd, NodeInput input, EditOutcome outcome)
    {
        nd.Code = input.Code;
        nd.Title = input.Title;
        nd.Description = input.Description;
        nd.Weight = string.IsNullOrWhiteSpace(input.Weight) ? 1 : Number(input.Weight, "Node.Weight", "وزن", outcome) ?? 1;
        var requirementRows = new List<int>();
        var requirements = new List<RequirementDocument>();
        for (int i = 0; i < input.Requirements.Count; i++)
        {
            var r = input.Requirements[i];
            if (r.IsBlank) continue;
            requirementRows.Add(i);
            requirements.Add(new RequirementDocument { Text = r.Text ?? "", Owner = r.Owner, Deadline = r.Deadline });
        }
        nd.Requirements = requirements.Count > 0 ? requirements : null;
        var milestoneRows = new List<int>();
        if (input.IsAction)
        {
            nd.Children = null;
            nd.Agency = input.Agency ?? "";
            nd.Collaborators = input.Collaborators.Where(c => !string.IsNullOrWhiteSpace(c)).Distinct().ToList() is { Count: > 0 } cs ? cs : null;
            nd.Start = input.Start ?? "";
            nd.End = input.End ?? "";
            nd.Curve = string.IsNullOrWhiteSpace(input.Curve) ? "linear" : input.Curve;
            var milestones = new List<MilestoneDocument>();
            for (int i = 0; i < input.Milestones.Count; i++)
            {
                var m = input.Milestones[i];
                if (m.IsBlank) continue;
                milestoneRows.Add(i);
                milestones.Add(new MilestoneDocument { Date = m.Date, Percent = Number(m.Percent, "Node.Milestones", $"درصد نقطه عطف ردیف {Fa.Int(i + 1)}", outcome) });
            }
            nd.Milestones = milestones.Count > 0 ? milestones : null;
            nd.Deliverable = input.Deliverable;
            nd.Kpi = string.IsNullOrWhiteSpace(input.KpiName) && string.IsNullOrWhiteSpace(input.KpiUnit) && string.IsNullOrWhiteSpace(input.KpiTarget)
                ? null
                : new KpiDocument { Name = input.KpiName, Unit = input.KpiUnit, Target = Number(input.KpiTarget, "Node.KpiTarget", "مقدار هدف شاخص", outcome) };
        }
        else
        {
            nd.Agency = null;
            nd.Collaborators = null;
            nd.Start = nd.End = nd.Curve = nd.Deliverable = null;
            nd.Milestones = null;
            nd.Kpi = null;
            nd.Children ??= [];
        }
        return (milestoneRows, requirementRows);
    }

    /// <summary>Writes a validated domain node onto its row (not its parent or place).</summary>
    private static void Copy(PlanNode n, PlanNodeRow row, Dictionary<string, long> agencies)
    {
        row.Code = n.Code;
        row.Title = n.Title;
        row.Weight = n.Weight;
        row.Description = n.Description;
        row.Requirements = null;
        row.RequirementItems.Clear();
        row.RequirementItems.AddRange(n.Requirements.Select((r, i) => new NodeRequirement
        {
            SortOrder = i,
            Text = r.Text,
            OwnerAgencyId = r.Owner is null ? null : agencies[r.Owner],
            Deadline = r.Deadline?.ToDateOnly(),
        }));
        row.IsAction = n.IsAction;
        var a = n.Action;
        row.LeadAgencyId = a is null ? null : agencies[a.LeadAgency];
        row.StartDate = a?.Start.ToDateOnly();
        row.EndDate = a?.End.ToDateOnly();
        row.Curve = a?.Curve ?? CurveKind.Linear;
        row.Deliverable = a?.Deliverable;
        row.KpiName = a?.Kpi?.Name;
        row.KpiUnit = a?.Kpi?.Unit;
        row.KpiTarget = a?.Kpi?.Target;
        var collaborators = (a?.Collaborators ?? []).Select(c => agencies[c]).ToHashSet();
        row.Collaborators.RemoveAll(c => !collaborators.Contains(c.AgencyId));
        foreach (var id in collaborators.Where(id => row.Collaborators.All(c => c.AgencyId != id)))
            row.Collaborators.Add(new NodeCollaborator { AgencyId = id });
        var milestones = (a?.Milestones ?? []).Select(m => (m.Day.ToDateOnly(), m.Percent)).ToList();
        if (!row.Milestones.OrderBy(m => m.Date).Select(m => (m.Date, m.Percent)).SequenceEqual(milestones))
        {
            row.Milestones.Clear();
            row.Milestones.AddRange(milestones.Select(m => new NodeMilestone { Date = m.Item1, Percent = m.Percent }));
        }
    }

    // ---- document paths ---------------------------------------------------------------------------

    public readonly record struct Walked(NodeDocument Node, string Path, List<NodeDocument> Owner, int Index);

    public static IEnumerable<Walked> Walk(List<NodeDocument>? list, string prefix)
    {
        for (int i = 0; i < (list?.Count ?? 0); i++)
        {
            var path = prefix.Length == 0 ? $"nodes[{i}]" : $"{prefix}.children[{i}]";
            yield return new Walked(list![i], path, list, i);
            foreach (var w in Walk(list[i].Children, path)) yield return w;
        }
    }

    private static Walked? Find(PlanDocument doc, long id)
    {
        foreach (var w in Walk(doc.Nodes, "")) if (w.Node.Id == id) return w;
        return null;
    }

    /// <summary>"بخش ۰۱.۰۲: " for an error inside a node, "" for the plan's own fields.</summary>
    public static string Where(PlanDocument doc, string path)
    {
        Walked? best = null;
        foreach (var w in Walk(doc.Nodes, ""))
            if ((path == w.Path || path.StartsWith(w.Path + ".", StringComparison.Ordinal)) && (best is null || w.Path.Length > best.Value.Path.Length))
                best = w;
        return best is { } b ? $"بخش {Fa.Digits(PersianText.Normalize(b.Node.Code) ?? "")}: " : "";
    }

    [GeneratedRegex(@"\[(\d+)\]")]
    private static partial Regex Index();

    private static PlanNode NodeAt(Plan plan, string path)
    {
        var indices = Index().Matches(path).Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToList();
        var node = plan.Nodes[indices[0]];
        foreach (var i in indices.Skip(1)) node = node.Children[i];
        return node;
    }

    [GeneratedRegex(@"^\.(\w+)(?:\[(\d+)\])?(?:\.(\w+))?$")]
    private static partial Regex Rest();

    private static void MapNodeErrors(IReadOnlyList<ValidationError> errors, PlanDocument doc, string nodePath,
        List<int> milestoneRows, List<int> requirementRows, EditOutcome outcome)
    {
        foreach (var e in errors)
        {
            if (e.Path != nodePath && !e.Path.StartsWith(nodePath + ".", StringComparison.Ordinal))
            {
                outcome.Add("", Where(doc, e.Path) + e.Message);
                continue;
            }
            var m = Rest().Match(e.Path[nodePath.Length..]);
            if (!m.Success)
            {
                outcome.Add("", (e.Path == nodePath ? "" : Where(doc, e.Path)) + e.Message);
                continue;
            }
            int? k = m.Groups[2].Success ? int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture) : null;
            switch (m.Groups[1].Value)
            {
                case "code": outcome.Add("Node.Code", e.Message); break;
                case "title": outcome.Add("Node.Title", e.Message); break;
                case "weight": outcome.Add("Node.Weight", e.Message); break;
                case "description": outcome.Add("Node.Description", e.Message); break;
                case "agency": outcome.Add("Node.Agency", e.Message); break;
                case "collaborators": outcome.Add("Node.Collaborators", e.Message); break;
                case "start": outcome.Add("Node.Start", e.Message); break;
                case "end": outcome.Add("Node.End", e.Message); break;
                case "curve": outcome.Add("Node.Curve", e.Message); break;
                case "kpi": outcome.Add("Node.KpiName", e.Message); break;
                case "milestones":
                    outcome.Add("Node.Milestones", k is { } mi
                        ? $"نقطه عطف ردیف {Fa.Int((mi < milestoneRows.Count ? milestoneRows[mi] : mi) + 1)}: {e.Message}"
                        : e.Message);
                    break;
                case "requirements" when k is { } ri:
                    int row = ri < requirementRows.Count ? requirementRows[ri] : ri;
                    var sub = m.Groups[3].Success ? m.Groups[3].Value : "";
                    outcome.Add($"Node.Requirements[{row}].{(sub == "owner" ? "Owner" : sub == "deadline" ? "Deadline" : "Text")}", e.Message);
                    break;
                default: outcome.Add("", e.Message); break;
            }
        }
    }

    // ---- numbers as typed ---------------------------------------------------------------------------

    private static double? Number(string? text, string field, string what, EditOutcome outcome)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var value = PersianText.ParseNumber(text.Replace('\u2212', '-'));
        if (value is null)
        {
            outcome.Add(field, $"{what} باید عدد باشد؛ «{text.Trim()}» عدد نیست.");
            return null;
        }
        return (double)value.Value;
    }

    private static int? Int(string? text, string field, string what, EditOutcome outcome)
    {
        var value = Number(text, field, what, outcome);
        if (value is null) return null;
        if (value != Math.Floor(value.Value) || Math.Abs(value.Value) > 1_000_000)
        {
            outcome.Add(field, $"{what} باید عددی صحیح باشد.");
            return null;
        }
        return (int)value.Value;
    }
}
