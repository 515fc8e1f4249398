using System.Globalization;
using System.IO.Compression;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Payesh.Web.Infrastructure;

/// <summary>
/// Reads .xlsx workbooks that people upload, defensively: anything that is not a spreadsheet, a compressed
/// package that would unpack too large, too many rows, formulas and merged cells are reported in Persian
/// instead of failing or being half-read. Rows are streamed; values are given as typed (text, or a number).
/// </summary>
public sealed class XlsxReader : IDisposable
{
    /// <summary>A cell's value: text, or a number (with its text), or a formula (whose value is not trusted).</summary>
    public sealed record Cell(string Column, string? Text, double? Number, bool Formula)
    {
        public bool IsBlank => !Formula && string.IsNullOrWhiteSpace(Text) && Number is null;
    }

    public sealed record Row(int Index, IReadOnlyDictionary<string, Cell> Cells);

    /// <summary>A sheet as read: its rows (blank ones left out), its merged ranges, and whether it had more rows than allowed.</summary>
    public sealed record SheetContent(string Name, IReadOnlyList<Row> Rows, IReadOnlyList<string> MergedRanges, bool TooManyRows);

    private readonly SpreadsheetDocument _doc;
    private readonly Dictionary<string, WorksheetPart> _sheets;
    private List<string>? _sharedStrings;

    private XlsxReader(SpreadsheetDocument doc, Dictionary<string, WorksheetPart> sheets)
    {
        _doc = doc;
        _sheets = sheets;
    }

    public IReadOnlyCollection<string> SheetNames => _sheets.Keys;

    /// <summary>Opens a workbook from bytes; null with a Persian message when it is not one or is unsafe to open.</summary>
    public static (XlsxReader? Reader, string? Error) Open(byte[] content, long maxUnpackedBytes = 100L * 1024 * 1024)
    {
        const string notSpreadsheet = "این فایل کاربرگ اکسل (.xlsx) نیست؛ فایل را در اکسل باز کنید و با قالب «Excel Workbook (.xlsx)» ذخیره کنید.";
        if (content.Length >= 8 && content[0] == 0xD0 && content[1] == 0xCF && content[2] == 0x11 && content[3] == 0xE0)
            return (null, "قالب قدیمی اکسل (.xls) پذیرفته نیست؛ فایل را در اکسل با قالب «Excel Workbook (.xlsx)» ذخیره کنید.");
        if (content.Length < 4 || content[0] != (byte)'P' || content[1] != (byte)'K') return (null, notSpreadsheet);
        try
        {
            // Look inside the package before opening it: a small file must not unpack into gigabytes.
            using (var zip = new ZipArchive(new MemoryStream(content), ZipArchiveMode.Read))
            {
                if (zip.Entries.Count > 2000) return (null, "فایل بیش از اندازه جزء دارد و خوانده نمی‌شود.");
                long unpacked = zip.Entries.Sum(e => e.Length);
                if (unpacked > maxUnpackedBytes)
                    return (null, $"محتوای فایل پس از گشودن بیش از {PersianNumbers(maxUnpackedBytes / 1024 / 1024)} مگابایت است؛ فایل را کوچک‌تر کنید.");
                if (zip.GetEntry("xl/workbook.xml") is null)
                    return (null, zip.GetEntry("word/document.xml") is not null
                        ? "این فایل سند Word است، نه کاربرگ اکسل؛ از الگوی اکسل پایش استفاده کنید."
                        : notSpreadsheet);
            }
            var doc = SpreadsheetDocument.Open(new MemoryStream(content), false);
            var wb = doc.WorkbookPart;
            if (wb?.Workbook?.Sheets is null)
            {
                doc.Dispose();
                return (null, notSpreadsheet);
            }
            var sheets = new Dictionary<string, WorksheetPart>(StringComparer.Ordinal);
            foreach (var s in wb.Workbook.Sheets.Elements<Sheet>())
            {
                if (s.Id?.Value is not { } id || s.Name?.Value is not { } name) continue;
                if (wb.GetPartById(id) is WorksheetPart part) sheets[Normalize(name)] = part;
            }
            return (new XlsxReader(doc, sheets), null);
        }
        catch (Exception ex) when (ex is InvalidDataException or OpenXmlPackageException or IOException or InvalidOperationException
            or System.Xml.XmlException or FormatException or ArgumentException or NotSupportedException)
        {
            return (null, notSpreadsheet);
        }
    }

    public bool HasSheet(string name) => _sheets.ContainsKey(Normalize(name));

