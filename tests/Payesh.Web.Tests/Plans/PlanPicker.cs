using System.Text.RegularExpressions;

namespace Payesh.Web.Tests.Plans;

/// <summary>The plan selector of a page (Features/Shared/_PlanPicker): its options and the plan it shows.</summary>
public static partial class PlanPicker
{
    [GeneratedRegex("<select id=\"plan\"[^>]*>(.*?)</select>", RegexOptions.Singleline)]
    private static partial Regex Select();

    [GeneratedRegex("<option value=\"(\\d+)\" selected=\"selected\"")]
    private static partial Regex Selected();

    /// <summary>The selector's HTML ("" when the page has none).</summary>
    public static string Of(string html) => Select().Match(html) is { Success: true } m ? m.Groups[1].Value : "";

    /// <summary>The id of the plan the page shows, as its selector says.</summary>
    public static long Shown(string html)
    {
        var m = Selected().Match(Of(html));
        Assert.True(m.Success, "the page names no plan in its selector");
        return long.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }
}
