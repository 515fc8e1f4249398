using System.Globalization;
using Microsoft.AspNetCore.Identity;

namespace Payesh.Web.Features.Account;

/// <summary>Identity's messages in Persian.</summary>
public sealed class PersianIdentityErrors : IdentityErrorDescriber
{
    private static IdentityError E(string code, string text) => new() { Code = code, Description = text };

    public override IdentityError PasswordTooShort(int length) =>
        E(nameof(PasswordTooShort), $"گذرواژه باید دست‌کم {Domain.Text.PersianText.ToPersianDigits(length)} نویسه باشد.");
    public override IdentityError PasswordRequiresDigit() => E(nameof(PasswordRequiresDigit), "گذرواژه باید دست‌کم یک رقم داشته باشد.");
    public override IdentityError PasswordRequiresLower() => E(nameof(PasswordRequiresLower), "گذرواژه باید دست‌کم یک حرف کوچک لاتین داشته باشد.");
    public override IdentityError PasswordRequiresUpper() => E(nameof(PasswordRequiresUpper), "گذرواژه باید دست‌کم یک حرف بزرگ لاتین داشته باشد.");
    public override IdentityError PasswordRequiresNonAlphanumeric() => E(nameof(PasswordRequiresNonAlphanumeric), "گذرواژه باید دست‌کم یک نویسه غیرحرفی داشته باشد.");
    public override IdentityError PasswordMismatch() => E(nameof(PasswordMismatch), "گذرواژه نادرست است.");
    public override IdentityError DuplicateUserName(string userName) => E(nameof(DuplicateUserName), $"نام کاربری «{userName}» پیش‌تر ثبت شده است.");
    public override IdentityError InvalidUserName(string? userName) => E(nameof(InvalidUserName), $"نام کاربری «{userName}» نامعتبر است؛ فقط حروف لاتین، رقم و . - _ مجاز است.");
    public override IdentityError ConcurrencyFailure() => E(nameof(ConcurrencyFailure), "این حساب هم‌زمان به‌دست کس دیگری تغییر کرده است؛ صفحه را دوباره باز کنید.");
    public override IdentityError PasswordRequiresUniqueChars(int uniqueChars) =>
        E(nameof(PasswordRequiresUniqueChars), $"گذرواژه باید دست‌کم {Domain.Text.PersianText.ToPersianDigits(uniqueChars)} نویسه متفاوت داشته باشد.");
    public override IdentityError UserAlreadyInRole(string role) => E(nameof(UserAlreadyInRole), "کاربر پیش‌تر این نقش را دارد.");
    public override IdentityError UserNotInRole(string role) => E(nameof(UserNotInRole), "کاربر این نقش را ندارد.");
    public override IdentityError InvalidToken() => E(nameof(InvalidToken), "کد یک‌بارمصرف نامعتبر است یا زمان آن گذشته است.");
    public override IdentityError UserAlreadyHasPassword() => E(nameof(UserAlreadyHasPassword), "این حساب پیش‌تر گذرواژه دارد.");
    public override IdentityError DefaultError() => E(nameof(DefaultError), "خطای ناشناخته‌ای رخ داد.");
}
