using System.Globalization;
using System.IO.Compression;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Payesh.Web.Tests.Authoring;

/// <summary>Workbooks for the import tests: a good one changed cell by cell, and the hostile files people send.</summary>
public static class Workbooks
{
    /// <summary>A copy of the workbook with one sheet changed.</summary>
    public static byte[] Edit(byte[] xlsx, string sheetName, Action<WorksheetPart> edit)
    {
        using var ms = new MemoryStream();
        ms.Write(xlsx);
        using (var doc = SpreadsheetDocument.Open(ms, true))
        {
            var wb = doc.WorkbookPart!;
            var sheet = wb.Workbook.Sheets!.Elements<Sheet>().Single(s => s.Name == sheetName);
            var part = (WorksheetPart)wb.GetPartById(sheet.Id!);
            edit(part);
            part.Worksheet.Save();
        }
        return ms.ToArray();
    }

    /// <summary>Sets a cell's text (e.g. "C5"), creating the cell if needed.</summary>
    public static void Set(WorksheetPart part, string reference, string text) =>
        Cell(part, reference).With(c =>
        {
            c.CellFormula = null;
            c.CellValue = null;
            c.DataType = CellValues.InlineString;
            c.InlineString = new InlineString(new Text(text));
        });

    /// <summary>Makes a cell a number (as Excel stores a date it recognised: a serial number).</summary>
    public static void SetNumber(WorksheetPart part, string reference, double value) =>
        Cell(part, reference).With(c =>
        {
            c.InlineString = null;
            c.DataType = null;
            c.CellValue = new CellValue(value);
        });

    public static void SetFormula(WorksheetPart part, string reference, string formula) =>
        Cell(part, reference).With(c =>
        {
            c.InlineString = null;
            c.DataType = null;
            c.CellFormula = new CellFormula(formula);
            c.CellValue = new CellValue(2);
        });

    public static void Merge(WorksheetPart part, string range)
    {
        var ws = part.Worksheet;
        var merges = ws.Elements<MergeCells>().FirstOrDefault();
        if (merges is null)
        {
            merges = new MergeCells();
            ws.InsertAfter(merges, ws.Elements<SheetData>().First());
        }
        merges.AppendChild(new MergeCell { Reference = range });
    }

    /// <summary>The text of a cell, for finding rows.</summary>
    public static string? Text(WorksheetPart part, string reference) =>
        part.Worksheet.Descendants<Cell>().FirstOrDefault(c => c.CellReference == reference)?.InnerText;

    /// <summary>The row (Excel number) whose first cell is <paramref name="code"/>.</summary>
    public static int RowOf(byte[] xlsx, string sheetName, string code)
    {
        int row = 0;
        Edit(xlsx, sheetName, part =>
        {
            foreach (var r in part.Worksheet.Descendants<Row>())
                if (r.Elements<Cell>().FirstOrDefault()?.InnerText == code) row = (int)r.RowIndex!.Value;
        });
        Assert.True(row > 0, $"no row {code} in {sheetName}");
        return row;
    }

    private static Cell Cell(WorksheetPart part, string reference)
    {
        var data = part.Worksheet.Elements<SheetData>().First();
        uint rowIndex = uint.Parse(new string(reference.SkipWhile(char.IsLetter).ToArray()), CultureInfo.InvariantCulture);
        var row = data.Elements<Row>().FirstOrDefault(r => r.RowIndex! == rowIndex);
        if (row is null)
        {
            row = new Row { RowIndex = rowIndex };
            var after = data.Elements<Row>().LastOrDefault(r => r.RowIndex! < rowIndex);
            if (after is null) data.PrependChild(row); else data.InsertAfter(row, after);
        }
        var cell = row.Elements<Cell>().FirstOrDefault(c => c.CellReference == reference);
        if (cell is null)
        {
            cell = new Cell { CellReference = reference };
            var column = Column(reference);
            var next = row.Elements<Cell>().FirstOrDefault(c => Column(c.CellReference!) > column);
            if (next is null) row.AppendChild(cell); else row.InsertBefore(cell, next);
        }
        return cell;
    }

    private static int Column(string reference)
    {
        int n = 0;
        foreach (var ch in reference.TakeWhile(char.IsLetter)) n = n * 26 + (ch - 'A' + 1);
        return n;
    }

    private static void With(this Cell cell, Action<Cell> change) => change(cell);

    /// <summary>A workbook in the template's shape whose nodes sheet has <paramref name="rows"/> rows, written as a stream.</summary>
    public static byte[] Huge(int rows)
    {
        using var ms = new MemoryStream();
        using (var doc = SpreadsheetDocument.Create(ms, SpreadsheetDocumentType.Workbook))
        {
            var wb = doc.AddWorkbookPart();
            wb.Workbook = new Workbook();
            var sheets = wb.Workbook.AppendChild(new Sheets());
            void Add(string name, uint id, Action<OpenXmlWriter> write)
            {
                var part = wb.AddNewPart<WorksheetPart>();
                using (var w = OpenXmlWriter.Create(part))
                {
                    w.WriteStartElement(new Worksheet());
                    w.WriteStartElement(new SheetData());
                    write(w);
                    w.WriteEndElement();
                    w.WriteEndElement();
                }
                sheets.AppendChild(new Sheet { Id = wb.GetIdOfPart(part), SheetId = id, Name = name });
            }
            void Row(OpenXmlWriter w, uint index, params string[] values)
            {
                w.WriteStartElement(new Row { RowIndex = index });
                for (int i = 0; i < values.Length; i++)
                    w.WriteElement(new Cell { CellReference = $"{(char)('A' + i)}{index}", DataType = CellValues.InlineString, InlineString = new InlineString(new Text(values[i])) });
                w.WriteEndElement();
            }
            Add("برنامه", 1, w =>
            {
                Row(w, 1, "ویژگی", "مقدار");
                Row(w, 2, "عنوان", "برنامه بسیار بزرگ");
                Row(w, 3, "سال", "1405");
                Row(w, 4, "شروع", "1405/01/01");
                Row(w, 5, "پایان", "1405/12/29");
            });
            Add("بخش‌ها", 2, w =>
            {
                Row(w, 1, "کد", "کد والد", "عنوان");
                for (uint r = 2; r <= rows + 1; r++) Row(w, r, $"N{r}", "", $"محور {r}");
            });
            wb.Workbook.Save();
        }
        return ms.ToArray();
    }

    /// <summary>A zip that is a Word document, not a workbook.</summary>
    public static byte[] WordDocument()
    {
        using var ms = new MemoryStream();
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Create, leaveOpen: true))
        {
            using (var w = new StreamWriter(zip.CreateEntry("[Content_Types].xml").Open())) w.Write("<Types/>");
            using (var w = new StreamWriter(zip.CreateEntry("word/document.xml").Open())) w.Write("<w:document/>");
        }
        return ms.ToArray();
    }

    public static readonly byte[] Csv = Encoding.UTF8.GetBytes("کد,کد والد,عنوان\n01,,محور یک\n");

    /// <summary>The first bytes of a legacy (OLE) .xls file.</summary>
    public static readonly byte[] LegacyXls = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0, 0, 0, 0, 0, 0, 0];
}
