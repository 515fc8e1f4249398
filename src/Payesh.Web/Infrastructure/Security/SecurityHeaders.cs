using System.Net;
using System.Security.Cryptography;
using Microsoft.AspNetCore.HttpOverrides;

namespace Payesh.Web.Infrastructure.Security;

/// <summary>
/// Response headers every answer carries (issue 13, docs/security.md): a Content-Security-Policy whose scripts are
/// only the site's own files or carry this request's nonce (no 'unsafe-inline', no eval), no framing, no MIME
/// sniffing, a same-origin referrer and no powerful browser features. Behind a reverse proxy the forwarded
/// headers of <c>Payesh:Proxy:KnownProxies</c>/<c>KnownNetworks</c> are believed, so HTTPS is seen as HTTPS:
/// cookies are then Secure and HSTS is sent.
/// </summary>
public static class SecurityHeaders
{
    private const string NonceItem = "payesh:csp-nonce";

    /// <summary>Where the interactive API reference (Scalar) is served.</summary>
    public const string ApiReferencePath = "/api/docs";

    /// <summary>This request's script nonce (for the rare script that must be inline, e.g. the API reference page).</summary>
    public static string Nonce(HttpContext http)
    {
        if (http.Items[NonceItem] is string n) return n;
        n = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
        http.Items[NonceItem] = n;
        return n;
    }

    /// <summary>The policy; <paramref name="allowEval"/> only for the API reference page (Scalar compiles code at
    /// run time), a page for developers that shows no user data beyond the OpenAPI document.</summary>
    public static string Policy(string nonce, bool allowEval = false) =>
        "default-src 'self'; " +
        $"script-src 'self' 'nonce-{nonce}'{(allowEval ? " 'unsafe-eval'" : "")}; " +
        // Styles: ECharts and Bootstrap set style attributes; styles cannot run code.
        "style-src 'self' 'unsafe-inline'; " +
        "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; " +
        "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public const string PermissionsPolicy =
        "camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), bluetooth=(), magnetometer=(), gyroscope=(), accelerometer=()";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        var nonce = Nonce(http);
        http.Response.OnStarting(() =>
        {
            var h = http.Response.Headers;
            h.ContentSecurityPolicy = Policy(nonce, http.Request.Path.StartsWithSegments(ApiReferencePath));
            h.XContentTypeOptions = "nosniff";
            h.XFrameOptions = "DENY";
            h["Referrer-Policy"] = "same-origin";
            h["Permissions-Policy"] = PermissionsPolicy;
            h["Cross-Origin-Opener-Policy"] = "same-origin";
            return Task.CompletedTask;
        });
        await next(http);
    });

    /// <summary>
    /// The API reference page (Scalar) writes its start-up as an inline module script it cannot be told to mark:
    /// its HTML is given this request's nonce on every script tag, so the policy stays without 'unsafe-inline'.
    /// </summary>
    public static IApplicationBuilder UseNoncedScriptsFor(this IApplicationBuilder app, PathString prefix) =>
        app.UseWhen(c => c.Request.Path.StartsWithSegments(prefix), branch => branch.Use(async (http, next) =>
        {
            var original = http.Response.Body;
            using var buffer = new MemoryStream();
            http.Response.Body = buffer;
            try { await next(http); }
            finally { http.Response.Body = original; }
            buffer.Position = 0;
            if (http.Response.ContentType?.StartsWith("text/html", StringComparison.OrdinalIgnoreCase) != true)
            {
                await buffer.CopyToAsync(original, http.RequestAborted);
                return;
            }
            var html = System.Text.Encoding.UTF8.GetString(buffer.ToArray())
                .Replace("<script", $"<script nonce=\"{Nonce(http)}\"", StringComparison.OrdinalIgnoreCase);
            var bytes = System.Text.Encoding.UTF8.GetBytes(html);
            http.Response.ContentLength = bytes.Length;
            await original.WriteAsync(bytes, http.RequestAborted);
        }));

    /// <summary>Forwarded headers (client address and scheme) from the configured proxies only; loopback by default.</summary>
    public static IServiceCollection AddProxySupport(this IServiceCollection services, IConfiguration config)
    {
        services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            o.ForwardLimit = Math.Max(1, config.GetValue("Payesh:Proxy:ForwardLimit", 1));
            foreach (var proxy in config.GetSection("Payesh:Proxy:KnownProxies").Get<string[]>() ?? [])
                o.KnownProxies.Add(IPAddress.Parse(proxy.Trim()));
            foreach (var network in config.GetSection("Payesh:Proxy:KnownNetworks").Get<string[]>() ?? [])
                o.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network.Trim()));
        });
        services.AddHsts(o =>
        {
            o.MaxAge = TimeSpan.FromDays(Math.Max(1, config.GetValue("Payesh:HstsDays", 365)));
            o.IncludeSubDomains = false;
        });
        return services;
    }
}
