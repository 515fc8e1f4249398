using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Payesh.Web.Data.Model;

namespace Payesh.Web.Data;

/// <summary>
/// The application's database. Provider-neutral; <see cref="SqlitePayeshDb"/> and
/// <see cref="PostgresPayeshDb"/> only carry their own migrations.
/// Every save records an audit entry per changed entity, hash-chained, in the same transaction.
/// </summary>
public abstract class PayeshDb : IdentityDbContext<AppUser>, IDataProtectionKeyContext
{
    private readonly TimeProvider _time;

    protected PayeshDb(DbContextOptions options, AuditActor? actor, TimeProvider? time, AuditKey? auditKey) : base(options)
    {
        Actor = actor ?? new AuditActor();
        // Design-time and bulk tools that build a context by hand write no timestamps of their own.
        _time = time ?? TimeProvider.System;
        AuditKey = auditKey;
    }

    /// <summary>Who this context's writes are audited as (the scope's actor: the request's user, a job, start-up).</summary>
    public AuditActor Actor { get; }

    /// <summary>The audit timestamp of a write now, from the injected clock, to the millisecond both providers keep.</summary>
    internal DateTimeOffset AuditTime() => TruncateToMilliseconds(_time.GetUtcNow());

    /// <summary>Keys the audit chain; null only for design-time and bulk tools that write no audit entries.</summary>
    public AuditKey? AuditKey { get; }

    internal AuditKey RequiredAuditKey => AuditKey
        ?? throw new InvalidOperationException("No audit key: this database context cannot write audit entries.");

    public DbSet<AgencyRow> Agencies => Set<AgencyRow>();
    public DbSet<PlanRow> Plans => Set<PlanRow>();
    public DbSet<PlanNodeRow> PlanNodes => Set<PlanNodeRow>();
    public DbSet<NodeCollaborator> NodeCollaborators => Set<NodeCollaborator>();
    public DbSet<NodeMilestone> NodeMilestones => Set<NodeMilestone>();
    public DbSet<ProgressReport> ProgressReports => Set<ProgressReport>();
    public DbSet<ReportReview> ReportReviews => Set<ReportReview>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<AuditHead> AuditHeads => Set<AuditHead>();
    public DbSet<AuthStamp> AuthStamps => Set<AuthStamp>();
    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();
    public DbSet<Evidence> Evidence => Set<Evidence>();
    public DbSet<ActionComment> ActionComments => Set<ActionComment>();
    public DbSet<Notification> Notifications => Set<Notification>();
    public DbSet<Holiday> Holidays => Set<Holiday>();
    public DbSet<JobRun> JobRuns => Set<JobRun>();
    public DbSet<Obstacle> Obstacles => Set<Obstacle>();
    public DbSet<ObstacleUnit> ObstacleUnits => Set<ObstacleUnit>();
    public DbSet<ObstacleAgency> ObstacleAgencies => Set<ObstacleAgency>();
    public DbSet<ObstacleNode> ObstacleNodes => Set<ObstacleNode>();
    public DbSet<ObstacleEventRow> ObstacleEvents => Set<ObstacleEventRow>();
    public DbSet<Meeting> Meetings => Set<Meeting>();
    public DbSet<AgendaItem> AgendaItems => Set<AgendaItem>();
    public DbSet<Resolution> Resolutions => Set<Resolution>();
    public DbSet<ResolutionObstacle> ResolutionObstacles => Set<ResolutionObstacle>();
    public DbSet<ResolutionNode> ResolutionNodes => Set<ResolutionNode>();
    public DbSet<ResolutionEventRow> ResolutionEvents => Set<ResolutionEventRow>();
    public DbSet<PlanBaseline> PlanBaselines => Set<PlanBaseline>();
    public DbSet<NodeRequirement> NodeRequirements => Set<NodeRequirement>();
    public DbSet<PlanImportJob> PlanImportJobs => Set<PlanImportJob>();
    public DbSet<AxisConfidenceRating> AxisConfidenceRatings => Set<AxisConfidenceRating>();
    public DbSet<Microsoft.AspNetCore.DataProtection.EntityFrameworkCore.DataProtectionKey> DataProtectionKeys =>
        Set<Microsoft.AspNetCore.DataProtection.EntityFrameworkCore.DataProtectionKey>();

