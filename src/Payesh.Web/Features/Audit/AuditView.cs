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

/// <summary>One field of an audit entry: its Persian name and its value before and after, ready to show.</summary>
public sealed record AuditChange(string Field, string? Before, string? After);

/// <summary>An audit entry as a reader sees it.</summary>
public sealed record AuditRow(
    long Id, DateTimeOffset At, string? UserId, string? UserName, string Action, string EntityType, string? EntityId,
    string? EntityLabel, IReadOnlyList<AuditChange> Changes)
{
    public string ActionName => AuditView.ActionName(Action);
    public string EntityName => AuditView.EntityName(EntityType);
}

/// <summary>What audit entries mean to a reader: Persian names, and a field-by-field before/after in
/// which ids of agencies, users, roles and plan nodes are replaced by their names.</summary>
public static class AuditView
{
    public static string ActionName(string action) => action switch
    {
        "create" => "ایجاد",
        "update" => "ویرایش",
        "delete" => "حذف",
        "seed" => "بارگذاری داده نمونه",
        SignInAudit.Succeeded => "ورود موفق",
        SignInAudit.Failed => "ورود ناموفق",
        SignInAudit.Throttled => "ورود محدودشده",
        _ => action,
    };

    public static string EntityName(string type) => type switch
    {
        "AppUser" => "کاربر",
        "Agency" => "دستگاه اجرایی",
        "Plan" => "برنامه",
        "PlanNode" => "بخش برنامه",
        "NodeCollaborator" => "دستگاه همکار",
        "NodeMilestone" => "نقطه عطف",
        "ProgressReport" => "گزارش پیشرفت",
        "ReportReview" => "بررسی گزارش",
        "ApiToken" => "توکن API",
        "ActionComment" => "یادداشت اقدام",
        "Evidence" => "مستندات",
        "Notification" => "اعلان",
        "Holiday" => "تعطیلی",
        "JobRun" => "اجرای کار روزانه",
        "Obstacle" => "مانع",
        "ObstacleUnit" => "واحد تولیدی مانع",
        "ObstacleAgency" => "دستگاه رفع مانع",
        "ObstacleNode" => "اقدام مرتبط با مانع",
        "ObstacleEventRow" => "رویداد مانع",
        "Meeting" => "جلسه ستاد",
        "AgendaItem" => "دستور جلسه",
        "Resolution" => "مصوبه",
        "ResolutionObstacle" => "مانع مصوبه",
        "ResolutionNode" => "اقدام مصوبه",
        "ResolutionEventRow" => "رویداد مصوبه",
        "PlanBaseline" => "خط مبنا",
        "NodeRequirement" => "الزام و نقشه راه",
        "PlanImportJob" => "ورود برنامه از اکسل",
        "AxisConfidenceRating" => "ارزیابی اطمینان تحقق محور",
        "IdentityUserRole`1" => "نقش کاربر",
        "IdentityRole" => "نقش",
        "IdentityUserClaim`1" => "ادعای کاربر",
        "IdentityRoleClaim`1" => "ادعای نقش",
        "Demo" => "داده نمونه",
        SignInAudit.EntityType => "ورود به سامانه",
        _ => type,
    };

