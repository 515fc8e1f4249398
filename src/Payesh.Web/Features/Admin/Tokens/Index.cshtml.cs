using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Payesh.Web.Features.Account;
using Payesh.Web.Infrastructure;

namespace Payesh.Web.Features.Admin.Tokens;

/// <summary>API tokens: the list (per user), a long-lived named token for a user or an integration
/// (shown once; only its SHA-256 is stored), and revocation. A thin adapter over <see cref="AdminQueries.TokensAsync"/> and
/// <see cref="AdminCommands"/>.</summary>
public sealed class IndexModel(AdminQueries admin, AdminCommands commands) : PageModel
{
    public const int MaxDays = AdminCommands.MaxTokenDays;
    public const int ListLimit = AdminQueries.TokenListLimit;

    public sealed class TokenInput
    {
        [Required(ErrorMessage = "کاربر را برگزینید.")]
        public string? UserId { get; set; }

        [Required(ErrorMessage = "نام توکن را وارد کنید؛ مثلاً نام سامانه‌ای که آن را به کار می‌برد.")]
        public string? Name { get; set; }

        [Required(ErrorMessage = "مدت اعتبار را وارد کنید.")]
        public string? Days { get; set; } = "365";
    }

    public sealed record Issued(string Token, DateTimeOffset ExpiresAt, string Name, string UserName);

    [BindProperty(SupportsGet = true)] public string? UserId { get; set; }
    [BindProperty(SupportsGet = true)] public string? Status { get; set; }
    [BindProperty] public TokenInput Input { get; set; } = new();
    [TempData] public string? Message { get; set; }

    public List<TokenListRow> Rows { get; private set; } = [];
    public int Total { get; private set; }
    public List<UserOption> Users { get; private set; } = [];
    public Issued? Created { get; private set; }

    private CurrentUser Me => CurrentUser.From(User)!;

    public async Task OnGetAsync(CancellationToken ct)
    {
        Input.UserId = UserId;
        await LoadAsync(ct);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var issued = ModelState.IsValid ? await commands.IssueTokenAsync(Me, new TokenRequest(Input.UserId, Input.Name, Input.Days), ct) : null;
        if (issued?.Kind == OutcomeKind.Forbidden) return Forbid();
        if (issued?.Value is { } t)
        {
            Created = new Issued(t.Token, t.ExpiresAt, t.Name, t.UserName);
            UserId ??= t.UserId;
            ModelState.Clear();
            Input = new TokenInput { UserId = t.UserId };
        }
        else issued?.ToFormErrors(ModelState, "Input.");
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(long tokenId, CancellationToken ct)
    {
        var revoked = await commands.RevokeTokenAsync(Me, tokenId, ct);
        if (revoked.Kind == OutcomeKind.NotFound) return NotFound();
        if (!revoked.Ok) return Forbid();
        if (revoked.Value is { } name) Message = $"توکن «{name}» باطل شد.";
        return Redirect(ListLink(UserId, Status));
    }

    public static string ListLink(string? userId, string? status)
    {
        var query = new List<string>();
        if (!string.IsNullOrEmpty(userId)) query.Add("userId=" + Uri.EscapeDataString(userId));
        if (!string.IsNullOrEmpty(status)) query.Add("status=" + Uri.EscapeDataString(status));
        return "/Admin/Tokens" + (query.Count > 0 ? "?" + string.Join('&', query) : "");
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        // The folder's policy admits administrators only, so the list is always theirs.
        var list = await admin.TokensAsync(Me, UserId, Status, ct);
        if (list.Ok) (Rows, Total, Users) = list.Value;
    }
}
