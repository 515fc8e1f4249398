using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc.Rendering;
using Payesh.Domain.Calendar;
using Payesh.Web.Infrastructure;

namespace Payesh.Web.Features.Figures;

/// <summary>A figure that appears on more than one page: its key (the <c>data-figure</c> attribute every page
/// marks it with), its Persian label and what it counts. The value itself comes from one computation each:
/// obstacle and resolution figures from <c>AccountabilityService</c>, scores and ranks from <c>Scorecard</c>,
/// action counts from the engine, forecasts from <see cref="NodeForecast"/>.</summary>
public sealed record SharedFigure(string Key, string Label, string Counts);

/// <summary>The catalogue of shared figures and the one way a page shows them (value + tooltip + footnote).</summary>
public static class SharedFigures
{
    public static readonly SharedFigure ObstaclesOpen = new("obstacles-open", "موانع باز",
        "موانعی که نه رفع شده‌اند و نه «رفع‌نشدنی» اعلام شده‌اند، از جمله موانعی که هنوز به دستگاهی ارجاع نشده‌اند (برای یک دستگاه: موانعی که مسئول رفع آن است)");
    public static readonly SharedFigure ObstaclesOverdue = new("obstacles-overdue", "موانع سررسیدگذشته",
        "موانع بازی که مهلت رفعشان پیش از این روز به پایان رسیده است");
    public static readonly SharedFigure ObstaclesEscalated = new("obstacles-escalated", "موانع ارجاعی باز",
        "موانع رفع‌نشده‌ای که به ستاد یا سطح بالاتر ارجاع شده‌اند (برای دستگاه: آن‌هایی که می‌بیند)");
    public static readonly SharedFigure ResolutionRate = new("resolution-rate", "درصد تحقق مصوبات",
        "مصوبات انجام‌شده ÷ مصوبات ابلاغی تا این روز (بی مصوبات لغوشده)");
    public static readonly SharedFigure ResolutionsOverdue = new("resolutions-overdue", "مصوبات سررسیدگذشته",
        "مصوبات ابلاغی انجام‌نشده‌ای که مهلتشان پیش از این روز به پایان رسیده است");
    public static readonly SharedFigure ActionsStopped = new("actions-stopped", "اقدام متوقف",
        "اقدام‌های ناتمامی که به اندازه آستانه توقف برنامه (پیش‌فرض ۱۴ روز) پیشرفتی نداشته‌اند");
    public static readonly SharedFigure ActionsOverdue = new("actions-overdue", "اقدام سررسیدگذشته",
        "اقدام‌های ناتمامی که پایان برنامه‌ای‌شان گذشته است و متوقف شمرده نمی‌شوند");
    public static readonly SharedFigure AgencyScore = new("agency-score", "امتیاز ترکیبی",
        "۱۰۰ × میانگین وزنی پیشرفت نسبت به برنامه، انضباط گزارش‌دهی در پنجره انضباط (۸۴ روز منتهی به این روز، مگر پیکربندی چیز دیگری بگوید)، تداوم اقدام‌ها و رفع موانع و اجرای مصوبات در مهلت");
    public static readonly SharedFigure AgencyRank = new("agency-rank", "رتبه",
        "جایگاه دستگاه میان دستگاه‌های مسئول اقدام به ترتیب امتیاز ترکیبی؛ ۱ یعنی بهترین");
    public static readonly SharedFigure Forecast = new("forecast", "پیش‌بینی پایان",
        "روزی که همان بخش یا اقدام با آهنگ پیشرفت ۳۰ روز اخیرش به ۱۰۰٪ می‌رسد؛ «—» یعنی در ۳۰ روز اخیر پیشرفتی نداشته است");

    private const string ItemsKey = "payesh:shared-figures";

    /// <summary>The tooltip: what the figure counts and for which day.</summary>
    public static string Note(SharedFigure f, JalaliDate day) => $"{f.Counts}؛ در پایان روز {Fa.Date(day)}";

    /// <summary>The figure's value as every page shows it, marked with its key and scope, with the tooltip; the page's
    /// footnote (<c>_FigureNotes</c> in the layout) then explains each figure used.</summary>
    public static IHtmlContent Figure(this IHtmlHelper html, SharedFigure f, string value, JalaliDate day, string scope, string? id = null, string? css = null)
    {
        var items = html.ViewContext.HttpContext.Items;
        if (items[ItemsKey] is not Dictionary<string, (SharedFigure, JalaliDate)> used) items[ItemsKey] = used = [];
        used.TryAdd(f.Key, (f, day));
        var tag = new TagBuilder("span");
        tag.AddCssClass("num fig");
        if (css is not null) tag.AddCssClass(css);
        if (id is not null) tag.Attributes["id"] = id;
        tag.Attributes["data-figure"] = f.Key;
        tag.Attributes["data-scope"] = scope;
        tag.Attributes["title"] = Note(f, day);
        tag.InnerHtml.Append(value);
        return tag;
    }

    /// <summary>The shared figures this response has shown, in the order first shown.</summary>
    public static IReadOnlyList<(SharedFigure Figure, JalaliDate Day)> Used(HttpContext context) =>
        context.Items[ItemsKey] is Dictionary<string, (SharedFigure, JalaliDate)> used ? [.. used.Values] : [];

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1720", Justification = "The same format name as Fa.Int, beside Rate and Score.")]
    public static string Int(long value) => Fa.Int(value);
    public static string Rate(double? rate) => rate is { } r ? Fa.Pct(r) : "—";
    public static string Score(double score) => Fa.Num(score);
}
