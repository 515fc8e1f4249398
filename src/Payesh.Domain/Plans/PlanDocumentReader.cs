using System.Globalization;
using Payesh.Domain.Calendar;
using Payesh.Domain.Text;

namespace Payesh.Domain.Plans;

/// <summary>One problem of an input document, at a path such as <c>nodes[0].children[2].end</c>.</summary>
public sealed record ValidationError(string Path, string Message);

/// <summary>How complete a plan must be: <see cref="Complete"/> for the API and approval; <see cref="Draft"/> while
/// it is being written (no nodes yet, and empty groups: a node with an empty, not missing, list of children).</summary>
public enum PlanReadMode { Complete, Draft }

/// <summary>
/// Turns a plan document into a <see cref="Plan"/>, collecting every error with its path
/// (all or nothing: a plan comes out only when there is no error). Text is normalized on the way in.
/// </summary>
public static class PlanDocumentReader
{
    private static readonly Dictionary<string, AgencyKind> Kinds = new()
    {
        ["governorate"] = AgencyKind.Governorate,
        ["government"] = AgencyKind.Government,
        ["bank"] = AgencyKind.Bank,
        ["insurance"] = AgencyKind.Insurance,
        ["utility"] = AgencyKind.Utility,
        ["judicial"] = AgencyKind.Judicial,
        ["private-sector"] = AgencyKind.PrivateSector,
        ["other"] = AgencyKind.Other,
    };

    public static string KindName(AgencyKind kind) => Kinds.First(k => k.Value == kind).Key;

    public static string CurveName(CurveKind kind) => kind switch
    {
        CurveKind.SCurve => "scurve",
        CurveKind.Milestones => "milestones",
        _ => "linear",
    };

    /// <param name="existingAgencyCodes">Agencies already known; a node may name them without listing them.</param>
    public static (Plan? Plan, IReadOnlyList<ValidationError> Errors) Read(PlanDocument? doc, IReadOnlySet<string> existingAgencyCodes,
        PlanReadMode mode = PlanReadMode.Complete)
    {
        var errors = new List<ValidationError>();
        if (doc is null)
        {
            errors.Add(new("", "سند برنامه خالی است."));
            return (null, errors);
        }

        var title = PersianText.Normalize(doc.Title);
        if (string.IsNullOrEmpty(title)) errors.Add(new("title", "عنوان برنامه الزامی است."));
        else if (title.Length > FieldLimits.PlanTitle) errors.Add(new("title", FieldLimits.TooLong("عنوان برنامه", FieldLimits.PlanTitle)));

        JalaliDate? start = ReadDate(doc.Start, "start", "تاریخ شروع برنامه", errors);
        JalaliDate? end = ReadDate(doc.End, "end", "تاریخ پایان برنامه", errors);
        if (start is { } s0 && end is { } e0 && e0 < s0)
            errors.Add(new("end", "تاریخ پایان برنامه پیش از تاریخ شروع آن است."));
        int year = doc.Year ?? start?.Year ?? 0;
        if (doc.Year is null && start is null) errors.Add(new("year", "سال برنامه الزامی است."));
        else if (doc.Year is { } y && (y < JalaliDate.MinYear || y > JalaliDate.MaxYear))
            errors.Add(new("year", "سال برنامه نامعتبر است."));
        else if (doc.Year is { } y2 && start is { } s1 && s1.Year != y2)
            errors.Add(new("start", $"شروع برنامه در سال {PersianText.ToPersianDigits(y2)} نیست."));

        var settings = ReadSettings(doc.Settings, errors);

        IReadOnlyList<string> levels = Plan.DefaultLevels;
        if (doc.Levels is { } lv)
        {
            var normalized = lv.Select(PersianText.Normalize).ToList();
            if (normalized.Count == 0 || normalized.Any(string.IsNullOrEmpty))
                errors.Add(new("levels", "نام سطوح برنامه نباید خالی باشد."));
            else levels = normalized!;
        }

        var agencies = new List<Agency>();
        var agencyCodes = new HashSet<string>(existingAgencyCodes, StringComparer.Ordinal);
        var listed = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < (doc.Agencies?.Count ?? 0); i++)
        {
            var a = doc.Agencies![i];
            var p = $"agencies[{i}]";
            if (a is null) { errors.Add(new(p, "دستگاه خالی است.")); continue; }
            var code = PersianText.Normalize(a.Code)?.ToUpperInvariant();
            var name = PersianText.Normalize(a.Name);
            bool ok = true;
            if (string.IsNullOrEmpty(code) || code.Length > 20 || !code.All(c => c is >= 'A' and <= 'Z' or >= '0' and <= '9' or '-' or '_'))
            { errors.Add(new($"{p}.code", "کد دستگاه الزامی است و باید با حروف لاتین بزرگ و رقم باشد (مانند SMT).")); ok = false; }
            else if (!listed.Add(code))
            { errors.Add(new($"{p}.code", $"کد دستگاه «{code}» تکراری است.")); ok = false; }
            if (string.IsNullOrEmpty(name)) { errors.Add(new($"{p}.name", "نام دستگاه الزامی است.")); ok = false; }
            var kind = AgencyKind.Other;
            if (a.Kind is not null && !Kinds.TryGetValue(a.Kind, out kind))
            { errors.Add(new($"{p}.kind", $"نوع دستگاه «{a.Kind}» شناخته نیست.")); ok = false; }
            if (ok)
            {
                agencies.Add(new Agency(code!, name!, kind));
                agencyCodes.Add(code!);
            }
        }