    /// <summary>Reads a sheet's rows (at most <paramref name="maxRows"/> after the header); <paramref name="progress"/> is told the rows read.</summary>
    public SheetContent Read(string name, int maxRows, Action<int>? progress = null)
    {
        var part = _sheets[Normalize(name)];
        var rows = new List<Row>();
        var merged = new List<string>();
        bool tooMany = false;
        using (var reader = OpenXmlReader.Create(part))
        {
            int lastIndex = 0;
            while (reader.Read())
            {
                if (reader.ElementType == typeof(DocumentFormat.OpenXml.Spreadsheet.Row) && reader.IsStartElement)
                {
                    var row = (DocumentFormat.OpenXml.Spreadsheet.Row)reader.LoadCurrentElement()!;
                    int index = row.RowIndex?.Value is { } ri ? (int)ri : lastIndex + 1;
                    lastIndex = index;
                    var cells = ReadCells(row);
                    if (cells.Count == 0 || cells.Values.All(c => c.IsBlank)) continue;
                    // The header row does not count towards the limit.
                    if (rows.Count > maxRows)
                    {
                        tooMany = true;
                        break;
                    }
                    rows.Add(new Row(index, cells));
                    if (rows.Count % 250 == 0) progress?.Invoke(rows.Count);
                }
                else if (reader.ElementType == typeof(MergeCell) && reader.IsStartElement)
                {
                    var merge = (MergeCell)reader.LoadCurrentElement()!;
                    if (merge.Reference?.Value is { } r) merged.Add(r);
                }
            }
        }
        progress?.Invoke(rows.Count);
        return new SheetContent(name, rows, merged, tooMany);
    }

    private Dictionary<string, Cell> ReadCells(DocumentFormat.OpenXml.Spreadsheet.Row row)
    {
        var cells = new Dictionary<string, Cell>(StringComparer.Ordinal);
        int position = 0;
        foreach (var c in row.Elements<DocumentFormat.OpenXml.Spreadsheet.Cell>())
        {
            position++;
            var column = c.CellReference?.Value is { } reference ? new string(reference.TakeWhile(char.IsLetter).ToArray()) : ColumnName(position - 1);
            if (column.Length == 0) column = ColumnName(position - 1);
            else position = ColumnIndex(column) + 1;
            bool formula = c.CellFormula is not null;
            string? text = null;
            double? number = null;
            var raw = c.CellValue?.Text;
            var type = c.DataType?.Value;
            if (type == CellValues.SharedString)
            {
                if (int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out int i))
                {
                    var table = SharedStrings();
                    text = i >= 0 && i < table.Count ? table[i] : null;
                }
            }
            else if (type == CellValues.InlineString) text = c.InlineString?.InnerText;
            else if (type == CellValues.Boolean) text = raw == "1" ? "true" : "false";
            else if (type == CellValues.String || type == CellValues.Error) text = raw;
            else if (raw is not null)
            {
                if (double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var d))
                {
                    number = d;
                    text = d.ToString("R", CultureInfo.InvariantCulture);
                }
                else text = raw;
            }
            cells[column] = new Cell(column, text is null ? null : Domain.Text.InputText.FromSpreadsheet(text), number, formula);
        }
        return cells;
    }

    private List<string> SharedStrings()
    {
        if (_sharedStrings is not null) return _sharedStrings;
        _sharedStrings = [];
        var part = _doc.WorkbookPart?.SharedStringTablePart;
        if (part is null) return _sharedStrings;
        using var reader = OpenXmlReader.Create(part);
        while (reader.Read())
        {
            if (reader.ElementType == typeof(SharedStringItem) && reader.IsStartElement)
                _sharedStrings.Add(((SharedStringItem)reader.LoadCurrentElement()!).InnerText);
        }
        return _sharedStrings;
    }

    public static string ColumnName(int index)
    {
        var s = "";
        for (index++; index > 0; index = (index - 1) / 26) s = (char)('A' + (index - 1) % 26) + s;
        return s;
    }

    public static int ColumnIndex(string column)
    {
        int n = 0;
        foreach (var ch in column.ToUpperInvariant()) n = n * 26 + (ch - 'A' + 1);
        return n - 1;
    }

    /// <summary>A sheet or header name as compared: Persian letters normalized, spaces trimmed.</summary>
    public static string Normalize(string name) => Domain.Text.PersianText.Normalize(name) ?? "";

    private static string PersianNumbers(long n) => Domain.Text.PersianText.FormatInteger(n);

    public void Dispose() => _doc.Dispose();
}