    /// <summary>Bulk loads (demo seeding) record one summary entry themselves instead of one per row.</summary>
    public bool SuppressAudit { get; set; }

    public bool IsPostgres => Database.ProviderName?.Contains("Npgsql", StringComparison.Ordinal) == true;

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.Entity<AppUser>(e =>
        {
            e.HasOne(u => u.Agency).WithMany().HasForeignKey(u => u.AgencyId).OnDelete(DeleteBehavior.Restrict);
        });
        builder.Entity<AgencyRow>(e =>
        {
            e.HasIndex(a => a.Code).IsUnique();
            e.Property(a => a.Kind).HasConversion<string>().HasMaxLength(20);
            e.Property(a => a.Version).IsConcurrencyToken();
        });
        builder.Entity<PlanRow>(e =>
        {
            e.Property(p => p.WorkingDays).HasMaxLength(20);
            e.Property(p => p.State).HasConversion<string>().HasMaxLength(20);
            e.Property(p => p.Version).IsConcurrencyToken();
            e.HasMany(p => p.Nodes).WithOne().HasForeignKey(n => n.PlanId).OnDelete(DeleteBehavior.Cascade);
        });
        builder.Entity<PlanNodeRow>(e =>
        {
            e.HasIndex(n => new { n.PlanId, n.Code }).IsUnique();
            e.HasIndex(n => n.ParentId);
            e.HasIndex(n => n.LeadAgencyId);
            e.Property(n => n.Curve).HasConversion<string>().HasMaxLength(20);
            e.Property(n => n.Version).IsConcurrencyToken();
            e.HasOne<PlanNodeRow>().WithMany().HasForeignKey(n => n.ParentId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne(n => n.LeadAgency).WithMany().HasForeignKey(n => n.LeadAgencyId).OnDelete(DeleteBehavior.Restrict);
            e.HasMany(n => n.Collaborators).WithOne().HasForeignKey(c => c.NodeId).OnDelete(DeleteBehavior.Cascade);
            e.HasMany(n => n.Milestones).WithOne().HasForeignKey(m => m.NodeId).OnDelete(DeleteBehavior.Cascade);
        });
        builder.Entity<NodeCollaborator>(e =>
        {
            e.HasKey(c => new { c.NodeId, c.AgencyId });
            e.HasOne(c => c.Agency).WithMany().HasForeignKey(c => c.AgencyId).OnDelete(DeleteBehavior.Restrict);
        });
        builder.Entity<ProgressReport>(e =>
        {
            e.HasIndex(r => new { r.PlanId, r.Id });
            e.HasIndex(r => new { r.NodeId, r.ReportDate });
            // The review queue: keyset pages of one plan's waiting reports in arrival order, counted per filter.
            e.HasIndex(r => new { r.PlanId, r.Status, r.Id });
            e.Property(r => r.Status).HasConversion<string>().HasMaxLength(20);
            e.Ignore(r => r.Percent);
            e.HasOne<PlanNodeRow>().WithMany().HasForeignKey(r => r.NodeId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<PlanRow>().WithMany().HasForeignKey(r => r.PlanId).OnDelete(DeleteBehavior.Cascade);
        });
        builder.Entity<ReportReview>(e =>
        {
            e.HasIndex(r => new { r.PlanId, r.Id });
            e.HasIndex(r => r.ReportId);
            e.Property(r => r.Decision).HasConversion<string>().HasMaxLength(20);
        });
        builder.Entity<AuditEntry>(e =>
        {
            e.HasIndex(a => new { a.EntityType, a.EntityId });
            e.HasIndex(a => a.UserId);
            e.Property(a => a.Action).HasMaxLength(40);
            e.Property(a => a.EntityType).HasMaxLength(60);
            e.Property(a => a.EntityId).HasMaxLength(100);
            e.Property(a => a.PreviousHash).HasMaxLength(64);
            e.Property(a => a.Hash).HasMaxLength(64);
        });
        builder.Entity<AuditHead>(e => e.Property(h => h.LastHash).HasMaxLength(64));
        ReportingModel.Configure(builder);
        builder.Entity<ApiToken>(e =>
        {
            e.HasIndex(t => t.TokenHash).IsUnique();
            e.Property(t => t.TokenHash).HasMaxLength(64);
            e.HasOne(t => t.User).WithMany().HasForeignKey(t => t.UserId).OnDelete(DeleteBehavior.Cascade);
        });
        ObstaclesModel.Configure(builder);
        AuthoringModel.Configure(builder);
        Data.AuthStamps.Configure(builder);
        FieldLengths.Apply(builder);
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess) =>
        SaveChangesAsync(acceptAllChangesOnSuccess).GetAwaiter().GetResult();

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        ChangeTracker.DetectChanges();
        foreach (var entry in ChangeTracker.Entries())
        {
            if (entry.State == EntityState.Modified && entry.Metadata.FindProperty("Version") is { } vp && vp.ClrType == typeof(uint))
                entry.Property("Version").CurrentValue = (uint)entry.Property("Version").OriginalValue! + 1;
        }
        var pending = SuppressAudit ? [] : CollectAudit();
        bool authChanged = Data.AuthStamps.Touched(ChangeTracker);
        if (pending.Count == 0 && !authChanged) return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);

