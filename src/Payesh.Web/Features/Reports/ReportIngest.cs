using System.Globalization;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using Payesh.Web.Data;
using Payesh.Web.Data.Model;
using Payesh.Web.Features.Progress;
using Payesh.Web.Infrastructure;

namespace Payesh.Web.Features.Reports;

/// <summary>What became of a write handed to <see cref="ReportIngest"/>.</summary>
public enum IngestAnswer
{
    Stored,
    /// <summary>Not stored: the plan was written to since the engine the rows were checked against caught up.</summary>
    Stale,
    /// <summary>Not stored: the authentication stamp is no longer the one the request's token was cached under.</summary>
    AuthStampMoved,
}

/// <summary>
/// Group commit for progress reports: requests hand their checked rows to one writer, which stores
/// whatever has queued up meanwhile in one transaction (the plans' version stamps, the reports, one
/// audit entry per request) and one durable commit, then answers every request. Under load many
/// requests share a commit; alone, a request is written at once. A report's evidence file (the Today page's row) is
/// stored in the same transaction, so a failure stores neither.
/// </summary>
public sealed class ReportIngest(IServiceScopeFactory scopes, PlanEngines engines, ILogger<ReportIngest> log) : BackgroundService
{
    private const int MaxRowsPerCommit = 5000;

    /// <param name="Checked">The engine the rows were validated against without a stamp read, and its catch-up count then:
    /// the write is stored only if nothing was written to the plan since (<see cref="PlanEngines.StillCurrentAsync"/>).</param>
    /// <param name="Files">Null, or one evidence file (or null) per row, stored with that row's new id.</param>
    /// <param name="AuthStamp">Null, or the authentication stamp the request's token was cached under: the write is stored only
    /// if the stamp read in the commit's transaction is still that one (<see cref="Account.StampAtCommit"/>).</param>
    private sealed record Pending(long PlanId, IReadOnlyList<ProgressReport> Rows, IReadOnlyList<Evidence?>? Files, string? UserId, string? UserName,
        (PlanEngine Engine, long CatchUps)? Checked, long? AuthStamp, TaskCompletionSource<IngestAnswer> Done);

    /// <summary>
    /// The committer's own context, its connection held open and, on SQLite, its statements kept prepared: a commit
    /// builds no context, opens no connection and parses no SQL (issue 14: they were a fifth of a single report's CPU).
    /// Dropped after any failure, so the next commit starts on a fresh connection (a restarted server, a broken file handle).
    /// Used by the one committing loop only.
    /// </summary>
    private sealed class Writer(IServiceScope scope, PayeshDb db, SqliteStatements? statements) : IDisposable
    {
        public PayeshDb Db { get; } = db;

        /// <summary>Set once a commit was asked of the database: a failure after that may have stored the rows.</summary>
        public bool Committing { get; set; }

        public void Dispose()
        {
            var sqlite = Db.Database.GetDbConnection() as Microsoft.Data.Sqlite.SqliteConnection;
            try
            {
                statements?.Dispose();
                if (sqlite is not null) SqliteWriterSettings.Reset(sqlite);
            }
            catch when (sqlite is not null)
            {
                // Its native handle must not go back to the pool with the writer's settings: the pool drops it instead.
                Microsoft.Data.Sqlite.SqliteConnection.ClearPool(sqlite);
                throw;
            }
            finally
            {
                try { Db.Database.CloseConnection(); }
                finally { scope.Dispose(); }
            }
        }
    }

    private Writer? _writer;

    private async Task<Writer> WriterAsync(CancellationToken ct)
    {
        if (_writer is { } kept) return kept;
        var scope = scopes.CreateScope();
        try
        {
            var db = scope.ServiceProvider.GetRequiredService<PayeshDb>();
            db.SuppressAudit = true; // the committer writes its own entries (AuditAppender)
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            await db.Database.OpenConnectionAsync(ct);
            SqliteStatements? statements = null;
            if (db.Database.GetDbConnection() is Microsoft.Data.Sqlite.SqliteConnection sqlite)
            {
                try
                {
                    await SqliteWriterSettings.ApplyAsync(sqlite, ct);
                    statements = SqliteStatements.Attach(sqlite);
                }
                catch
                {
                    Microsoft.Data.Sqlite.SqliteConnection.ClearPool(sqlite); // not back to the pool with the writer's settings
                    throw;
                }
            }
            return _writer = new Writer(scope, db, statements);
        }
        catch
        {
            scope.Dispose();
            throw;
        }
    }

