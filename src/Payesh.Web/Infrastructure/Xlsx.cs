using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Payesh.Web.Infrastructure;

/// <summary>
/// Writes .xlsx workbooks the way Persian users expect them: right-to-left sheets, a bold header row,
/// frozen under the header, sensible column widths. Numbers stay numbers (Excel shows them in the
/// user's locale); dates are Jalali text.
/// </summary>
public static class Xlsx
{
    public sealed record Sheet(string Name, IReadOnlyList<string> Headers, IEnumerable<object?[]> Rows)
    {
        /// <summary>Columns (0-based) formatted as text, so that what people type there (codes such as 01.10, Jalali
        /// dates) is not turned into a number or a Gregorian date by Excel.</summary>
        public IReadOnlySet<int> TextColumns { get; init; } = new HashSet<int>();
    }

    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static byte[] Write(params Sheet[] sheets)
    {
        using var stream = new MemoryStream();
        using (var doc = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var wb = doc.AddWorkbookPart();
            wb.Workbook = new Workbook();
            var styles = wb.AddNewPart<WorkbookStylesPart>();
            styles.Stylesheet = Styles();
            var list = wb.Workbook.AppendChild(new Sheets());
            uint id = 1;
            foreach (var sheet in sheets)
            {
                var part = wb.AddNewPart<WorksheetPart>();
                var data = new SheetData();
                var widths = sheet.Headers.Select(h => Math.Max(8, h.Length + 2)).ToArray();
                data.AppendChild(RowOf(sheet.Headers.Cast<object?>().ToArray(), 1, header: true, widths));
                uint r = 2;
                foreach (var row in sheet.Rows) data.AppendChild(RowOf(row, r++, header: false, widths, sheet.TextColumns));
                var ws = new Worksheet();
                ws.AppendChild(new SheetViews(new SheetView
                {
                    RightToLeft = true,
                    WorkbookViewId = 0,
                    Pane = new Pane { VerticalSplit = 1, TopLeftCell = "A2", ActivePane = PaneValues.BottomLeft, State = PaneStateValues.Frozen },
                }));
                ws.AppendChild(new Columns(widths.Select((w, i) => new Column
                {
                    Min = (uint)i + 1,
                    Max = (uint)i + 1,
                    Width = Math.Min(60, w),
                    CustomWidth = true,
                    Style = sheet.TextColumns.Contains(i) ? TextStyle : null,
                })));
                ws.AppendChild(data);
                part.Worksheet = ws;
                list.AppendChild(new DocumentFormat.OpenXml.Spreadsheet.Sheet
                {
                    Id = wb.GetIdOfPart(part),
                    SheetId = id++,
                    Name = SafeName(sheet.Name),
                });
            }
            wb.Workbook.Save();
        }
        return stream.ToArray();
    }

    private const uint TextStyle = 3;

    private static Row RowOf(object?[] values, uint index, bool header, int[] widths, IReadOnlySet<int>? textColumns = null)
    {
        var row = new Row { RowIndex = index };
        for (int i = 0; i < values.Length; i++)
        {
            var cell = new Cell { CellReference = Column(i) + index, StyleIndex = header ? 1u : 0u };
            switch (values[i])
            {
                case null:
                    break;
                case double or float or decimal or int or long:
                    var number = Convert.ToDouble(values[i], System.Globalization.CultureInfo.InvariantCulture);
                    cell.DataType = CellValues.Number;
                    cell.CellValue = new CellValue(number);
                    cell.StyleIndex = header ? 1u : (number % 1 == 0 ? 0u : 2u);
                    break;
                default:
                    // Only XML-valid characters; text that looks like a formula is kept as text (issue 13).
                    var text = header ? Payesh.Domain.Text.InputText.XmlSafe(values[i]!.ToString() ?? "")
                        : Payesh.Domain.Text.InputText.SpreadsheetSafe(values[i]!.ToString() ?? "");
                    cell.DataType = CellValues.InlineString;
                    cell.InlineString = new InlineString(new Text(text) { Space = SpaceProcessingModeValues.Preserve });
                    if (!header && textColumns?.Contains(i) == true) cell.StyleIndex = TextStyle;
                    if (i < widths.Length) widths[i] = Math.Max(widths[i], Math.Min(60, text.Length + 2));
                    break;
            }
            row.AppendChild(cell);
        }
        return row;
    }

    private static string Column(int i)
    {
        var s = "";
        for (i++; i > 0; i = (i - 1) / 26) s = (char)('A' + (i - 1) % 26) + s;
        return s;
    }

    private static string SafeName(string name)
    {
        var clean = new string(Payesh.Domain.Text.InputText.XmlSafe(name).Where(c => !"[]:*?/\\".Contains(c)).ToArray());
        return clean.Length > 31 ? clean[..31] : clean;
    }

    private static Stylesheet Styles() => new(
        new Fonts(
            new Font(new FontName { Val = "Vazirmatn" }, new FontSize { Val = 11 }),
            new Font(new Bold(), new FontName { Val = "Vazirmatn" }, new FontSize { Val = 11 })),
        new Fills(new Fill(new PatternFill { PatternType = PatternValues.None }), new Fill(new PatternFill { PatternType = PatternValues.Gray125 })),
        new Borders(new Border()),
        new CellFormats(
            new CellFormat { FontId = 0 },
            new CellFormat { FontId = 1, ApplyFont = true },
            new CellFormat { FontId = 0, NumberFormatId = 4, ApplyNumberFormat = true }, // #,##0.00
            new CellFormat { FontId = 0, NumberFormatId = 49, ApplyNumberFormat = true })); // @ (text)
}
