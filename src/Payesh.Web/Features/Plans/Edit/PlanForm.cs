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

/// <summary>The authoring forms read into a plan document: the plan's fields, a node's fields, numbers as typed
/// (any digits); what cannot be read is a Persian message keyed by its document path (a node's relative to the node:
/// <c>weight</c>, <c>milestones</c>, <c>kpi.target</c>).</summary>
public static class PlanForm
{
    internal static void ApplyPlan(PlanInput input, PlanDocument doc, List<ValidationError> errors)
    {
        doc.Title = input.Title;
        doc.Start = input.Start;
        doc.End = input.End;
        doc.Year = Int(input.Year, "year", "سال", errors) ?? doc.Year;
        var levels = (input.Levels ?? "").Split(['\n', '،', ','], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        doc.Levels = levels.Length > 0 ? [.. levels] : [.. Plan.DefaultLevels];
        doc.Settings = new PlanSettingsDocument
        {
            StoppageDays = Int(input.StoppageDays, "settings.stoppageDays", "آستانه توقف", errors) ?? PlanSettings.Default.StoppageDays,
            AtRiskBelow = Number(input.AtRiskBelow, "settings.atRiskBelow", "آستانه در معرض تأخیر", errors) ?? PlanSettings.Default.AtRiskBelow,
            BehindBelow = Number(input.BehindBelow, "settings.behindBelow", "آستانه عقب‌ماندگی", errors) ?? PlanSettings.Default.BehindBelow,
            BackdateDays = Int(input.BackdateDays, "settings.backdateDays", "مهلت ثبت با تاریخ گذشته", errors) ?? PlanSettings.Default.BackdateDays,
            VerifiedOnly = input.VerifiedOnly,
            ManagerSignOff = input.ManagerSignOff,
        };
    }

    /// <summary>Fills a node document from the form; returns which form row each milestone and requirement came from.</summary>
    internal static (List<int> Milestones, List<int> Requirements) Fill(NodeDocument nd, NodeInput input, List<ValidationError> errors)
    {
        nd.Code = input.Code;
        nd.Title = input.Title;
        nd.Description = input.Description;
        nd.Weight = string.IsNullOrWhiteSpace(input.Weight) ? 1 : Number(input.Weight, "weight", "وزن", errors) ?? 1;
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
                milestones.Add(new MilestoneDocument { Date = m.Date, Percent = Number(m.Percent, "milestones", $"درصد نقطه عطف ردیف {Fa.Int(i + 1)}", errors) });
            }
            nd.Milestones = milestones.Count > 0 ? milestones : null;
            nd.Deliverable = input.Deliverable;
            nd.Kpi = string.IsNullOrWhiteSpace(input.KpiName) && string.IsNullOrWhiteSpace(input.KpiUnit) && string.IsNullOrWhiteSpace(input.KpiTarget)
                ? null
                : new KpiDocument { Name = input.KpiName, Unit = input.KpiUnit, Target = Number(input.KpiTarget, "kpi.target", "مقدار هدف شاخص", errors) };
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

    // ---- numbers as typed ---------------------------------------------------------------------------

    internal static double? Number(string? text, string path, string what, List<ValidationError> errors)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var value = PersianText.ParseNumber(text.Replace('\u2212', '-'));
        if (value is null)
        {
            errors.Add(new(path, $"{what} باید عدد باشد؛ «{text.Trim()}» عدد نیست."));
            return null;
        }
        return (double)value.Value;
    }

    internal static int? Int(string? text, string path, string what, List<ValidationError> errors)
    {
        var value = Number(text, path, what, errors);
        if (value is null) return null;
        if (value != Math.Floor(value.Value) || Math.Abs(value.Value) > 1_000_000)
        {
            errors.Add(new(path, $"{what} باید عددی صحیح باشد."));
            return null;
        }
        return (int)value.Value;
    }
}
