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

/// <summary>
/// Every edit of plan authoring: the plan's fields and nodes (add, edit, move, remove); approval, closing and
/// copying are <see cref="PlanLifecycle"/>, reading the forms <see cref="PlanForm"/>, document paths
/// <see cref="PlanDocumentPaths"/>. Input is checked by the rules of <see cref="PlanDocumentReader"/> — the
/// plan is rebuilt as a document with the change in it and read back — so the API, the Excel import and the
/// forms share one set of rules and messages. Saves check Version tokens; every change to the tree bumps the
/// plan's StructureVersion (engines rebuild); a change of schedules, weights, agencies or nodes of an approved
/// plan records a new baseline with its reason, decision and effective day, in the same transaction. Errors come
/// keyed by document path (<c>title</c>, <c>nodes[3].weight</c>), by <see cref="ParentPath"/>, <see cref="PositionPath"/>
/// and the change's paths (<see cref="PlanLifecycle.ReasonPath"/>); an invalid node edit carries its
/// <see cref="NodeEditContext"/>, from which the page finds the form row of each path.
/// </summary>
public sealed class PlanEditor(PayeshDb db, PlanEngines engines, PayeshClock clock)
{
    public const string ConflictMessage =
        "این مورد هم‌زمان به‌دست کاربر دیگری تغییر کرده است. آنچه نوشته بودید نگه داشته شد و مقدار کنونی زیر هر خانه آمده است؛ " +
        "اگر هنوز می‌خواهید تغییر شما ذخیره شود، دوباره «ذخیره» را بزنید.";

    /// <summary>Paths of a node edit's inputs outside the document: the parent chosen and the place among siblings.</summary>
    public const string ParentPath = "parent", PositionPath = "position";

    /// <summary>A node's kind (group or action), after the node's path: <c>nodes[0].kind</c>.</summary>
    public const string KindPath = "kind";

    private const string PlanNotFound = "برنامه پیدا نشد.", Closed = "برنامه بسته شده است و تغییر نمی‌کند.",
        NodeGone = "این بخش دیگر در برنامه نیست؛ شاید کاربر دیگری آن را حذف کرده است.";

    // ---- the plan's own fields ------------------------------------------------------------------

    /// <summary>A new draft plan without nodes.</summary>
    /// <summary>A new draft plan without nodes; answers its id.</summary>
    public async Task<Outcome<long>> CreatePlanAsync(CurrentUser user, PlanInput input, CancellationToken ct)
    {
        if (!Access.CanManagePlans(user)) return Outcome.Forbidden(AuthoringQueries.NotAuthor);
        db.Actor.Is(user);
        var invalid = new List<ValidationError>();
        var doc = new PlanDocument { Nodes = [] };
        ApplyPlan(input, doc, invalid);
        var (plan, errors) = PlanDocumentReader.Read(doc, await KnownAgenciesAsync(db, ct), PlanReadMode.Draft);
        invalid.AddRange(Named(errors, doc));
        if (invalid.Count > 0 || plan is null) return Outcome.Invalid(invalid);
        return await PlanStore.CreateAsync(db, plan, clock.Now, ct);
    }

