using System.Globalization;
using System.Text.RegularExpressions;
using Payesh.Domain.Plans;
using Payesh.Domain.Text;
using Payesh.Web.Features.Admin;
using Payesh.Web.Infrastructure;

namespace Payesh.Web.Features.Plans.Edit;

public static partial class PlanExcel
{
    private static Plan? Convert(XlsxReader.SheetContent planSheet, XlsxReader.SheetContent nodesSheet, XlsxReader.SheetContent? reqSheet,
        XlsxReader.SheetContent? agencySheet, IReadOnlyList<KnownAgency> known, List<ImportError> errors)
    {
        var origins = new Origins();
        var doc = new PlanDocument { Agencies = [], Nodes = [] };

        // The plan's own fields: "field | value" rows.
        var fields = new Dictionary<string, (XlsxReader.Cell? Value, int Row)>(StringComparer.Ordinal);
        foreach (var row in planSheet.Rows)
        {
            var name = row.Cells.Values.OrderBy(c => XlsxReader.ColumnIndex(c.Column)).FirstOrDefault();
            var key = XlsxReader.Normalize(name?.Text ?? "");
            if (key == Field) continue;
            if (!PlanFields.Contains(key))
            {
                if (key.Length > 0) errors.Add(new ImportError(PlanSheet, row.Index, Field, $"«{key}» ویژگی شناخته‌شده‌ای نیست؛ ویژگی‌ها: {string.Join("، ", PlanFields)}."));
                continue;
            }
            var valueCell = row.Cells.Values.Where(c => c != name && !c.IsBlank).OrderBy(c => XlsxReader.ColumnIndex(c.Column)).FirstOrDefault();
            fields[key] = (valueCell, row.Index);
            origins.PlanFieldRows[key] = row.Index;
        }
        string? PlanText(string f) => fields.TryGetValue(f, out var v) ? PersianText.Normalize(v.Value?.Text) is { Length: > 0 } t ? t : null : null;
        double? PlanNumber(string f)
        {
            if (!fields.TryGetValue(f, out var v) || v.Value is null) return null;
            if (v.Value.Number is { } n) return n;
            if (PersianText.ParseNumber(v.Value.Text?.Replace('\u2212', '-')) is { } d) return (double)d;
            errors.Add(new ImportError(PlanSheet, v.Row, Value, $"«{v.Value.Text}» برای «{f}» عدد نیست."));
            return null;
        }
        string? PlanDate(string f)
        {
            if (!fields.TryGetValue(f, out var v) || v.Value is null) return null;
            if (v.Value.Number is not null)
            {
                errors.Add(new ImportError(PlanSheet, v.Row, Value, $"«{f}» باید تاریخ شمسی به‌صورت متن باشد (مانند ۱۴۰۴/۰۱/۰۱)، نه عدد یا تاریخ میلادی اکسل."));
                return null;
            }
            return PersianText.Normalize(v.Value.Text);
        }
        int? Whole(string f) => PlanNumber(f) is { } d ? d == Math.Floor(d) ? (int)d : Err(f) : null;
        int? Err(string f)
        {
            errors.Add(new ImportError(PlanSheet, fields[f].Row, Value, $"«{f}» باید عدد صحیح باشد."));
            return null;
        }
        doc.Title = PlanText(FTitle);
        doc.Year = Whole(FYear);
        doc.Start = PlanDate(FStart);
        doc.End = PlanDate(FEnd);
        if (PlanText(FLevels) is { } levels)
            doc.Levels = [.. levels.Split(['،', ',', '\n'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)];
        var verified = PlanText(FVerified);
        bool? verifiedOnly = verified is null ? null : verified is "بله" or "true" or "1" or "آری" ? true : verified is "خیر" or "false" or "0" or "نه" ? false : null;
        if (verified is not null && verifiedOnly is null)
            errors.Add(new ImportError(PlanSheet, fields[FVerified].Row, Value, "«بله» یا «خیر» بنویسید."));
        doc.Settings = new PlanSettingsDocument
        {
            StoppageDays = Whole(FStoppage),
            AtRiskBelow = PlanNumber(FAtRisk),
            BehindBelow = PlanNumber(FBehind),
            VerifiedOnly = verifiedOnly,
            BackdateDays = Whole(FBackdate),
        };

        // Agencies: known ones by code or name; new ones from the sheet are created with the plan.
        var byCode = known.ToDictionary(a => a.Code, StringComparer.Ordinal);
        var byName = known.GroupBy(a => PersianText.Normalize(a.Name)!).ToDictionary(g => g.Key, g => g.First().Code, StringComparer.Ordinal);
        if (agencySheet is not null && Columns(agencySheet, AgencyColumns, [AgencyCode, AgencyName], errors) is { } ac)
        {
            foreach (var row in agencySheet.Rows.Skip(1))
            {
                var cells = new Cells(agencySheet, row, ac, errors);
                var code = cells.Text(AgencyCode)?.ToUpperInvariant();
                var name = cells.Text(AgencyName);
                if (code is null && name is null) continue;
                if (code is not null && byCode.ContainsKey(code)) continue;
                if (code is null) { cells.Error(AgencyCode, "کد دستگاه تازه را با حروف لاتین بنویسید (مانند EDU)."); continue; }
                var kindText = cells.Text(AgencyKind);
                string? kind = null;
                if (kindText is not null)
                {
                    var match = AgencyKinds.All.FirstOrDefault(k => AgencyKinds.PersianName(k) == kindText || PlanDocumentReader.KindName(k) == kindText, (Payesh.Domain.Plans.AgencyKind)(-1));
                    if ((int)match < 0) cells.Error(AgencyKind, $"نوع «{kindText}» شناخته نیست؛ یکی از: {string.Join("، ", AgencyKinds.All.Select(AgencyKinds.PersianName))}.");
                    else kind = PlanDocumentReader.KindName(match);
                }
                origins.AgencyRows[doc.Agencies.Count] = row.Index;
                doc.Agencies.Add(new AgencyDocument { Code = code, Name = name, Kind = kind });
                byCode[code] = new KnownAgency(code, name ?? code, Domain.Plans.AgencyKind.Other);
                if (name is not null) byName.TryAdd(name, code);
            }
        }
        string? AgencyRef(string? text) =>
            text is null ? null : byCode.ContainsKey(text.ToUpperInvariant()) ? text.ToUpperInvariant() : byName.TryGetValue(text, out var c) ? c : text;

        // Nodes: one per row, placed under their parents by code.
        var columns = Columns(nodesSheet, NodeColumns, RequiredNodeColumns, errors);
        if (columns is null) return null;
        var rows = new List<(NodeDocument Node, string Code, string? Parent, int Row)>();
        var codeRows = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var row in nodesSheet.Rows.Skip(1))
        {
            var cells = new Cells(nodesSheet, row, columns, errors);
            var code = PlanCodes.Normalize(cells.Text(Code));
            if (string.IsNullOrEmpty(code))
            {
                cells.Error(Code, "کد بخش الزامی است.");
                continue;
            }
            if (!codeRows.TryAdd(code, row.Index))
            {
                cells.Error(Code, $"کد «{code}» تکراری است؛ پیش‌تر در سطر {Fa.Int(codeRows[code])} آمده است.");
                continue;
            }
            var node = new NodeDocument
            {
                Code = code,
                Title = cells.Text(Title),
                Weight = cells.Number(Weight),
                Description = cells.Text(Description),
                Agency = AgencyRef(cells.Text(Agency)),
                Collaborators = cells.Text(Collaborators) is { } cs
                    ? [.. cs.Split(['،', ',', '؛', ';', '\n'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(c => AgencyRef(c)!)]
                    : null,
                Start = cells.Date(Start),
                End = cells.Date(End),
                Deliverable = cells.Text(Deliverable),
            };
            if (cells.Text(Curve) is { } curve)
            {
                var match = CurveNames.FirstOrDefault(c => c.Name == curve || string.Equals(PlanDocumentReader.CurveName(c.Kind), curve, StringComparison.OrdinalIgnoreCase));
                if (match.Name is null) cells.Error(Curve, $"منحنی «{curve}» شناخته نیست؛ یکی از {CurveChoices(quoted: true)} را بنویسید.");
                else node.Curve = PlanDocumentReader.CurveName(match.Kind);
            }
            if (cells.Get(Milestones) is { } ms) node.Milestones = ReadMilestones(ms, cells);
            var kpiName = cells.Text(Kpi);
            var kpiUnit = cells.Text(KpiUnit);
            var kpiTarget = cells.Number(KpiTarget);
            if (kpiName is not null || kpiUnit is not null || cells.Get(KpiTarget) is not null)
                node.Kpi = new KpiDocument { Name = kpiName, Unit = kpiUnit, Target = kpiTarget };
            rows.Add((node, code, PlanCodes.Normalize(cells.Text(Parent)) is { Length: > 0 } parent ? parent : null, row.Index));
            origins.NodeRows[node] = row.Index;
        }
        if (rows.Count == 0 && errors.Count == 0)
            errors.Add(new ImportError(NodesSheet, 2, null, "برگه هیچ بخشی ندارد؛ دست‌کم یک محور بنویسید."));

        // Parents: known codes, no cycles.
        var byNodeCode = rows.ToDictionary(r => r.Code, StringComparer.Ordinal);
        var inCycle = new HashSet<string>(StringComparer.Ordinal);
        foreach (var r in rows)
        {
            if (r.Parent is null) continue;
            if (!byNodeCode.ContainsKey(r.Parent))
            {
                errors.Add(new ImportError(NodesSheet, r.Row, Parent, $"کد والد «{r.Parent}» در برگه نیست."));
                inCycle.Add(r.Code);
                continue;
            }
            if (inCycle.Contains(r.Code)) continue;
            var chain = new List<string> { r.Code };
            for (var p = r.Parent; p is not null && byNodeCode.TryGetValue(p, out var pr); p = pr.Parent)
            {
                if (p == r.Code)
                {
                    chain.Add(p);
                    errors.Add(new ImportError(NodesSheet, r.Row, Parent,
                        $"کدهای والد چرخه می‌سازند ({string.Join(" ← ", chain)})؛ هر بخش باید سرانجام به یک محور (بی‌والد) برسد."));
                    foreach (var c in chain) inCycle.Add(c);
                    break;
                }
                if (chain.Contains(p)) break; // a cycle further up: reported on its own rows
                chain.Add(p);
            }
        }
        var children = rows.Where(r => r.Parent is not null && !inCycle.Contains(r.Code)).ToLookup(r => r.Parent!);
        foreach (var r in rows)
        {
            if (inCycle.Contains(r.Code)) continue;
            var kids = children[r.Code].ToList();
            if (kids.Count > 0) r.Node.Children = [.. kids.Select(k => k.Node)];
            else if (!PlanDocumentReader.HasActionFields(r.Node)) r.Node.Children = [];
            if (r.Parent is null) doc.Nodes.Add(r.Node);
        }

        // Requirements, by the node's code.
        if (reqSheet is not null && Columns(reqSheet, RequirementColumns, [ReqNode, ReqText], errors) is { } rc)
        {
            foreach (var row in reqSheet.Rows.Skip(1))
            {
                var cells = new Cells(reqSheet, row, rc, errors);
                var code = PlanCodes.Normalize(cells.Text(ReqNode));
                if (string.IsNullOrEmpty(code)) { cells.Error(ReqNode, "کد بخش الزامی است."); continue; }
                if (!byNodeCode.TryGetValue(code, out var owner)) { cells.Error(ReqNode, $"بخشی با کد «{code}» در برگه «{NodesSheet}» نیست."); continue; }
                var list = owner.Node.Requirements ??= [];
                origins.RequirementRows[(owner.Node, list.Count)] = row.Index;
                list.Add(new RequirementDocument { Text = cells.Text(ReqText) ?? "", Owner = AgencyRef(cells.Text(ReqOwner)), Deadline = cells.Date(ReqDeadline) });
            }
        }
        if (errors.Count > 0) return null;

        var (plan, problems) = PlanDocumentReader.Read(doc, new HashSet<string>(known.Select(a => a.Code), StringComparer.Ordinal), PlanReadMode.Draft);
        foreach (var p in problems) errors.Add(Locate(p, doc, origins));
        return errors.Count > 0 ? null : plan;
    }

    private static List<MilestoneDocument> ReadMilestones(XlsxReader.Cell cell, Cells cells)
    {
        var list = new List<MilestoneDocument>();
        var text = PersianText.Normalize(cell.Text) ?? "";
        foreach (var part in text.Split(['؛', ';', '\n', '،', ','], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var pair = part.Split(['=', ':'], StringSplitOptions.TrimEntries);
            decimal? pct = pair.Length == 2 ? PersianText.ParseNumber(pair[1]) : null;
            if (pair.Length != 2 || pct is null)
            {
                cells.Error(Milestones, $"«{part}» نقطه عطف درستی نیست؛ قالب: تاریخ=درصد، مانند ۱۴۰۴/۰۵/۳۱=۴۰");
                continue;
            }
            list.Add(new MilestoneDocument { Date = pair[0], Percent = (double)pct.Value });
        }
        return list;
    }

    private static readonly Dictionary<string, string> PlanPathFields = new()
    {
        ["title"] = FTitle,
        ["year"] = FYear,
        ["start"] = FStart,
        ["end"] = FEnd,
        ["levels"] = FLevels,
        ["settings"] = FAtRisk,
        ["settings.stoppageDays"] = FStoppage,
        ["settings.backdateDays"] = FBackdate,
    };

    [GeneratedRegex(@"^agencies\[(\d+)\](?:\.(\w+))?$")]
    private static partial Regex AgencyPath();

    [GeneratedRegex(@"^\.(\w+)(?:\[(\d+)\])?(?:\.(\w+))?$")]
    private static partial Regex Rest();

    /// <summary>Puts one of the reader's errors (a document path) back at its sheet, row and column.</summary>
    private static ImportError Locate(ValidationError e, PlanDocument doc, Origins origins)
    {
        if (PlanPathFields.TryGetValue(e.Path, out var field))
            return new ImportError(PlanSheet, origins.PlanFieldRows.GetValueOrDefault(field), origins.PlanFieldRows.ContainsKey(field) ? Value : field,
                origins.PlanFieldRows.ContainsKey(field) ? e.Message : "این ویژگی در برگه نیست: " + e.Message);
        if (AgencyPath().Match(e.Path) is { Success: true } am)
        {
            int i = int.Parse(am.Groups[1].Value, CultureInfo.InvariantCulture);
            var col = am.Groups[2].Value switch { "name" => AgencyName, "kind" => AgencyKind, _ => AgencyCode };
            return new ImportError(AgenciesSheet, origins.AgencyRows.GetValueOrDefault(i), col, e.Message);
        }
        // The deepest node the path goes through.
        PlanDocumentPaths.Walked? best = null;
        foreach (var w in PlanDocumentPaths.Walk(doc.Nodes, ""))
            if ((e.Path == w.Path || e.Path.StartsWith(w.Path + ".", StringComparison.Ordinal)) && (best is null || w.Path.Length > best.Value.Path.Length))
                best = w;
        if (best is not { } node) return new ImportError(NodesSheet, 0, null, e.Message);
        int row = origins.NodeRows.GetValueOrDefault(node.Node);
        var m = Rest().Match(e.Path[node.Path.Length..]);
        if (!m.Success) return new ImportError(NodesSheet, row, null, e.Message);
        int? k = m.Groups[2].Success ? int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture) : null;
        var hint = " — کد یا نام دستگاه را از برگه «دستگاه‌ها» بنویسید.";
        return m.Groups[1].Value switch
        {
            "code" => new(NodesSheet, row, Code, e.Message),
            "title" => new(NodesSheet, row, Title, e.Message),
            "weight" => new(NodesSheet, row, Weight, e.Message),
            "description" => new(NodesSheet, row, Description, e.Message),
            "agency" => new(NodesSheet, row, Agency, e.Message + (e.Message.Contains("شناخته نیست") ? hint : "")),
            "collaborators" => new(NodesSheet, row, Collaborators, e.Message + (e.Message.Contains("شناخته نیست") ? hint : "")),
            "start" => new(NodesSheet, row, Start, e.Message),
            "end" => new(NodesSheet, row, End, e.Message),
            "curve" => new(NodesSheet, row, Curve, e.Message),
            "milestones" => new(NodesSheet, row, Milestones, k is { } mi ? $"نقطه عطف {Fa.Int(mi + 1)}: {e.Message}" : e.Message),
            "kpi" => new(NodesSheet, row, Kpi, e.Message),
            "requirements" when k is { } ri => new(RequirementsSheet, origins.RequirementRows.GetValueOrDefault((node.Node, ri)),
                m.Groups[3].Value switch { "owner" => ReqOwner, "deadline" => ReqDeadline, _ => ReqText }, e.Message),
            _ => new(NodesSheet, row, null, e.Message),
        };
    }
}
