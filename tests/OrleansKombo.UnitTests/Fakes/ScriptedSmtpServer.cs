using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace OrleansKombo.UnitTests.Fakes;

/// <summary>
/// A loopback SMTP server that answers as its script says, to show what a send does with each answer a real server may
/// give (maildev accepts everything). The script sees each command's stage and argument (the address, or for
/// <see cref="SmtpStage.Data"/> the recipients) and returns the reply line, null for the usual success, or
/// <see cref="Drop"/> to close the connection without an answer. Accepted messages are kept in <see cref="Delivered"/>.
/// </summary>
public sealed class ScriptedSmtpServer : IAsyncDisposable
{
    /// <summary>A script's answer that breaks the connection instead of replying.</summary>
    public const string Drop = "DROP";

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;

    public ScriptedSmtpServer(Func<SmtpStage, string, string?>? script = null)
    {
        Script = script ?? ((_, _) => null);
        _listener.Start();
        _accepting = AcceptAsync();
    }

    /// <summary>Replaceable while the server runs, e.g. to accept a recipient it refused before.</summary>
    public Func<SmtpStage, string, string?> Script { get; set; }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Every message the server accepted: its recipients and its text (headers and body).</summary>
    public ConcurrentQueue<(IReadOnlyList<string> To, string Text)> Delivered { get; } = new();

    /// <summary>How many times each stage was reached, e.g. RCPT commands seen.</summary>
    public ConcurrentDictionary<SmtpStage, int> Seen { get; } = new();

    public IReadOnlyList<string> MessagesTo(string address) =>
        Delivered.Where(m => m.To.Contains(address, StringComparer.OrdinalIgnoreCase)).Select(m => m.Text).ToList();

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                _ = ServeAsync(client);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                using var reader = new StreamReader(stream, new UTF8Encoding(false));
                await using var writer = new StreamWriter(stream, new UTF8Encoding(false)) { NewLine = "\r\n", AutoFlush = true };
                await writer.WriteLineAsync("220 scripted ESMTP");
                var recipients = new List<string>();
                while (await reader.ReadLineAsync(_stop.Token) is { } line)
                {
                    var verb = line.Split(' ', 2)[0].ToUpperInvariant();
                    string? reply;
                    switch (verb)
                    {
                        case "EHLO":
                        case "HELO":
                            await writer.WriteLineAsync("250-scripted\r\n250 8BITMIME");
                            continue;
                        case "MAIL":
                            recipients.Clear();
                            reply = Answer(SmtpStage.Mail, Address(line));
                            break;
                        case "RCPT":
                            reply = Answer(SmtpStage.Rcpt, Address(line));
                            if (reply is null)
                            {
                                recipients.Add(Address(line));
                            }
                            break;
                        case "DATA":
                            await writer.WriteLineAsync("354 end with <CRLF>.<CRLF>");
                            var text = new StringBuilder();
                            while (await reader.ReadLineAsync(_stop.Token) is { } data && data != ".")
                            {
                                text.Append(data.StartsWith("..", StringComparison.Ordinal) ? data[1..] : data).Append("\r\n");
                            }
                            reply = Answer(SmtpStage.Data, string.Join(",", recipients));
                            if (reply is null)
                            {
                                Delivered.Enqueue((recipients.ToList(), text.ToString()));
                            }
                            break;
                        case "QUIT":
                            await writer.WriteLineAsync("221 bye");
                            return;
                        default:
                            reply = null;
                            break;
                    }
                    if (reply == Drop)
                    {
                        return;
                    }
                    await writer.WriteLineAsync(reply ?? "250 OK");
                }
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
            }
        }
    }

    private string? Answer(SmtpStage stage, string argument)
    {
        Seen.AddOrUpdate(stage, 1, (_, n) => n + 1);
        return Script(stage, argument);
    }

    /// <summary>The address of <c>MAIL FROM:&lt;a&gt;</c> or <c>RCPT TO:&lt;a&gt; …</c>.</summary>
    private static string Address(string line)
    {
        var start = line.IndexOf('<');
        var end = line.IndexOf('>', start + 1);
        return start >= 0 && end > start ? line[(start + 1)..end] : line;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
    }
}
