using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

namespace Payesh.Web.Tests.Brief;

/// <summary>A message as the fake server received it: the envelope's recipients, the decoded subject and body.</summary>
public sealed record ReceivedMail(IReadOnlyList<string> Recipients, string Subject, string Body);

/// <summary>
/// Just enough SMTP on a loopback port to receive what <see cref="System.Net.Mail.SmtpClient"/> sends (EHLO, MAIL, RCPT,
/// DATA, QUIT): the test then reads the subject (RFC 2047 base64 words) and the base64 UTF-8 body.
/// </summary>
public sealed partial class FakeSmtpServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public FakeSmtpServer()
    {
        _listener.Start();
        _loop = Task.Run(AcceptAsync);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;
    public ConcurrentQueue<ReceivedMail> Received { get; } = new();

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await _listener.AcceptTcpClientAsync(_stop.Token); }
            catch (OperationCanceledException) { return; }
            catch (SocketException) { return; }
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        using var stream = client.GetStream();
        using var reader = new StreamReader(stream, Encoding.Latin1);
        using var writer = new StreamWriter(stream, Encoding.Latin1) { NewLine = "\r\n", AutoFlush = true };
        await writer.WriteLineAsync("220 fake.payesh ESMTP");
        var recipients = new List<string>();
        while (await reader.ReadLineAsync() is { } line)
        {
            var command = line.ToUpperInvariant();
            if (command.StartsWith("EHLO", StringComparison.Ordinal) || command.StartsWith("HELO", StringComparison.Ordinal)) await writer.WriteLineAsync("250 fake.payesh");
            else if (command.StartsWith("MAIL FROM", StringComparison.Ordinal)) { recipients = []; await writer.WriteLineAsync("250 OK"); }
            else if (command.StartsWith("RCPT TO", StringComparison.Ordinal))
            {
                recipients.Add(Address().Match(line).Groups[1].Value);
                await writer.WriteLineAsync("250 OK");
            }
            else if (command == "DATA")
            {
                await writer.WriteLineAsync("354 End data with <CR><LF>.<CR><LF>");
                var data = new StringBuilder();
                while (await reader.ReadLineAsync() is { } d && d != ".") data.Append(d.StartsWith("..", StringComparison.Ordinal) ? d[1..] : d).Append("\r\n");
                Received.Enqueue(Parse(recipients, data.ToString()));
                await writer.WriteLineAsync("250 OK queued");
            }
            else if (command == "QUIT") { await writer.WriteLineAsync("221 Bye"); return; }
            else await writer.WriteLineAsync("250 OK");
        }
    }

    private static ReceivedMail Parse(List<string> recipients, string data)
    {
        int split = data.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var headers = data[..split].Replace("\r\n ", " ", StringComparison.Ordinal).Replace("\r\n\t", " ", StringComparison.Ordinal);
        var subjectLine = headers.Split("\r\n").First(h => h.StartsWith("Subject:", StringComparison.OrdinalIgnoreCase));
        var subject = string.Concat(EncodedWord().Matches(subjectLine).Select(m => Encoding.UTF8.GetString(Convert.FromBase64String(m.Groups[1].Value))));
        var body = Encoding.UTF8.GetString(Convert.FromBase64String(data[(split + 4)..].Replace("\r\n", "", StringComparison.Ordinal)));
        return new ReceivedMail([.. recipients], subject, body);
    }

    [GeneratedRegex("<([^>]*)>")]
    private static partial Regex Address();

    [GeneratedRegex(@"=\?utf-8\?B\?([^?]*)\?=", RegexOptions.IgnoreCase)]
    private static partial Regex EncodedWord();

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try { await _loop; } catch (OperationCanceledException) { }
        _stop.Dispose();
    }
}
