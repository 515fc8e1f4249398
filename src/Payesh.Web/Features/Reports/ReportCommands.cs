using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Payesh.Domain.Calendar;
using Payesh.Domain.Plans;
using Payesh.Domain.Text;
using Payesh.Web.Data;
using Payesh.Web.Data.Model;
using Payesh.Web.Features.Account;
using Payesh.Web.Features.Progress;
using Payesh.Web.Infrastructure;

namespace Payesh.Web.Features.Reports;

/// <summary>A progress report as it arrives (API or page). Percent may be a number or a string with any digits.</summary>
public sealed class ReportInput
{
    public string? Action { get; set; }
    public string? Date { get; set; }
    public JsonElement Percent { get; set; }
    public string? Note { get; set; }
    public string? Justification { get; set; }
    public string? BackdateReason { get; set; }
}

public sealed class ReportBatchInput
{
    public List<ReportInput>? Reports { get; set; }
}

/// <summary>
/// The rules of a progress report (issue: reports API) and the one transaction that stores them:
/// the plan's version stamp, the reports and their audit entries, all or nothing.
/// </summary>
public sealed class ReportCommands(Plans.PlanQueries plans, ReportIngest ingest, PayeshClock clock)
{
    /// <summary>An action as validation sees it, from the engine's cached tree.</summary>
    private sealed record ActionRef(long Id, string Code, long LeadAgencyId);

    private sealed record Checked(ActionRef Node, JalaliDate Date, int Hundredths, int? Previous, string? Note, string? Justification, string? BackdateReason);

    /// <summary>
    /// Checks and stores reports, all or nothing: the new reports' ids in input order; not found for a plan the user may not
    /// see (a draft, to an agency); forbidden with the paths of actions that are not the user's agency's (the invalid reports'
    /// errors, if any, as the failure's <see cref="Outcome{T}.Data"/>); invalid by path (<paramref name="pathPrefix"/>, e.g.
    /// <c>reports[2].percent</c>) for everything else, a draft or closed plan at the empty path.
    /// First checked against the engine as this instance holds it, without reading the plan's stamp; the group commit stores
    /// that write only if nothing was written to the plan since the engine last caught up
    /// (<see cref="PlanEngines.StillCurrentAsync"/>). Otherwise — and before any refusal, which may rest on stale rules —
    /// once more against the engine caught up by a stamp read, as every write was checked before.
    /// </summary>
    public Task<Outcome<IReadOnlyList<long>>> WriteAsync(long planId, IReadOnlyList<ReportInput> inputs, CurrentUser user, string pathPrefix,
        CancellationToken ct) => WriteAsync(planId, inputs, null, user, pathPrefix, ct);

    /// <summary>As <see cref="WriteAsync(long, IReadOnlyList{ReportInput}, CurrentUser, string, CancellationToken)"/>, with an evidence
    /// file (or null) per input, stored with its report in the same transaction: both or neither.</summary>
    /// <param name="authStamp">A bearer request authenticated without a stamp read (<see cref="StampAtCommit"/>): the write is
    /// stored only if the commit finds the stamp unchanged, and is then marked confirmed; otherwise nothing is stored and the
    /// answer is a conflict, which the endpoint's filter replaces after checking the token afresh.</param>
    public async Task<Outcome<IReadOnlyList<long>>> WriteAsync(long planId, IReadOnlyList<ReportInput> inputs, IReadOnlyList<Evidence?>? files,
        CurrentUser user, string pathPrefix, CancellationToken ct, DeferredStamp? authStamp = null)
    {
        if (await plans.HeldEngineAsync(user, planId, ct) is { } held)
        {
            var (optimistic, final) = await AttemptAsync(planId, held.Engine, held.CatchUps, inputs, files, user, pathPrefix, authStamp, ct);
            if (final) return optimistic;
        }
        var engine = await plans.EngineAsync(user, planId, ct);
        if (engine is null) return Outcome.NotFound(Plans.PlanQueries.NotFoundMessage);
        return (await AttemptAsync(planId, engine, null, inputs, files, user, pathPrefix, authStamp, ct)).Result;
    }

