using System.Globalization;
using Payesh.Domain.Text;

namespace Payesh.Domain.Plans;

/// <summary>Node codes (issue 11): one spelling per code, whatever digits were typed, and the next free code
/// proposed under a parent.</summary>
public static class PlanCodes
{
    /// <summary>The stored form of a code: ی/ک normalised, Latin digits, no spaces — «۰۱٫۰۲ » and "01.02" are one code.</summary>
    public static string? Normalize(string? code)
    {
        var text = PersianText.Normalize(code);
        return text is null ? null : PersianText.ToLatinDigits(text).Replace(" ", "", StringComparison.Ordinal);
    }

    /// <summary>
    /// The next free code under <paramref name="parentCode"/> (null: the top level): one more than the largest
    /// numeric last part of the siblings' codes, as wide as theirs (two digits when there are none), prefixed by the
    /// parent's code and a dot; a code already used anywhere in the plan (<paramref name="taken"/>, removed nodes
    /// included) is skipped.
    /// </summary>
    public static string Next(string? parentCode, IEnumerable<string> siblingCodes, IEnumerable<string> taken)
    {
        var prefix = string.IsNullOrEmpty(parentCode) ? "" : Normalize(parentCode) + ".";
        int max = 0, width = 2;
        foreach (var raw in siblingCodes)
        {
            var code = Normalize(raw) ?? "";
            var last = code.StartsWith(prefix, StringComparison.Ordinal) ? code[prefix.Length..] : code[(code.LastIndexOf('.') + 1)..];
            if (last.Length == 0 || last.Length > 9 || !last.All(char.IsAsciiDigit)) continue;
            max = Math.Max(max, int.Parse(last, CultureInfo.InvariantCulture));
            width = Math.Max(width, last.Length);
        }
        var used = taken.Select(Normalize).ToHashSet(StringComparer.Ordinal);
        for (int n = max + 1; ; n++)
        {
            var candidate = prefix + n.ToString(CultureInfo.InvariantCulture).PadLeft(width, '0');
            if (!used.Contains(candidate)) return candidate;
        }
    }
}
