using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Payesh.Domain.Text;
using Payesh.Web.Data;
using Payesh.Web.Features.Account;
using Payesh.Web.Infrastructure;

namespace Payesh.Web.Features.Admin.Tokens;

/// <summary>API tokens: the list (per user), a long-lived named token for a user or an integration
/// (shown once; only its SHA-256 is stored), and revocation.</summary>
public sealed class IndexModel(PayeshDb db, PayeshClock clock, AdminQueries admin) : PageModel
{
    public const int MaxDays = 1825;
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

    public async Task OnGetAsync(CancellationToken ct)
    {
        Input.UserId = UserId;
        await LoadAsync(ct);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var name = AdminText.Text(Input.Name);
        if (name?.Length > 200) ModelState.AddModelError("Input.Name", "نام توکن نباید از ۲۰۰ نویسه بیشتر باشد.");
        int days = 0;
        if (Input.Days is not null)
        {
            var value = PersianText.ParseNumber(Input.Days);
            if (value is null || value != decimal.Truncate(value.Value) || value < 1 || value > MaxDays)
                ModelState.AddModelError("Input.Days", $"مدت اعتبار باید عددی درست از ۱ تا {Fa.Int(MaxDays)} روز باشد.");
            else days = (int)value.Value;
        }
        var user = Input.UserId is null ? null : await db.Users.FirstOrDefaultAsync(u => u.Id == Input.UserId, ct);
        if (Input.UserId is not null && user is null) ModelState.AddModelError("Input.UserId", "کاربر برگزیده پیدا نشد.");
        else if (user is { IsActive: false }) ModelState.AddModelError("Input.UserId", "کاربر برگزیده غیرفعال است؛ برای او توکن ساخته نمی‌شود.");
        if (!ModelState.IsValid)
        {
            await LoadAsync(ct);
            return Page();
        }

        var (token, expires) = await BearerTokens.IssueAsync(db, user!, name!, TimeSpan.FromDays(days), clock.Now);
        Created = new Issued(token, expires, name!, user!.UserName!);
        UserId ??= user.Id;
        ModelState.Clear();
        Input = new TokenInput { UserId = user.Id };
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(long tokenId, CancellationToken ct)
    {
        var row = await db.ApiTokens.FirstOrDefaultAsync(t => t.Id == tokenId, ct);
        if (row is null) return NotFound();
        if (row.RevokedAt is null)
        {
            row.RevokedAt = clock.Now;
            await db.SaveChangesAsync(ct);
            Message = $"توکن «{row.Name}» باطل شد.";
        }
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
        var list = await admin.TokensAsync(CurrentUser.From(User)!, UserId, Status, ct);
        if (list.Ok) (Rows, Total, Users) = list.Value;
    }
}