    /// <summary>The plan's own fields (title, dates, levels, settings); answers the plan's id.</summary>
    public async Task<Outcome<long>> UpdatePlanAsync(CurrentUser user, long planId, PlanInput input, CancellationToken ct)
    {
        if (!Access.CanManagePlans(user)) return Outcome.Forbidden(AuthoringQueries.NotAuthor);
        db.Actor.Is(user);
        var loaded = await PlanStore.LoadAsync(db, planId, ct);
        if (loaded is null) return Outcome.NotFound(PlanNotFound);
        var row = loaded.Row;
        if (row.State == PlanState.Closed) return Outcome.Invalid("", Closed);
        var invalid = new List<ValidationError>();
        var doc = DocumentOf(loaded);
        ApplyPlan(input, doc, invalid);
        if (row.State != PlanState.Draft
            && (JalaliDate.TryParse(doc.Start, out var s) && s != loaded.Plan.Start || JalaliDate.TryParse(doc.End, out var e) && e != loaded.Plan.End
                || doc.Year is { } y && y != loaded.Plan.Year))
            invalid.Add(new("", "سال و تاریخ‌های شروع و پایان برنامه پس از ابلاغ تغییر نمی‌کند."));
        var (plan, errors) = PlanDocumentReader.Read(doc, await KnownAgenciesAsync(db, ct), PlanReadMode.Draft);
        invalid.AddRange(Named(errors, doc));
        if (invalid.Count > 0 || plan is null) return Outcome.Invalid(invalid);

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
            return Outcome.Stale();
        }
        engines.Invalidate(planId);
        return planId;
    }


    // ---- nodes -----------------------------------------------------------------------------------

    /// <summary>Adds (<paramref name="nodeId"/> null) or changes a node, possibly moving it under another parent.</summary>
    public async Task<Outcome<NodeEdited>> SaveNodeAsync(CurrentUser user, long planId, long? nodeId, NodeInput input, ChangeInput? change, CancellationToken ct)
    {
        if (!Access.CanManagePlans(user)) return Outcome.Forbidden(AuthoringQueries.NotAuthor);
        db.Actor.Is(user);
        var loaded = await PlanStore.LoadAsync(db, planId, ct);
        if (loaded is null) return Outcome.NotFound(PlanNotFound);
        var row = loaded.Row;
        if (row.State == PlanState.Closed) return Outcome.Invalid("", Closed);
        var nodes = loaded.Nodes;
        var stored = nodeId is null ? null : nodes.FirstOrDefault(n => n.Id == nodeId);
        if (nodeId is not null && stored is null)
            // Removed meanwhile (still in the history) is a conflict; never in this plan, not found.
            return await db.PlanNodes.AnyAsync(n => n.Id == nodeId && n.PlanId == planId, ct) ? Outcome.Conflict(NodeGone) : Outcome.NotFound(NodeGone);

        var doc = DocumentOf(loaded);
        doc.Nodes ??= [];
        // Where the node goes.
        List<NodeDocument> target = doc.Nodes;
        if (input.ParentId is { } parentId)
        {
            var parent = nodes.FirstOrDefault(n => n.Id == parentId);
            if (parent is null) return Outcome.Invalid(ParentPath, "بخش والد در این برنامه نیست.");
            if (parent.IsAction) return Outcome.Invalid(ParentPath, "زیر یک اقدام نمی‌توان بخش افزود؛ والد باید محور یا برنامه باشد.");
            if (stored is not null && (parentId == stored.Id || PlanNodeRows.IsBelow(nodes, parentId, stored.Id)))
                return Outcome.Invalid(ParentPath, "بخش نمی‌تواند زیرشاخه خودش یا زیرشاخه‌های خودش شود.");
            target = (Find(doc, parentId)!.Value.Node.Children ??= []);
        }

        // The node's own errors, by path relative to the node until its place in the document is known.
        var own = new List<ValidationError>();
        var invalid = new List<ValidationError>();
        NodeDocument nd;
        int keepIndex = -1;
        if (stored is not null)
        {
            var (found, _, owner, index) = Find(doc, stored.Id)!.Value;
            nd = found;
            owner.RemoveAt(index);
            if (ReferenceEquals(owner, target)) keepIndex = index;
            if (stored.IsAction && !input.IsAction && await HasHistoryAsync([stored.Id], ct))
                own.Add(new(KindPath, "برای این اقدام گزارش پیشرفت یا یادداشت ثبت شده است و به گروه تبدیل نمی‌شود."));
            if (!stored.IsAction && input.IsAction && nodes.Any(n => n.ParentId == stored.Id))
                own.Add(new(KindPath, "این بخش زیرشاخه دارد و اقدام نمی‌شود؛ نخست زیرشاخه‌ها را جابه‌جا یا حذف کنید."));
        }
        else nd = new NodeDocument();

        var (milestoneRows, requirementRows) = Fill(nd, input, own);
        int position = target.Count;
        if (!string.IsNullOrWhiteSpace(input.Position))
        {
            if (Int(input.Position, PositionPath, "جایگاه", invalid) is { } p) position = Math.Clamp(p - 1, 0, target.Count);
        }
        else if (keepIndex >= 0) position = Math.Min(keepIndex, target.Count);
        target.Insert(position, nd);
        var path = Walk(doc.Nodes, "").First(w => ReferenceEquals(w.Node, nd)).Path;
        invalid.InsertRange(0, own.Select(e => e with { Path = $"{path}.{e.Path}" }));

        var code = PlanCodes.Normalize(input.Code);
        if (!string.IsNullOrEmpty(code) && await db.PlanNodes.AnyAsync(n => n.PlanId == planId && n.IsRemoved && n.Code == code, ct))
            invalid.Add(new($"{path}.code", $"کد «{code}» پیش‌تر به بخشی داده شده که از برنامه حذف شده و در سابقه مانده است؛ کد دیگری برگزینید."));

        var (plan, errors) = PlanDocumentReader.Read(doc, await KnownAgenciesAsync(db, ct), PlanReadMode.Draft);
        invalid.AddRange(NodeErrors(errors, doc, path));
        if (invalid.Count > 0 || plan is null)
            return new Outcome.Failure(OutcomeKind.Invalid, invalid, null, new NodeEditContext(path, milestoneRows, requirementRows));
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
            effective = await PlanLifecycle.CheckChangeAsync(db, row, change, invalid, ct);
            if (invalid.Count > 0) return Outcome.Invalid(invalid);
        }

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await BumpStructureAsync(planId, ct);
        if (approved && structural) await EnsureFirstBaselineAsync(row, user, ct);

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
        PlanNodeRows.Copy(domain, entity, agencies);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Outcome.Stale();
        }
        catch (DbUpdateException)
        {
            // Someone changed the tree in between (the same code taken, the parent removed): nothing was saved.
            return Outcome.Conflict("هم‌زمان تغییر دیگری در درخت برنامه ثبت شد (مثلاً همین کد یا بخش والد)؛ چیزی ذخیره نشد. صفحه را ببینید و دوباره تلاش کنید.");
        }
        // The siblings' places (order is shown, not counted: no baseline, no version bump).
        await RenumberAsync(planId, parentOf, [.. target.Select(n => n == nd ? entity.Id : n.Id!.Value)], ct);
        if (stored is not null && oldParent != parentOf)
            await RenumberAsync(planId, oldParent, [.. nodes.Where(n => n.ParentId == oldParent && n.Id != stored.Id).OrderBy(n => n.SortOrder).ThenBy(n => n.Id).Select(n => n.Id)], ct);
        PlanBaseline? baseline = null;
        if (approved && structural)
            baseline = await PlanBaselines.RecordAsync(db, planId, effective!.Value, PersianText.Normalize(change!.Reason)!,
                PersianText.Normalize(change.Decision), clock.Now, (user.Id, user.Name), ct);
        await tx.CommitAsync(ct);
        engines.Invalidate(planId);
        return new NodeEdited(entity.Id, baseline);
    }

    /// <summary>Takes a node and everything under it out of the plan: deleted in a draft (unless reports or notes
    /// refer to it), otherwise kept as removed — for an approved plan through a new baseline.</summary>
    public async Task<Outcome<NodeEdited>> RemoveNodeAsync(CurrentUser user, long planId, long nodeId, uint version, ChangeInput? change, CancellationToken ct)
    {
        if (!Access.CanManagePlans(user)) return Outcome.Forbidden(AuthoringQueries.NotAuthor);
        db.Actor.Is(user);
        var loaded = await PlanStore.LoadAsync(db, planId, ct);
        if (loaded is null) return Outcome.NotFound(PlanNotFound);
        var row = loaded.Row;
        if (row.State == PlanState.Closed) return Outcome.Invalid("", Closed);
        var stored = loaded.Nodes.FirstOrDefault(n => n.Id == nodeId);
        if (stored is null) return Outcome.NotFound(NodeGone);
        if (stored.Version != version) return Outcome.Stale();
        var subtree = new List<List<long>> { new() { nodeId } };
        while (subtree[^1].Count > 0)
            subtree.Add([.. loaded.Nodes.Where(n => n.ParentId is { } p && subtree[^1].Contains(p)).Select(n => n.Id)]);
        subtree.RemoveAt(subtree.Count - 1);
        var ids = subtree.SelectMany(l => l).ToList();
        bool approved = row.State == PlanState.Approved;
        JalaliDate? effective = null;
        if (approved)
        {
            var invalid = new List<ValidationError>();
            effective = await PlanLifecycle.CheckChangeAsync(db, row, change, invalid, ct);
            if (invalid.Count > 0) return Outcome.Invalid(invalid);
        }
        bool keep = approved || await HasHistoryAsync(ids, ct);

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await BumpStructureAsync(planId, ct);
        if (approved) await EnsureFirstBaselineAsync(row, user, ct);
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
            return Outcome.Stale();
        }
        PlanBaseline? baseline = null;
        if (approved)
            baseline = await PlanBaselines.RecordAsync(db, planId, effective!.Value, PersianText.Normalize(change!.Reason)!,
                PersianText.Normalize(change.Decision), clock.Now, (user.Id, user.Name), ct);
        await tx.CommitAsync(ct);
        engines.Invalidate(planId);
        return new NodeEdited(nodeId, baseline);
    }

    /// <summary>Moves a node one place up (−1) or down (+1) among its siblings.</summary>
    public async Task<Outcome<long>> ReorderAsync(CurrentUser user, long planId, long nodeId, int delta, CancellationToken ct)
    {
        if (!Access.CanManagePlans(user)) return Outcome.Forbidden(AuthoringQueries.NotAuthor);
        db.Actor.Is(user);
        var plan = await db.Plans.AsNoTracking().FirstOrDefaultAsync(p => p.Id == planId, ct);
        var node = await db.PlanNodes.AsNoTracking().FirstOrDefaultAsync(n => n.Id == nodeId && n.PlanId == planId && !n.IsRemoved, ct);
        if (plan is null || node is null) return Outcome.NotFound("این بخش دیگر در برنامه نیست.");
        if (plan.State == PlanState.Closed) return Outcome.Invalid("", Closed);
        var siblings = await db.PlanNodes.AsNoTracking().Where(n => n.PlanId == planId && n.ParentId == node.ParentId && !n.IsRemoved)
            .OrderBy(n => n.SortOrder).ThenBy(n => n.Id).Select(n => n.Id).ToListAsync(ct);
        int i = siblings.IndexOf(nodeId), j = i + Math.Sign(delta);
        if (j < 0 || j >= siblings.Count) return nodeId;
        (siblings[i], siblings[j]) = (siblings[j], siblings[i]);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await BumpStructureAsync(planId, ct);
        await RenumberAsync(planId, node.ParentId, siblings, ct);
        await db.AuditAsync("update", EntityNames.PlanNode, nodeId.ToString(CultureInfo.InvariantCulture),
            $"{{\"SortOrder\":{j}}}", ct);
        await tx.CommitAsync(ct);
        engines.Invalidate(planId);
        return nodeId;
    }

    // ---- helpers ---------------------------------------------------------------------------------

    internal static async Task<HashSet<string>> KnownAgenciesAsync(PayeshDb db, CancellationToken ct) =>
        (await db.Agencies.AsNoTracking().Select(a => a.Code).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);

    /// <summary>The stored plan as a document with node ids (agencies are all known ones, not listed).</summary>
    internal static PlanDocument DocumentOf(PlanStore.Loaded loaded)
    {
        var doc = PlanDocumentReader.ToDocument(loaded.Plan, code => loaded.NodeIds[code]);
        doc.Agencies = null;
        return doc;
    }

    /// <summary>Whether reports, notes or evidence refer to any of the nodes (then they are kept as removed).</summary>
    internal async Task<bool> HasHistoryAsync(List<long> ids, CancellationToken ct) =>
        await db.ProgressReports.AnyAsync(r => ids.Contains(r.NodeId), ct)
        || await db.ActionComments.AnyAsync(c => ids.Contains(c.NodeId), ct)
        || await db.Evidence.AnyAsync(x => x.NodeId != null && ids.Contains(x.NodeId.Value), ct);

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
    internal async Task EnsureFirstBaselineAsync(PlanRow row, CurrentUser user, CancellationToken ct)
    {
        if (await db.PlanBaselines.AnyAsync(b => b.PlanId == row.Id, ct)) return;
        await PlanBaselines.RecordAsync(db, row.Id, JalaliDate.FromDateOnly(row.StartDate), "خط مبنای برنامه ابلاغ‌شده (ثبت پیش از نخستین تغییر)",
            null, clock.Now, (user.Id, user.Name), ct);
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

}
