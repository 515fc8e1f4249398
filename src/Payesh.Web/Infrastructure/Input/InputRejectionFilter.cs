using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.ModelBinding.Binders;

namespace Payesh.Web.Infrastructure.Input;

/// <summary>Answers 422 (naming the field, in Persian) when binding refused a value, before any handler runs.</summary>
public sealed class InputRejectionFilter : IAsyncPageFilter, IAsyncActionFilter
{
    private const string Key = "payesh:input-refusals";

    public static void Record(HttpContext http, string field, string message)
    {
        if (http.Items[Key] is not Dictionary<string, string[]> refusals) http.Items[Key] = refusals = [];
        refusals[field] = [message];
    }

    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        if (Refused(context.HttpContext) is { } result) { context.Result = result; return; }
        await next();
    }

    public async Task OnActionExecutionAsync(ActionExecutingContext context, ActionExecutionDelegate next)
    {
        if (Refused(context.HttpContext) is { } result) { context.Result = result; return; }
        await next();
    }

    private static RefusalResult? Refused(HttpContext http)
    {
        if (http.Items[Key] is not Dictionary<string, string[]> refusals) return null;
        return new RefusalResult(refusals);
    }

    private sealed class RefusalResult(Dictionary<string, string[]> refusals) : IActionResult
    {
        public Task ExecuteResultAsync(ActionContext context) =>
            InputAnswers.WriteAsync(context.HttpContext, StatusCodes.Status422UnprocessableEntity, InputAnswers.Title422,
                refusals.Count == 1 ? refusals.Values.First()[0] : "چند مقدار پذیرفته نیست؛ هیچ چیزی ذخیره نشد.", refusals);
    }
}
