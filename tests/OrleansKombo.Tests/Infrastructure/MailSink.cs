using System.Net.Http.Json;
using System.Text.Json;

namespace OrleansKombo.Tests.Infrastructure;

/// <summary>
/// The real SMTP server ./test.sh starts (maildev), read through its REST API. Tests address every candidate
/// uniquely, so they count their own messages even though every test shares the server.
/// </summary>
public static class MailSink
{
    public static int SmtpPort { get; } = int.Parse(Environment.GetEnvironmentVariable("MAILDEV_SMTP_PORT") ?? "1025");

    public static Uri ApiUrl { get; } = new(Environment.GetEnvironmentVariable("MAILDEV_API_URL") ?? "http://127.0.0.1:1080");

    private static readonly HttpClient Http = new() { BaseAddress = ApiUrl, Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>The silo settings that send invitations to this server.</summary>
    public static IReadOnlyDictionary<string, string> SiloSettings(int? port = null) => new Dictionary<string, string>
    {
        ["Invitations:Channel"] = "Smtp",
        ["Invitations:SmtpHost"] = "127.0.0.1",
        ["Invitations:SmtpPort"] = (port ?? SmtpPort).ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Invitations:SmtpSecurity"] = "None",
        ["Invitations:Sender"] = "Assessments <assessments@vendor.example>",
        ["Invitations:PollInterval"] = "00:00:00.200",
    };

    /// <summary>Every message maildev received for this address.</summary>
    public static async Task<IReadOnlyList<JsonElement>> MessagesToAsync(string address) =>
        await Http.GetFromJsonAsync<List<JsonElement>>($"/api/email?to.address={Uri.EscapeDataString(address)}") ?? [];

    public static string NewAddress(string name = "candidate") => $"{name}+{Guid.NewGuid():N}@example.com";
}