    /// <param name="catchUps">The engine's catch-up count when taken without a stamp read; null when it was read fresh.</param>
    /// <returns>The answer, and whether it is final (stored, or refused by the commit's authentication check) rather than
    /// to be checked again against a fresh engine.</returns>
    private async Task<(Outcome<IReadOnlyList<long>> Result, bool Final)> AttemptAsync(long planId, PlanEngine engine, long? catchUps,
        IReadOnlyList<ReportInput> inputs, IReadOnlyList<Evidence?>? files, CurrentUser user, string pathPrefix, DeferredStamp? authStamp,
        CancellationToken ct)
    {
        var rules = engine.Rules;
        if (rules.State == PlanState.Draft) return (Outcome.Invalid("", "این برنامه هنوز ابلاغ نشده است؛ گزارش پیشرفت پس از ابلاغ پذیرفته می‌شود."), false);
        if (rules.Closed) return (Outcome.Invalid("", "این برنامه در پایان سال بسته شده است و گزارش تازه نمی‌پذیرد."), false);

        var errors = new List<ValidationError>();
        var forbidden = new List<ValidationError>();
        var ok = new List<Checked>();
        var today = clock.Today;
        var planStart = new JalaliDate(rules.StartDay);
        var planEnd = new JalaliDate(rules.EndDay);
        // Values this batch has already stated, so a later item is compared with an earlier one.
        var stated = new Dictionary<long, List<(int Day, int Value)>>();

        for (int i = 0; i < inputs.Count; i++)
        {
            var input = inputs[i];
            string p = pathPrefix.Length == 0 ? "" : $"{pathPrefix}[{i}].";
            int before = errors.Count;

            var code = PlanCodes.Normalize(input.Action);
            ActionRef? node = null;
            if (string.IsNullOrEmpty(code)) errors.Add(new($"{p}action", "کد اقدام الزامی است."));
            else if (!engine.Engine.TryFind(code, out int index) || index == engine.Engine.Root)
                errors.Add(new($"{p}action", $"اقدام «{code}» در این برنامه نیست."));
            else if (!engine.Engine.IsAction(index))
                errors.Add(new($"{p}action", $"«{code}» اقدام نیست؛ گزارش پیشرفت فقط برای اقدام‌ها ثبت می‌شود."));
            else
                node = new ActionRef(engine.Engine.Key(index), code, engine.Engine.AgencyOfAction(engine.Engine.ActionIndex(index)));

            int? hundredths = ReadPercent(input.Percent, out var percentError);
            if (percentError is not null) errors.Add(new($"{p}percent", percentError));

            JalaliDate? date = null;
            if (string.IsNullOrWhiteSpace(input.Date)) errors.Add(new($"{p}date", "تاریخ گزارش الزامی است."));
            else if (!JalaliDate.TryParse(input.Date, out var d, out var dateError)) errors.Add(new($"{p}date", dateError));
            else if (d > today) errors.Add(new($"{p}date", $"تاریخ گزارش ({d.ToPersianString()}) پس از امروز ({today.ToPersianString()}) است."));
            else if (d < planStart || d > planEnd)
                errors.Add(new($"{p}date", $"تاریخ گزارش باید در بازه برنامه ({planStart.ToPersianString()} تا {planEnd.ToPersianString()}) باشد."));
            else date = d;

            var note = PersianText.Normalize(input.Note);
            var justification = PersianText.Normalize(input.Justification);
            var backdateReason = PersianText.Normalize(input.BackdateReason);
            // Limits from the one table (FieldLimits): these rows are inserted without the change tracker's guard.
            if (note?.Length > FieldLimits.ReportNote) errors.Add(new($"{p}note", FieldLimits.TooLong("شرح گزارش", FieldLimits.ReportNote)));
            if (justification?.Length > FieldLimits.ReportJustification)
                errors.Add(new($"{p}justification", FieldLimits.TooLong("توجیه", FieldLimits.ReportJustification)));
            if (backdateReason?.Length > FieldLimits.ReportBackdateReason)
                errors.Add(new($"{p}backdateReason", FieldLimits.TooLong("دلیل ثبت با تاریخ گذشته", FieldLimits.ReportBackdateReason)));

            if (node is not null && !Access.CanReport(user, node.LeadAgencyId))
            {
                forbidden.Add(new($"{p}action", $"گزارش اقدام «{node.Code}» با دستگاه مسئول آن است، نه با شما."));
                continue;
            }

            if (date is { } day && !Access.CanBackdateBeyondLimit(user) && rules.BeyondWindow(today.DayNumber, day.DayNumber))
                errors.Add(new($"{p}date", $"گزارش را تا {PersianText.ToPersianDigits(rules.BackdateDays)} روز گذشته می‌توان ثبت کرد؛ برای تاریخ قدیمی‌تر با دبیرخانه تماس بگیرید."));
            else if (date is { } day2 && Access.CanBackdateBeyondLimit(user) && rules.BeyondWindow(today.DayNumber, day2.DayNumber) && string.IsNullOrEmpty(backdateReason))
                errors.Add(new($"{p}backdateReason", "برای ثبت گزارش قدیمی‌تر از مهلت دستگاه‌ها، دلیل را بنویسید."));

            int? previous = null;
            if (node is not null && date is { } rd && hundredths is { } h)
            {
                int action = engine.ActionOf(node.Id);
                int value = PreviousValue(engine, action, rd.DayNumber, stated.GetValueOrDefault(node.Id), out bool any);
                if (any) previous = value;
                if (h < value && string.IsNullOrEmpty(justification))
                    errors.Add(new($"{p}justification",
                        $"درصد {PersianText.FormatNumber(h / 100.0, 2)} کمتر از مقدار قبلی ({PersianText.FormatNumber(value / 100.0, 2)}) است؛ دلیل اصلاح را بنویسید."));
            }

            if (errors.Count == before && node is not null && date is not null && hundredths is not null)
            {
                ok.Add(new Checked(node, date.Value, hundredths.Value, previous, note, justification,
                    rules.BeyondWindow(today.DayNumber, date.Value.DayNumber) ? backdateReason : null));
                if (!stated.TryGetValue(node.Id, out var mine)) stated[node.Id] = mine = [];
                mine.Add((date.Value.DayNumber, hundredths.Value));
            }
        }
        if (forbidden.Count > 0) return (new Outcome.Failure(OutcomeKind.Forbidden, forbidden, forbidden[0].Message, errors), false);
        if (errors.Count > 0) return (Outcome.Invalid(errors), false);

        var now = clock.Now;
        // Two-level sign-off: an agency reporter's report waits for the agency manager before the secretariat sees it.
        var status = rules.ManagerSignOff && SignOffRules.NeedsManager(user) ? ReportStatus.AwaitingManager : ReportStatus.Submitted;
        var rows = ok.Select(c => new ProgressReport
        {
            PlanId = planId,
            NodeId = c.Node.Id,
            ReportDate = c.Date.ToDateOnly(),
            PercentHundredths = c.Hundredths,
            Note = c.Note,
            Justification = c.Justification,
            BackdateReason = c.BackdateReason,
            SubmittedAt = now,
            SubmittedById = user.Id,
            Status = status,
            PreviousHundredths = c.Previous,
        }).ToList();

        // Every input was valid (all or nothing), so row i is input i and carries file i.
        switch (await ingest.WriteAsync(planId, rows, files, user.Id, user.Name, catchUps is { } c0 ? (engine, c0) : null, authStamp?.Stamp, ct))
        {
            case IngestAnswer.Stale:
                return (Outcome.Stale(), false);
            case IngestAnswer.AuthStampMoved:
                return (Outcome.Stale(), true);
        }
        if (authStamp is not null) authStamp.Confirmed = true;
        return (rows.Select(r => r.Id).ToList(), true);
    }

