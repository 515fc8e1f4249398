using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using Payesh.Domain.Text;

namespace Payesh.Web.Infrastructure.Input;

/// <summary>
/// At the door of every endpoint (issue 13): a body over the configured limit is a 413 (an endpoint's own
/// <c>[RequestSizeLimit]</c>, e.g. the evidence and Excel uploads, takes precedence over
/// <c>Payesh:MaxRequestBodyMegabytes</c>), and input refused deeper down (<see cref="InputRejectedException"/>,
/// a form too large to read) is a Persian 4xx instead of a 500.
/// </summary>
public sealed class RequestGuards(RequestDelegate next, IConfiguration config, ILogger<RequestGuards> log)
{
    private readonly long _defaultLimit = config.GetValue("Payesh:MaxRequestBodyMegabytes", 8L) * 1024 * 1024;

    public async Task InvokeAsync(HttpContext http)
    {
        var limit = http.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>() is { } own ? own.MaxRequestBodySize : _defaultLimit;
        if (limit is { } max)
        {
            if (http.Request.ContentLength > max) { await TooLargeAsync(http, max); return; }
            if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature) feature.MaxRequestBodySize = max;
            else if (http.Request.ContentLength is null && http.Request.Body.CanRead) http.Request.Body = new LimitedStream(http.Request.Body, max);
        }
        try
        {
            await next(http);
        }
        catch (InputRejectedException ex) when (!http.Response.HasStarted)
        {
            await InputAnswers.FieldAsync(http, ex.Field, ex.Message);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge && !http.Response.HasStarted)
        {
            log.BodyTooLarge(limit, ex.Message);
            await TooLargeAsync(http, limit ?? 0);
        }
        catch (InvalidDataException ex) when (http.Request.HasFormContentType && !http.Response.HasStarted)
        {
            log.FormRefused(ex.Message);
            // The form reader's own limits (a value, a count of fields or a multipart section too large)…
            if (ex.Message.Contains("limit", StringComparison.OrdinalIgnoreCase)) await TooLargeAsync(http, limit ?? 0);
            // …or its refusal of a NUL in a field.
            else await InputAnswers.WriteAsync(http, StatusCodes.Status422UnprocessableEntity, InputAnswers.Title422,
                "فرم نویسه‌ای دارد که پذیرفته نیست (مانند NUL)؛ هیچ چیزی ذخیره نشد.");
        }
    }

    private static Task TooLargeAsync(HttpContext http, long max) =>
        InputAnswers.WriteAsync(http, StatusCodes.Status413PayloadTooLarge, "درخواست بیش از اندازه بزرگ است",
            max > 0
                ? $"بدنه درخواست نباید از {PersianText.FormatInteger(Math.Max(1, max / (1024 * 1024)))} مگابایت بیشتر باشد؛ چیزی ذخیره نشد."
                : "بدنه درخواست بیش از اندازه مجاز است؛ چیزی ذخیره نشد.");

    /// <summary>For servers without a body-size feature (e.g. in-process tests with a chunked body).</summary>
    private sealed class LimitedStream(Stream inner, long max) : Stream
    {
        private long _read;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _read; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Count(await inner.ReadAsync(buffer, cancellationToken));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        private int Count(int n)
        {
            _read += n;
            if (_read > max) throw new BadHttpRequestException("Request body too large.", StatusCodes.Status413PayloadTooLarge);
            return n;
        }
    }
}