    private void DropWriter()
    {
        var writer = _writer;
        _writer = null;
        try { writer?.Dispose(); }
        catch (Exception ex) { log.ReportWriterCloseFailed(ex); }
    }

    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>Stores the rows (ids are set on return) and answers <see cref="IngestAnswer.Stored"/>, or throws what the
    /// database threw. With <paramref name="checkedAgainst"/> it answers <see cref="IngestAnswer.Stale"/>, storing nothing, when
    /// the plan was written to since that engine last caught up: the caller checks the rows again against a fresh engine.
    /// With <paramref name="authStamp"/> it answers <see cref="IngestAnswer.AuthStampMoved"/>, storing nothing, when the
    /// authentication stamp read in the transaction is another.</summary>
    /// <param name="files">Null, or one evidence file (or null) per row: stored in the same transaction with the row's id.</param>
    public async Task<IngestAnswer> WriteAsync(long planId, IReadOnlyList<ProgressReport> rows, IReadOnlyList<Evidence?>? files, string? userId, string? userName,
        (PlanEngine Engine, long CatchUps)? checkedAgainst, long? authStamp, CancellationToken ct)
    {
        if (files is not null && files.Count != rows.Count) throw new ArgumentException("One evidence entry (or null) per report row.", nameof(files));
        var pending = new Pending(planId, rows, files, userId, userName, checkedAgainst, authStamp,
            new TaskCompletionSource<IngestAnswer>(TaskCreationOptions.RunContinuationsAsynchronously));
        await _queue.Writer.WriteAsync(pending, ct);
        Infrastructure.PayeshMetrics.Queued(+1);
        // Once queued the write goes ahead even if the client leaves: it is committed or it fails, never half.
        return await pending.Done.Task;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var group = new List<Pending>();
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stoppingToken))
            {
                group.Clear();
                int rows = 0;
                while (rows < MaxRowsPerCommit && _queue.Reader.TryRead(out var p))
                {
                    group.Add(p);
                    rows += p.Rows.Count;
                    Infrastructure.PayeshMetrics.Queued(-1);
                }
                try
                {
                    await CommitCheckedAsync(group);
                }
                catch (Exception ex) when (group.Count > 1)
                {
                    // One bad write must not sink the others: write them one by one.
                    log.GroupCommitFailed(ex, group.Count);
                    foreach (var p in group)
                    {
                        if (p.Done.Task.IsCompleted) continue; // answered stale before the failure: retried by its caller
                        try
                        {
                            await CommitCheckedAsync([p]);
                        }
                        catch (Exception single)
                        {
                            p.Done.TrySetException(single);
                        }
                    }
                }
                catch (Exception ex)
                {
                    group[0].Done.TrySetException(ex);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { }
        finally
        {
            DropWriter();
            _queue.Writer.TryComplete();
            while (_queue.Reader.TryRead(out var p)) p.Done.TrySetException(new OperationCanceledException("the application is stopping"));
        }
    }

    /// <summary>The highest authentication stamp a commit has read: the stamp only grows, so a write cached under an older one
    /// is refused before its group's transaction begins instead of rolling that transaction back. Used by the committing loop only.</summary>
    private long _authStampSeen = long.MinValue;

    /// <summary>Commits the group; writes refused by the commit's checks are answered so and the rest committed without them.</summary>
    private async Task CommitCheckedAsync(IReadOnlyList<Pending> group)
    {
        if (group.Any(p => p.AuthStamp < _authStampSeen))
        {
            foreach (var p in group.Where(p => p.AuthStamp < _authStampSeen)) p.Done.TrySetResult(IngestAnswer.AuthStampMoved);
            group = [.. group.Where(p => !(p.AuthStamp < _authStampSeen))];
        }
        while (group.Count > 0)
        {
            var refused = await CommitAsync(group, CancellationToken.None);
            if (refused.Count == 0)
            {
                Infrastructure.PayeshMetrics.Ingested(group.Sum(p => p.Rows.Count));
                foreach (var p in group) p.Done.TrySetResult(IngestAnswer.Stored);
                return;
            }
            foreach (var (p, answer) in refused) p.Done.TrySetResult(answer);
            group = [.. group.Except(refused.Select(r => r.Write))];
        }
    }

    /// <summary>Does a write of the group carry an authentication stamp to compare in the transaction?</summary>
    private static bool ComparesAuthStamp(IReadOnlyList<Pending> group) => group.Any(p => p.AuthStamp is not null);

    /// <summary>Writes the commit must not store (nothing was committed then): their token's authentication stamp moved
    /// (<paramref name="authStamp"/> as read in the transaction), or they were validated against an engine that missed a
    /// write to their plan.</summary>
    private async Task<List<(Pending Write, IngestAnswer Answer)>> RefusedAsync(IReadOnlyList<Pending> group,
        Dictionary<long, (long Data, long Structure)> stamps, long? authStamp)
    {
        if (authStamp > _authStampSeen) _authStampSeen = authStamp.Value;
        var refused = new List<(Pending, IngestAnswer)>();
        foreach (var p in group)
        {
            if (p.AuthStamp is { } a && a != authStamp)
            {
                refused.Add((p, IngestAnswer.AuthStampMoved));
                continue;
            }
            if (p.Checked is not { } c) continue;
            if (!stamps.TryGetValue(p.PlanId, out var s) || !await engines.StillCurrentAsync(p.PlanId, c.Engine, c.CatchUps, s.Data, s.Structure))
                refused.Add((p, IngestAnswer.Stale));
        }
        return refused;
    }

    /// <summary>One transaction for the group; answers the refused writes (and commits nothing) if there are any.</summary>
    private async Task<List<(Pending Write, IngestAnswer Answer)>> CommitAsync(IReadOnlyList<Pending> group, CancellationToken ct)
    {
        for (int attempt = 0; ; attempt++)
        {
            bool kept = _writer is not null;
            var writer = await WriterAsync(ct);
            writer.Committing = false;
            try
            {
                return await CommitAsync(writer, group, ct);
            }
            catch (Exception) when (kept && attempt == 0 && !writer.Committing)
            {
                // A kept connection that broke while idle (the server restarted, an administrator ended it): nothing was
                // committed, so once more on a fresh one.
                DropWriter();
            }
            catch
            {
                DropWriter();
                throw;
            }
        }
    }

    private async Task<List<(Pending Write, IngestAnswer Answer)>> CommitAsync(Writer writer, IReadOnlyList<Pending> group, CancellationToken ct)
    {
        var db = writer.Db;
        var stamps = new Dictionary<long, (long Data, long Structure)>();
        var stale = db.Database.GetDbConnection() is NpgsqlConnection raw && !group.Any(p => p.Files?.Any(f => f is not null) == true)
            ? await PgCommitAsync(writer, raw, group, stamps, ct)
            : null;
        if (stale is null) await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            stamps.Clear();
            db.ChangeTracker.Clear(); // evidence rows of an attempt the strategy retries
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var conn = db.Database.GetDbConnection();
            var dbTx = tx.GetDbTransaction();
            var planIds = group.Select(p => p.PlanId).Distinct().Order().ToList();
            var rows = group.SelectMany(p => p.Rows).ToList();
            if (conn is NpgsqlConnection pg)
            {
                // With evidence files (EF writes them): one round trip for the stamps, the report rows (or their ids, for
                // COPY) and the audit head; the files; one for the audit entries and the head's move (AuditAppender); one
                // for the commit. Without, PgCommitAsync above.
                var (head, authStamp, copyIds) = await PgFirstBatchAsync(pg, (NpgsqlTransaction)dbTx, planIds, rows, stamps, ComparesAuthStamp(group), ct);
                stale = await RefusedAsync(group, stamps, authStamp);
                if (stale.Count > 0) return; // rolled back when the transaction is disposed
                if (copyIds is not null) await ReportRows.CopyAsync(pg, rows, copyIds, reviewed: false, ct);
                await AuditAppender.AppendAfterHeadAsync(db, head, await StoreFilesAsync(db, group, ct), ct);
                writer.Committing = true;
                await tx.CommitAsync(ct);
                return;
            }
            // The stamps first: they lock the plan rows, so report ids grow in commit order per plan (see PlanEngines).
            // One statement per plan moves the stamp and returns it.
            foreach (var planId in planIds)
            {
                await using var stamp = SqliteStatements.Command(conn, dbTx, StampSql);
                AuditAppender.Add(stamp.Command, "@plan", planId);
                await using var reader = await stamp.Command.ExecuteReaderAsync(ct);
                if (await reader.ReadAsync(ct)) stamps[planId] = (reader.GetInt64(0), reader.GetInt64(1));
            }
            long? auth = ComparesAuthStamp(group) ? (long?)await AuditAppender.ScalarAsync(conn, dbTx, AuthStamps.Read, ct) : null;
            stale = await RefusedAsync(group, stamps, auth);
            if (stale.Count > 0) return; // rolled back when the transaction is disposed
            await ReportRows.InsertAsync(db, rows, ct);
            await AuditAppender.AppendAsync(db, await StoreFilesAsync(db, group, ct), ct);
            writer.Committing = true;
            await tx.CommitAsync(ct);
        });
        db.ChangeTracker.Clear(); // the kept context holds no evidence bytes between commits
        if (stale!.Count > 0) return stale; // set by PgCommitAsync or in the transaction above
        foreach (var (planId, stamp) in stamps)
            engines.Committed(planId, stamp.Data, group.Where(p => p.PlanId == planId).SelectMany(p => p.Rows));
        return stale;
    }

    /// <summary>
    /// PostgreSQL, a group without evidence files: the transaction begun and committed by SQL, so that it takes two round
    /// trips — BEGIN, the stamps, the rows (or their ids, for COPY) and the audit head; then the audit entries, the head's
    /// move and COMMIT (the rows' COPY between them for a batch). Answers the refused writes (nothing committed), or null when
    /// the chain has no head yet (a database that never audited; nothing committed): the general path writes it.
    /// </summary>
    private async Task<List<(Pending Write, IngestAnswer Answer)>?> PgCommitAsync(Writer writer, NpgsqlConnection pg, IReadOnlyList<Pending> group,
        Dictionary<long, (long Data, long Structure)> stamps, CancellationToken ct)
    {
        var planIds = group.Select(p => p.PlanId).Distinct().Order().ToList();
        var rows = group.SelectMany(p => p.Rows).ToList();
        var (head, authStamp, copyIds) = await PgFirstBatchAsync(pg, null, planIds, rows, stamps, ComparesAuthStamp(group), ct);
        var stale = await RefusedAsync(group, stamps, authStamp);
        if (stale.Count > 0 || head is null)
        {
            await using var rollback = new NpgsqlCommand("ROLLBACK", pg);
            await rollback.ExecuteNonQueryAsync(ct);
            return head is null && stale.Count == 0 ? null : stale;
        }
        if (copyIds is not null) await ReportRows.CopyAsync(pg, rows, copyIds, reviewed: false, ct);
        // From here a failure may follow the commit: the writer is dropped, never retried (CommitAsync).
        writer.Committing = true;
        await AuditAppender.AppendAndCommitAsync(writer.Db, pg, head, [.. group.Select(Audit)], ct);
        return stale;
    }

    /// <summary>
    /// PostgreSQL: the plans' stamps (in id order: they lock the plan rows, so report ids grow in commit order per plan),
    /// the report rows — a multi-row INSERT returning their ids, or for COPY the ids drawn from the sequence — and the
    /// audit head's lock, as one statement batch; with <paramref name="readAuthStamp"/> also the authentication stamp, after the
    /// plan rows are locked. Returns the head's hash, the authentication stamp (if read) and the ids drawn for COPY (null:
    /// inserted). Without <paramref name="tx"/> the batch begins the transaction itself (BEGIN first).
    /// </summary>
    private static async Task<(string? Head, long? AuthStamp, long[]? CopyIds)> PgFirstBatchAsync(NpgsqlConnection pg, NpgsqlTransaction? tx,
        List<long> planIds, List<ProgressReport> rows, Dictionary<long, (long Data, long Structure)> stamps, bool readAuthStamp, CancellationToken ct)
    {
        bool copy = rows.Count >= ReportRows.CopyFrom;
        await using var batch = new NpgsqlBatch(pg, tx);
        if (tx is null) batch.BatchCommands.Add(new NpgsqlBatchCommand("BEGIN"));
        foreach (var planId in planIds)
        {
            var stamp = new NpgsqlBatchCommand(StampSql.Replace("@plan", "$1", StringComparison.Ordinal));
            stamp.Parameters.Add(new NpgsqlParameter<long> { TypedValue = planId });
            batch.BatchCommands.Add(stamp);
        }
        if (readAuthStamp) batch.BatchCommands.Add(new NpgsqlBatchCommand(AuthStamps.ReadInWriter));
        batch.BatchCommands.Add(copy ? ReportRows.NextIds(rows.Count) : ReportRows.Insert(rows));
        batch.BatchCommands.Add(new NpgsqlBatchCommand(AuditAppender.HeadSql));
        await using var reader = await batch.ExecuteReaderAsync(ct);
        foreach (var planId in planIds)
        {
            if (await reader.ReadAsync(ct)) stamps[planId] = (reader.GetInt64(0), reader.GetInt64(1));
            await reader.NextResultAsync(ct);
        }
        long? authStamp = null;
        if (readAuthStamp)
        {
            if (await reader.ReadAsync(ct)) authStamp = reader.GetInt64(0);
            await reader.NextResultAsync(ct);
        }
        var ids = new long[rows.Count];
        int n = 0;
        while (await reader.ReadAsync(ct)) ids[n++] = reader.GetInt64(0);
        if (n != rows.Count) throw new InvalidOperationException($"ProgressReports: {n} ids returned for {rows.Count} rows");
        await reader.NextResultAsync(ct);
        string? head = await reader.ReadAsync(ct) ? reader.GetString(0) : null;
        if (copy) return (head, authStamp, ids);
        Array.Sort(ids);
        for (int i = 0; i < ids.Length; i++) rows[i].Id = ids[i];
        return (head, authStamp, null);
    }

    /// <summary>Moves a plan's data stamp (locking its row until commit) and returns it with the structure stamp.</summary>
    internal const string StampSql =
        "UPDATE \"Plans\" SET \"DataVersion\" = \"DataVersion\" + 1 WHERE \"Id\" = @plan RETURNING \"DataVersion\", \"StructureVersion\"";

    /// <summary>
    /// Stores the group's evidence files, each with its report's new id, in the group's transaction (the reports are in, their
    /// ids known), and returns the group's audit records: per request its reports' entry, then an entry per file as the change
    /// tracker writes one for any other insert (secrets such as the file's bytes left out).
    /// </summary>
    private static async Task<List<AuditRecord>> StoreFilesAsync(PayeshDb db, IReadOnlyList<Pending> group, CancellationToken ct)
    {
        var files = new List<(Pending Request, Evidence File)>();
        foreach (var p in group)
        {
            if (p.Files is null) continue;
            for (int i = 0; i < p.Rows.Count; i++)
                if (p.Files[i] is { } f) files.Add((p, StoredWith(f, p.Rows[i])));
        }
        if (files.Count > 0)
        {
            db.Evidence.AddRange(files.Select(f => f.File));
            await db.SaveChangesAsync(ct); // the writer's context suppresses the tracker's audit: the entries follow below
        }
        var records = new List<AuditRecord>(group.Count + files.Count);
        foreach (var p in group)
        {
            records.Add(Audit(p));
            foreach (var (_, file) in files.Where(f => ReferenceEquals(f.Request, p)))
                records.Add(new AuditRecord("create", EntityNames.Of(typeof(Evidence)), file.Id.ToString(CultureInfo.InvariantCulture), null,
                    PayeshDb.Serialize(db.Entry(file), original: false), p.UserId, p.UserName));
        }
        return records;
    }

    /// <summary>A new row for <paramref name="file"/> (a retried commit never re-adds a row a failed one tracked).</summary>
    private static Evidence StoredWith(Evidence file, ProgressReport report) => new()
    {
        PlanId = report.PlanId, NodeId = report.NodeId, ReportId = report.Id, FileName = file.FileName, ContentType = file.ContentType,
        Size = file.Size, Sha256 = file.Sha256, Content = file.Content, UploadedById = file.UploadedById, UploadedAt = file.UploadedAt,
    };

    /// <summary>One entry per request: the reports it stored, as they were stored.</summary>
    private static AuditRecord Audit(Pending p)
    {
        var rows = new List<AuditedReport>(p.Rows.Count);
        foreach (var r in p.Rows)
            rows.Add(new AuditedReport(r.Id, r.PlanId, r.NodeId, r.ReportDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                r.PercentHundredths, r.Note, r.Justification, r.BackdateReason));
        var after = JsonSerializer.Serialize(rows, AuditedReportsWriter.Rows);
        var ids = p.Rows.Count == 1 ? p.Rows[0].Id.ToString(CultureInfo.InvariantCulture) : $"{p.Rows.Min(r => r.Id)}-{p.Rows.Max(r => r.Id)}";
        return new AuditRecord("create", nameof(ProgressReport), ids, null, after, p.UserId, p.UserName);
    }
}