    /// <summary>The action's value in force on the report day, counting earlier items of the same batch
    /// (the last stated for the latest day ≤ that day wins, as in the engine).</summary>
    private static int PreviousValue(PlanEngine engine, int action, int day, List<(int Day, int Value)>? stated, out bool any)
    {
        int value = action >= 0 ? (int)Math.Round(engine.Engine.ActualOfAction(action, day) * 100) : 0;
        int bestDay = action >= 0 ? engine.Engine.LastReportDay(action, day) ?? int.MinValue : int.MinValue;
        foreach (var (d, v) in stated ?? [])
        {
            if (d <= day && d >= bestDay)
            {
                bestDay = d;
                value = v;
            }
        }
        any = bestDay != int.MinValue;
        return value;
    }

    /// <summary>Percent as hundredths; null with a Persian message when it is not a number in [0, 100] with ≤ 2 decimals.</summary>
    public static int? ReadPercent(JsonElement percent, out string? error)
    {
        error = null;
        decimal? value = percent.ValueKind switch
        {
            JsonValueKind.Number => percent.TryGetDecimal(out var d) ? d : null,
            JsonValueKind.String => PersianText.ParseNumber(percent.GetString()),
            _ => null,
        };
        return CheckPercent(value, percent.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null, out error);
    }

    public static int? CheckPercent(decimal? value, bool missing, out string? error)
    {
        error = null;
        if (value is null)
        {
            error = missing ? "درصد پیشرفت الزامی است." : "درصد پیشرفت باید عدد باشد.";
            return null;
        }
        if (value < 0 || value > 100)
        {
            error = "درصد پیشرفت باید بین ۰ و ۱۰۰ باشد.";
            return null;
        }
        var scaled = value.Value * 100;
        if (scaled != decimal.Truncate(scaled))
        {
            error = "درصد پیشرفت حداکثر دو رقم اعشار می‌پذیرد.";
            return null;
        }
        return (int)scaled;
    }

    public static string StatusName(ReportStatus s) => s switch
    {
        ReportStatus.Verified => "verified",
        ReportStatus.Rejected => "rejected",
        ReportStatus.AwaitingManager => "awaiting-manager",
        ReportStatus.Returned => "returned",
        _ => "submitted",
    };

    public static string PersianStatus(ReportStatus s) => s switch
    {
        ReportStatus.Verified => "تأییدشده",
        ReportStatus.Rejected => "ردشده",
        ReportStatus.AwaitingManager => "در انتظار تأیید مدیر دستگاه",
        ReportStatus.Returned => "بازگشت به کارشناس",
        _ => "در انتظار بررسی",
    };
}
