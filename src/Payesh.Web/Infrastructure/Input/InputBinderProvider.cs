using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.ModelBinding.Binders;
using Payesh.Domain.Text;

namespace Payesh.Web.Infrastructure.Input;

/// <summary>
/// The input rule for forms and query strings (issue 13): every bound string is cleaned by
/// <see cref="InputText.Clean"/>; a value longer than <see cref="FieldLimits.LongestValue"/> or a number that is
/// NaN or infinite is refused, and <see cref="InputRejectionFilter"/> answers 422 before the page's handler runs.
/// </summary>
public sealed class InputBinderProvider : IModelBinderProvider
{
    private readonly SimpleTypeModelBinderProvider _simple = new();
    private readonly FloatingPointTypeModelBinderProvider _floating = new();

    public IModelBinder? GetBinder(ModelBinderProviderContext context)
    {
        var type = Nullable.GetUnderlyingType(context.Metadata.ModelType) ?? context.Metadata.ModelType;
        if (type == typeof(string)) return _simple.GetBinder(context) is { } s ? new CheckedBinder(s) : null;
        if (type == typeof(double) || type == typeof(float)) return _floating.GetBinder(context) is { } f ? new CheckedBinder(f) : null;
        return null;
    }

    private sealed class CheckedBinder(IModelBinder inner) : IModelBinder
    {
        public async Task BindModelAsync(ModelBindingContext context)
        {
            await inner.BindModelAsync(context);
            if (!context.Result.IsModelSet) return;
            switch (context.Result.Model)
            {
                case string s when s.Length > FieldLimits.LongestValue:
                    Refuse(context, FieldLimits.TooLong(Label(context), FieldLimits.LongestValue));
                    break;
                case string s:
                    var cleaned = InputText.Clean(s);
                    if (!ReferenceEquals(cleaned, s)) context.Result = ModelBindingResult.Success(cleaned);
                    break;
                case double d when !double.IsFinite(d):
                case float f when !float.IsFinite(f):
                    Refuse(context, $"«{Label(context)}» باید عددی متناهی باشد (NaN و بی‌نهایت پذیرفته نیست).");
                    break;
            }
        }

        private static string Label(ModelBindingContext c) => c.ModelMetadata.DisplayName ?? c.ModelName;

        private static void Refuse(ModelBindingContext context, string message)
        {
            context.ModelState.TryAddModelError(context.ModelName, message);
            context.Result = ModelBindingResult.Failed();
            InputRejectionFilter.Record(context.HttpContext, context.ModelName, message);
        }
    }
}
