using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Payesh.Domain.Calendar;
using Payesh.Web.Infrastructure;

namespace Payesh.Web.Features.Obstacles;

/// <summary>کارنامه رفع موانع و تحقق مصوبات: the figures of every organization, as of a day.</summary>
public sealed class FiguresModel(AccountabilityService figures) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? AsOf { get; set; }
    public AccountabilityReport Report { get; private set; } = null!;
    public string? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        JalaliDate? day = null;
        if (!string.IsNullOrWhiteSpace(AsOf))
        {
            if (JalaliDate.TryParse(AsOf, out var d, out var error)) day = d;
            else Error = error;
        }
        Report = await figures.ComputeAsync(day, ct);
        AsOf = Report.AsOf.ToPersianString();
    }
}
