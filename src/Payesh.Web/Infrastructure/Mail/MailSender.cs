using System.Net;
using System.Net.Mail;
using System.Text;

namespace Payesh.Web.Infrastructure.Mail;

/// <summary>One e-mail to send: recipients, subject and a plain-text body (UTF-8).</summary>
public sealed record MailOut(IReadOnlyList<string> To, string Subject, string Body);

/// <summary>Sends e-mail when <c>Payesh:Smtp:Host</c> is configured; every mail of the app goes through here.</summary>
public interface IMailSender
{
    /// <summary>False when no SMTP host is configured: callers then skip e-mail (in-app notices still happen).</summary>
    bool Configured { get; }

    Task SendAsync(MailOut mail, CancellationToken ct);
}

/// <summary>
/// <see cref="IMailSender"/> over <see cref="SmtpClient"/> (no extra package). Settings under <c>Payesh:Smtp</c>:
/// <c>Host</c>, <c>Port</c> (25), <c>From</c> (payesh@localhost), <c>EnableSsl</c> (STARTTLS, false), <c>User</c> and
/// <c>Password</c> (no authentication when <c>User</c> is empty).
/// </summary>
public sealed class SmtpMailSender(IConfiguration config) : IMailSender
{
    public bool Configured => !string.IsNullOrWhiteSpace(config["Payesh:Smtp:Host"]);

    public async Task SendAsync(MailOut mail, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(mail);
        if (!Configured) throw new InvalidOperationException("Payesh:Smtp:Host is not configured");
        if (mail.To.Count == 0) return;
        using var smtp = new SmtpClient(config["Payesh:Smtp:Host"], config.GetValue("Payesh:Smtp:Port", 25))
        {
            EnableSsl = config.GetValue("Payesh:Smtp:EnableSsl", false),
            Credentials = config["Payesh:Smtp:User"] is { Length: > 0 } user ? new NetworkCredential(user, config["Payesh:Smtp:Password"]) : null,
        };
        using var message = new MailMessage
        {
            From = new MailAddress(config["Payesh:Smtp:From"] ?? "payesh@localhost"),
            Subject = mail.Subject,
            Body = mail.Body,
            BodyEncoding = Encoding.UTF8,
            SubjectEncoding = Encoding.UTF8,
            BodyTransferEncoding = System.Net.Mime.TransferEncoding.Base64,
        };
        foreach (var to in mail.To) message.To.Add(to);
        await smtp.SendMailAsync(message, ct);
    }
}
