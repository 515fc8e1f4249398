using System.Text.RegularExpressions;
using Payesh.Domain.Text;

namespace Payesh.Web.Features.Admin;

/// <summary>Messages and input rules shared by the admin pages.</summary>
public static partial class AdminText
{
    public const string Conflict =
        "این مورد هم‌زمان به‌دست کاربر دیگری تغییر کرده است. آنچه نوشته بودید نگه داشته شد و مقدار کنونی هر خانه زیر آن آمده است؛ " +
        "اگر هنوز می‌خواهید تغییر شما ذخیره شود، دوباره «ذخیره» را بزنید.";

    public const string ConflictOnAction =
        "این مورد هم‌زمان به‌دست کاربر دیگری تغییر کرده است؛ کاری انجام نشد. وضعیت کنونی را ببینید و در صورت نیاز دوباره تلاش کنید.";

    /// <summary>Persian text as stored: normalized letters and spaces; empty becomes null.</summary>
    public static string? Text(string? input) => PersianText.Normalize(input) is { Length: > 0 } s ? s : null;

    /// <summary>An agency code as stored: Latin digits, upper case, no spaces.</summary>
    public static string? Code(string? input) =>
        PersianText.Normalize(input) is { Length: > 0 } s ? PersianText.ToLatinDigits(s).ToUpperInvariant() : null;

    public static bool IsValidCode(string code) => CodePattern().IsMatch(code);

    /// <summary>A user name as stored: Latin, lower case.</summary>
    public static string? UserName(string? input) =>
        PersianText.Normalize(input) is { Length: > 0 } s ? PersianText.ToLatinDigits(s).ToLowerInvariant() : null;

    public static bool IsValidUserName(string name) => UserNamePattern().IsMatch(name);

    [GeneratedRegex("^[A-Z0-9][A-Z0-9._-]{0,19}$")]
    private static partial Regex CodePattern();

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{2,49}$")]
    private static partial Regex UserNamePattern();
}
