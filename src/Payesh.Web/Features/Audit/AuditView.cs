using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Payesh.Domain.Obstacles;
using Payesh.Domain.Plans;
using Payesh.Web.Data;
using Payesh.Web.Data.Model;
using Payesh.Web.Features.Account;
using Payesh.Web.Features.Admin;
using Payesh.Web.Features.Plans;
using Payesh.Web.Features.Reports;
using Payesh.Web.Infrastructure;

namespace Payesh.Web.Features.Audit;

/// <summary>What audit entries mean to a reader: Persian names, and a field-by-field before/after in
/// which ids of agencies, users, roles and plan nodes are replaced by their names.</summary>
public static class AuditView
{

    /// <summary>Fields that change on every save or only mirror another field.</summary>
    private static readonly HashSet<string> Noise = ["Version", "NormalizedUserName", "NormalizedEmail"];

    private enum Ref { None, Agency, User, Role, Node }

    private static Ref RefOf(string field) => field switch
    {
        "AgencyId" or "LeadAgencyId" or "OwnerAgencyId" or "ReporterAgencyId" or "ActorAgencyId" => Ref.Agency,
        "UserId" or "SubmittedById" or "ReviewedById" or "ById" => Ref.User,
        "RoleId" => Ref.Role,
        "NodeId" or "ParentId" => Ref.Node,
        _ => Ref.None,
    };

    private static Ref RefOfEntity(string type) => type switch
    {
        "AppUser" => Ref.User,
        "Agency" => Ref.Agency,
        "PlanNode" => Ref.Node,
        _ => Ref.None,
    };

    /// <summary>A field of the entry; <paramref name="Item"/> numbers the rows of an entry that records several (a batch of reports).</summary>
    private sealed record RawChange(string Field, JsonElement? Before, JsonElement? After, string? Text = null, int Item = 0);

    private sealed class Names
    {
        public Dictionary<string, string> Agencies { get; } = [];
        public Dictionary<string, string> Users { get; } = [];
        public Dictionary<string, string> Roles { get; } = [];
        public Dictionary<string, string> Nodes { get; } = [];

        public Dictionary<string, string> Of(Ref r) => r switch
        {
            Ref.Agency => Agencies,
            Ref.User => Users,
            Ref.Role => Roles,
            _ => Nodes,
        };
    }

