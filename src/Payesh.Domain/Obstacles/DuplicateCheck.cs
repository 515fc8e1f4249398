using Payesh.Domain.Text;

namespace Payesh.Domain.Obstacles;

/// <summary>An obstacle already registered, as the duplicate check sees it.</summary>
public sealed record KnownObstacle(long Id, string Title, IReadOnlyList<string> UnitNames);

public enum DuplicateReason { SimilarTitle, SameProductionUnit }

public sealed record PossibleDuplicate(long Id, string Title, DuplicateReason Reason, double Similarity, string? UnitName = null);

/// <summary>
/// Flags a new obstacle that may repeat an open one: titles whose normalized words overlap enough, or the
/// same production unit. Only a warning: the user may register it anyway.
/// </summary>
public static class DuplicateCheck
{
    /// <summary>Share of the shorter title's words found in the other title at or above which titles are similar.</summary>
    public const double TitleOverlap = 0.6;

    private static readonly HashSet<string> StopWords =
    [
        "و", "در", "به", "از", "با", "برای", "که", "را", "این", "آن", "یک", "تا", "بر", "یا", "هم", "نیز",
        "عدم", "مشکل", "مشکلات", "مانع", "موانع", "واحد", "واحدهای", "تولیدی", "شرکت", "کارخانه",
    ];

    private static readonly HashSet<string> UnitNoise = ["شرکت", "کارخانه", "واحد", "تولیدی", "صنایع", "مجتمع", "گروه", "سهامی", "خاص", "عام"];

    /// <summary>The comparable words of a text: normalized letters, no ZWNJ, no stop words, light plural stripping.</summary>
    public static IReadOnlySet<string> Words(string? text)
    {
        var normalized = PersianText.Normalize(text ?? "")!.Replace(PersianText.Zwnj.ToString(), "", StringComparison.Ordinal);
        normalized = FoldLetters(PersianText.ToLatinDigits(normalized).ToLowerInvariant());
        var words = new HashSet<string>(StringComparer.Ordinal);
        foreach (var raw in normalized.Split(Separators, StringSplitOptions.RemoveEmptyEntries))
        {
            var w = raw.Replace("ـ", "", StringComparison.Ordinal);
            if (w.Length < 2 || StopWords.Contains(w)) continue;
            if (w.Length > 4 && w.EndsWith("های", StringComparison.Ordinal)) w = w[..^3];
            else if (w.Length > 3 && w.EndsWith("ها", StringComparison.Ordinal)) w = w[..^2];
            if (w.Length >= 2 && !StopWords.Contains(w)) words.Add(w);
        }
        return words;
    }

    /// <summary>A production unit's name for comparison: its words without "company", "factory" and the like.</summary>
    public static string UnitKey(string? name) =>
        string.Join(' ', Words(name).Where(w => !UnitNoise.Contains(w)).Order(StringComparer.Ordinal));

    /// <summary>Overlap of two titles' words: shared ÷ the smaller count (0 when either has none).</summary>
    public static double Similarity(string? a, string? b)
    {
        var x = Words(a);
        var y = Words(b);
        if (x.Count == 0 || y.Count == 0) return 0;
        int shared = x.Count(y.Contains);
        return (double)shared / Math.Min(x.Count, y.Count);
    }

    public static IReadOnlyList<PossibleDuplicate> Find(string title, IEnumerable<string> unitNames, IEnumerable<KnownObstacle> known)
    {
        var words = Words(title);
        var units = unitNames.Select(UnitKey).Where(k => k.Length > 0).ToHashSet(StringComparer.Ordinal);
        var found = new List<PossibleDuplicate>();
        foreach (var k in known)
        {
            var sameUnit = k.UnitNames.FirstOrDefault(u => units.Contains(UnitKey(u)));
            if (sameUnit is not null)
            {
                found.Add(new PossibleDuplicate(k.Id, k.Title, DuplicateReason.SameProductionUnit, 1, sameUnit));
                continue;
            }
            var other = Words(k.Title);
            if (words.Count == 0 || other.Count == 0) continue;
            int shared = words.Count(other.Contains);
            double similarity = (double)shared / Math.Min(words.Count, other.Count);
            // One shared word of two is chance; ask for at least two shared words.
            if (shared >= 2 && similarity >= TitleOverlap)
                found.Add(new PossibleDuplicate(k.Id, k.Title, DuplicateReason.SimilarTitle, similarity));
        }
        return [.. found.OrderByDescending(d => d.Similarity).ThenBy(d => d.Id)];
    }

    /// <summary>Hamza forms and diacritics are written either way: أ/إ → ا, ؤ → و, ة → ه, harakat dropped.</summary>
    private static string FoldLetters(string text)
    {
        var sb = new System.Text.StringBuilder(text.Length);
        foreach (var c in text)
        {
            switch (c)
            {
                case 'أ' or 'إ' or 'ٱ': sb.Append('ا'); break;
                case 'ؤ': sb.Append('و'); break;
                case 'ة': sb.Append('ه'); break;
                case 'ء' or (>= '\u064B' and <= '\u065F') or '\u0670': break;
                default: sb.Append(c); break;
            }
        }
        return sb.ToString();
    }

    private static readonly char[] Separators =
        [' ', '\t', '\n', '\r', '،', ',', '.', '؛', ';', ':', '«', '»', '"', '\'', '(', ')', '[', ']', '-', '–', '—', '/', '\\', '؟', '?', '!', '٬', '٫'];
}