        var ownTx = Database.CurrentTransaction is null ? await Database.BeginTransactionAsync(cancellationToken) : null;
        try
        {
            // A revoked token or a deactivated user: every instance's token cache sees the new stamp (Data/AuthStamps.cs).
            if (authChanged) await Data.AuthStamps.BumpAsync(this, cancellationToken);
            if (pending.Count == 0)
            {
                int saved = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
                if (ownTx is not null) await ownTx.CommitAsync(cancellationToken);
                return saved;
            }
            // Taking the head row first serializes writers, so the chain never forks.
            var head = await LockAuditHeadAsync(cancellationToken);
            int result = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
            var (userId, userName) = (Actor.Id, Actor.Name);
            var at = AuditTime();
            string previous = head.LastHash;
            foreach (var p in pending)
            {
                var entry = new AuditEntry
                {
                    At = at,
                    UserId = userId,
                    UserName = userName,
                    Action = p.Action,
                    EntityType = p.EntityType,
                    EntityId = p.KeyOf(),
                    Before = p.Before,
                    After = p.AfterOf(),
                    PreviousHash = previous,
                };
                entry.Hash = AuditHash.Compute(entry, RequiredAuditKey);
                previous = entry.Hash;
                AuditEntries.Add(entry);
            }
            head.LastHash = previous;
            head.Count += pending.Count;
            await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
            if (ownTx is not null) await ownTx.CommitAsync(cancellationToken);
            return result;
        }
        finally
        {
            if (ownTx is not null) await ownTx.DisposeAsync();
        }
    }

    /// <summary>Records one entry for a write done outside the change tracker (bulk loads).</summary>
    public Task AuditAsync(string action, string entityType, string? entityId, string? after, CancellationToken ct = default)
    {
        return AppendAuditAsync([new AuditRecord(action, entityType, entityId, null, after, Actor.Id, Actor.Name)], ct);
    }

    /// <summary>Chains and saves audit entries written by hand (e.g. the report writer's grouped commits),
    /// in the caller's transaction if there is one.</summary>
    public async Task AppendAuditAsync(IReadOnlyList<AuditRecord> records, CancellationToken ct = default)
    {
        var ownTx = Database.CurrentTransaction is null ? await Database.BeginTransactionAsync(ct) : null;
        try
        {
            var head = await LockAuditHeadAsync(ct);
            var at = AuditTime();
            var entries = AuditHash.Chain(records, head.LastHash, at, RequiredAuditKey);
            AuditEntries.AddRange(entries);
            if (entries.Length > 0) head.LastHash = entries[^1].Hash;
            head.Count += records.Count;
            // The caller may have turned automatic change detection off (bulk writes): without this the
            // head's new hash is not saved and the next entry links to the old one (a forked chain).
            ChangeTracker.DetectChanges();
            bool suppress = SuppressAudit;
            SuppressAudit = true;
            try { await base.SaveChangesAsync(true, ct); }
            finally { SuppressAudit = suppress; }
            if (ownTx is not null) await ownTx.CommitAsync(ct);
        }
        finally
        {
            if (ownTx is not null) await ownTx.DisposeAsync();
        }
    }

    /// <summary>The audit head's touch count, moved by every audited write of any instance: one primary-key read. Caches of
    /// figures read from many tables (the accountability report, the proposed agenda) are stamped with it — no timer.</summary>
    public async Task<long> AuditTouchesAsync(CancellationToken ct) =>
        await AuditHeads.AsNoTracking().Where(h => h.Id == 1).Select(h => h.Touches).FirstOrDefaultAsync(ct);

    private async Task<AuditHead> LockAuditHeadAsync(CancellationToken ct)
    {
        // An UPDATE takes the row lock (PostgreSQL) or the write lock (SQLite) until commit.
        int touched = await AuditHeads.Where(h => h.Id == 1).ExecuteUpdateAsync(s => s.SetProperty(h => h.Touches, h => h.Touches + 1), ct);
        if (touched == 0)
        {
            var created = new AuditHead { Id = 1, LastHash = "", Touches = 1 };
            AuditHeads.Add(created);
            await base.SaveChangesAsync(true, ct);
            return created;
        }
        var head = await AuditHeads.SingleAsync(h => h.Id == 1, ct);
        await Entry(head).ReloadAsync(ct);
        return head;
    }

    private static DateTimeOffset TruncateToMilliseconds(DateTimeOffset t) =>
        new(t.Ticks - t.Ticks % TimeSpan.TicksPerMillisecond, TimeSpan.Zero);

    private static readonly HashSet<string> Unaudited =
    [
        nameof(AuditEntry), nameof(AuditHead), nameof(AuthStamp), "DataProtectionKey", "IdentityUserToken`1", "IdentityUserLogin`1",
    ];

    private static readonly HashSet<string> SecretProperties =
        ["PasswordHash", "SecurityStamp", "ConcurrencyStamp", "TokenHash", "Xml", "Content", "Snapshot"];

    private List<PendingAudit> CollectAudit()
    {
        var list = new List<PendingAudit>();
        foreach (var e in ChangeTracker.Entries())
        {
            if (e.State is not (EntityState.Added or EntityState.Modified or EntityState.Deleted)) continue;
            var type = EntityNames.Of(e.Metadata.ClrType);
            if (Unaudited.Contains(type)) continue;
            string action = e.State switch { EntityState.Added => "create", EntityState.Deleted => "delete", _ => "update" };
            string? before = e.State == EntityState.Added ? null : Serialize(e, original: true);
            string? after = e.State == EntityState.Modified ? Serialize(e, original: false) : null;
            list.Add(new PendingAudit(e, action, type, before, after));
        }
        return list;
    }

    internal static string Serialize(EntityEntry e, bool original)
    {
        var dict = new SortedDictionary<string, object?>(StringComparer.Ordinal);
        foreach (var p in e.Properties)
        {
            if (SecretProperties.Contains(p.Metadata.Name)) continue;
            if (e.State == EntityState.Modified && !p.IsModified && !p.Metadata.IsKey()) continue;
            var value = original ? p.OriginalValue : p.CurrentValue;
            dict[p.Metadata.Name] = value is Enum ? value.ToString() : value;
        }
        return JsonSerializer.Serialize(dict, AuditJson);
    }

    private static readonly JsonSerializerOptions AuditJson = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private sealed record PendingAudit(EntityEntry Entry, string Action, string EntityType, string? Before, string? After)
    {
        // Keys and "after" are read after the save, when generated ids are known.
        public string? KeyOf()
        {
            var key = Entry.Metadata.FindPrimaryKey();
            if (key is null) return null;
            return string.Join(",", key.Properties.Select(p => Entry.Property(p.Name).CurrentValue?.ToString()));
        }

        public string? AfterOf() => Action switch
        {
            "delete" => null,
            "update" => After,
            _ => Serialize(Entry, original: false),
        };
    }
}

/// <summary>An audit entry to be chained by <see cref="PayeshDb.AppendAuditAsync"/>.</summary>
public sealed record AuditRecord(string Action, string EntityType, string? EntityId, string? Before, string? After, string? UserId, string? UserName);

public sealed class SqlitePayeshDb(DbContextOptions<SqlitePayeshDb> options, AuditActor? actor = null, TimeProvider? time = null, AuditKey? auditKey = null)
    : PayeshDb(options, actor, time, auditKey);

public sealed class PostgresPayeshDb(DbContextOptions<PostgresPayeshDb> options, AuditActor? actor = null, TimeProvider? time = null, AuditKey? auditKey = null)
    : PayeshDb(options, actor, time, auditKey);
