using System.Globalization;
using System.Text;

namespace Payesh.Domain.Text;

/// <summary>Persian text at the input and output boundaries: letters, digits, spaces.</summary>
public static class PersianText
{
    public const char Zwnj = '\u200c';

    /// <summary>
    /// Normalizes user text: first the input rule (<see cref="InputText.Clean"/>: controls, NUL, non-characters,
    /// lone surrogates and bidi overrides removed), then Arabic ي/ى → ی and ك → ک, Arabic-Indic digits → Persian digits,
    /// trims, collapses runs of white space to one space, drops ZWNJs that touch a space or repeat,
    /// and keeps ZWNJ inside words. Null stays null.
    /// </summary>
    public static string? Normalize(string? text)
    {
        if (text is null) return null;
        text = InputText.Clean(text, multiLine: false)!;
        var sb = new StringBuilder(text.Length);
        bool pendingSpace = false;
        foreach (var raw in text)
        {
            char c = raw switch
            {
                '\u064A' or '\u0649' => 'ی',
                '\u0643' => 'ک',
                >= '\u0660' and <= '\u0669' => (char)('۰' + (raw - '\u0660')),
                '\u00A0' or '\u200F' or '\u200E' => ' ',
                _ => raw,
            };
            if (char.IsWhiteSpace(c) && c != Zwnj)
            {
                pendingSpace = sb.Length > 0;
                continue;
            }
            if (c == Zwnj)
            {
                // A ZWNJ is meaningful only between two letters: drop it next to spaces or another ZWNJ.
                if (pendingSpace || sb.Length == 0 || sb[^1] == Zwnj) continue;
                sb.Append(c);
                continue;
            }
            if (pendingSpace)
            {
                if (sb.Length > 0 && sb[^1] == Zwnj) sb.Length--;
                sb.Append(' ');
                pendingSpace = false;
            }
            sb.Append(c);
        }
        if (sb.Length > 0 && sb[^1] == Zwnj) sb.Length--;
        return sb.ToString();
    }

    /// <summary>Replaces Persian (۰–۹) and Arabic-Indic (٠–٩) digits by Latin ones; the Persian
    /// decimal separator ٫ becomes '.', and the thousands separator ٬ is removed.</summary>
    public static string ToLatinDigits(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            switch (c)
            {
                case >= '۰' and <= '۹': sb.Append((char)('0' + (c - '۰'))); break;
                case >= '\u0660' and <= '\u0669': sb.Append((char)('0' + (c - '\u0660'))); break;
                case '٫': sb.Append('.'); break;
                case '٬': break;
                default: sb.Append(c); break;
            }
        }
        return sb.ToString();
    }

    /// <summary>A whole number written plainly (no group separators) in Persian digits, e.g. a year ۱۴۰۴.</summary>
    public static string ToPersianDigits(long value) => ToPersianDigits(value.ToString(CultureInfo.InvariantCulture));

    public static string ToPersianDigits(string text)
    {
        return string.Create(text.Length, text, static (span, s) =>
        {
            for (int i = 0; i < s.Length; i++)
            {
                char c = s[i];
                span[i] = c switch
                {
                    >= '0' and <= '9' => (char)('۰' + (c - '0')),
                    >= '\u0660' and <= '\u0669' => (char)('۰' + (c - '\u0660')),
                    _ => c,
                };
            }
        });
    }

    /// <summary>Parses a number typed with any digits, '.', '/', '٫' as decimal point. Null when not a number.</summary>
    public static decimal? ParseNumber(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var s = ToLatinDigits(text.Trim()).Replace('/', '.').Replace("%", "").Replace("٪", "").Trim();
        return decimal.TryParse(s, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v)
            ? v
            : null;
    }

    /// <summary>A number with Persian digits and the Persian decimal separator, e.g. ۴۲٫۵.</summary>
    public static string FormatNumber(double value, int decimals = 1)
    {
        var s = Math.Round(value, decimals, MidpointRounding.AwayFromZero).ToString("0." + new string('#', decimals), CultureInfo.InvariantCulture);
        if (s == "-0") s = "0";
        return ToPersianDigits(s.Replace('.', '٫').Replace("-", "\u2212"));
    }

    public static string FormatInteger(long value) =>
        ToPersianDigits(value.ToString("#,0", CultureInfo.InvariantCulture).Replace(',', '٬'));

    /// <summary>A percentage such as ۴۲٫۵٪.</summary>
    public static string FormatPercent(double value, int decimals = 1) => FormatNumber(value, decimals) + "٪";
}
