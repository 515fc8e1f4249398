using System.Text;

namespace Payesh.Domain.Text;

/// <summary>
/// The one input rule for every text field (issue 13): characters no field may hold are removed at the door,
/// before any normalisation, length check or database. Removed: C0/C1 controls (line breaks are kept, as
/// <c>\n</c>, only where multi-line text is allowed; a tab becomes a space), NUL, non-characters
/// (U+FDD0–U+FDEF, U+xFFFE/U+xFFFF of every plane), lone surrogates, the byte-order mark, and the bidi
/// embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069) that can reorder what a reader sees.
/// </summary>
public static class InputText
{
    /// <summary>The cleaned text; the same instance when nothing had to change (the common case costs one scan).</summary>
    public static string? Clean(string? text, bool multiLine = true)
    {
        if (text is null) return null;
        int i = 0;
        for (; i < text.Length; i++)
        {
            char c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])
                && (char.ConvertToUtf32(c, text[i + 1]) & 0xFFFE) != 0xFFFE)
            {
                i++;
                continue;
            }
            if (NeedsWork(c, multiLine)) break;
        }
        if (i == text.Length) return text;
        var sb = new StringBuilder(text.Length);
        sb.Append(text, 0, i);
        for (; i < text.Length; i++)
        {
            char c = text[i];
            if (char.IsHighSurrogate(c))
            {
                if (i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                {
                    int cp = char.ConvertToUtf32(c, text[i + 1]);
                    if ((cp & 0xFFFE) != 0xFFFE) sb.Append(c).Append(text[i + 1]);
                    i++;
                }
                continue;
            }
            if (char.IsLowSurrogate(c)) continue;
            if (c == '\r')
            {
                // \r\n and a lone \r are one line break.
                if (i + 1 < text.Length && text[i + 1] == '\n') i++;
                sb.Append(multiLine ? '\n' : ' ');
                continue;
            }
            if (c == '\n') { sb.Append(multiLine ? '\n' : ' '); continue; }
            if (c == '\t') { sb.Append(' '); continue; }
            if (IsForbidden(c)) continue;
            sb.Append(c);
        }
        return sb.ToString();
    }

    /// <summary>A UTF-16 unit that never belongs in stored text (surrogates are judged in pairs by <see cref="Clean"/>).</summary>
    public static bool IsForbidden(char c) => c switch
    {
        < '\u0020' => c != '\n' && c != '\r' && c != '\t',
        >= '\u007F' and <= '\u009F' => true,
        >= '\u202A' and <= '\u202E' => true,
        >= '\u2066' and <= '\u2069' => true,
        >= '\uFDD0' and <= '\uFDEF' => true,
        '\uFFFE' or '\uFFFF' or '\uFEFF' => true,
        _ => false,
    };

    private static bool NeedsWork(char c, bool multiLine) =>
        c < '\u0020' ? (c != '\n' || !multiLine) : (IsForbidden(c) || char.IsSurrogate(c));

    /// <summary>True when <paramref name="text"/> holds nothing <see cref="Clean"/> would remove or change.</summary>
    public static bool IsClean(string text, bool multiLine = true) => ReferenceEquals(Clean(text, multiLine), text);

    /// <summary>
    /// Text for a spreadsheet cell or an XML document: only characters XML 1.0 allows (what <see cref="Clean"/>
    /// keeps, plus tabs and line breaks). Old rows stored before the rule are made safe here, not refused.
    /// </summary>
    public static string XmlSafe(string text)
    {
        var cleaned = Clean(text, multiLine: true)!;
        if (ReferenceEquals(cleaned, text) || text.IndexOf('\t') < 0 && text.IndexOf('\r') < 0) return cleaned;
        // Clean turns tabs into spaces and \r\n into \n; XML keeps them, so only the forbidden characters go.
        var sb = new StringBuilder(text.Length);
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                if ((char.ConvertToUtf32(c, text[i + 1]) & 0xFFFE) != 0xFFFE) sb.Append(c).Append(text[i + 1]);
                i++;
                continue;
            }
            if (char.IsSurrogate(c) || (IsForbidden(c) && c is not ('\t' or '\r'))) continue;
            sb.Append(c);
        }
        return sb.ToString();
    }

    /// <summary>
    /// A cell value no spreadsheet evaluates: text that starts (after any white space) with = + - @ gets a
    /// leading apostrophe, which Excel and LibreOffice show as text and keep as text after a save as CSV.
    /// Plain numbers such as "-5" are left alone.
    /// </summary>
    public static string SpreadsheetSafe(string text)
    {
        var safe = XmlSafe(text);
        int i = 0;
        while (i < safe.Length && (char.IsWhiteSpace(safe[i]) || safe[i] == '\u200C')) i++;
        if (i == safe.Length || safe[i] is not ('=' or '+' or '-' or '@')) return safe;
        if (safe[i] is ('-' or '+') && IsPlainNumber(safe.AsSpan(i))) return safe;
        return "'" + safe;
    }

    /// <summary>A cell's text as typed: the apostrophe <see cref="SpreadsheetSafe"/> put before formula-like text is
    /// taken off again, so that an exported plan reads back the same.</summary>
    public static string FromSpreadsheet(string text)
    {
        if (text.Length < 2 || text[0] != '\'') return text;
        var rest = text[1..];
        return SpreadsheetSafe(rest) == text ? rest : text;
    }

    private static bool IsPlainNumber(ReadOnlySpan<char> s) =>
        decimal.TryParse(s, System.Globalization.NumberStyles.AllowLeadingSign | System.Globalization.NumberStyles.AllowDecimalPoint,
            System.Globalization.CultureInfo.InvariantCulture, out _);

    /// <summary>
    /// An uploaded file's name as stored and offered back: the path and the rule's characters removed, and also
    /// the zero-width and bidi marks (U+200B–U+200F, U+061C) with which "photo‮gpj.exe" would read as a picture.
    /// </summary>
    public static string FileName(string? name, string fallback = "file")
    {
        var s = Clean(Path.GetFileName((name ?? "").Replace('\\', '/')), multiLine: false) ?? "";
        var sb = new StringBuilder(s.Length);
        foreach (var c in s)
        {
            if (c is >= '\u200B' and <= '\u200F' or '\u061C' or '\u2060' or '/' or ':' or '*' or '?' or '"' or '<' or '>' or '|') continue;
            sb.Append(c);
        }
        var result = sb.ToString().Trim().Trim('.').Trim();
        if (result.Length > FieldLimits.FileName)
        {
            var ext = Path.GetExtension(result);
            if (ext.Length > 20) ext = "";
            result = result[..(FieldLimits.FileName - ext.Length)] + ext;
        }
        return result.Length == 0 ? fallback : result;
    }
}
