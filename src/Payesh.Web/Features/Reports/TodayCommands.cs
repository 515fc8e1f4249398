using Payesh.Domain.Plans;
using Payesh.Domain.Text;
using Payesh.Web.Data.Model;
using Payesh.Web.Features.Account;
using Payesh.Web.Features.Plans;
using Payesh.Web.Infrastructure;

namespace Payesh.Web.Features.Reports;

/// <summary>Saving one row of the daily sheet: the report goes through <see cref="ReportCommands"/> (which owns every rule:
/// the agency's own actions, the plan's state and window), its evidence file is stored with it in the same transaction.</summary>
public sealed class TodayCommands(PlanQueries plans, ReportCommands reports, PayeshClock clock)
{
    public const string NotOnSheet = "این اقدام در فهرست امروز شما نیست.";

    /// <summary>Saves <paramref name="input"/> for <paramref name="row"/> of the sheet (with <paramref name="file"/>, already read;
    /// <paramref name="fileError"/> if it could not be). The row as it now stands: saved with its new figures, or with
    /// its errors and what was typed.</summary>
    public async Task<TodaySheet.Row> SaveRowAsync(CurrentUser user, TodaySheet.Row row, TodaySheet.RowInput input, Evidence? file, string? fileError,
        CancellationToken ct)
    {
        var errors = new Dictionary<string, string>();
        if (fileError is not null) errors["evidence"] = fileError;
        if (errors.Count == 0)
        {
            var report = new ReportInput
            {
                Action = row.Code,
                Date = row.Day.ToString(),
                Percent = System.Text.Json.JsonSerializer.SerializeToElement(input.Percent ?? ""),
                Note = input.Note,
                Justification = input.Justification,
                BackdateReason = input.BackdateReason,
            };
            if (string.IsNullOrWhiteSpace(input.Percent)) report.Percent = default;
            if (file is not null)
            {
                file.UploadedById = user.Id;
                file.UploadedAt = clock.Now;
            }
            var result = await reports.WriteAsync(row.PlanId, [report], file is null ? null : [file], user, "", ct);
            if (result.Kind == OutcomeKind.NotFound) errors["percent"] = "برنامه پیدا نشد.";
            else
            {
                foreach (var e in result.Errors.Concat(result.Data as IReadOnlyList<ValidationError> ?? [])) errors.TryAdd(e.Path, e.Message);
            }
        }
        if (errors.Count > 0)
        {
            // Keep what was typed; say what is wrong, in the row.
            input.Evidence = null;
            return row with { Input = input, Errors = errors, Saved = false };
        }
        var engine = (await plans.EngineAsync(user, row.PlanId, ct))!;
        var f = engine.ActionAt(row.NodeId, row.Day.DayNumber)!;
        var shown = new TodaySheet.RowInput { NodeId = row.NodeId, Percent = PersianText.FormatNumber(ReportedValue(input.Percent), 2) };
        var today = clock.Today.DayNumber;
        return row with
        {
            Figures = f, DaysSinceReport = today - Math.Max(row.Day.DayNumber, f.LastReportDay ?? int.MinValue), ReportedOnDay = true,
            Input = shown, Errors = [], Saved = true, Rejected = null,
        };
    }

    private static double ReportedValue(string? percent) => (ReportCommands.CheckPercent(PersianText.ParseNumber(percent), false, out _) ?? 0) / 100.0;
}
