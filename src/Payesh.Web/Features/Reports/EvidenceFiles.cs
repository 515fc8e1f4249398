using System.Globalization;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Payesh.Domain.Text;
using Payesh.Web.Data;
using Payesh.Web.Data.Model;
using Payesh.Web.Features.Account;
using Payesh.Web.Infrastructure;

namespace Payesh.Web.Features.Reports;

/// <summary>Evidence files: PDF, images and Office documents, checked by their content (not their name),
/// up to Payesh:EvidenceMaxMegabytes (default 10).</summary>
public static class EvidenceFiles
{
    public static long MaxBytes(IConfiguration config) => config.GetValue("Payesh:EvidenceMaxMegabytes", 10) * 1024L * 1024L;

    /// <summary>The real type of a file from its first bytes, or null when it is none of the accepted kinds.</summary>
    public static string? Sniff(ReadOnlySpan<byte> head, string fileName)
    {
        if (head.StartsWith("%PDF-"u8)) return "application/pdf";
        if (head.StartsWith(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A })) return "image/png";
        if (head.StartsWith(new byte[] { 0xFF, 0xD8, 0xFF })) return "image/jpeg";
        if (head.StartsWith("GIF87a"u8) || head.StartsWith("GIF89a"u8)) return "image/gif";
        if (head.Length >= 12 && head.StartsWith("RIFF"u8) && head[8..12].SequenceEqual("WEBP"u8)) return "image/webp";
        var ext = Path.GetExtension(fileName).ToLowerInvariant();
        // Office Open XML is a zip; the extension says which document it is.
        if (head.StartsWith(new byte[] { 0x50, 0x4B, 0x03, 0x04 }))
            return ext switch
            {
                ".docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                ".xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                ".pptx" => "application/vnd.openxmlformats-officedocument.presentationml.presentation",
                _ => null,
            };
        // Legacy Office (OLE compound file).
        if (head.StartsWith(new byte[] { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1 }))
            return ext switch
            {
                ".doc" => "application/msword",
                ".xls" => "application/vnd.ms-excel",
                ".ppt" => "application/vnd.ms-powerpoint",
                _ => null,
            };
        return null;
    }

    /// <summary>Reads and checks an upload; a Persian message when it is refused.</summary>
    public static async Task<(Evidence? File, string? Error)> ReadAsync(IFormFile upload, long maxBytes, CancellationToken ct)
    {
        if (upload.Length == 0) return (null, "فایل پیوست خالی است.");
        if (upload.Length > maxBytes)
            return (null, $"حجم فایل پیوست بیش از {PersianText.ToPersianDigits(maxBytes / 1048576)} مگابایت است.");
        using var buffer = new MemoryStream((int)upload.Length);
        await upload.CopyToAsync(buffer, ct);
        var bytes = buffer.ToArray();
        // Without bidi and zero-width marks, so "photo\u202Egpj.exe" cannot pass for a picture (issue 13).
        var name = PersianText.Normalize(InputText.FileName(upload.FileName))!;
        var type = Sniff(bytes.AsSpan(0, Math.Min(bytes.Length, 16)), name);
        if (type is null)
            return (null, "نوع فایل پذیرفته نیست؛ فقط PDF، تصویر (PNG، JPEG، GIF، WebP) و فایل‌های Word، Excel و PowerPoint.");
        return (new Evidence
        {
            FileName = name.Length > 200 ? name[^200..] : name,
            ContentType = type,
            Size = bytes.Length,
            Sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes)),
            Content = bytes,
        }, null);
    }

    /// <summary>GET /Evidence/{id}[?inline=true]: only for users who may see the action.</summary>
    public static void MapEvidence(this WebApplication app) =>
        app.MapGet("/Evidence/{id:long}", GetAsync).RequireAuthorization(Access.ReadPolicy)
            .Produces<Stream>(StatusCodes.Status200OK, "application/pdf", "image/png", "image/jpeg", "image/gif", "image/webp", "application/octet-stream");

    /// <summary>The file, if <see cref="EvidenceQueries.FileAsync"/> lets this user open it.</summary>
    public static async Task<Results<FileContentHttpResult, NotFound, ForbidHttpResult, ChallengeHttpResult>> GetAsync(long id, bool? inline,
        HttpContext http, EvidenceQueries evidence, CancellationToken ct)
    {
        var user = CurrentUser.From(http.User);
        if (user is null) return TypedResults.Challenge();
        var file = await evidence.FileAsync(user, id, ct);
        if (file.Kind == OutcomeKind.NotFound) return TypedResults.NotFound();
        if (file.Value is not { } meta) return TypedResults.Forbid();
        http.Response.Headers.XContentTypeOptions = "nosniff";
        // Images and PDFs may open in the page (the review queue shows them inline); anything else downloads.
        bool show = inline == true && (meta.ContentType.StartsWith("image/", StringComparison.Ordinal) || meta.ContentType == "application/pdf");
        return TypedResults.File(meta.Content, meta.ContentType, show ? null : meta.FileName);
    }
}
