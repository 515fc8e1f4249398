using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Payesh.Web.Data.Model;

namespace Payesh.Web.Data;

/// <summary>A row whose current value is not the value the audit trail last recorded for it.</summary>
public sealed record AuditRowDifference(string EntityType, string EntityId, string? Field, string? Audited, string? Current)
{
    public string Describe() => Field is null
        ? $"{EntityType} {EntityId}: {Current ?? Audited}"
        : $"{EntityType} {EntityId}: {Field} audited {Audited ?? "(none)"}, now {Current ?? "(none)"}";
}

/// <summary>The outcome of comparing rows with the trail: differences (in the order reports, plans,
/// obstacles, resolutions, users) and rows known only from a bulk seed, whose values were never recorded.</summary>
public sealed record AuditRowsResult(IReadOnlyList<AuditRowDifference> Differences, long RowsCompared, long BulkSeededRows);

/// <summary>
/// Replays the audit trail per entity (a create records every field, an update the fields it changed,
/// a delete removes the row; the report ingest records its rows as a JSON array) and compares the result
/// with the rows in the database now, so that a row edited, inserted or deleted behind the app's back is named.
/// Columns the app maintains without auditing by design (cache stamps) are not compared.
/// </summary>
public static class AuditRows
{
    /// <summary>An entry whose id is a range of rows loaded in bulk without their values (the demo seed).</summary>
    public const string BulkSeedAction = "seed";

    private static readonly string[] Types = [nameof(ProgressReport), EntityNames.Plan, nameof(Obstacle), nameof(Resolution), nameof(AppUser)];
    private static readonly HashSet<string> NotAudited = ["DataVersion", "StructureVersion"];
    private const int BatchSize = 2000;

    public static async Task<AuditRowsResult> CompareAsync(PayeshDb db, CancellationToken ct = default)
    {
        // (type, id) → field → JSON value; null when the trail says the row was deleted.
        var audited = new Dictionary<(string, string), Dictionary<string, JsonElement>?>();
        var seeded = new List<(long From, long To)>();
        long lastId = long.MinValue;
        while (true)
        {
            var batch = await db.AuditEntries.AsNoTracking()
                .Where(e => e.Id > lastId && Types.Contains(e.EntityType)).OrderBy(e => e.Id)
                .Select(e => new { e.Id, e.Action, e.EntityType, e.EntityId, e.After }).Take(BatchSize).ToListAsync(ct);
            foreach (var e in batch) Apply(audited, seeded, e.Action, e.EntityType, e.EntityId, e.After);
            if (batch.Count < BatchSize) break;
            lastId = batch[^1].Id;
        }

        var differences = new List<AuditRowDifference>();
        long compared = 0, bulk = 0;
        foreach (var type in Types)
        {
            var seen = new HashSet<string>();
            await foreach (var entity in Rows(db, type).WithCancellation(ct))
            {
                var json = JsonDocument.Parse(PayeshDb.Serialize(db.Entry(entity), original: false)).RootElement;
                var id = json.GetProperty("Id").ToString();
                seen.Add(id);
                compared++;
                if (!audited.TryGetValue((type, id), out var fields))
                {
                    if (type == nameof(ProgressReport) && long.TryParse(id, out var n) && seeded.Any(r => n >= r.From && n <= r.To)) bulk++;
                    else differences.Add(new(type, id, null, null, "row has no audit entry (inserted behind the app's back)"));
                    continue;
                }
                if (fields is null)
                {
                    differences.Add(new(type, id, null, null, "row exists but the trail recorded its deletion"));
                    continue;
                }
                foreach (var (field, value) in fields)
                {
                    if (NotAudited.Contains(field) || !json.TryGetProperty(field, out var now)) continue;
                    if (!Same(value, now)) differences.Add(new(type, id, field, value.ToString(), now.ToString()));
                }
            }
            foreach (var ((t, id), fields) in audited)
                if (t == type && fields is not null && !seen.Contains(id))
                    differences.Add(new(type, id, null, null, "row missing (deleted behind the app's back)"));
        }
        return new AuditRowsResult(differences, compared, bulk);
    }

    private static void Apply(Dictionary<(string, string), Dictionary<string, JsonElement>?> audited, List<(long, long)> seeded,
        string action, string type, string? entityId, string? after)
    {
        if (action == BulkSeedAction)
        {
            var parts = entityId?.Split('-') ?? [];
            if (parts.Length == 2 && long.TryParse(parts[0], out var from) && long.TryParse(parts[1], out var to)) seeded.Add((from, to));
            return;
        }
        if (entityId is null) return;
        if (action == "delete")
        {
            audited[(type, entityId)] = null;
            return;
        }
        if (after is null) return;
        using var doc = JsonDocument.Parse(after);
        if (doc.RootElement.ValueKind == JsonValueKind.Array)
        {
            // The report ingest: one entry per request, its rows as an array.
            foreach (var row in doc.RootElement.EnumerateArray())
                Merge(audited, type, row.GetProperty("Id").ToString(), row, replace: true);
            return;
        }
        Merge(audited, type, entityId, doc.RootElement, replace: action == "create");
    }

    private static void Merge(Dictionary<(string, string), Dictionary<string, JsonElement>?> audited, string type, string id, JsonElement values, bool replace)
    {
        if (replace || !audited.TryGetValue((type, id), out var fields) || fields is null)
            audited[(type, id)] = fields = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var p in values.EnumerateObject()) fields[p.Name] = p.Value.Clone();
    }

    private static bool Same(JsonElement a, JsonElement b)
    {
        if (a.ValueKind == JsonValueKind.String && b.ValueKind == JsonValueKind.String)
        {
            if (string.Equals(a.GetString(), b.GetString(), StringComparison.Ordinal)) return true;
            // PostgreSQL keeps microseconds: a time audited with 100 ns ticks reads back truncated.
            return a.TryGetDateTimeOffset(out var x) && b.TryGetDateTimeOffset(out var y) && x.UtcTicks / 10 == y.UtcTicks / 10;
        }
        if (a.ValueKind == JsonValueKind.Number && b.ValueKind == JsonValueKind.Number)
            return a.TryGetDecimal(out var x) && b.TryGetDecimal(out var y) ? x == y : a.GetRawText() == b.GetRawText();
        return a.ValueKind == b.ValueKind && string.Equals(a.GetRawText(), b.GetRawText(), StringComparison.Ordinal);
    }

    private static IAsyncEnumerable<object> Rows(PayeshDb db, string type) => type switch
    {
        nameof(ProgressReport) => db.ProgressReports.AsNoTracking().OrderBy(r => r.Id).AsAsyncEnumerable(),
        EntityNames.Plan => db.Plans.AsNoTracking().OrderBy(r => r.Id).AsAsyncEnumerable(),
        nameof(Obstacle) => db.Obstacles.AsNoTracking().OrderBy(r => r.Id).AsAsyncEnumerable(),
        nameof(Resolution) => db.Resolutions.AsNoTracking().OrderBy(r => r.Id).AsAsyncEnumerable(),
        _ => db.Users.AsNoTracking().OrderBy(r => r.Id).AsAsyncEnumerable(),
    };
}