    private static readonly Dictionary<string, string> FieldNames = new(StringComparer.Ordinal)
    {
        ["Id"] = "شناسه",
        ["Code"] = "کد",
        ["Name"] = "نام",
        ["Kind"] = "نوع",
        ["IsActive"] = "فعال",
        ["DisplayName"] = "نام نمایشی",
        ["UserName"] = "نام کاربری",
        ["Email"] = "رایانامه",
        ["EmailConfirmed"] = "رایانامه تأییدشده",
        ["PhoneNumber"] = "تلفن",
        ["PhoneNumberConfirmed"] = "تلفن تأییدشده",
        ["TwoFactorEnabled"] = "ورود دومرحله‌ای",
        ["LockoutEnabled"] = "قفل‌شدن پس از تلاش ناموفق",
        ["LockoutEnd"] = "پایان قفل",
        ["AccessFailedCount"] = "تلاش‌های ناموفق",
        ["AgencyId"] = "دستگاه",
        ["CreatedAt"] = "زمان ایجاد",
        ["UserId"] = "کاربر",
        ["RoleId"] = "نقش",
        ["ExpiresAt"] = "انقضا",
        ["RevokedAt"] = "ابطال",
        ["Title"] = "عنوان",
        ["Year"] = "سال",
        ["State"] = "وضعیت",
        ["Levels"] = "سطوح",
        ["StartDate"] = "شروع",
        ["EndDate"] = "پایان",
        ["StoppageDays"] = "روزهای توقف",
        ["AtRiskBelow"] = "آستانه در معرض تأخیر",
        ["BehindBelow"] = "آستانه عقب از برنامه",
        ["VerifiedOnly"] = "فقط گزارش‌های تأییدشده",
        ["ManagerSignOff"] = "تأیید دو مرحله‌ای (مدیر دستگاه)",
        ["BackdateDays"] = "مهلت ثبت گزارش گذشته (روز)",
        ["DataVersion"] = "نسخه داده",
        ["StructureVersion"] = "نسخه ساختار",
        ["PlanId"] = "برنامه",
        ["ParentId"] = "والد",
        ["SortOrder"] = "ترتیب",
        ["Weight"] = "وزن",
        ["Description"] = "شرح",
        ["Requirements"] = "الزامات و نقشه راه",
        ["IsAction"] = "اقدام",
        ["LeadAgencyId"] = "دستگاه مسئول",
        ["Curve"] = "منحنی برنامه",
        ["Deliverable"] = "خروجی",
        ["KpiName"] = "شاخص",
        ["KpiUnit"] = "واحد شاخص",
        ["KpiTarget"] = "هدف شاخص",
        ["NodeId"] = "اقدام",
        ["Date"] = "تاریخ",
        ["Percent"] = "درصد",
        ["ReportDate"] = "تاریخ گزارش",
        ["PercentHundredths"] = "درصد پیشرفت",
        ["Note"] = "شرح",
        ["Justification"] = "توجیه",
        ["BackdateReason"] = "دلیل ثبت با تأخیر",
        ["SubmittedAt"] = "زمان ثبت",
        ["SubmittedById"] = "ثبت‌کننده",
        ["Status"] = "وضعیت",
        ["ReviewedAt"] = "زمان بررسی",
        ["ReviewedById"] = "بررسی‌کننده",
        ["ReviewReason"] = "دلیل رد",
        ["ReportId"] = "گزارش",
        ["Decision"] = "تصمیم",
        ["Reason"] = "دلیل",
        ["ById"] = "توسط",
        ["At"] = "زمان",
        ["IsRemoved"] = "برداشته از برنامه",
        ["Number"] = "شماره",
        ["EffectiveFrom"] = "از روز",
        ["DecisionRef"] = "مرجع تصمیم",
        ["Summary"] = "تغییرها",
        ["CreatedByName"] = "ثبت‌کننده",
        ["OwnerAgencyId"] = "دستگاه مسئول",
        ["Deadline"] = "مهلت",
        ["Text"] = "متن",
        ["FileName"] = "نام فایل",
        ["Stage"] = "مرحله",
        ["plans"] = "برنامه‌ها",
        ["reports"] = "گزارش‌ها",
        ["Severity"] = "شدت",
        ["Category"] = "دسته",
        ["Escalation"] = "ارجاع",
        ["Level"] = "سطح ارجاع",
        ["Step"] = "گام",
        ["ActorRole"] = "نقش انجام‌دهنده",
        ["UnitsAffected"] = "واحدهای آسیب‌دیده",
        ["JobsAtRisk"] = "اشتغال در خطر",
        ["AmountBlocked"] = "مبلغ معطل (ریال)",
        ["ObjectionUntil"] = "مهلت اعتراض",
        ["IssuedOn"] = "تاریخ صدور",
        ["Minutes"] = "صورتجلسه",
        ["Attendees"] = "حاضران",
        ["Place"] = "محل",
        ["Seq"] = "ردیف",
        ["ReporterAgencyId"] = "دستگاه گزارش‌دهنده",
        ["ActorAgencyId"] = "دستگاه انجام‌دهنده",
        ["ObjectionDays"] = "روزهای مهلت اعتراض",
        ["MeetingId"] = "جلسه",
        ["ObstacleId"] = "مانع",
        ["ResolutionId"] = "مصوبه",
        ["Employees"] = "کارکنان",
        ["Location"] = "محل",
    };

    /// <summary>Fields that change on every save or only mirror another field.</summary>
    private static readonly HashSet<string> Noise = ["Version", "NormalizedUserName", "NormalizedEmail"];

    public static string FieldName(string field) => FieldNames.GetValueOrDefault(field, field);

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
        string Name(RawChange c) => c.Item > 0 ? $"({Fa.Int(c.Item)}) {FieldName(c.Field)}" : FieldName(c.Field);
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