    /// <summary>Turns entries into rows, looking up every referenced name in one query per kind.</summary>
    public static async Task<List<AuditRow>> RowsAsync(PayeshDb db, IReadOnlyList<AuditEntry> entries, CancellationToken ct)
    {
        var parsed = entries.Select(e => (Entry: e, Changes: Parse(e))).ToList();
        var wanted = new Dictionary<Ref, HashSet<string>>
        {
            [Ref.Agency] = [],
            [Ref.User] = [],
            [Ref.Role] = [],
            [Ref.Node] = [],
        };
        foreach (var (e, changes) in parsed)
        {
            if (RefOfEntity(e.EntityType) is var er && er != Ref.None && e.EntityId is not null) wanted[er].Add(e.EntityId);
            foreach (var c in changes)
            {
                var r = RefOf(c.Field);
                if (r == Ref.None) continue;
                if (Key(c.Before) is { } b) wanted[r].Add(b);
                if (Key(c.After) is { } a) wanted[r].Add(a);
            }
        }

        var names = new Names();
        var agencyIds = wanted[Ref.Agency].Select(ParseLong).OfType<long>().ToList();
        if (agencyIds.Count > 0)
            foreach (var a in await db.Agencies.AsNoTracking().Where(a => agencyIds.Contains(a.Id)).Select(a => new { a.Id, a.Name }).ToListAsync(ct))
                names.Agencies[a.Id.ToString(CultureInfo.InvariantCulture)] = a.Name;
        var nodeIds = wanted[Ref.Node].Select(ParseLong).OfType<long>().ToList();
        if (nodeIds.Count > 0)
            foreach (var n in await db.PlanNodes.AsNoTracking().Where(n => nodeIds.Contains(n.Id)).Select(n => new { n.Id, n.Code }).ToListAsync(ct))
                names.Nodes[n.Id.ToString(CultureInfo.InvariantCulture)] = Fa.Digits(n.Code);
        var userIds = wanted[Ref.User].ToList();
        if (userIds.Count > 0)
            foreach (var u in await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id)).Select(u => new { u.Id, u.UserName, u.DisplayName }).ToListAsync(ct))
                names.Users[u.Id] = string.IsNullOrEmpty(u.DisplayName) ? u.UserName ?? u.Id : $"{u.DisplayName} ({u.UserName})";
        var roleIds = wanted[Ref.Role].ToList();
        if (roleIds.Count > 0)
            foreach (var r in await db.Roles.AsNoTracking().Where(r => roleIds.Contains(r.Id)).Select(r => new { r.Id, r.Name }).ToListAsync(ct))
                names.Roles[r.Id] = Data.Model.Roles.PersianName(r.Name ?? r.Id);

        return [.. parsed.Select(p => ToRow(p.Entry, p.Changes, names))];
    }

    private static AuditRow ToRow(AuditEntry e, List<RawChange> changes, Names names)
    {
        string? label = null;
        var er = RefOfEntity(e.EntityType);
        if (er != Ref.None && e.EntityId is not null) label = names.Of(er).GetValueOrDefault(e.EntityId);
        if (e.EntityType == "IdentityUserRole`1" && e.EntityId?.Split(',') is [var user, var role])
            label = $"{names.Users.GetValueOrDefault(user, user)}: {names.Roles.GetValueOrDefault(role, role)}";
        label ??= e.EntityId is null ? null : Display(e.EntityId);
        string Name(RawChange c) => c.Item > 0 ? $"({Fa.Int(c.Item)}) {AuditNames.FieldName(c.Field)}" : AuditNames.FieldName(c.Field);
        var shown = changes.Select(c => c.Text is not null
            ? new AuditChange(Name(c), null, c.Text)
            : new AuditChange(Name(c), Format(c.Field, c.Before, names), Format(c.Field, c.After, names))).ToList();
        return new AuditRow(e.Id, e.At, e.UserId, e.UserName, e.Action, e.EntityType, e.EntityId, label, shown);
    }

    private static List<RawChange> Parse(AuditEntry e)
    {
        // Entries written by hand for several rows at once (grouped report commits) hold an array of rows.
        if (e.Before is null && Rows(e.After) is { Count: > 1 } rows)
            return [.. rows.SelectMany((row, i) => Parse(e.Action, null, row, keepId: true).Select(c => c with { Item = i + 1 }))];
        var before = Props(e.Before, out var beforeText);
        var after = Props(e.After, out var afterText);
        var list = new List<RawChange>();
        if (beforeText is not null) list.Add(new RawChange("Before", null, null, Display(beforeText)));
        if (afterText is not null) list.Add(new RawChange("After", null, null, Display(afterText)));
        list.AddRange(Parse(e.Action, before, after, keepId: false));
        return list;
    }

    private static List<RawChange> Parse(string action, Dictionary<string, JsonElement>? before, Dictionary<string, JsonElement>? after, bool keepId)
    {
        var list = new List<RawChange>();
        var keys = (after?.Keys ?? Enumerable.Empty<string>()).Concat(before?.Keys ?? Enumerable.Empty<string>()).Distinct();
        foreach (var key in keys)
        {
            if (Noise.Contains(key)) continue;
            JsonElement? b = before is not null && before.TryGetValue(key, out var bv) ? bv : null;
            JsonElement? a = after is not null && after.TryGetValue(key, out var av) ? av : null;
            switch (action)
            {
                // An update names the key and the changed fields; the key did not change.
                case "update" when b is { } x && a is { } y && x.GetRawText() == y.GetRawText():
                    continue;
                // A new row: its id is the entity id (unless the entry holds several rows), and its empty fields say nothing.
                case "create" when (key == "Id" && !keepId) || a is null || a.Value.ValueKind == JsonValueKind.Null:
                    continue;
                case "delete" when key == "Id" || b is null || b.Value.ValueKind == JsonValueKind.Null:
                    continue;
            }
            list.Add(new RawChange(key, b, a));
        }
        return list;
    }

    /// <summary>The fields of an entry's JSON object (or of an array's only object); otherwise the text as it is.</summary>
    private static Dictionary<string, JsonElement>? Props(string? json, out string? text)
    {
        text = null;
        if (string.IsNullOrWhiteSpace(json)) return null;
        if (Rows(json) is [var only]) return only;
        text = json;
        return null;
    }

    /// <summary>An object as one row, an array of objects as its rows; null for anything else.</summary>
    private static List<Dictionary<string, JsonElement>>? Rows(string? json)
    {
        if (string.IsNullOrWhiteSpace(json)) return null;
        static Dictionary<string, JsonElement> Fields(JsonElement o) =>
            o.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone(), StringComparer.Ordinal);
        try
        {
            using var doc = JsonDocument.Parse(json);
            var root = doc.RootElement;
            if (root.ValueKind == JsonValueKind.Object) return [Fields(root)];
            if (root.ValueKind == JsonValueKind.Array && root.GetArrayLength() > 0 && root.EnumerateArray().All(x => x.ValueKind == JsonValueKind.Object))
                return [.. root.EnumerateArray().Select(Fields)];
        }
        catch (JsonException) { }
        return null;
    }

    private static string? Key(JsonElement? value) => value switch
    {
        { ValueKind: JsonValueKind.String } v => v.GetString(),
        { ValueKind: JsonValueKind.Number } v => v.GetRawText(),
        _ => null,
    };

    private static long? ParseLong(string s) => long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : null;

    private static string? Format(string field, JsonElement? value, Names names)
    {
        if (value is not { } v || v.ValueKind == JsonValueKind.Null) return null;
        var r = RefOf(field);
        if (r != Ref.None && Key(v) is { } key)
            return names.Of(r).TryGetValue(key, out var name) ? name : Display(key);
        switch (v.ValueKind)
        {
            case JsonValueKind.True: return "بله";
            case JsonValueKind.False: return "خیر";
            case JsonValueKind.Number:
                if (field == "PercentHundredths" && v.TryGetInt64(out var h)) return Fa.Num(h / 100.0, 2) + "٪";
                return Fa.Digits(v.GetRawText());
            case JsonValueKind.String:
                var s = v.GetString() ?? "";
                return field switch
                {
                    "Kind" when Enum.TryParse<AgencyKind>(s, out var kind) => AgencyKinds.PersianName(kind),
                    "Status" or "Decision" when Enum.TryParse<ReportStatus>(s, out var status) => ReportCommands.PersianStatus(status),
                    "Curve" when Enum.TryParse<CurveKind>(s, out var curve) => ActionModel.CurveName(curve),
                    "State" when Enum.TryParse<PlanState>(s, out var state) => Plans.IndexModel.StateName(state),
                    "State" when Enum.TryParse<MeetingState>(s, out var meeting) => Obstacles.ObstacleView.MeetingState(meeting),
                    "State" when Enum.TryParse<ObstacleState>(s, out var obstacle) => obstacle.PersianName(),
                    "State" when Enum.TryParse<ResolutionState>(s, out var resolution) => resolution.PersianName(),
                    "State" when s is nameof(ImportState.Running) => "در حال ورود",
                    "State" when s is nameof(ImportState.Failed) => "ناموفق",
                    "State" when s is nameof(ImportState.Succeeded) => "انجام‌شده",
                    "Category" when Enum.TryParse<ObstacleCategory>(s, out var category) => category.PersianName(),
                    "Severity" when Enum.TryParse<ObstacleSeverity>(s, out var severity) => severity.PersianName(),
                    "Escalation" or "Level" when Enum.TryParse<EscalationLevel>(s, out var level) => level.PersianName(),
                    "Step" when Enum.TryParse<ObstacleStep>(s, out var step) => step.PersianName(),
                    "Step" when Enum.TryParse<ResolutionStep>(s, out var rstep) => rstep.PersianName(),
                    _ when s.Length >= 19 && s[10] == 'T' && DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at) => Fa.Moment(at),
                    _ when s.Length == 10 && DateOnly.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) => Fa.Date(day),
                    _ => Display(s),
                };
            default:
                return Display(v.GetRawText());
        }
    }

    /// <summary>Text with Persian digits, except Latin identifiers (user names, ids, tokens), which stay as written.</summary>
    public static string Display(string text)
    {
        const int max = 600;
        if (text.Length > max) text = text[..max] + "…";
        return text.Any(char.IsAsciiLetter) ? text : Fa.Digits(text);
    }
}
