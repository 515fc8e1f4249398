using Microsoft.AspNetCore.Mvc.ModelBinding.Metadata;

namespace Payesh.Web.Infrastructure;

/// <summary>Model binding's own messages (a value that is not a number, a missing value) in Persian.</summary>
public static class PersianBindingMessages
{
    public static void Apply(DefaultModelBindingMessageProvider m)
    {
        m.SetAttemptedValueIsInvalidAccessor((value, _) => $"مقدار «{value}» نامعتبر است.");
        m.SetMissingBindRequiredValueAccessor(_ => "این مقدار الزامی است.");
        m.SetMissingKeyOrValueAccessor(() => "این مقدار الزامی است.");
        m.SetMissingRequestBodyRequiredValueAccessor(() => "بدنه درخواست خالی است.");
        m.SetNonPropertyAttemptedValueIsInvalidAccessor(value => $"مقدار «{value}» نامعتبر است.");
        m.SetNonPropertyUnknownValueIsInvalidAccessor(() => "مقدار واردشده نامعتبر است.");
        m.SetNonPropertyValueMustBeANumberAccessor(() => "این مقدار باید عدد باشد.");
        m.SetUnknownValueIsInvalidAccessor(_ => "مقدار واردشده نامعتبر است.");
        m.SetValueIsInvalidAccessor(value => $"مقدار «{value}» نامعتبر است.");
        m.SetValueMustBeANumberAccessor(_ => "این مقدار باید عدد باشد.");
        m.SetValueMustNotBeNullAccessor(_ => "این مقدار الزامی است.");
    }
}
