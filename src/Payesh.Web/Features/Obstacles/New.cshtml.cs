using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Payesh.Domain.Obstacles;
using Payesh.Web.Features.Account;
using Payesh.Web.Infrastructure;

namespace Payesh.Web.Features.Obstacles;

/// <summary>ثبت مانع: the register form; a possible duplicate is shown and must be confirmed. A thin adapter over
/// <see cref="ObstacleQueries.FormAsync"/> and <see cref="ObstacleCommands.RegisterAsync"/>.</summary>
public sealed class NewModel(ObstacleQueries queries, ObstacleCommands writer) : PageModel
{
    public sealed class Form
    {
        public string? Title { get; set; }
        public string? Description { get; set; }
        public string? Category { get; set; }
        public string? Severity { get; set; } = "medium";
        public List<UnitRow> Units { get; set; } = [];
        public string? UnitsAffected { get; set; }
        public string? JobsAtRisk { get; set; }
        public string? AmountBlocked { get; set; }
        public string? Nodes { get; set; }
        public string? Agency { get; set; }
        public string? LeadAgency { get; set; }
        public List<string> OtherAgencies { get; set; } = [];
        public string? Deadline { get; set; }
        public bool AllowDuplicate { get; set; }
    }

    public sealed class UnitRow
    {
        public string? Name { get; set; }
        public string? Location { get; set; }
        public string? Employees { get; set; }
    }

    [BindProperty] public Form Input { get; set; } = new();

    public Dictionary<string, string> Errors { get; } = [];
    public IReadOnlyList<PossibleDuplicate> Duplicates { get; private set; } = [];
    public List<(string Code, string Name)> Agencies { get; } = [];
    public bool IsStaff { get; private set; }
    public string? AgencyName { get; private set; }

    public string? Err(string key) => Errors.TryGetValue(key, out var m) ? m : null;

    public async Task OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        while (Input.Units.Count < 3) Input.Units.Add(new UnitRow());
    }

    /// <summary>One more production unit row (works without JavaScript).</summary>
    public async Task<IActionResult> OnPostAddUnitAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        Input.Units.Add(new UnitRow());
        ModelState.Clear();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        var user = CurrentUser.From(User)!;
        var units = new List<UnitInput?>();
        for (int i = 0; i < Input.Units.Count; i++)
        {
            var u = Input.Units[i];
            var (employees, error) = ObstacleView.WholeNumber(u.Employees, "شمار کارکنان");
            if (error is not null) Errors[$"units[{i}].employees"] = error;
            units.Add(new UnitInput { Name = u.Name, Location = u.Location, Employees = employees is { } e ? (int)Math.Min(e, int.MaxValue) : null });
        }
        var (unitsAffected, e1) = ObstacleView.WholeNumber(Input.UnitsAffected, "شمار واحدهای درگیر");
        var (jobs, e2) = ObstacleView.WholeNumber(Input.JobsAtRisk, "شمار شغل‌های در معرض خطر");
        var (amount, e3) = ObstacleView.WholeNumber(Input.AmountBlocked, "مبلغ معطل‌مانده");
        if (e1 is not null) Errors["unitsAffected"] = e1;
        if (e2 is not null) Errors["jobsAtRisk"] = e2;
        if (e3 is not null) Errors["amountBlocked"] = e3;
        if (Errors.Count > 0) return Page();

        var input = new ObstacleInput
        {
            Title = Input.Title,
            Description = Input.Description,
            Category = Input.Category,
            Severity = Input.Severity,
            Units = units,
            UnitsAffected = unitsAffected is { } ua ? (int)Math.Min(ua, int.MaxValue) : null,
            JobsAtRisk = jobs is { } j ? (int)Math.Min(j, int.MaxValue) : null,
            AmountBlocked = amount,
            Nodes = [.. (Input.Nodes ?? "").Split([',', '،', ' ', '\n', '؛'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)],
            Agency = IsStaff ? Input.Agency : null,
            LeadAgency = IsStaff ? Input.LeadAgency : null,
            OtherAgencies = IsStaff ? [.. Input.OtherAgencies] : null,
            Deadline = IsStaff ? Input.Deadline : null,
            AllowDuplicate = Input.AllowDuplicate,
        };
        var outcome = await writer.RegisterAsync(input, user, ct);
        if (outcome.Ok) return Redirect($"/Obstacles/{outcome.Value}?registered=true");
        foreach (var e in outcome.Errors) Errors.TryAdd(e.Path, e.Message);
        Duplicates = outcome.Data as IReadOnlyList<PossibleDuplicate> ?? [];
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var form = await queries.FormAsync(CurrentUser.From(User)!, ct);
        (IsStaff, AgencyName) = (form.IsStaff, form.AgencyName);
        Agencies.AddRange(form.Agencies);
    }
}
