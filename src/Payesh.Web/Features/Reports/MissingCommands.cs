using Payesh.Web.Features.Account;
using Payesh.Web.Infrastructure;

namespace Payesh.Web.Features.Reports;

/// <summary>Reminding the agencies of their missing reports: the secretariat's (and administrators') to do.</summary>
public sealed class MissingCommands(MissingQueries missing, Notifier notifier)
{
    public const string NotAllowed = "یادآوری را دبیرخانه می‌فرستد.";
    public const string NotWorkingDay = "این روز روز کاری گزارش‌دهی نیست؛ یادآوری فرستاده نشد.";

    /// <summary>Reminds every agency with missing reports on the day; the number of users reminded.</summary>
    public async Task<Outcome<int>> RemindAsync(CurrentUser user, long planId, string? day, CancellationToken ct)
    {
        if (!Access.IsStaff(user)) return Outcome.Forbidden(NotAllowed);
        var shown = await missing.ShowAsync(user, planId, day, ct);
        if (shown.Value is not { } view) return shown.As<int>();
        if (!view.Result.WorkingDay) return Outcome.Invalid("Day", view.Result.WhyNot ?? NotWorkingDay);
        return await notifier.RemindMissingAsync(view.Result, ct);
    }
}