        var nodes = new List<PlanNode>();
        var codes = new HashSet<string>(StringComparer.Ordinal);
        if ((doc.Nodes is null || doc.Nodes.Count == 0) && mode == PlanReadMode.Complete)
            errors.Add(new("nodes", "برنامه باید دست‌کم یک محور داشته باشد."));
        else
        {
            for (int i = 0; i < (doc.Nodes?.Count ?? 0); i++)
            {
                var n = ReadNode(doc.Nodes![i], $"nodes[{i}]", start, end, agencyCodes, codes, errors, mode);
                if (n is not null) nodes.Add(n);
            }
        }

        if (errors.Count > 0) return (null, errors);
        return (new Plan(title!, year, start!.Value, end!.Value, settings, levels, agencies, nodes), errors);
    }

    private static PlanSettings ReadSettings(PlanSettingsDocument? s, List<ValidationError> errors)
    {
        var result = PlanSettings.Default;
        if (s is null) return result;
        if (s.StoppageDays is { } sd)
        {
            if (sd <= 0 || sd > 365) errors.Add(new("settings.stoppageDays", "آستانه توقف باید عددی بین ۱ و ۳۶۵ روز باشد."));
            else result = result with { StoppageDays = sd };
        }
        if (s.AtRiskBelow is { } ar && !double.IsFinite(ar)) errors.Add(new("settings.atRiskBelow", "آستانه در معرض تأخیر باید عددی متناهی باشد."));
        else if (s.AtRiskBelow is { } ar2) result = result with { AtRiskBelow = ar2 };
        if (s.BehindBelow is { } bb && !double.IsFinite(bb)) errors.Add(new("settings.behindBelow", "آستانه عقب‌ماندگی باید عددی متناهی باشد."));
        else if (s.BehindBelow is { } bb2) result = result with { BehindBelow = bb2 };
        if (!(result.BehindBelow <= result.AtRiskBelow && result.AtRiskBelow <= 0))
            errors.Add(new("settings", "آستانه‌ها باید چنین باشند: آستانه عقب‌ماندگی ≤ آستانه در معرض تأخیر ≤ ۰."));
        if (s.VerifiedOnly is { } vo) result = result with { VerifiedOnly = vo };
        if (s.ManagerSignOff is { } mso) result = result with { ManagerSignOff = mso };
        if (s.BackdateDays is { } bd)
        {
            if (bd < 0 || bd > 365) errors.Add(new("settings.backdateDays", "مهلت ثبت گزارش با تاریخ گذشته باید بین ۰ و ۳۶۵ روز باشد."));
            else result = result with { BackdateDays = bd };
        }
        return result;
    }

    private static PlanNode? ReadNode(NodeDocument? n, string p, JalaliDate? planStart, JalaliDate? planEnd,
        HashSet<string> agencyCodes, HashSet<string> codes, List<ValidationError> errors, PlanReadMode mode)
    {
        if (n is null) { errors.Add(new(p, "بخش خالی است.")); return null; }
        int before = errors.Count;
        var code = PlanCodes.Normalize(n.Code);
        if (string.IsNullOrEmpty(code)) errors.Add(new($"{p}.code", "کد بخش الزامی است."));
        else if (code.Length > 50) errors.Add(new($"{p}.code", "کد بخش نباید از ۵۰ نویسه بیشتر باشد."));
        else if (!codes.Add(code)) errors.Add(new($"{p}.code", $"کد «{code}» در این برنامه تکراری است."));
        var title = PersianText.Normalize(n.Title);
        if (string.IsNullOrEmpty(title)) errors.Add(new($"{p}.title", "عنوان بخش الزامی است."));
        double weight = n.Weight ?? 1;
        if (double.IsNaN(weight) || weight < 0 || weight > 1_000_000) errors.Add(new($"{p}.weight", "وزن باید عددی نامنفی باشد."));
        var requirements = new List<Requirement>();
        for (int i = 0; i < (n.Requirements?.Count ?? 0); i++)
        {
            var rp = $"{p}.requirements[{i}]";
            var item = n.Requirements![i];
            var r = PersianText.Normalize(item?.Text);
            bool ok = true;
            if (string.IsNullOrEmpty(r)) { errors.Add(new(rp, "متن الزام نباید خالی باشد.")); ok = false; }
            else if (r.Length > 1000) { errors.Add(new(rp, "متن الزام نباید از ۱۰۰۰ نویسه بیشتر باشد.")); ok = false; }
            var owner = PersianText.Normalize(item?.Owner)?.ToUpperInvariant();
            if (owner == "") owner = null;
            if (owner is not null && !agencyCodes.Contains(owner))
            { errors.Add(new($"{rp}.owner", $"دستگاه «{owner}» شناخته نیست.")); ok = false; }
            JalaliDate? deadline = null;
            if (!string.IsNullOrWhiteSpace(item?.Deadline))
            {
                deadline = ReadDate(item.Deadline, $"{rp}.deadline", "مهلت الزام", errors);
                ok &= deadline is not null;
            }
            if (ok) requirements.Add(new Requirement(r!, owner, deadline));
        }
        var description = PersianText.Normalize(n.Description);
        if (description == "") description = null;

        var children = new List<PlanNode>();
        ActionSchedule? action = null;
        bool hasChildren = n.Children is { Count: > 0 };
        // A draft may hold a group whose children are still to come: an empty list of children and nothing of an action.
        bool emptyGroup = mode == PlanReadMode.Draft && n.Children is { Count: 0 } && !HasActionFields(n);
        if (emptyGroup) { }
        else if (hasChildren)
        {
            if (n.Agency is not null || n.Start is not null || n.End is not null || n.Milestones is not null)
                errors.Add(new(p, "بخشی که زیرشاخه دارد اقدام نیست و دستگاه مسئول یا تاریخ نمی‌گیرد."));
            for (int i = 0; i < n.Children!.Count; i++)
            {
                var c = ReadNode(n.Children[i], $"{p}.children[{i}]", planStart, planEnd, agencyCodes, codes, errors, mode);
                if (c is not null) children.Add(c);
            }
        }
        else
        {
            action = ReadAction(n, p, planStart, planEnd, agencyCodes, errors);
        }
        if (errors.Count > before) return null;
        return new PlanNode(code!, title!, weight, description, requirements, children, action);
    }

    /// <summary>Whether a node document says anything that only an action has.</summary>
    public static bool HasActionFields(NodeDocument n) =>
        !string.IsNullOrWhiteSpace(n.Agency) || !string.IsNullOrWhiteSpace(n.Start) || !string.IsNullOrWhiteSpace(n.End)
        || n.Curve is not null || n.Milestones is { Count: > 0 } || n.Collaborators is { Count: > 0 }
        || !string.IsNullOrWhiteSpace(n.Deliverable) || n.Kpi is not null;

    private static ActionSchedule? ReadAction(NodeDocument n, string p, JalaliDate? planStart, JalaliDate? planEnd,
        HashSet<string> agencyCodes, List<ValidationError> errors)
    {
        int before = errors.Count;
        var agency = PersianText.Normalize(n.Agency)?.ToUpperInvariant();
        if (string.IsNullOrEmpty(agency)) errors.Add(new($"{p}.agency", "اقدام باید دستگاه مسئول داشته باشد."));
        else if (!agencyCodes.Contains(agency)) errors.Add(new($"{p}.agency", $"دستگاه «{agency}» شناخته نیست."));
        var collaborators = new List<string>();
        for (int i = 0; i < (n.Collaborators?.Count ?? 0); i++)
        {
            var c = PersianText.Normalize(n.Collaborators![i])?.ToUpperInvariant();
            var cp = $"{p}.collaborators[{i}]";
            if (string.IsNullOrEmpty(c) || !agencyCodes.Contains(c)) errors.Add(new(cp, $"دستگاه همکار «{c}» شناخته نیست."));
            else if (c == agency) errors.Add(new(cp, $"«{c}» دستگاه مسئول همین اقدام است و همکار آن نمی‌شود."));
            else if (collaborators.Contains(c)) errors.Add(new(cp, $"دستگاه همکار «{c}» تکراری است."));
            else collaborators.Add(c);
        }
        var start = ReadDate(n.Start, $"{p}.start", "تاریخ شروع اقدام", errors);
        var end = ReadDate(n.End, $"{p}.end", "تاریخ پایان اقدام", errors);
        if (start is { } s && end is { } e)
        {
            if (e < s) errors.Add(new($"{p}.end", "تاریخ پایان اقدام پیش از تاریخ شروع آن است."));
            if (planStart is { } ps && planEnd is { } pe)
            {
                if (s < ps || s > pe) errors.Add(new($"{p}.start", $"شروع اقدام ({s.ToPersianString()}) خارج از بازه برنامه است."));
                if (e < ps || e > pe) errors.Add(new($"{p}.end", $"پایان اقدام ({e.ToPersianString()}) خارج از بازه برنامه است."));
            }
        }
        var curve = CurveKind.Linear;
        switch (n.Curve)
        {
            case null or "linear": break;
            case "scurve": curve = CurveKind.SCurve; break;
            case "milestones": curve = CurveKind.Milestones; break;
            default: errors.Add(new($"{p}.curve", $"منحنی «{n.Curve}» شناخته نیست؛ یکی از linear، scurve یا milestones.")); break;
        }
        var milestones = new List<Milestone>();
        if (curve == CurveKind.Milestones && (n.Milestones is null || n.Milestones.Count == 0))
            errors.Add(new($"{p}.milestones", "منحنی نقاط عطف دست‌کم یک نقطه عطف می‌خواهد."));
        else if (curve != CurveKind.Milestones && n.Milestones is { Count: > 0 })
            errors.Add(new($"{p}.milestones", "نقاط عطف فقط برای منحنی milestones معنا دارند."));
        for (int i = 0; i < (n.Milestones?.Count ?? 0) && curve == CurveKind.Milestones; i++)
        {
            var m = n.Milestones![i];
            var mp = $"{p}.milestones[{i}]";
            if (m is null) { errors.Add(new(mp, "نقطه عطف خالی است.")); continue; }
            var day = ReadDate(m.Date, $"{mp}.date", "تاریخ نقطه عطف", errors);
            if (m.Percent is not { } pct || double.IsNaN(pct) || pct < 0 || pct > 100)
            {
                errors.Add(new($"{mp}.percent", "درصد نقطه عطف باید عددی بین ۰ و ۱۰۰ باشد."));
                continue;
            }
            if (day is not { } d) continue;
            if (start is { } ms && end is { } me && (d < ms || d > me))
                errors.Add(new($"{mp}.date", "تاریخ نقطه عطف باید میان شروع و پایان اقدام باشد."));
            if (milestones.Count > 0 && d <= milestones[^1].Day)
                errors.Add(new($"{mp}.date", "تاریخ نقاط عطف باید به‌ترتیب و صعودی باشد."));
            if (milestones.Count > 0 && pct < milestones[^1].Percent)
                errors.Add(new($"{mp}.percent", "درصد نقاط عطف نباید کاهش یابد."));
            milestones.Add(new Milestone(d, pct));
        }
        Kpi? kpi = null;
        if (n.Kpi is { } k)
        {
            var name = PersianText.Normalize(k.Name);
            var unit = PersianText.Normalize(k.Unit);
            if (string.IsNullOrEmpty(name) || string.IsNullOrEmpty(unit) || k.Target is null)
                errors.Add(new($"{p}.kpi", "شاخص باید نام، واحد و مقدار هدف داشته باشد."));
            else kpi = new Kpi(name, unit, k.Target.Value);
        }
        var deliverable = PersianText.Normalize(n.Deliverable);
        if (deliverable == "") deliverable = null;
        if (errors.Count > before) return null;
        return new ActionSchedule(agency!, collaborators, start!.Value, end!.Value, curve, milestones, deliverable, kpi);
    }

    private static JalaliDate? ReadDate(string? text, string path, string what, List<ValidationError> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            errors.Add(new(path, $"{what} الزامی است."));
            return null;
        }
        if (JalaliDate.TryParse(text, out var d, out var error)) return d;
        errors.Add(new(path, $"{what}: {error}"));
        return null;
    }

    /// <summary>The document of a plan (the inverse of <see cref="Read"/>), node ids supplied by the caller.</summary>
    public static PlanDocument ToDocument(Plan plan, Func<string, long?>? nodeId = null) => new()
    {
        Title = plan.Title,
        Year = plan.Year,
        Start = plan.Start.ToString(),
        End = plan.End.ToString(),
        Settings = new PlanSettingsDocument
        {
            StoppageDays = plan.Settings.StoppageDays,
            AtRiskBelow = plan.Settings.AtRiskBelow,
            BehindBelow = plan.Settings.BehindBelow,
            VerifiedOnly = plan.Settings.VerifiedOnly,
            ManagerSignOff = plan.Settings.ManagerSignOff,
            BackdateDays = plan.Settings.BackdateDays,
        },
        Levels = [.. plan.Levels],
        Agencies = [.. plan.Agencies.Select(a => new AgencyDocument { Code = a.Code, Name = a.Name, Kind = KindName(a.Kind) })],
        Nodes = [.. plan.Nodes.Select(n => ToDocument(n, nodeId))],
    };

    private static NodeDocument ToDocument(PlanNode n, Func<string, long?>? nodeId)
    {
        var d = new NodeDocument
        {
            Id = nodeId?.Invoke(n.Code),
            Code = n.Code,
            Title = n.Title,
            Weight = n.Weight,
            Description = n.Description,
            Requirements = n.Requirements.Count > 0
                ? [.. n.Requirements.Select(r => new RequirementDocument { Text = r.Text, Owner = r.Owner, Deadline = r.Deadline?.ToString() })]
                : null,
        };
        if (n.Action is { } a)
        {
            d.Agency = a.LeadAgency;
            d.Collaborators = a.Collaborators.Count > 0 ? [.. a.Collaborators] : null;
            d.Start = a.Start.ToString();
            d.End = a.End.ToString();
            d.Curve = CurveName(a.Curve);
            d.Milestones = a.Milestones.Count > 0
                ? [.. a.Milestones.Select(m => new MilestoneDocument { Date = m.Day.ToString(), Percent = m.Percent })]
                : null;
            d.Deliverable = a.Deliverable;
            d.Kpi = a.Kpi is { } k ? new KpiDocument { Name = k.Name, Unit = k.Unit, Target = k.Target } : null;
        }
        else
        {
            d.Children = [.. n.Children.Select(c => ToDocument(c, nodeId))];
        }
        return d;
    }
}
